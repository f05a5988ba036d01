import type { TSESLint } from '@typescript-eslint/utils';

/** `settings['prisma-aurora-fix'].lambda`: which files count as Lambda code. */
export type LambdaSetting = 'auto' | 'always' | 'never';

export interface PrismaAuroraFixSettings {
  lambda: LambdaSetting;
}

const DEFAULT_SETTINGS: PrismaAuroraFixSettings = { lambda: 'auto' };

export function readSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): PrismaAuroraFixSettings {
  const raw = (context.settings as Record<string, unknown>)['prisma-aurora-fix'];
  if (typeof raw !== 'object' || raw === null) return DEFAULT_SETTINGS;
  const lambda = (raw as Record<string, unknown>)['lambda'];
  if (lambda === undefined) return DEFAULT_SETTINGS;
  if (lambda !== 'auto' && lambda !== 'always' && lambda !== 'never') {
    throw new Error(
      `prisma-aurora-fix: settings['prisma-aurora-fix'].lambda must be 'auto', 'always' or 'never', got ${JSON.stringify(lambda)}`,
    );
  }
  return { lambda };
}
