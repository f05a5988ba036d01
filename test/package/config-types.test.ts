import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserProject, type UserProject } from './user-project.js';

/**
 * The plugin and its configs type-check where users write them: in ESLint's own
 * `defineConfig(...)` (ESLint 9 and 10 types), under `plugins:` in a typed flat config, and in
 * `tseslint.config(...)`. Each config is a real file compiled by the real `tsc` in a project
 * that installed the packed tarball. All of these ran before; they failed to type-check
 * (TS2345, TS2322) because the plugin was typed with typescript-eslint's types, which ESLint's
 * do not accept (typescript-eslint issue #10899).
 */

const PLUGIN = `import prismaAuroraFix from 'prisma-aurora-fix/eslint-plugin';`;

const CONFIGS: Record<string, string> = {
  'define-config.ts': `${PLUGIN}
import { defineConfig } from 'eslint/config';

export const whole = defineConfig(prismaAuroraFix.configs.recommended);
export const spread = defineConfig([...prismaAuroraFix.configs.recommended, { rules: { 'prisma-aurora-fix/no-query-logging': 'off' } }]);
export const extended = defineConfig({ files: ['src/**/*.ts'], extends: [prismaAuroraFix.configs.recommended] });
export const byName = defineConfig({
  plugins: { 'prisma-aurora-fix': prismaAuroraFix },
  extends: ['prisma-aurora-fix/recommended'],
});
`,
  'flat-config.ts': `${PLUGIN}
import type { ESLint, Linter } from 'eslint';

const asPlugin: ESLint.Plugin = prismaAuroraFix;
const config: Linter.Config[] = [
  ...prismaAuroraFix.configs.recommended,
  {
    plugins: { 'prisma-aurora-fix': prismaAuroraFix },
    rules: { 'prisma-aurora-fix/require-retry-extension': ['error', {}] },
  },
];
export default [asPlugin, config];
`,
  'tseslint-config.ts': `${PLUGIN}
import tseslint from 'typescript-eslint';

export const whole = tseslint.config(tseslint.configs.recommended, prismaAuroraFix.configs.recommended);
export const spread = tseslint.config(...tseslint.configs.recommended, ...prismaAuroraFix.configs.recommended);
export const registered = tseslint.config({
  plugins: { 'prisma-aurora-fix': prismaAuroraFix },
  rules: { 'prisma-aurora-fix/no-sslmode-disable': 'error' },
});
`,
  'require-config.cts': `import prismaAuroraFix = require('prisma-aurora-fix/eslint-plugin');
import type { Linter } from 'eslint';

const config: Linter.Config[] = [...prismaAuroraFix.configs.recommended, { plugins: { 'prisma-aurora-fix': prismaAuroraFix } }];
export = config;
`,
};

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    noEmit: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    types: ['node'],
    // Checks the shipped declarations too, not only the call sites.
    skipLibCheck: false,
  },
  include: Object.keys(CONFIGS),
});

const projects: UserProject[] = [];
afterAll(() => projects.forEach((project) => project.remove()));

describe.each([
  { label: 'ESLint 10', aliases: {} as Record<string, string> },
  { label: 'ESLint 9', aliases: { eslint: 'eslint9' } },
])('config types with $label', { timeout: 180_000 }, ({ aliases }) => {
  let user: UserProject;
  beforeAll(async () => {
    user = await createUserProject({
      devDependencies: ['typescript', '@types/node', 'typescript-eslint'],
      aliases,
      files: { ...CONFIGS, 'tsconfig.json': TSCONFIG },
    });
    projects.push(user);
  });

  it('the project really has that ESLint', async () => {
    const result = await user.sh(`node -p "require('eslint/package.json').version"`);
    expect(result.stdout.trim().split('.')[0]).toBe(aliases.eslint === 'eslint9' ? '9' : '10');
  });

  it('defineConfig, a typed flat config, tseslint.config and a CommonJS config all compile with tsc', async () => {
    const result = await user.sh('node node_modules/typescript/bin/tsc -p tsconfig.json');
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });
});
