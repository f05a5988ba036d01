import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentCommandsOf, sectionBlocks } from '../docs/markdown.js';
import { createUserProject, type UserProject } from '../package/user-project.js';
import { CLEAN_HANDLER, commit, HANDLER_WITH_FINDINGS, head, preCommitDoc, readmeEslintConfig, runDocCommands } from './recipe.js';

/**
 * Recipe 1 of docs/pre-commit.md, followed to the letter in a fresh git repository: husky runs
 * lint-staged, lint-staged runs ESLint with the plugin on the staged files, and a finding stops
 * a real `git commit` without touching the file.
 */

let project: UserProject;
const doc = preCommitDoc();
const recipe = sectionBlocks(doc, '## 1.');

beforeAll(async () => {
  project = await createUserProject({
    git: true,
    devDependencies: ['eslint', 'husky', 'lint-staged'],
    files: { 'eslint.config.js': readmeEslintConfig() },
  });
}, 120_000);

afterAll(() => project?.remove());

describe('recipe 1: husky + lint-staged running ESLint on staged files', { timeout: 180_000 }, () => {
  it('is set up by the documented commands and files', async () => {
    await runDocCommands(project, recipe, ['husky', 'lint-staged']);
    const lintStagedConfig = recipe.find((block) => block.title === '.lintstagedrc.json');
    expect(lintStagedConfig, 'the recipe shows .lintstagedrc.json').toBeDefined();
    project.write('.lintstagedrc.json', lintStagedConfig!.code);
    expect(lintStagedConfig!.code).not.toMatch(/--fix\b/);
    expect(project.read('.husky/pre-commit')).toBe('npx --no -- lint-staged\n');
    expect(JSON.parse(project.read('package.json')).scripts.prepare).toBe('husky');
    expect((await project.git('config', 'core.hooksPath')).trim()).toBe('.husky/_');

    await project.git('add', '-A');
    const result = await commit(project, 'Set up ESLint, husky and lint-staged');
    expect(result.code, result.output).toBe(0);
  });

  it('stops a commit whose staged file has a finding, and leaves the file as it was', async () => {
    const before = await head(project);
    project.write('src/handler.ts', HANDLER_WITH_FINDINGS);
    await project.git('add', 'src/handler.ts');

    const result = await commit(project, 'Add the handler');

    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain('src/handler.ts');
    expect(result.output).toContain('prisma-aurora-fix/no-database-url-logging');
    expect(result.output).toContain('prisma-aurora-fix/require-retry-extension');
    expect(await head(project)).toBe(before);
    // Not auto-fixed: the working tree and the index still hold exactly what was written.
    expect(project.read('src/handler.ts')).toBe(HANDLER_WITH_FINDINGS);
    expect(await project.git('show', ':src/handler.ts')).toBe(HANDLER_WITH_FINDINGS);
  });

  it('lets the commit through once the staged file is clean', async () => {
    const before = await head(project);
    project.write('src/handler.ts', CLEAN_HANDLER);
    await project.git('add', 'src/handler.ts');

    const result = await commit(project, 'Add the handler');

    expect(result.code, result.output).toBe(0);
    expect(await head(project)).not.toBe(before);
  });

  it('checks what is staged, not unstaged edits, and keeps those edits', async () => {
    const unstaged = `${CLEAN_HANDLER}console.log(process.env.DATABASE_URL);\n`;
    project.write('src/other.ts', 'export const answer = 42;\n');
    await project.git('add', 'src/other.ts');
    project.write('src/handler.ts', unstaged);

    const result = await commit(project, 'Add other');

    expect(result.code, result.output).toBe(0);
    expect(project.read('src/handler.ts')).toBe(unstaged);
    expect(await project.git('status', '--porcelain')).toBe(' M src/handler.ts\n');
    await project.git('checkout', '--', 'src/handler.ts');
  });

  it('runs the codemod check too when it is appended to the same hook (recipe 2, second block)', async () => {
    const appendBlock = sectionBlocks(doc, '## 2.').find((block) =>
      documentCommandsOf([block]).some(({ command }) => command.includes('>> .husky/pre-commit')),
    );
    expect(appendBlock, 'recipe 2 shows how to append the check to an existing hook').toBeDefined();
    await runDocCommands(project, [appendBlock!], []);
    expect(project.read('.husky/pre-commit')).toBe('npx --no -- lint-staged\nnpx --no -- prisma-aurora-fix --check\n');

    // A file ESLint has no rule against but the codemod still rewrites does not exist by
    // design (one detection, two consumers), so prove the hook runs the check by its failure
    // on an unstaged file: the check reads the working tree, ESLint only the staged files.
    project.write('lib/prisma.ts', HANDLER_WITH_FINDINGS);
    project.write('src/more.ts', 'export const more = 1;\n');
    await project.git('add', 'src/more.ts');
    const before = await head(project);

    const result = await commit(project, 'Add more');

    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain('lib/prisma.ts');
    expect(await head(project)).toBe(before);
    project.write('lib/prisma.ts', '');
    await project.sh('rm lib/prisma.ts');
  });
});
