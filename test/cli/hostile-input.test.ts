import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, linkSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../cli/report.js';
import { temporaryFileWriter, temporaryPathFor } from '../../cli/temporary-file.js';
import {
  PRISMA_MODULE,
  UNRELATED_MODULE,
  checksums,
  ensureBuilt,
  git,
  gitStatus,
  makeRepo,
  makeTempDir,
  removeTempDirs,
  runCli,
  PRISMA_MODULE_WITH_TAIL,
} from './support.js';

/**
 * Hostile and unusual input (issue 13, item 7): line endings, file names, leftovers of a killed
 * run, text that is not UTF-8, hard links. Real git repositories, the built CLI.
 */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const json = (stdout: string): Report => JSON.parse(stdout) as Report;

describe('CR-only line endings', () => {
  it('keeps them, for the inserted lines too', () => {
    const cr = PRISMA_MODULE_WITH_TAIL.replace(/\n/g, '\r');
    const dir = makeRepo({ 'lib/prisma.ts': cr });
    expect(runCli([], dir).status).toBe(0);
    const fixed = readFileSync(join(dir, 'lib/prisma.ts'), 'utf8');
    expect(fixed).toContain('auroraRetry');
    expect(fixed).not.toContain('\n');
    expect(fixed).toContain("\rimport { auroraRetry } from 'prisma-aurora-fix/runtime';\r");
    expect(fixed).toContain('\r// One client per container.\r');
    expect(fixed.endsWith('}\r')).toBe(true);
    expect(runCli(['--check'], dir).status).toBe(0);
  });
});

describe('control characters in file names', () => {
  const NAME = 'lib/\u001b[31mred\u001b[0m\u202e.ts';

  it('never reach the terminal raw: escaped in the summary, git-quoted in the diff (which still applies)', () => {
    const dir = makeRepo({ [NAME]: PRISMA_MODULE });
    const check = runCli(['--check'], dir);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('lib/\\x1b[31mred\\x1b[0m\\u{202e}.ts');
    const dry = runCli(['--dry'], dir);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('--- "a/lib/\\033[31mred\\033[0m\\342\\200\\256.ts"\n');
    for (const output of [check.stdout, check.stderr, dry.stdout, dry.stderr]) expect(output).not.toMatch(/[\u001b\u202e]/);
    execFileSync('git', ['apply', '-'], { cwd: dir, input: dry.stdout });
    expect(readFileSync(join(dir, NAME), 'utf8')).toContain('auroraRetry');
    git(dir, 'checkout', '--', '.');

    const write = runCli([], dir);
    expect(write.status).toBe(0);
    expect(write.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(readFileSync(join(dir, NAME), 'utf8')).toContain('auroraRetry');
  });

  it('--json keeps the real name, every control character escaped', () => {
    const dir = makeRepo({ [NAME]: PRISMA_MODULE });
    const result = runCli(['--check', '--json'], dir);
    expect(result.stdout).not.toMatch(/[\u001b\u202e]/);
    expect(json(result.stdout).files.map((file) => file.path)).toContain(NAME);
  });
});

describe('a temporary file left by a killed run', () => {
  /** The id of a process that has exited. */
  const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid;

  it('is named so it can be known again', () => {
    const path = temporaryPathFor('/repo/lib/prisma.ts');
    expect(path).toMatch(/^\/repo\/lib\/\.prisma\.ts\.\d+\.[0-9a-f]{8}\.prisma-aurora-fix\.tmp$/);
    expect(temporaryFileWriter(path)).toBe(process.pid);
    expect(temporaryFileWriter('/repo/lib/.prisma.ts.swp')).toBeUndefined();
  });

  it('does not make the next run refuse as a dirty tree, and is removed by it', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const leftover = join(dir, `lib/.prisma.ts.${deadPid()}.0badf00d.prisma-aurora-fix.tmp`);
    writeFileSync(leftover, PRISMA_MODULE.slice(0, 20));
    expect(runCli(['--check'], dir).stdout).not.toContain('--force');
    const result = runCli([], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('note: removed 1 temporary file left by an interrupted prisma-aurora-fix run');
    expect(existsSync(leftover)).toBe(false);
    expect(gitStatus(dir)).toBe(' M lib/prisma.ts\n');
  });

  it('a file of ours that git tracks, or any other untracked file, is still a change', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    writeFileSync(join(dir, 'lib/.prisma.ts.swp'), 'x');
    const before = checksums(dir);
    const result = runCli([], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('refusing to write: uncommitted changes in lib/.prisma.ts.swp');
    expect(checksums(dir)).toEqual(before);
  });
});

describe('a file that is not UTF-8', () => {
  const latin1 = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(`\n${PRISMA_MODULE}`)]);

  it('that could hold a hazard: listed, fails --check, and is never written', () => {
    const dir = makeRepo({ 'lib/prisma.ts': latin1 });
    const before = checksums(dir);
    const check = runCli(['--check'], dir);
    expect(check.status).toBe(1);
    expect(check.stdout).toMatch(/^skipped\s+lib\/prisma\.ts\s+not UTF-8 text: not checked, though it mentions Prisma or a database/m);
    expect(check.stdout).toContain(
      '1 file could not be checked (not UTF-8 text, listed above): convert it to UTF-8 and rerun; --check fails until then.',
    );
    expect(check.stdout).not.toContain('Nothing to fix.');
    const report = json(runCli(['--check', '--json'], dir).stdout);
    expect(report).toMatchObject({ exitCode: 1, totals: { unchecked: 1 } });
    expect(report.files[0]).toMatchObject({ status: 'skipped', unchecked: true });
    const write = runCli([], dir);
    expect(write.status).toBe(0);
    expect(write.stdout).toContain('1 file could not be checked');
    expect(write.stdout).toContain('Nothing written.');
    expect(checksums(dir)).toEqual(before);
  });

  it('UTF-16 is read for the check too, not taken for binary', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PRISMA_MODULE, 'utf16le')]);
    const dir = makeRepo({ 'lib/prisma.ts': utf16 });
    const check = runCli(['--check'], dir);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('UTF-16 text: not checked');
  });

  it('with nothing Prisma- or database-related in it: left alone quietly, --check passes', () => {
    const dir = makeRepo({
      'lib/math.ts': Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(`\n${UNRELATED_MODULE}`)]),
    });
    const check = runCli(['--check', '--json'], dir);
    expect(check.status).toBe(0);
    expect(json(check.stdout).files[0]).toMatchObject({ status: 'skipped', quiet: true });
  });
});

describe('a file with more than one hard link', () => {
  it('is not replaced (that would split the links): failed, exit 2, every name unchanged', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE, 'lib/db.ts': PRISMA_MODULE.replace('const prisma', 'const db') });
    const elsewhere = makeTempDir();
    linkSync(join(dir, 'lib/prisma.ts'), join(elsewhere, 'prisma.ts'));
    const before = [checksums(join(dir, 'lib')), checksums(elsewhere)];
    const result = runCli([], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(
      /^failed\s+lib\/prisma\.ts\s+hard-linked file \(2 links\): replacing it would leave the other name with the old text; not written/m,
    );
    expect(statSync(join(dir, 'lib/prisma.ts')).nlink).toBe(2);
    expect(checksums(elsewhere)).toEqual(before[1]);
    expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8')).toBe(PRISMA_MODULE);
    expect(readFileSync(join(dir, 'lib/db.ts'), 'utf8')).toContain('auroraRetry');
  });
});
