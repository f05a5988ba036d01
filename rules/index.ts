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
import noShortLambdaTimeout from './no-short-lambda-timeout.js';
import requireIdleSessionTimeout from './require-idle-session-timeout.js';

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
  'no-short-lambda-timeout': noShortLambdaTimeout,
  'require-idle-session-timeout': requireIdleSessionTimeout,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

type RuleId = keyof typeof rules;

const recommendedRules = Object.fromEntries(
  Object.entries(rules as Record<string, TSESLint.RuleModule<string, readonly unknown[]>>)
    .filter(([, rule]) => (rule.meta.docs as { recommended?: boolean } | undefined)?.recommended === true)
    .map(([id]) => [`prisma-aurora-fix/${id}`, 'error' as const]),
) as Record<`prisma-aurora-fix/${RuleId}`, 'error'>;

const plugin = {
  meta: { name, version },
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
    rules: recommendedRules,
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
];

export default plugin;
