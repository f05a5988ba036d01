import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transforms } from '../../codemods/index.js';
import type { Report } from '../../cli/report.js';
import { ownPackage } from '../../analysis/package/own-package.js';
import {
  CLI,
  PRISMA_MODULE,
  REPO_ROOT,
  UNRELATED_MODULE,
  ensureBuilt,
  git,
  gitStatus,
  makeRepo,
  removeTempDirs,
  runCli,
  writeFiles,
} from './support.js';

/** The flags, the exit codes and the git-tree guard, through the real bin. */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const json = (stdout: string): Report => JSON.parse(stdout) as Report;

describe('--help and --version', () => {
  it('--help lists every flag, every registered transform and the exit codes', () => {
    const result = runCli(['--help'], process.cwd());
    expect(result.status).toBe(0);
    for (const flag of ['--dry', '--check', '--transform', '--vendor', '--verify', '--force', '--json', '--help', '--version']) {
      expect(result.stdout).toContain(flag);
    }
    for (const id of Object.keys(transforms)) expect(result.stdout).toContain(id);
    expect(result.stdout).toMatch(/Exit codes:[\s\S]*0[\s\S]*1[\s\S]*2/);
  });

  it('-h is --help', () => {
    expect(runCli(['-h'], process.cwd()).stdout).toBe(runCli(['--help'], process.cwd()).stdout);
  });

  it('--help and --version load neither jscodeshift, TypeScript nor ts-morph', () => {
    // A preload that records every CommonJS module loaded (all three are CommonJS).
    const probe = join(makeRepo({}, { git: false }), 'probe.cjs');
    writeFileSync(
      probe,
      `const Module = require('node:module');
const load = Module._load;
const seen = new Set();
Module._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };
process.on('exit', () => process.stderr.write('LOADED:' + JSON.stringify([...seen])));
`,
    );
    for (const flag of ['--help', '--version']) {
      const result = spawnSync(process.execPath, ['--require', probe, CLI, flag], { encoding: 'utf8' });
      expect(result.status).toBe(0);
      const loaded = JSON.parse(result.stderr.slice(result.stderr.indexOf('LOADED:') + 7)) as string[];
      expect(loaded.filter((request) => /jscodeshift|typescript|ts-morph|recast|@babel/.test(request))).toEqual([]);
    }
  });

  it('--version prints the package version', () => {
    const result = runCli(['--version'], process.cwd());
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${ownPackage().version}\n`);
  });
});

describe('bad usage exits 2', () => {
  it('an unknown flag', () => {
    const result = runCli(['--bogus'], process.cwd());
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("'--bogus'");
    expect(result.stderr).toContain('--help');
    expect(result.stdout).toBe('');
  });

  it('an unknown transform id, listing the valid ones', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const result = runCli(['--transform', 'add-retry-extension,no-such-transform'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("'no-such-transform'");
    for (const id of Object.keys(transforms)) expect(result.stderr).toContain(id);
    expect(gitStatus(dir)).toBe('');
  });

  it('an unknown transform id with --json: a JSON error on stdout', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const result = runCli(['--json', '--transform=nope'], dir);
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ schemaVersion: 1, exitCode: 2, error: expect.stringContaining("'nope'") });
  });

  it('an empty --transform', () => {
    expect(runCli(['--transform', ','], process.cwd()).status).toBe(2);
  });

  it('a path that does not exist', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const result = runCli(['lib', 'missing-folder'], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no such file or directory: missing-folder');
    expect(gitStatus(dir)).toBe('');
  });

  describe('with --json: one JSON object on stdout, the same exit code, nothing on stderr', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['an unknown option', ['--json', '--nope'], /Unknown option '--nope'/],
      ['an unknown option before --json', ['--nope', '--json'], /Unknown option '--nope'/],
      ['an option missing its value', ['--json', '--transform'], /--transform/],
      ['an empty --transform', ['--json', '--transform', ','], /--transform needs at least one transform id/],
      ['a path that does not exist', ['--json', 'missing-folder'], /no such file or directory: missing-folder/],
    ];
    for (const [what, args, error] of cases) {
      it(what, () => {
        const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
        const result = runCli(args, dir);
        expect(result.status).toBe(2);
        expect(result.stderr).toBe('');
        expect(JSON.parse(result.stdout)).toEqual({ schemaVersion: 1, exitCode: 2, error: expect.stringMatching(error) });
      });
    }

    it('without --json, or with --json after `--` (a path), the error stays text on stderr', () => {
      for (const args of [['--nope'], ['--nope', '--', '--json']]) {
        const result = runCli(args, process.cwd());
        expect(result.status).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^prisma-aurora-fix: Unknown option '--nope'.*\nRun prisma-aurora-fix --help for the options\.\n$/s);
      }
    });
  });
});

describe('default: apply and write', () => {
  it('fixes the files, reports them and exits 0', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE, 'lib/math.ts': UNRELATED_MODULE });
    const result = runCli([], dir);
    expect(result.status).toBe(0);
    const fixed = readFileSync(join(dir, 'lib/prisma.ts'), 'utf8');
    expect(fixed).toContain('.$extends(auroraRetry())');
    expect(fixed).toContain("from 'prisma-aurora-fix/runtime'");
    expect(gitStatus(dir)).toBe(' M lib/prisma.ts\n');
    expect(result.stdout).toMatch(/^changed\s+lib\/prisma\.ts\s+add-retry-extension$/m);
    expect(result.stdout).toMatch(/^1 changed, 0 unchanged, 1 skipped, 0 failed \(2 files/m);
    expect(result.stdout).toContain('Wrote 1 file.');
  });

  it('takes files and folders as arguments and leaves everything else alone', () => {
    const dir = makeRepo({ 'a/prisma.ts': PRISMA_MODULE, 'b/prisma.ts': PRISMA_MODULE, 'c/prisma.ts': PRISMA_MODULE });
    const result = runCli(['a', 'b/prisma.ts'], dir);
    expect(result.status).toBe(0);
    expect(gitStatus(dir)).toBe(' M a/prisma.ts\n M b/prisma.ts\n');
  });

  it('a second run changes nothing, even on the tree the first run left dirty', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    expect(runCli([], dir).status).toBe(0);
    const once = readFileSync(join(dir, 'lib/prisma.ts'), 'utf8');
    const second = runCli(['--json'], dir);
    expect(second.status).toBe(0);
    expect(json(second.stdout).totals).toMatchObject({ changed: 0, unchanged: 1, failed: 0 });
    expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8')).toBe(once);
  });

  it('says when the fixed code imports a runtime the package does not depend on', () => {
    const dir = makeRepo({
      'package.json':
        '{ "name": "app", "dependencies": { "@prisma/client": "^6.19.0" }, "devDependencies": { "@types/aws-lambda": "^8.10.0" } }\n',
      'lib/prisma.ts': PRISMA_MODULE,
    });
    const result = runCli([], dir);
    expect(result.stdout).toContain('note: lib/prisma.ts now imports prisma-aurora-fix/runtime, which package.json does not list');
    // As the README advises: a development dependency for a bundler, or --vendor; never a runtime dependency.
    expect(result.stdout).toContain('add it as a development dependency (`npm install --save-dev prisma-aurora-fix`)');
    expect(result.stdout).toContain('rerun with --vendor');
    writeFiles(dir, { 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
    git(dir, 'checkout', '--', '.');
    expect(runCli(['--force'], dir).stdout).toContain('`pnpm add --save-dev prisma-aurora-fix`');
    const withDependency = makeRepo({
      'package.json':
        '{ "name": "app", "dependencies": { "@prisma/client": "^6.19.0", "prisma-aurora-fix": "^0.1.0" }, "devDependencies": { "@types/aws-lambda": "^8.10.0" } }\n',
      'lib/prisma.ts': PRISMA_MODULE,
    });
    expect(runCli([], withDependency).stdout).not.toContain('note:');
  });
});

describe('--verbose', () => {
  it('also lists files skipped before parsing, with the reason', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE, 'lib/math.ts': UNRELATED_MODULE });
    const quiet = runCli(['--check'], dir);
    expect(quiet.stdout).not.toContain('lib/math.ts');
    expect(quiet.stdout).toMatch(/^1 to change, 0 unchanged, 1 skipped/m);
    const verbose = runCli(['--check', '--verbose'], dir);
    expect(verbose.stdout).toMatch(/^skipped\s+lib\/math\.ts\s+nothing Prisma- or database-related in the text$/m);
  });
});

describe('per-file transform options', () => {
  it("gives each file its own package's Prisma major: one run, a Prisma 6 and a Prisma 7 package", () => {
    const construct = readFileSync(join(REPO_ROOT, 'fixtures/demo-app/infra/database.ts'), 'utf8');
    const manifest = (major: number): string =>
      `{ "name": "p${major}", "dependencies": { "@prisma/client": "^${major}.1.0", "@types/aws-lambda": "^8.10.0" } }\n`;
    const dir = makeRepo({
      'packages/v6/package.json': manifest(6),
      'packages/v6/infra/database.ts': construct,
      'packages/v7/package.json': manifest(7),
      'packages/v7/infra/database.ts': construct,
    });
    const result = runCli(['--json', '--transform', 'set-connection-params'], dir);
    expect(result.status).toBe(0);
    // Prisma 6 reads the URL parameters; Prisma 7's driver adapter ignores them (FACTS.md).
    expect(readFileSync(join(dir, 'packages/v6/infra/database.ts'), 'utf8')).toMatch(/const option = '\?[^']*connection_limit=1/);
    expect(readFileSync(join(dir, 'packages/v7/infra/database.ts'), 'utf8')).toBe(construct);
  });
});

describe('the git tree guard', () => {
  it('refuses to write over uncommitted changes, names them, exits 2 and writes nothing', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE, 'lib/math.ts': UNRELATED_MODULE });
    writeFileSync(join(dir, 'lib/math.ts'), `${UNRELATED_MODULE}// edited\n`);
    const result = runCli([], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('refusing to write: uncommitted changes in lib/math.ts');
    expect(result.stdout).toContain('--force');
    // The summary says what would have changed, never that it changed.
    expect(result.stdout).toMatch(/^to change {2}lib\/prisma\.ts {2}add-retry-extension$/m);
    expect(result.stdout).toMatch(
      /^1 would change, 0 unchanged, 1 skipped, 0 failed \(2 files, [\d.]+s\); nothing was written because of the error below$/m,
    );
    expect(result.stdout).not.toMatch(/\bchanged\b/);
    expect(gitStatus(dir)).toBe(' M lib/math.ts\n');
  });

  it('counts untracked and staged files as uncommitted', () => {
    const untracked = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    writeFiles(untracked, { 'lib/new.ts': UNRELATED_MODULE });
    expect(runCli([], untracked).status).toBe(2);

    const staged = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    writeFiles(staged, { 'lib/new.ts': UNRELATED_MODULE });
    git(staged, 'add', 'lib/new.ts');
    expect(runCli([], staged).status).toBe(2);
    expect(readFileSync(join(staged, 'lib/prisma.ts'), 'utf8')).toBe(PRISMA_MODULE);
  });

  it('--force writes anyway', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE, 'lib/math.ts': UNRELATED_MODULE });
    writeFileSync(join(dir, 'lib/math.ts'), `${UNRELATED_MODULE}// edited\n`);
    expect(runCli(['--force'], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8')).toContain('auroraRetry');
  });

  it('a dirty package.json or lockfile does not block writing', () => {
    const dir = makeRepo({
      'package.json': '{ "name": "app", "devDependencies": { "@types/aws-lambda": "^8.10.0" } }\n',
      'package-lock.json': '{}\n',
      'lib/prisma.ts': PRISMA_MODULE,
    });
    writeFileSync(
      join(dir, 'package.json'),
      '{ "name": "app", "dependencies": { "prisma-aurora-fix": "^0.1.0" }, "devDependencies": { "@types/aws-lambda": "^8.10.0" } }\n',
    );
    writeFileSync(join(dir, 'package-lock.json'), '{ "lockfileVersion": 3 }\n');
    writeFiles(dir, { 'pnpm-lock.yaml': 'lockfileVersion: 9\n' });
    const result = runCli([], dir);
    expect(result.status).toBe(0);
    expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8')).toContain('auroraRetry');
  });

  it('only looks at the given paths', () => {
    const dir = makeRepo({ 'app/prisma.ts': PRISMA_MODULE, 'docs/notes.md': '# notes\n' });
    writeFileSync(join(dir, 'docs/notes.md'), '# notes, edited\n');
    expect(runCli(['app'], dir).status).toBe(0);
    expect(gitStatus(dir)).toBe(' M app/prisma.ts\n M docs/notes.md\n');
  });

  it('--dry and --check never need a clean tree', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE, 'lib/math.ts': UNRELATED_MODULE });
    writeFileSync(join(dir, 'lib/math.ts'), `${UNRELATED_MODULE}// edited\n`);
    expect(runCli(['--dry'], dir).status).toBe(0);
    expect(runCli(['--check'], dir).status).toBe(1);
  });

  it('outside a git repository it writes only with --force, and says there is no history to undo with', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE }, { git: false });
    const result = runCli(['--force'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('not inside a git repository');
    expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8')).toContain('auroraRetry');
  });
});

