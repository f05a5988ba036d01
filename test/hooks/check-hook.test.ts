import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentCommandsOf, sectionBlocks } from '../docs/markdown.js';
import { createUserProject, type UserProject } from '../package/user-project.js';
import { CLEAN_HANDLER, commit, HANDLER_WITH_FINDINGS, head, preCommitDoc, runDocCommands } from './recipe.js';

/**
 * Recipe 2 of docs/pre-commit.md in a fresh git repository: a pre-commit hook running
 * `npx prisma-aurora-fix --check` stops a real `git commit` while the codemod would still change
 * a file, names the file and prints the command that fixes it; running that command, staging
 * and committing again goes through.
 */

let project: UserProject;
const recipe = sectionBlocks(preCommitDoc(), '## 2.');
/** The first shell block: the recipe for a project without a hook yet. */
const setupBlock = recipe.find((block) => documentCommandsOf([block]).some(({ command }) => command.endsWith('> .husky/pre-commit')))!;

beforeAll(async () => {
  project = await createUserProject({ git: true, devDependencies: ['husky'] });
}, 120_000);

afterAll(() => project?.remove());

describe('recipe 2: a prisma-aurora-fix --check pre-commit hook', { timeout: 180_000 }, () => {
  it('is set up by the documented commands', async () => {
    expect(setupBlock, 'recipe 2 starts with a block that writes .husky/pre-commit').toBeDefined();
    await runDocCommands(project, [setupBlock], ['husky']);
    expect(project.read('.husky/pre-commit')).toBe('npx --no -- prisma-aurora-fix --check\n');

    project.write('src/handler.ts', CLEAN_HANDLER);
    await project.git('add', '-A');
    const result = await commit(project, 'Set up the hook');
    expect(result.code, result.output).toBe(0);
  });

  it('stops a commit the codemod would still change, naming the file and the fixing command', async () => {
    const before = await head(project);
    project.write('src/notes.ts', HANDLER_WITH_FINDINGS);
    await project.git('add', 'src/notes.ts');

    const result = await commit(project, 'Add notes');

    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain('src/notes.ts');
    expect(result.output).toMatch(/npx prisma-aurora-fix\b/);
    expect(await head(project)).toBe(before);
    expect(project.read('src/notes.ts')).toBe(HANDLER_WITH_FINDINGS);
  });

  it('commits once the printed command has been run and its result staged', async () => {
    const check = await project.sh('npx prisma-aurora-fix --check');
    expect(check.code, check.output).toBe(1);
    const fixCommand = /Apply it with: (.+)$/m.exec(check.output)?.[1]?.trim();
    expect(fixCommand, `the check prints the command that fixes it:\n${check.output}`).toMatch(/^npx prisma-aurora-fix\b/);

    // Exactly what a user does next: run the printed command, review, stage, commit again.
    const fix = await project.sh(fixCommand!);
    expect(fix.code, `\`${fixCommand}\` in a pre-commit situation (changes staged, not committed):\n${fix.output}`).toBe(0);
    expect(project.read('src/notes.ts')).toContain('auroraRetry()');
    expect(project.read('src/notes.ts')).not.toContain('console.log(process.env.DATABASE_URL)');
    await project.git('add', '-A');
    const before = await head(project);

    const result = await commit(project, 'Add notes');

    expect(result.code, result.output).toBe(0);
    expect(await head(project)).not.toBe(before);
    expect(await project.git('status', '--porcelain')).toBe('');
  });
});
