import { execFile, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';

/**
 * A throwaway project that uses prisma-aurora-fix the way a user's repository does: the package
 * comes from this repository's `npm pack` tarball (so the tests see exactly what would be
 * published, not the sources), unpacked into the project's node_modules. Everything else the
 * project "installs" (eslint, husky, lint-staged, the package's own dependencies) is a symlink
 * into this repository's node_modules: the tests stay fast and need no network. Only the
 * declared dependencies of the tarball are linked, so a dependency missing from package.json
 * fails here as it would for a user. (test/docs/readme-commands.test.ts also runs one real
 * `npm install` of the tarball.)
 */

export const ROOT = join(import.meta.dirname, '../..');
const ROOT_MODULES = join(ROOT, 'node_modules');
const execFileAsync = promisify(execFile);

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr, in the order they arrived. */
  output: string;
}

/**
 * The environment children run in: this process's, without anything that would make git or a
 * hook manager act on another repository (GIT_DIR and friends leak in when the suite itself
 * runs inside a git hook) or skip hooks (HUSKY=0).
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('GIT_') || key === 'HUSKY' || key.startsWith('VITEST') || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return { ...env, FORCE_COLOR: '0', NO_COLOR: '1', ...extra };
}

/** Runs `command` through `sh -c` in `cwd`, never throwing: the exit code is part of the result. */
export function runShell(command: string, cwd: string, env: NodeJS.ProcessEnv = cleanEnv(), timeoutMs = 120_000): Promise<CommandResult> {
  return runProcess('sh', ['-c', command], cwd, env, timeoutMs);
}

export function runProcess(
  file: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = cleanEnv(),
  timeoutMs = 120_000,
): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      output += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out after ${timeoutMs} ms: ${file} ${args.join(' ')} (in ${cwd})\n${output}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? (signal ? 128 : 1), stdout, stderr, output });
    });
  });
}

let tarballPromise: Promise<string> | undefined;

/**
 * `npm pack` of this repository, once per test file. Scripts are skipped: `npm test` builds
 * dist/ before vitest starts, and rebuilding it here would race the other suites reading it.
 */
export function packedTarball(): Promise<string> {
  tarballPromise ??= (async () => {
    const destination = mkdtempSync(join(tmpdir(), 'paf-pack-'));
    process.once('exit', () => rmSync(destination, { recursive: true, force: true }));
    const { stdout } = await execFileAsync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], {
      cwd: ROOT,
      env: cleanEnv(),
      maxBuffer: 64 * 1024 * 1024,
    });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
    if (!packed) throw new Error('npm pack printed no package');
    return join(destination, packed.filename);
  })();
  return tarballPromise;
}

