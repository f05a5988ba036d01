import type { TSESLint } from '@typescript-eslint/utils';

/** `settings['prisma-aurora-fix'].lambda`: which files count as Lambda code. */
export type LambdaSetting = 'auto' | 'always' | 'never';

export interface PrismaAuroraFixSettings {
  lambda: LambdaSetting;
  /**
   * `settings['prisma-aurora-fix'].includeLocalCode`: judge tests, seeds and locally run
   * scripts like any other file (default `false`: the Lambda rules stay quiet there). The
   * CLI's `--include-local-code` sets it.
   */
  includeLocalCode: boolean;
}

export const DEFAULT_SETTINGS: Readonly<PrismaAuroraFixSettings> = Object.freeze({ lambda: 'auto', includeLocalCode: false });

/** The plugin's key in ESLint's shared `settings`. */
export const SETTINGS_KEY = 'prisma-aurora-fix';

const settingsByObject = new WeakMap<object, PrismaAuroraFixSettings>();

function invalid(name: string, expected: string, value: unknown): Error {
  return new Error(`prisma-aurora-fix: settings['prisma-aurora-fix'].${name} must be ${expected}, got ${JSON.stringify(value)}`);
}

export function readSettings(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): PrismaAuroraFixSettings {
  const raw = (context.settings as Record<string, unknown>)[SETTINGS_KEY];
  if (typeof raw !== 'object' || raw === null) return DEFAULT_SETTINGS;
  const cached = settingsByObject.get(raw);
  if (cached !== undefined) return cached;
  const { lambda = 'auto', includeLocalCode = false } = raw as Record<string, unknown>;
  if (lambda !== 'auto' && lambda !== 'always' && lambda !== 'never') throw invalid('lambda', "'auto', 'always' or 'never'", lambda);
  if (typeof includeLocalCode !== 'boolean') throw invalid('includeLocalCode', 'true or false', includeLocalCode);
  const settings: PrismaAuroraFixSettings = { lambda, includeLocalCode };
  settingsByObject.set(raw, settings);
  return settings;
}
