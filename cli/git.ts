import { spawn } from 'node:child_process';
import { basename, relative, resolve, sep } from 'node:path';
import { temporaryFileWriter } from './temporary-file.js';

/** The few git questions the CLI asks. Every call tolerates git being absent. */

interface GitOutput {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function runGit(args: readonly string[], cwd: string): Promise<GitOutput> {
  return new Promise((resolvePromise) => {
    const chunks: Buffer[] = [];
    let stderr = '';
    let child;
    try {
      // No pager, no prompts, no locale surprises in messages.
      child = spawn('git', args, {
        cwd,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch {
      resolvePromise({ code: null, stdout: Buffer.alloc(0), stderr: 'git could not be started' });
      return;
    }
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', () => resolvePromise({ code: null, stdout: Buffer.alloc(0), stderr: 'git is not installed' }));
    child.on('close', (code) => resolvePromise({ code, stdout: Buffer.concat(chunks), stderr }));
  });
}

const splitNul = (buffer: Buffer): string[] =>
  buffer
    .toString('utf8')
    .split('\0')
    .filter((entry) => entry !== '');

/** The work tree `dir` belongs to, or undefined outside a git repository (or without git). */
export async function gitWorkTree(dir: string): Promise<string | undefined> {
  const result = await runGit(['rev-parse', '--show-toplevel'], dir);
  if (result.code !== 0) return undefined;
  const top = result.stdout.toString('utf8').trim();
  return top === '' ? undefined : resolve(top);
}

/**
 * Files under `dir` that git tracks or would track: tracked files plus untracked files
 * that no .gitignore, .git/info/exclude or global excludes file ignores. Absolute paths.
 */
export async function gitListFiles(dir: string): Promise<string[]> {
  const result = await runGit(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], dir);
  if (result.code !== 0) throw new Error(`git ls-files failed in ${dir}: ${result.stderr.trim()}`);
  return [...new Set(splitNul(result.stdout))].map((path) => resolve(dir, path));
}

/** A lockfile or manifest: a dirty one does not block writing (installing is a normal step before a fix). */
const DIRT_ALLOWED = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'bun.lockb',
  'bun.lock',
]);

export interface TreeStatus {
  /** Uncommitted changes, as absolute paths. */
  dirty: string[];
  /** Untracked temporary files of our atomic write (cli/temporary-file.ts): a killed run's, or a running one's. */
  temporaryFiles: string[];
}

/**
 * Uncommitted changes (modified, staged, untracked, unmerged) under `paths` of the work
 * tree, as absolute paths, leaving out manifests, lockfiles and our own temporary files.
 */
export async function gitTreeStatus(workTree: string, paths: readonly string[]): Promise<TreeStatus> {
  const pathspecs = paths.map((path) => {
    const rel = relative(workTree, path);
    return rel === '' ? '.' : rel.split(sep).join('/');
  });
  const result = await runGit(
    ['--literal-pathspecs', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...pathspecs],
    workTree,
  );
  if (result.code !== 0) throw new Error(`git status failed in ${workTree}: ${result.stderr.trim()}`);
  const entries = splitNul(result.stdout);
  const dirty: string[] = [];
  const temporaryFiles: string[] = [];
  for (let index = 0; index < entries.length; index += 1) {
    const entry = entries[index]!;
    const status = entry.slice(0, 2);
    const path = entry.slice(3);
    // A rename or copy is followed by its source path as a separate entry.
    if (status.includes('R') || status.includes('C')) index += 1;
    if (status === '??' && temporaryFileWriter(path) !== undefined) temporaryFiles.push(resolve(workTree, path));
    else if (!DIRT_ALLOWED.has(basename(path))) dirty.push(resolve(workTree, path));
  }
  return { dirty, temporaryFiles };
}