interface Manifest {
  name?: string;
  version?: string;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

function binEntries(packageName: string, manifest: Manifest): Array<[string, string]> {
  if (typeof manifest.bin === 'string') return [[packageName.split('/').pop()!, manifest.bin]];
  return Object.entries(manifest.bin ?? {});
}

export interface UserProject {
  dir: string;
  /** Runs a shell command in the project (node_modules/.bin is not on PATH: use npx, as users do). */
  sh(command: string, options?: { env?: Record<string, string>; timeoutMs?: number }): Promise<CommandResult>;
  /** Runs git in the project; throws on a non-zero exit. */
  git(...args: string[]): Promise<string>;
  write(path: string, text: string): void;
  read(path: string): string;
  remove(): void;
}

export interface UserProjectOptions {
  /** Files to create, by relative path. */
  files?: Record<string, string>;
  /** A folder whose contents become the project (copied before `files` are written). */
  copyFrom?: string;
  /** Packages the user installed next to prisma-aurora-fix, linked from this repository's node_modules. */
  devDependencies?: string[];
  /** Make it a git repository with a local identity (no commit yet). */
  git?: boolean;
  /** Skip installing prisma-aurora-fix (for a project that installs it some other way). */
  withoutPackage?: boolean;
  /** Unpack prisma-aurora-fix without linking its dependencies (proves what needs none). */
  withoutDependencies?: boolean;
  /**
   * Packages installed under another name in this repository, by the name the project sees:
   * `{ eslint: 'eslint9' }` gives the project ESLint 9 as `eslint` (as `npm i -D eslint@9` would).
   */
  aliases?: Record<string, string>;
}

/** Links `name` (this repository's `sourceName`) into `modulesDir`. */
function linkPackage(modulesDir: string, name: string, sourceName = name): Manifest {
  const source = join(ROOT_MODULES, sourceName);
  if (!existsSync(join(source, 'package.json'))) {
    throw new Error(`${name} is not installed in ${ROOT_MODULES}: add it to devDependencies (the hook tests link it from there)`);
  }
  const target = join(modulesDir, name);
  mkdirSync(dirname(target), { recursive: true });
  if (!existsSync(target)) symlinkSync(source, target, 'dir');
  return readManifest(source);
}

function linkBins(modulesDir: string, name: string, manifest: Manifest): void {
  const binDir = join(modulesDir, '.bin');
  mkdirSync(binDir, { recursive: true });
  for (const [binName, binPath] of binEntries(name, manifest)) {
    const target = join(modulesDir, name, binPath);
    chmodSync(target, 0o755); // as npm does for bin targets when it installs a package
    const link = join(binDir, binName);
    if (!existsSync(link)) symlinkSync(relative(binDir, target), link);
  }
}

export async function createUserProject(options: UserProjectOptions = {}): Promise<UserProject> {
  const dir = mkdtempSync(join(tmpdir(), 'paf-user-'));
  if (options.copyFrom) cpSync(options.copyFrom, dir, { recursive: true });
  const modulesDir = join(dir, 'node_modules');
  mkdirSync(modulesDir, { recursive: true });

  const devDependencies: Record<string, string> = {};
  if (!options.withoutPackage) {
    const tarball = await packedTarball();
    const packageDir = join(modulesDir, 'prisma-aurora-fix');
    mkdirSync(packageDir, { recursive: true });
    await execFileAsync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
    const manifest = readManifest(packageDir);
    // npm 7+ installs the peer dependencies that are not optional (eslint) as it installs the package.
    const requiredPeers = Object.keys(manifest.peerDependencies ?? {}).filter(
      (name) => manifest.peerDependenciesMeta?.[name]?.optional !== true,
    );
    for (const dependency of options.withoutDependencies ? [] : [...Object.keys(manifest.dependencies ?? {}), ...requiredPeers]) {
      const linked = linkPackage(modulesDir, dependency, options.aliases?.[dependency]);
      linkBins(modulesDir, dependency, linked);
    }
    linkBins(modulesDir, 'prisma-aurora-fix', manifest);
    devDependencies['prisma-aurora-fix'] = `file:${tarball}`;
  }
  for (const name of options.devDependencies ?? []) {
    const manifest = linkPackage(modulesDir, name, options.aliases?.[name]);
    linkBins(modulesDir, name, manifest);
    devDependencies[name] = manifest.version ?? '*';
  }

  const manifestPath = join(dir, 'package.json');
  const existing = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>) : {};
  const merged = {
    name: 'user-project',
    version: '1.0.0',
    private: true,
    type: 'module',
    ...existing,
    devDependencies: { ...((existing.devDependencies as Record<string, string> | undefined) ?? {}), ...devDependencies },
  };
  writeFileSync(manifestPath, `${JSON.stringify(merged, null, 2)}\n`);
  if (!existsSync(join(dir, '.gitignore'))) writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');

  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }

  const project: UserProject = {
    dir,
    sh: (command, shOptions = {}) => runShell(command, dir, cleanEnv(shOptions.env), shOptions.timeoutMs),
    async git(...args) {
      const result = await runProcess('git', args, dir);
      if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed (${result.code}):\n${result.output}`);
      return result.stdout;
    },
    write(path, text) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };

  if (options.git) {
    await project.git('init', '--quiet', '--initial-branch=main');
    await project.git('config', 'user.name', 'Test User');
    await project.git('config', 'user.email', 'test@example.com');
    await project.git('config', 'commit.gpgsign', 'false');
  }
  return project;
}

/** Copies this working tree as `git clone` would give it: tracked and not-ignored files, no .git. */
export async function copyWorkingTree(target: string): Promise<void> {
  const { stdout } = await execFileAsync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    env: cleanEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const path of new Set(stdout.split('\0').filter(Boolean))) {
    if (!existsSync(join(ROOT, path))) continue; // deleted in the working tree, not yet in git
    mkdirSync(dirname(join(target, path)), { recursive: true });
    cpSync(join(ROOT, path), join(target, path), { verbatimSymlinks: true });
  }
}

/** Makes `dir` a git repository with a local identity and everything in it committed. */
export async function commitAll(dir: string, message: string): Promise<void> {
  for (const args of [
    ['init', '--quiet', '--initial-branch=main'],
    ['config', 'user.name', 'Test User'],
    ['config', 'user.email', 'test@example.com'],
    ['add', '-A'],
    ['commit', '--quiet', '--no-verify', '-m', message],
  ]) {
    const result = await runProcess('git', args, dir);
    if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}:\n${result.output}`);
  }
}