describe('--dry', () => {
  it('prints a unified diff on stdout that git can apply, the summary on stderr, and writes nothing', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const result = runCli(['--dry'], dir);
    expect(result.status).toBe(0);
    expect(gitStatus(dir)).toBe('');
    expect(result.stdout).toMatch(/^--- a\/lib\/prisma\.ts\n\+\+\+ b\/lib\/prisma\.ts\n@@ -\d+(,\d+)? \+\d+(,\d+)? @@/);
    expect(result.stdout).toContain('+export const prisma = new PrismaClient().$extends(auroraRetry()) as unknown as PrismaClient;');
    expect(result.stdout).toContain('-export const prisma = new PrismaClient();');
    expect(result.stderr).toContain('Dry run: nothing written. Apply with: npx prisma-aurora-fix');

    // The diff is a patch: applying it gives what a real run writes.
    execFileSync('git', ['apply', '-'], { cwd: dir, input: result.stdout });
    const patched = readFileSync(join(dir, 'lib/prisma.ts'), 'utf8');
    git(dir, 'checkout', '--', '.');
    expect(runCli([], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8')).toBe(patched);
  });

  it('prints nothing on stdout when there is nothing to fix', () => {
    const dir = makeRepo({ 'lib/math.ts': UNRELATED_MODULE });
    const result = runCli(['--dry'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Dry run: nothing to fix.');
  });
});

describe('--check', () => {
  it('exits 1 when a file would change, writes nothing, and names the command that fixes it', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const result = runCli(['--check', 'lib'], dir);
    expect(result.status).toBe(1);
    expect(gitStatus(dir)).toBe('');
    expect(result.stdout).toContain('1 file needs the fix. Apply it with: npx prisma-aurora-fix lib');
  });

  it('keeps --transform and --vendor in the command it suggests', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const result = runCli(['--check', '--vendor', '--transform', 'add-retry-extension'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Apply it with: npx prisma-aurora-fix --transform add-retry-extension --vendor');
  });

  it('suggests --force when the paths have uncommitted changes (staged files in a pre-commit hook)', () => {
    const dir = makeRepo({ 'lib/prisma.ts': 'export const version = 1;\n' });
    writeFileSync(join(dir, 'lib/prisma.ts'), PRISMA_MODULE);
    execFileSync('git', ['add', 'lib/prisma.ts'], { cwd: dir });
    const result = runCli(['--check', 'lib'], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Apply it with: npx prisma-aurora-fix --force lib');
    expect(result.stdout).toContain('uncommitted changes');
    // The suggested command really applies the fix in that state.
    expect(runCli(['--force', 'lib'], dir).status).toBe(0);
    expect(runCli(['--check', 'lib'], dir).status).toBe(0);
  });

  it('exits 0 once the fix is applied', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    expect(runCli([], dir).status).toBe(0);
    const result = runCli(['--check'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Nothing to fix.');
  });

  it('exits 2, not 1, when a file also failed', () => {
    const dir = makeRepo({
      'lib/prisma.ts': PRISMA_MODULE,
      'lib/broken.ts': 'import { PrismaClient } from "@prisma/client";\nconst = ;\n',
    });
    expect(runCli(['--check'], dir).status).toBe(2);
  });
});

describe('--transform', () => {
  it('runs only the transforms named', () => {
    const source = `import { PrismaClient } from '@prisma/client';\n\nconsole.log(process.env.DATABASE_URL);\n\nexport const prisma = new PrismaClient();\n`;
    const dir = makeRepo({ 'lib/prisma.ts': source });
    const result = runCli(['--json', '--transform', 'add-retry-extension'], dir);
    expect(result.status).toBe(0);
    const report = json(result.stdout);
    expect(report.transforms).toEqual(['add-retry-extension']);
    expect(report.files[0]!.transforms).toEqual(['add-retry-extension']);
    const fixed = readFileSync(join(dir, 'lib/prisma.ts'), 'utf8');
    expect(fixed).toContain('console.log(process.env.DATABASE_URL);');
    expect(fixed).toContain('$extends(auroraRetry())');
  });

  it('applies the transforms in registry order whatever order they are typed in', () => {
    const ids = Object.keys(transforms);
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const result = runCli(['--json', '--dry', '--transform', [...ids].reverse().join(',')], dir);
    expect(json(result.stdout).transforms).toEqual(ids);
  });
});

describe('--json', () => {
  it('reports every file with its status, and exit code, in a stable schema', () => {
    const dir = makeRepo({
      'lib/prisma.ts': PRISMA_MODULE,
      'lib/math.ts': UNRELATED_MODULE,
      'lib/db-config.ts': 'export const databaseName = process.env.DATABASE_NAME ?? "app";\n',
      'lib/broken.ts': 'import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient(;\n',
      'README.md': '# app\n',
    });
    const result = runCli(['--json', '--check'], dir);
    expect(result.status).toBe(2);
    const report = json(result.stdout);
    expect(result.stderr).toBe('');
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'prisma-aurora-fix', version: ownPackage().version },
      mode: 'check',
      transforms: Object.keys(transforms),
      verify: null,
      error: null,
      totals: { files: 4, changed: 1, unchanged: 1, skipped: 1, failed: 1 },
      exitCode: 2,
    });
    const byPath = Object.fromEntries(report.files.map((file) => [file.path, file]));
    expect(byPath['lib/prisma.ts']).toMatchObject({
      status: 'changed',
      transforms: ['add-retry-extension'],
      written: false,
      created: false,
    });
    expect(byPath['lib/db-config.ts']).toMatchObject({ status: 'unchanged', transforms: [] });
    expect(byPath['lib/math.ts']).toMatchObject({ status: 'skipped', quiet: true, reason: expect.stringContaining('nothing Prisma') });
    expect(byPath['lib/broken.ts']).toMatchObject({
      status: 'failed',
      line: 2,
      column: 40,
      reason: expect.stringContaining('cannot parse'),
    });
    expect(byPath['README.md']).toBeUndefined();
    expect(typeof report.elapsedMs).toBe('number');
  });

  it('with --dry, carries each diff; after a write, says what was written', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const dry = json(runCli(['--json', '--dry'], dir).stdout);
    expect(dry.files[0]!.diff).toContain('+++ b/lib/prisma.ts');
    const written = json(runCli(['--json'], dir).stdout);
    expect(written).toMatchObject({ mode: 'write', exitCode: 0, files: [{ path: 'lib/prisma.ts', status: 'changed', written: true }] });
    expect(written.files[0]!.diff).toBeUndefined();
  });

  it('exit code 1 with --check, in the report and of the process', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const result = runCli(['--json', '--check'], dir);
    expect(result.status).toBe(1);
    expect(json(result.stdout).exitCode).toBe(1);
  });

  it('a dirty tree is an error in the report', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE, 'lib/math.ts': UNRELATED_MODULE });
    writeFileSync(join(dir, 'lib/math.ts'), '// edited\n');
    const result = runCli(['--json'], dir);
    expect(result.status).toBe(2);
    const report = json(result.stdout);
    expect(report).toMatchObject({ exitCode: 2, error: expect.stringContaining('refusing to write') });
    expect(report.files.find((file) => file.path === 'lib/prisma.ts')).toMatchObject({ status: 'changed', written: false });
  });
});

