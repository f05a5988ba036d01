// Lints the plugin's own sources the way serious ESLint plugins are linted: with
// eslint-plugin-eslint-plugin's recommended rules for rule modules and rule tests.
// The bundled demo app is linted with this package's own recommended config, as its owner
// would lint it: `npx eslint fixtures/demo-app` and `npx prisma-aurora-fix --dry fixtures/demo-app`
// read this file and agree. It comes from the build (`npm ci` builds dist/).
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tsParser from '@typescript-eslint/parser';
import prismaAuroraFix from './dist/rules/index.js';

const DEMO_APP = 'fixtures/demo-app';

export default [
  {
    ignores: ['dist/**', 'fixtures/*', `!${DEMO_APP}/`, `${DEMO_APP}/node_modules/**`, 'node_modules/**', 'bench/results/**', 'test/.generated/**'],
  },
  ...prismaAuroraFix.configs.recommended.map((config) => ({ ...config, files: (config.files ?? ['**/*']).map((pattern) => `${DEMO_APP}/${pattern}`) })),
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser },
  },
  {
    ...eslintPlugin.configs.recommended,
    files: ['rules/**/*.ts'],
    rules: {
      ...eslintPlugin.configs.recommended.rules,
      'eslint-plugin/require-meta-docs-description': ['error', { pattern: '^(Disallow|Require|Enforce)' }],
      'eslint-plugin/require-meta-docs-url': 'off', // set for every rule by createRule (RuleCreator)
    },
  },
  {
    ...eslintPlugin.configs['tests-recommended'],
    files: ['test/rules/**/*.test.ts'],
  },
];
