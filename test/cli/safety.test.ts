import { chmodSync, lstatSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangedOnDiskError, writeFileAtomic } from '../../cli/atomic-write.js';
import type { RunArguments } from '../../cli/cli-args.js';
import type { Report } from '../../cli/report.js';
import { runCli as runInProcess } from '../../cli/run.js';
import type { AuroraTransform } from '../../codemods/lib/transform.js';
import {
  PRISMA_MODULE,
  ensureBuilt,
  gitStatus,
  makeRepo,
  makeTempDir,
  removeTempDirs,
  runCli,
  PRISMA_MODULE_WITH_TAIL,
} from './support.js';

/** The safety promises: bytes, modes, links and failures are handled as a careful user would. */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const json = (stdout: string): Report => JSON.parse(stdout) as Report;

describe('bytes on disk', () => {
  it('keeps CRLF line endings: every line of the result ends in CRLF, untouched lines byte-identical', () => {
    const crlf = PRISMA_MODULE_WITH_TAIL.replace(/\n/g, '\r\n');
    const dir = makeRepo({ 'lib/prisma.ts': crlf });
    expect(runCli([], dir).status).toBe(0);
    const fixed = readFileSync(join(dir, 'lib/prisma.ts'), 'utf8');
    expect(fixed).toContain('auroraRetry');
    expect(fixed.replace(/\r\n/g, '')).not.toContain('\n');
    expect(fixed).toContain('// One client per container.\r\n');
    expect(fixed.endsWith('}\r\n')).toBe(true);
    // And a second run agrees that nothing is left to do.
    expect(runCli(['--check'], dir).status).toBe(0);
  });

  it('keeps mixed line endings line by line', () => {
    const mixed = "import { PrismaClient } from '@prisma/client';\r\n\nexport const prisma = new PrismaClient();\n// keep\r\n";
    const dir = makeRepo({ 'lib/prisma.ts': mixed });
    expect(runCli([], dir).status).toBe(0);
    const fixed = readFileSync(join(dir, 'lib/prisma.ts'), 'utf8');
    expect(fixed.startsWith("import { PrismaClient } from '@prisma/client';\r\n")).toBe(true);
    expect(fixed.endsWith('// keep\r\n')).toBe(true);
    expect(fixed).toContain('.$extends(auroraRetry()) as unknown as PrismaClient;');
  });

  it('keeps a byte-order mark', () => {
    const dir = makeRepo({ 'lib/prisma.ts': `\uFEFF${PRISMA_MODULE}` });
    expect(runCli([], dir).status).toBe(0);
    const bytes = readFileSync(join(dir, 'lib/prisma.ts'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3, 9).toString()).toBe('import');
    expect(bytes.toString('utf8').match(/\uFEFF/g)).toHaveLength(1);
    expect(bytes.toString('utf8')).toContain('auroraRetry');
  });

  it('leaves a file that is not UTF-8 alone (and says it could not check it: test/cli/hostile-input.test.ts)', () => {
    const latin1 = Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(`\n${PRISMA_MODULE}`)]);
    const dir = makeRepo({ 'lib/prisma.ts': latin1 });
    const result = runCli(['--json'], dir);
    expect(result.status).toBe(0);
    expect(json(result.stdout).files[0]).toMatchObject({
      status: 'skipped',
      unchecked: true,
      reason: expect.stringMatching(/^not UTF-8 text: not checked/),
    });
    expect(readFileSync(join(dir, 'lib/prisma.ts')).equals(latin1)).toBe(true);
  });

  it('keeps the file mode', () => {
    const dir = makeRepo({
      'lib/prisma.ts': PRISMA_MODULE,
      'bin/prisma.js': `#!/usr/bin/env node\n${PRISMA_MODULE.replace('export ', '')}`,
    });
    chmodSync(join(dir, 'lib/prisma.ts'), 0o640);
    chmodSync(join(dir, 'bin/prisma.js'), 0o755);
    expect(runCli(['--force'], dir).status).toBe(0);
    expect(statSync(join(dir, 'lib/prisma.ts')).mode & 0o777).toBe(0o640);
    expect(statSync(join(dir, 'bin/prisma.js')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dir, 'bin/prisma.js'), 'utf8')).toContain('auroraRetry');
  });

  it('leaves no temporary file behind', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    expect(runCli([], dir).status).toBe(0);
    expect(readdirSync(join(dir, 'lib'))).toEqual(['prisma.ts']);
  });
});