describe('failures', () => {
  it('a file that does not parse: file:line:column, left untouched, the rest written, exit 2', () => {
    const broken = 'import { PrismaClient } from "@prisma/client";\n\nexport const prisma = new PrismaClient({ log: [ });\n';
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE, 'lib/broken.ts': broken });
    const result = runCli([], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/^failed\s+lib\/broken\.ts:3:\d+\s+cannot parse: /m);
    expect(result.stdout).toContain('1 file failed (listed above) and was left untouched.');
    expect(readFileSync(join(dir, 'lib/broken.ts'), 'utf8')).toBe(broken);
    expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8')).toContain('auroraRetry');
  });
});

describe('progress', () => {
  const manyFiles = (): Record<string, string> =>
    Object.fromEntries(Array.from({ length: 210 }, (_, index) => [`src/module-${index}.ts`, UNRELATED_MODULE]));

  it('shows [n/total] on a terminal for a large tree, and clears it', () => {
    const dir = makeRepo(manyFiles());
    // script(1) gives the bin a terminal; without one of its own around the test, that terminal
    // reports 0 columns (no progress line: test/cli/progress.test.ts), so give it a width.
    const command = `stty cols 120 rows 24; ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --check`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\[1\/210\] src\/module-/);
    expect(result.stdout).toContain('\r\u001b[2K');
  });

  it('never when stderr is not a terminal', () => {
    const result = runCli(['--check'], makeRepo(manyFiles()));
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('\r');
  });
});

describe('npx from this repository', () => {
  it('`npx prisma-aurora-fix --dry fixtures/demo-app` runs the bin on the bundled demo and writes nothing', () => {
    const snapshot = (): string =>
      execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', 'fixtures/demo-app'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      })
        .split('\0')
        .filter((path) => path !== '')
        .map((path) => `${path}\n${readFileSync(join(REPO_ROOT, path), 'utf8')}`)
        .join('\n');
    const before = snapshot();
    const result = spawnSync('npx', ['--no-install', 'prisma-aurora-fix', '--dry', 'fixtures/demo-app'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('+++ b/fixtures/demo-app/lib/prisma.ts');
    expect(result.stderr).toContain('Dry run: nothing written.');
    expect(snapshot()).toBe(before);
  });
});
