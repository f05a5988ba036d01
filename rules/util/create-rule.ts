import { ESLintUtils } from '@typescript-eslint/utils';

/** The base of every rule's `meta.docs.url`: one page per rule in docs/rules/. */
export const RULE_DOCS_BASE = 'https://github.com/prisma-aurora-fix/prisma-aurora-fix/blob/main/docs/rules/';

export interface PrismaAuroraFixDocs {
  description: string;
  /** Whether `configs.recommended` turns the rule on. */
  recommended?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<PrismaAuroraFixDocs>((name) => `${RULE_DOCS_BASE}${name}.md`);
