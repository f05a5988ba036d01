import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

/**
 * Helpers for the CLI tests: they run the real bin (`node dist/cli/bin.js`) the way a
 * user would, in temporary git repositories.
 */

export const REPO_ROOT = join(import.meta.dirname, '../..');
export const CLI = join(REPO_ROOT, 'dist/cli/bin.js');

const SOURCE_FOLDERS = ['codemods', 'analysis', 'runtime', 'rules'];

function newestSourceTime(): number {
  let newest = 0;
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const folder of SOURCE_FOLDERS) if (existsSync(join(REPO_ROOT, folder))) visit(join(REPO_ROOT, folder));
  return newest;
}

const isBuilt = (): boolean => existsSync(CLI) && statSync(CLI).mtimeMs >= newestSourceTime();

/**
 * Builds the package (`scripts/build.mjs`, what `npm run build` runs: tsc alone would leave the
 * runtime unbundled) when dist/ is older than the sources.
 * `npm test` builds first, so this only works when a test file runs on its own. Test files
 * run in parallel: a lock folder makes one of them build while the others wait.
 */
export function ensureBuilt(): void {
  if (isBuilt()) return;
  const lock = join(REPO_ROOT, '.tmp/cli-build.lock');
  mkdirSync(dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (isBuilt()) return;
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts/build.mjs')], { cwd: REPO_ROOT, encoding: 'utf8' });
    if (result.status !== 0 || !existsSync(CLI)) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin in `cwd` with `args`; colours and update checks off. */
export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 240_000,
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const temporaryDirs: string[] = [];

export function makeTempDir(prefix = 'prisma-aurora-fix-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args],
    { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/**
 * A package deployed to Lambda (it depends on `@types/aws-lambda`): the CLI fixes only what the
 * rules report, and the Lambda-only rules report only in Lambda code (docs/lambda-scope.md).
 */
export const LAMBDA_PACKAGE_JSON = `${JSON.stringify({ name: 'app', private: true, devDependencies: { '@types/aws-lambda': '^8.10.150' } }, null, 2)}\n`;

/**
 * A temp folder holding `files`, committed to a fresh git repository unless `git: false`.
 * Without a `package.json` of its own it gets LAMBDA_PACKAGE_JSON (`lambda: false`: none).
 */
export function makeRepo(files: Record<string, string | Buffer>, options: { git?: boolean; lambda?: boolean } = {}): string {
  const dir = makeTempDir();
  const withManifest =
    options.lambda === false || Object.keys(files).some((path) => path === 'package.json')
      ? files
      : { 'package.json': LAMBDA_PACKAGE_JSON, ...files };
  writeFiles(dir, withManifest);
  if (options.git !== false) {
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
  }
  return dir;
}

/** `git status --porcelain`: '' when the run left the tree as committed. */
export function gitStatus(dir: string): string {
  return git(dir, 'status', '--porcelain', '--untracked-files=all');
}

/** A Prisma module with blank lines, comments and a tail the fix does not touch (line-ending and byte-level tests). */
export const PRISMA_MODULE_WITH_TAIL = `import { PrismaClient } from '@prisma/client';

// One client per container.
export const prisma = new PrismaClient();

export function ping() {
  return prisma.$queryRaw\`SELECT 1\`;
}
`;

/** A Prisma module the add-retry-extension transform changes. */
export const PRISMA_MODULE = `import { PrismaClient } from '@prisma/client';

export const prisma = new PrismaClient();
`;

/** A file with nothing any transform looks for (the prefilter skips it). */
export const UNRELATED_MODULE = `export function add(a: number, b: number): number {
  return a + b;
}
`;

/** The lines of a file that changed between two texts, for asserting "only this changed". */
export function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const beforeLines = before.split('\n');
  const afterLines = after.split('\n');
  return {
    removed: beforeLines.filter((line) => !afterLines.includes(line)),
    added: afterLines.filter((line) => !beforeLines.includes(line)),
  };
}

/**
 * A SHA-256 of every file under `dir` (a link: of its target path), by relative path, `.git`
 * left out: equal before and after a run means the run wrote nothing there.
 */
export function checksums(dir: string): Record<string, string> {
  const sums: Record<string, string> = {};
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.name === '.git') continue;
      if (entry.isDirectory()) visit(path);
      else {
        const content = lstatSync(path).isSymbolicLink() ? `link:${readlinkSync(path)}` : readFileSync(path);
        sums[relative(dir, path)] = createHash('sha256').update(content).digest('hex');
      }
    }
  };
  visit(dir);
  return sums;
}