describe('files that cannot or must not be written', () => {
  it('reports a read-only file as failed, leaves it as it was, and exits 2', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE, 'lib/other.ts': PRISMA_MODULE });
    chmodSync(join(dir, 'lib/prisma.ts'), 0o444);
    const result = runCli(['--force'], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/^failed\s+lib\/prisma\.ts\s+read-only file \(mode 444\): not written/m);
    expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8')).toBe(PRISMA_MODULE);
    expect(statSync(join(dir, 'lib/prisma.ts')).mode & 0o777).toBe(0o444);
    expect(readFileSync(join(dir, 'lib/other.ts'), 'utf8')).toContain('auroraRetry');
  });

  it('a read-only file is no obstacle to --dry or --check', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    chmodSync(join(dir, 'lib/prisma.ts'), 0o444);
    expect(runCli(['--dry'], dir).status).toBe(0);
    expect(runCli(['--check'], dir).status).toBe(1);
  });

  it('does not follow a symbolic link out of the given paths, and does not replace it', () => {
    const outside = makeTempDir();
    writeFileSync(join(outside, 'shared-prisma.ts'), PRISMA_MODULE);
    const dir = makeRepo({ 'lib/keep.ts': 'export {};\n' });
    symlinkSync(join(outside, 'shared-prisma.ts'), join(dir, 'lib/prisma.ts'));
    const result = runCli(['--json', '--force'], dir);
    expect(result.status).toBe(0);
    const file = json(result.stdout).files.find((entry) => entry.path === 'lib/prisma.ts');
    expect(file).toMatchObject({ status: 'skipped', reason: expect.stringContaining('outside the given paths: not followed') });
    expect(lstatSync(join(dir, 'lib/prisma.ts')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(outside, 'shared-prisma.ts'), 'utf8')).toBe(PRISMA_MODULE);
  });

  it('a link to a file inside the given paths: the file is fixed once, the link stays a link', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    symlinkSync('prisma.ts', join(dir, 'lib/db.ts'));
    const result = runCli(['--json', '--force'], dir);
    expect(result.status).toBe(0);
    const report = json(result.stdout);
    expect(report.files.find((entry) => entry.path === 'lib/db.ts')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('fixed in place'),
    });
    expect(report.files.find((entry) => entry.path === 'lib/prisma.ts')).toMatchObject({ status: 'changed', written: true });
    expect(readlinkSync(join(dir, 'lib/db.ts'))).toBe('prisma.ts');
    expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8').match(/auroraRetry\(\)/g)).toHaveLength(1);
  });

  it('a broken link is reported, not followed', () => {
    const dir = makeRepo({ 'lib/keep.ts': 'export {};\n' });
    symlinkSync('missing.ts', join(dir, 'lib/gone.ts'));
    const result = runCli(['--json', '--force'], dir);
    expect(result.status).toBe(0);
    expect(json(result.stdout).files.find((entry) => entry.path === 'lib/gone.ts')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('broken'),
    });
  });
});

describe('a failing transform is a failed file, not a crash', () => {
  const args = (paths: string[]): RunArguments => ({
    paths,
    ignorePatterns: [],
    dry: false,
    check: false,
    force: true,
    format: 'json',
    verify: false,
    vendor: false,
    verbose: false,
    transformIds: undefined,
    eslintConfig: true,
    includeLocalCode: false,
  });
  const sink = (): { stream: Writable; text: () => string } => {
    let text = '';
    return {
      stream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          text += chunk.toString();
          done();
        },
      }),
      text: () => text,
    };
  };

  it('reports the transform and leaves the file untouched, other files still fixed', async () => {
    const dir = makeRepo({ 'lib/a.ts': PRISMA_MODULE, 'lib/b.ts': PRISMA_MODULE.replace('prisma', 'db') });
    const appendComment: AuroraTransform = (file) => `${file.source}// fixed\n`;
    const explodeOnB: AuroraTransform = (file) => {
      if (file.path.endsWith('b.ts')) throw new TypeError("Cannot read properties of undefined (reading 'range')");
      return undefined;
    };
    const stdout = sink();
    const stderr = sink();
    const exitCode = await runInProcess(
      args(['lib']),
      { cwd: dir, stdout: stdout.stream, stderr: stderr.stream },
      {
        transforms: { 'append-comment': appendComment, explode: explodeOnB },
      },
    );
    expect(exitCode).toBe(2);
    const report = json(stdout.text());
    expect(report.files.find((file) => file.path === 'lib/b.ts')).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /^transform explode failed: Cannot read properties of undefined \(reading 'range'\) \(a bug in prisma-aurora-fix/,
      ),
    });
    expect(report.files.find((file) => file.path === 'lib/a.ts')).toMatchObject({
      status: 'changed',
      written: true,
      transforms: ['append-comment'],
    });
    // b.ts got the first transform's edit in memory, but a failed file is never written.
    expect(readFileSync(join(dir, 'lib/b.ts'), 'utf8')).toBe(PRISMA_MODULE.replace('prisma', 'db'));
    expect(readFileSync(join(dir, 'lib/a.ts'), 'utf8')).toBe(`${PRISMA_MODULE}// fixed\n`);
    expect(gitStatus(dir)).toBe(' M lib/a.ts\n');
  });
});

describe('atomic writes', () => {
  it('replaces the file whole, with its mode', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'x.ts');
    writeFileSync(path, 'old\n');
    chmodSync(path, 0o600);
    const info = statSync(path);
    await writeFileAtomic(path, 'new\n', { bytes: readFileSync(path), mode: info.mode, uid: info.uid, gid: info.gid });
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['x.ts']);
  });

  it('refuses to overwrite a file that changed since it was read, and cleans up', async () => {
    const dir = makeTempDir();
    const path = join(dir, 'x.ts');
    writeFileSync(path, 'old\n');
    const info = statSync(path);
    const original = { bytes: readFileSync(path), mode: info.mode, uid: info.uid, gid: info.gid };
    writeFileSync(path, 'edited meanwhile\n');
    await expect(writeFileAtomic(path, 'new\n', original)).rejects.toBeInstanceOf(ChangedOnDiskError);
    expect(readFileSync(path, 'utf8')).toBe('edited meanwhile\n');
    expect(readdirSync(dir)).toEqual(['x.ts']);
  });
});
