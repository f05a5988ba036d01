import type { TSESLint } from '@typescript-eslint/utils';
import * as tsParser from '@typescript-eslint/parser';
import { ownPackage } from '../analysis/package/own-package.js';
import { NON_SOURCE_DIRECTORIES } from '../analysis/source-scope.js';
import noDatabaseUrlLogging from './no-database-url-logging.js';
import noQueryLogging from './no-query-logging.js';
import prismaClientAtModuleScope from './prisma-client-at-module-scope.js';
import requireRetryExtension from './require-retry-extension.js';
import requireMigrationRetry from './require-migration-retry.js';
import requireConnectionParams from './require-connection-params.js';
import noSslmodeDisable from './no-sslmode-disable.js';
import requireLambdaBinaryTargets from './require-lambda-binary-targets.js';
import { prismaSchemaLanguage } from './languages/prisma-schema.js';
import { languageOf, type RuleId as RegisteredRuleId } from './registry.js';

const { name, version } = ownPackage();

/**
 * Every rule of the plugin, by id. Rules are added here as they land; the order is the
 * order of the README table.
 */
export const rules = {
  'no-database-url-logging': noDatabaseUrlLogging,
  'require-retry-extension': requireRetryExtension,
  'require-connection-params': requireConnectionParams,
  'prisma-client-at-module-scope': prismaClientAtModuleScope,
  'no-query-logging': noQueryLogging,
  'require-migration-retry': requireMigrationRetry,
  'no-sslmode-disable': noSslmodeDisable,
  'require-lambda-binary-targets': requireLambdaBinaryTargets,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

type RuleId = keyof typeof rules;

/** The recommended rules of one language (undefined: JavaScript and TypeScript), as the config turns them on. */
function recommendedRulesOf(language: string | undefined): Partial<Record<`prisma-aurora-fix/${RuleId}`, 'error'>> {
  return Object.fromEntries(
    Object.entries(rules as Record<string, TSESLint.RuleModule<string, readonly unknown[]>>)
      .filter(([, rule]) => (rule.meta.docs as { recommended?: boolean } | undefined)?.recommended === true)
      .filter(([id]) => languageOf(id as RegisteredRuleId) === language)
      .map(([id]) => [`prisma-aurora-fix/${id}`, 'error' as const]),
  );
}

const plugin = {
  meta: { name, version },
  /** `language: 'prisma-aurora-fix/prisma-schema'` in a config block (ESLint ≥ 9.7). */
  languages: { 'prisma-schema': prismaSchemaLanguage },
  rules,
  configs: {} as Record<'recommended', TSESLint.FlatConfig.ConfigArray>,
};

/**
 * Works alone in a flat config: TypeScript files get @typescript-eslint/parser (no type
 * information needed), JavaScript files keep ESLint's default parser. The rules' block leaves
 * out dependencies and build output (analysis/source-scope.ts), so ESLint does not even parse
 * them for our rules; the ignores are this block's own, not global, so the project's other
 * rules still see whatever the project lints.
 */
plugin.configs.recommended = [
  {
    name: 'prisma-aurora-fix/recommended',
    files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    ignores: [...NON_SOURCE_DIRECTORIES].map((directory) => `**/${directory}/**`),
    plugins: { 'prisma-aurora-fix': plugin as unknown as TSESLint.FlatConfig.Plugin },
    rules: recommendedRulesOf(undefined),
  },
  {
    name: 'prisma-aurora-fix/recommended/typescript',
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: { parser: tsParser as TSESLint.FlatConfig.Parser },
  },
  {
    // ESLint's default parser reads JSX only when asked. Next.js pages and React components
    // hold it in plain .js files, and JSX never changes what valid JavaScript means, so every
    // JavaScript file is read with it (as the CLI's parser does: analysis/ast/parse-module.ts).
    name: 'prisma-aurora-fix/recommended/jsx',
    files: ['**/*.{js,jsx,mjs,cjs}'],
    languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  {
    // Prisma schema files (`schema.prisma`, the multi-file `prisma/schema/*.prisma`) in the
    // plugin's own language: this block is the only one that names them, so the JavaScript
    // blocks above never see them. docs/prisma-schema.md says what a project's own blocks
    // without `files` do to them.
    name: 'prisma-aurora-fix/recommended/prisma-schema',
    files: ['**/*.prisma'],
    ignores: [...NON_SOURCE_DIRECTORIES].map((directory) => `**/${directory}/**`),
    plugins: { 'prisma-aurora-fix': plugin as unknown as TSESLint.FlatConfig.Plugin },
    language: 'prisma-aurora-fix/prisma-schema',
    rules: recommendedRulesOf('prisma-schema'),
  } as TSESLint.FlatConfig.Config,
];

export default plugin;
