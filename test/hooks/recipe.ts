import { expect } from 'vitest';
import { documentCommandsOf, fileBlock, readDoc, type CodeBlock } from '../docs/markdown.js';
import type { CommandResult, UserProject } from '../package/user-project.js';

/** docs/pre-commit.md, the page every hook test follows to the letter. */
export const PRE_COMMIT_DOC = 'docs/pre-commit.md';
export const preCommitDoc = (): string => readDoc(PRE_COMMIT_DOC);

/** The README's `eslint.config.js`, as a user copies it. */
export const readmeEslintConfig = (): string => fileBlock(readDoc('README.md'), 'eslint.config.js').code;

/**
 * Runs the shell commands of doc blocks in a user project, in order, stopping at the first that
 * fails. `npm install --save-dev <names>` is the one command not run: the project already has
 * those packages linked from this repository's node_modules (test/package/user-project.ts), and
 * the test checks it names exactly the packages the project was given.
 */
export async function runDocCommands(project: UserProject, blocks: CodeBlock[], linked: readonly string[]): Promise<void> {
  for (const { command, line } of documentCommandsOf(blocks)) {
    const install = /^npm install --save-dev ((?:[\w@/.-]+ ?)+)$/.exec(command);
    if (install) {
      const names = install[1]!.trim().split(/\s+/);
      expect(linked, `${PRE_COMMIT_DOC}:${line}: the test links what \`${command}\` installs`).toEqual(expect.arrayContaining(names));
      continue;
    }
    const result = await project.sh(command);
    if (result.code !== 0) throw new Error(`${PRE_COMMIT_DOC}:${line}: \`${command}\` exited ${result.code}:\n${result.output}`);
  }
}

/** `git commit` as a user types it, hooks included; the result is returned whatever the exit code. */
export async function commit(project: UserProject, message: string, env: Record<string, string> = {}): Promise<CommandResult> {
  return project.sh(`git commit -m ${JSON.stringify(message)}`, { env, timeoutMs: 600_000 });
}

export async function head(project: UserProject): Promise<string> {
  return (await project.git('rev-parse', 'HEAD')).trim();
}

/** A Lambda handler that logs the connection string and builds a client with no retry. */
export const HANDLER_WITH_FINDINGS = `import type { Handler } from 'aws-lambda';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const handler: Handler = async () => {
  console.log(process.env.DATABASE_URL);
  return prisma.note.count();
};
`;

/** A Lambda handler with nothing to report or fix. */
export const CLEAN_HANDLER = `import type { Handler } from 'aws-lambda';

export const handler: Handler = async (event) => {
  return { statusCode: 200, body: JSON.stringify(event) };
};
`;
