// Lints the plugin's own sources the way serious ESLint plugins are linted: with
// eslint-plugin-eslint-plugin's recommended rules for rule modules and rule tests.
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tsParser from '@typescript-eslint/parser';

export default [
  { ignores: ['dist/**', 'fixtures/**', 'node_modules/**', 'bench/results/**', 'test/.generated/**'] },
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
