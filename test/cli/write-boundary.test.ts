import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../cli/report.js';
import { PRISMA_MODULE, checksums, ensureBuilt, git, gitStatus, makeRepo, makeTempDir, removeTempDirs, runCli } from './support.js';

/**
 * Where a writing run may write (docs/writing.md): inside the repository it started in, and
 * without git only with --force. Every refusal exits 2 and leaves every byte as it was.
 */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

describe('never outside the repository the run started in', () => {
  it('a committed link to a folder outside the repository, named on the command line, is not written through', () => {
    const outside = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const dir = makeRepo({ 'src/keep.ts': 'export {};\n' });
    symlinkSync(join(outside, 'lib'), join(dir, 'shared'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'link');
    const before = [checksums(dir), checksums(outside)];
    for (const args of [['shared'], ['--force', 'shared'], ['shared/prisma.ts']]) {
      const result = runCli(args, dir);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(
        /^prisma-aurora-fix: refusing to write: shared\S* resolves to \S+, which is outside \S+, the repository this run started in/,
      );
      expect(result.stderr).toContain('Nothing was written.');
      expect([checksums(dir), checksums(outside)]).toEqual(before);
    }
    expect(gitStatus(outside)).toBe('');
  });

  it('a path outside the repository is refused, with or without --force; --dry may still read it', () => {
    const outside = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const dir = makeRepo({ 'src/keep.ts': 'export {};\n' });
    const before = [checksums(dir), checksums(outside)];
    for (const args of [[outside], ['--force', join(outside, 'lib/prisma.ts')]]) {
      const result = runCli(args, dir);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`refusing to write: ${args.at(-1)} is outside ${dir}`);
      expect([checksums(dir), checksums(outside)]).toEqual(before);
    }
    const json = runCli(['--json', outside], dir);
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ exitCode: 2, error: expect.stringContaining('is outside') });
    const dry = runCli(['--dry', outside], dir);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('auroraRetry');
    expect([checksums(dir), checksums(outside)]).toEqual(before);
  });

  it('a link inside the repository to a folder inside it is fine', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    symlinkSync('lib', join(dir, 'linked'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'link');
    const result = runCli(['linked'], dir);
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8')).toContain('auroraRetry');
  });
});

describe('without git', () => {
  it('refuses to write unless --force, and says what to do instead', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE }, { git: false });
    const before = checksums(dir);
    const result = runCli([], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('error: refusing to write: . is not inside a git repository');
    expect(result.stdout).toContain('git init && git add -A && git commit');
    expect(result.stdout).toContain('--dry');
    expect(result.stdout).toContain('--force');
    expect(result.stdout).not.toContain('git diff.');
    expect(checksums(dir)).toEqual(before);
  });

  it('a folder with no git, named from a directory with none either, is refused too', () => {
    const parent = makeTempDir();
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE }, { git: false });
    const before = checksums(dir);
    const result = runCli(['--json', dir], parent);
    expect(result.status).toBe(2);
    expect((JSON.parse(result.stdout) as Report).error).toContain('is outside');
    expect(checksums(dir)).toEqual(before);
  });

  it('--check and --dry say that writing will need git or --force', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE }, { git: false });
    const result = runCli(['--check'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('note: not inside a git repository: writing the fix refuses without --force');
  });

  it('with --force it writes, and does not point at git diff', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE }, { git: false });
    const result = runCli(['--force'], dir);
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8')).toContain('auroraRetry');
    expect(result.stdout).toContain('note: not inside a git repository (written because of --force)');
    expect(result.stdout).toContain('Wrote 1 file.\n');
    expect(result.stdout).not.toContain('git diff');
  });
});
