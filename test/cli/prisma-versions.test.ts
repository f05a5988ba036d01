import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../cli/report.js';
import { ensureBuilt, makeRepo, removeTempDirs, runCli } from './support.js';

/**
 * The Prisma version decides the retry fix: before 4.16 there is no `$extends` (the client
 * throws when built) and the runtime's peer range is Prisma 6 and 7. Seen on real
 * repositories on Prisma 3.6, 4.5 and 5.x: the CLI must list the finding with the way out,
 * never write the chain.
 */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const CLIENT = `import { PrismaClient } from '@prisma/client'

export const prisma = new PrismaClient({ log: ['query', 'error'] })
`;

function lambdaPackage(prisma: string): string {
  return JSON.stringify({ name: 'fn', dependencies: { '@prisma/client': prisma }, devDependencies: { '@types/aws-lambda': '^8.10.0' } });
}

describe.each([
  ['3.6.0', /Prisma 3\.6\.0 has no `\$extends`/],
  ['^4.5.0', /Prisma \^4\.5\.0 \(allows 4\.5\.0\) has no `\$extends`/],
  ['5.22.0', /Prisma 5\.22\.0 is below the runtime's supported Prisma/],
])('a Lambda package on Prisma %s', (range, reason) => {
  it('keeps the client unextended, still drops query logging, and lists the retry as a hand fix with the way out', () => {
    const dir = makeRepo({ 'package.json': lambdaPackage(range), 'src/db.ts': CLIENT });
    const check = runCli(['--check', '--json', '.'], dir);
    expect(check.status).toBe(1);
    const listed = (JSON.parse(check.stdout) as Report).files.find((file) => file.path === 'src/db.ts')!;
    expect(listed.findings).toEqual([
      expect.objectContaining({ ruleId: 'require-retry-extension', line: 3, fixed: false, reason: expect.stringMatching(reason) }),
      expect.objectContaining({ ruleId: 'no-query-logging', line: 3, fixed: true }),
    ]);
    expect(listed.findings![0]!.reason).toMatch(/^left by add-retry-extension: .*withRetry\(\)/);

    const write = runCli(['.'], dir);
    expect(write.status, write.stderr).toBe(0);
    expect(readFileSync(join(dir, 'src/db.ts'), 'utf8')).toBe(CLIENT.replace("'query', ", ''));
    expect(write.stdout).toMatch(/hand fix/i);
  });
});

it('on Prisma 6 the retry extension is written', () => {
  const dir = makeRepo({ 'package.json': lambdaPackage('^6.19.0'), 'src/db.ts': CLIENT });
  const write = runCli(['.'], dir);
  expect(write.status, write.stderr).toBe(0);
  expect(readFileSync(join(dir, 'src/db.ts'), 'utf8')).toContain('.$extends(auroraRetry())');
});
