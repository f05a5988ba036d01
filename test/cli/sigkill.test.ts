import { spawn } from 'node:child_process';
import { lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFileWriter } from '../../cli/temporary-file.js';
import { CLI, checksums, ensureBuilt, gitStatus, makeRepo, removeTempDirs, runCli } from './support.js';

/**
 * A run killed with SIGKILL (no handler runs: what an OOM killer or a closed CI job does) at
 * several points of a 300-file run: before any write, after the first, halfway, near the end, and
 * while a temporary file exists (a leftover the next run must remove).
 * Every file must hold byte for byte its old or its new text (cli/atomic-write.ts), a leftover
 * temporary file must not make the next run refuse or reach git, and a rerun must end where an
 * uninterrupted run ends.
 */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const FILE_COUNT = 300;

function moduleNumber(index: number): string {
  return `import { PrismaClient } from '@prisma/client';

// Module ${index}: one client per container.
export const prisma${index} = new PrismaClient();

export function ping${index}() {
  return prisma${index}.$queryRaw\`SELECT ${index}\`;
}
`;
}

const FILES = Object.fromEntries(
  Array.from({ length: FILE_COUNT }, (_, index) => [`src/part${index % 6}/module${index}.ts`, moduleNumber(index)]),
);
const PATHS = Object.keys(FILES);

/** The inode of each file: an atomic write replaces it, so a new inode means "written". */
const inodes = (dir: string): number[] => PATHS.map((path) => lstatSync(join(dir, path)).ino);

/** True while some folder holds a temporary file of the atomic writer (a write between open and rename). */
const writing = (dir: string): boolean =>
  Array.from({ length: 6 }, (_, part) => readdirSync(join(dir, `src/part${part}`))).some((names) =>
    names.some((name) => name.endsWith('.tmp')),
  );

/**
 * Starts the CLI and SIGKILLs it once `written` files have a new inode (0: after `delayMs`);
 * with `midWrite`, at the first poll after that which finds a temporary file, or 20 files later.
 */
function runAndKill(
  dir: string,
  written: number,
  delayMs: number,
  midWrite = false,
): Promise<{ signal: NodeJS.Signals | null; writtenAtKill: number }> {
  const before = inodes(dir);
  const countWritten = (): number => inodes(dir).filter((inode, index) => inode !== before[index]).length;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore' });
    let writtenAtKill = -1;
    const started = Date.now();
    const poll = setInterval(() => {
      const count = countWritten();
      const reached = written === 0 ? Date.now() - started >= delayMs : count >= written;
      if (reached && (!midWrite || writing(dir) || count >= written + 20)) {
        writtenAtKill = count;
        child.kill('SIGKILL');
        clearInterval(poll);
      }
    }, 1);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      resolve({ signal, writtenAtKill });
    });
  });
}

describe('SIGKILL during a 300-file run', () => {
  let expected: Record<string, string>;
  let expectedStatus: string;

  beforeAll(() => {
    const dir = makeRepo(FILES);
    const result = runCli([], dir);
    expect(result.status).toBe(0);
    expected = checksums(dir);
    expectedStatus = gitStatus(dir);
    // Every module is fixed: the kill points below all fall inside the write phase.
    expect(expectedStatus.split('\n').filter(Boolean)).toHaveLength(FILE_COUNT);
  }, 240_000);

  const POINTS = [
    { name: 'early, before any file is written', written: 0, delayMs: 400 },
    { name: 'after the first file', written: 1, delayMs: 0 },
    { name: 'halfway through the writes', written: FILE_COUNT / 2, delayMs: 0 },
    { name: 'near the end of the writes', written: FILE_COUNT - 40, delayMs: 0 },
    { name: 'while a temporary file is being written', written: 10, delayMs: 0, midWrite: true },
  ];

  for (const point of POINTS) {
    it(`killed ${point.name}: every file old or new, and a rerun finishes the job`, async () => {
      const dir = makeRepo(FILES);
      const old = checksums(dir);
      const { signal, writtenAtKill } = await runAndKill(dir, point.written, point.delayMs, point.midWrite);
      expect(signal).toBe('SIGKILL');
      if (point.written > 0) expect(writtenAtKill).toBeGreaterThanOrEqual(point.written);

      const afterKill = checksums(dir);
      const leftovers = Object.keys(afterKill).filter((path) => temporaryFileWriter(path) !== undefined);
      // At most the one file being written when the process died.
      expect(leftovers.length).toBeLessThanOrEqual(1);
      let newCount = 0;
      for (const path of PATHS) {
        expect([old[path], expected[path]], `${path} is its old or its new text`).toContain(afterKill[path]);
        if (afterKill[path] === expected[path]) newCount += 1;
      }
      if (point.written === 0) expect({ writtenAtKill, newCount }).toEqual({ writtenAtKill: 0, newCount: 0 });
      else expect(newCount).toBeGreaterThanOrEqual(point.written);
      expect(Object.keys(afterKill).sort()).toEqual([...PATHS, 'package.json', ...leftovers].sort());

      // The files the killed run wrote are the user's uncommitted changes now; a leftover is not.
      const refused = runCli([], dir);
      if (newCount > 0) {
        expect(refused.status).toBe(2);
        expect(refused.stdout + refused.stderr).toMatch(/refusing to write: uncommitted changes in src\//);
      }
      expect(refused.stdout + refused.stderr).not.toContain('prisma-aurora-fix.tmp');
      // A leftover is only ever untracked, never staged or committed.
      expect(gitStatus(dir)).not.toMatch(/^(?!\?\?).*prisma-aurora-fix\.tmp$/m);

      // The rerun (with --force: the half-applied fix is uncommitted) completes the job.
      const rerun = runCli(newCount > 0 ? ['--force'] : [], dir);
      expect(rerun.status).toBe(0);
      if (leftovers.length > 0) expect(rerun.stdout).toContain('removed 1 temporary file left by an interrupted prisma-aurora-fix run');
      expect(checksums(dir)).toEqual(expected);
      expect(gitStatus(dir)).toBe(expectedStatus);
      for (const path of PATHS.slice(0, 3)) expect(readFileSync(join(dir, path), 'utf8')).toContain('auroraRetry');
    }, 240_000);
  }
});
