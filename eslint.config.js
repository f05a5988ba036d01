// Lints the plugin's own sources the way serious ESLint plugins are linted: with
// eslint-plugin-eslint-plugin's recommended rules for rule modules and rule tests.
// The bundled demo app is linted with this package's own recommended config, as its owner
// would lint it: `npx eslint fixtures/demo-app` and `npx prisma-aurora-fix --dry fixtures/demo-app`
// read this file and agree. It comes from the build (`npm ci` builds dist/).
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import tsParser from '@typescript-eslint/parser';
import prismaAuroraFix from './dist/rules/index.js';

const DEMO_APP = 'fixtures/demo-app';

/**
 * The layers (docs/architecture.md): dependencies point one way, cli → codemods → analysis and
 * rules → analysis; the runtime imports nothing but Node's own modules.
 */
const layer = (folder, forbidden, why) => ({
  name: `layers/${folder}`,
  files: [`${folder}/**/*.ts`],
  rules: { 'no-restricted-imports': ['error', { patterns: forbidden.map((regex) => ({ regex, message: why })) }] },
});

export default [
  {
    ignores: [
      'dist/**',
      'fixtures/*',
      `!${DEMO_APP}/`,
      `${DEMO_APP}/node_modules/**`,
      'node_modules/**',
      'bench/results/**',
      'test/.generated/**',
    ],
  },
  ...prismaAuroraFix.configs.recommended.map((config) => ({
    ...config,
    files: (config.files ?? ['**/*']).map((pattern) => `${DEMO_APP}/${pattern}`),
  })),
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser },
  },
  layer(
    'runtime',
    ['^\\.\\./', '^(?!node:|\\./|@prisma/client)'],
    'the runtime ships into Lambdas: it imports only its own modules and Node built-ins (types from @prisma/client)',
  ),
  layer('analysis', ['(^|/)(rules|codemods|cli|runtime)/'], 'analysis is shared by rules and transforms: it imports neither'),
  layer('rules', ['(^|/)(codemods|cli)/'], 'rules import analysis only'),
  layer('codemods', ['(^|/)(rules|cli)/'], 'transforms import analysis only'),
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
