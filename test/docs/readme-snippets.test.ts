import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePrismaClient } from '../support/prisma-generate.js';
import { createUserProject, type UserProject } from '../package/user-project.js';
import { codeBlocks, readDoc } from './markdown.js';

/**
 * The README's TypeScript examples compile, as a user's files, against the published package's
 * types (the `npm pack` tarball) and a Prisma 7 client generated with the `prisma-client`
 * generator from the runtime tests' schema (models `User`, `Event`). A type-level file next to
 * them proves the extended client keeps its model types (no `any` sneaking through).
 */

const README = readDoc('README.md');
const snippets = codeBlocks(README).filter((block) => block.lang === 'ts');

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['**/*.ts'],
  exclude: ['node_modules'],
};

/** Not from the README: checks that what the README builds has real types. */
const TYPE_PROBE = `import { prisma } from './lib/prisma.js';
import { renameUser } from './lib/rename-user.js';

export async function probe(): Promise<void> {
  const count: number = await prisma.user.count();
  const renamed: { id: number; email: string; name: string | null } = await renameUser(1, 'Ada');
  // @ts-expect-error: no such model; an \`any\`-typed client would accept it.
  await prisma.nothing.findMany();
  void count;
  void renamed;
}
`;

let project: UserProject;

beforeAll(async () => {
  const client = await generatePrismaClient('prisma7-ts');
  const files: Record<string, string> = { 'tsconfig.json': `${JSON.stringify(TSCONFIG, null, 2)}\n`, 'type-probe.ts': TYPE_PROBE };
  for (const snippet of snippets) files[snippet.title!] = snippet.code;
  project = await createUserProject({
    devDependencies: ['typescript', '@types/node', '@prisma/client', '@prisma/adapter-pg'],
    files,
  });
  // Where the README's import finds the generated client (`../generated/prisma/client.js`).
  mkdirSync(join(project.dir, 'generated'));
  symlinkSync(client.outputDir, join(project.dir, 'generated/prisma'), 'dir');
}, 240_000);

afterAll(() => project?.remove());

describe('README TypeScript examples', () => {
  it('are all named files', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(3);
    expect(snippets.filter((snippet) => snippet.title === undefined).map((snippet) => `README.md:${snippet.line}`)).toEqual([]);
  });

  it('type-check against the packed package and a generated Prisma 7 client', async () => {
    const result = await project.sh('npx --no -- tsc --project tsconfig.json', { timeoutMs: 240_000 });
    expect(result.code, result.output).toBe(0);
  }, 300_000);
});
