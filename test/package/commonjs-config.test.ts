import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserProject, type UserProject } from './user-project.js';

/**
 * An `eslint.config.cjs` takes the plugin with a plain `require(...)`, as every CommonJS plugin
 * is taken: no `.default`. Run by the real ESLint 9 and 10 the package peers on, in a project
 * that installed the packed tarball.
 */

const CONFIG = `'use strict';
const prismaAuroraFix = require('prisma-aurora-fix/eslint-plugin');

module.exports = [
  ...prismaAuroraFix.configs.recommended,
  { plugins: { 'prisma-aurora-fix': prismaAuroraFix }, rules: { 'prisma-aurora-fix/no-query-logging': 'off' } },
];
`;

const HANDLER = `export const handler = async () => {
  console.log(process.env.DATABASE_URL);
};
`;

const projects: UserProject[] = [];
afterAll(() => projects.forEach((project) => project.remove()));

describe.each([
  { label: 'ESLint 10', major: '10', aliases: {} as Record<string, string> },
  { label: 'ESLint 9', major: '9', aliases: { eslint: 'eslint9' } },
])('eslint.config.cjs with $label', { timeout: 120_000 }, ({ major, aliases }) => {
  let user: UserProject;
  beforeAll(async () => {
    user = await createUserProject({ aliases, files: { 'eslint.config.cjs': CONFIG, 'src/handler.ts': HANDLER } });
    projects.push(user);
  });

  it('require() gives the plugin itself, the same object import gives', async () => {
    const result = await user.sh(
      `node -e "const p = require('prisma-aurora-fix/eslint-plugin'); import('prisma-aurora-fix/eslint-plugin').then((m) => console.log(p === m.default, p.meta.namespace, require('eslint/package.json').version))"`,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toMatch(new RegExp(`^true prisma-aurora-fix ${major}\\.`));
  });

  it('ESLint loads the config and reports through the plugin', async () => {
    const result = await user.sh('npx --no -- eslint --format json src');
    expect(result.stderr).toBe('');
    const [file] = JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string | null; line: number }> }>;
    expect(file!.messages.map(({ ruleId, line }) => ({ ruleId, line }))).toEqual([
      { ruleId: 'prisma-aurora-fix/no-database-url-logging', line: 2 },
    ]);
    expect(result.code).toBe(1);
  });
});
