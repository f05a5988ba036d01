import { type Dirent } from 'node:fs';
import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { gitListFiles, gitWorkTree } from './git.js';
import type { GitignoreRules } from './gitignore.js';
import { type PathGlob, ignorePatternMatcher, pathGlob } from './path-patterns.js';
import { TRANSFORMABLE_EXTENSIONS } from '../codemods/lib/transform.js';
import { NON_SOURCE_DIRECTORIES, nonSourceDirectoryOf } from '../analysis/source-scope.js';
import { isDotenvPath } from '../analysis/dotenv/dotenv-files.js';
import { isPrismaSchemaPath } from '../analysis/prisma-schema/schema-files.js';

/**
 * Which files a run looks at. Inside a git work tree git answers (tracked files plus
 * untracked files no ignore rule excludes); elsewhere a walk that reads .gitignore files.
 * Either way folders of dependencies and build output are never entered, declaration files
 * are left out, and symbolic links are reported rather than followed.
 */

export interface Root {
  /** The path as typed on the command line. */
  input: string;
  /** Absolute, symbolic links resolved. */
  path: string;
  isDirectory: boolean;
  /** For a glob typed as a path (`'src/**\/*.ts'`): `path` is its static folder, and only matching files count. */
  glob?: PathGlob;
  /**
   * The git work tree holding it, if any. Asked on first use: for a file named on the command
   * line only a write or a diff needs it, and a `--check` hook that finds nothing to do should
   * not start a `git` process per folder.
   */
  workTree(): Promise<string | undefined>;
}

export interface Candidate {
  path: string;
}

export interface DiscoveredSkip {
  path: string;
  reason: string;
  /** Quiet skips are counted but listed only with --verbose. */
  quiet: boolean;
}

export interface Discovery {
  roots: Root[];
  files: Candidate[];
  skipped: DiscoveredSkip[];
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A JavaScript or TypeScript module (not a declaration file), a dotenv file (`.env`,
 * `.env.production`), or a Prisma schema: the languages the rules lint (analysis/file-language.ts).
 */
export function isTransformablePath(path: string): boolean {
  if (isDotenvPath(path)) return true;
  const name = basename(path).toLowerCase();
  if (/\.d\.[cm]?ts$/.test(name)) return false;
  return (TRANSFORMABLE_EXTENSIONS as readonly string[]).includes(extname(name)) || isPrismaSchemaPath(name);
}

function isInSkippedDirectory(root: string, path: string): boolean {
  return nonSourceDirectoryOf(relative(root, path)) !== undefined;
}

export async function discoverFiles(
  inputPaths: readonly string[],
  cwd: string,
  ignorePatterns: readonly string[] = [],
): Promise<Discovery> {
  // Asked once per folder: a pre-commit hook passes many files, mostly from a few folders, and
  // each question is a `git` process (~10-20 ms).
  const workTreeByDir = new Map<string, Promise<string | undefined>>();
  const workTreeOf = (dir: string): Promise<string | undefined> => {
    let workTree = workTreeByDir.get(dir);
    if (workTree === undefined) {
      workTree = gitWorkTree(dir);
      workTreeByDir.set(dir, workTree);
    }
    return workTree;
  };
  const roots: Root[] = [];
  const explicitSymlinks: string[] = [];
  for (const input of inputPaths) {
    const absolute = resolve(cwd, input);
    let info;
    try {
      info = await lstat(absolute);
    } catch {
      // Not a path: maybe a glob (one a shell did not expand, or that was quoted).
      const glob = pathGlob(input);
      if (glob === undefined) throw new UsageError(`no such file or directory: ${input}`);
      const base = await realDirectory(resolve(cwd, glob.base));
      if (base === undefined) throw new UsageError(noFilesMatching(input));
      roots.push({ input, path: base, isDirectory: true, glob, workTree: () => workTreeOf(base) });
      continue;
    }
    if (info.isSymbolicLink()) {
      let target;
      try {
        target = await stat(absolute);
      } catch {
        throw new UsageError(`broken symbolic link: ${input}`);
      }
      if (!target.isDirectory()) {
        // A linked file named on the command line is reported like any other link.
        explicitSymlinks.push(absolute);
        continue;
      }
    }
    const real = await realpath(absolute);
    const isDirectory = (await stat(real)).isDirectory();
    const dir = isDirectory ? real : resolve(real, '..');
    roots.push({ input, path: real, isDirectory, workTree: () => workTreeOf(dir) });
  }

  const realCwd = await realpath(cwd);
  const ignoredBy = ignorePatternMatcher(ignorePatterns, realCwd);
  const found = new Set<string>();
  const skipped: DiscoveredSkip[] = [];
  for (const root of roots) {
    if (!root.isDirectory) {
      // Named on the command line: listed as skipped, as ESLint warns about an ignored file it is given.
      const pattern = ignoredBy(root.path);
      if (pattern === undefined) found.add(root.path);
      else skipped.push({ path: root.path, reason: `ignored by --ignore-pattern ${pattern}`, quiet: false });
      continue;
    }
    const listed = (await root.workTree()) !== undefined ? await gitListFiles(root.path) : await walk(root.path, realCwd);
    let matched = 0;
    for (const path of listed) {
      if (isInSkippedDirectory(root.path, path) || !isTransformablePath(path)) continue;
      if (root.glob !== undefined && !root.glob.matches(relative(root.path, path).split(sep).join('/'))) continue;
      if (ignoredBy(path) !== undefined) continue;
      found.add(path);
      matched += 1;
    }
    if (root.glob !== undefined && matched === 0) throw new UsageError(await noGlobMatchMessage(root.input, root.path, root.glob));
  }
  for (const link of explicitSymlinks) found.add(link);

  const files: Candidate[] = [];
  for (const path of [...found].sort()) {
    let info;
    try {
      info = await lstat(path);
    } catch {
      continue; // tracked but deleted
    }
    if (info.isSymbolicLink()) {
      skipped.push({ path, reason: await describeSymlink(path, roots), quiet: false });
    } else if (!info.isFile()) {
      continue; // a submodule or a nested repository git lists as an entry
    } else if (!isTransformablePath(path)) {
      skipped.push({ path, reason: 'not a JavaScript, TypeScript, dotenv or Prisma schema file', quiet: true });
    } else {
      files.push({ path });
    }
  }
  return { roots, files, skipped };
}

/** The real path of a folder, or undefined when there is none. */
async function realDirectory(path: string): Promise<string | undefined> {
  try {
    const real = await realpath(path);
    return (await stat(real)).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

/** ESLint's words for a glob that matches no file. */
const noFilesMatching = (pattern: string): string => `No files matching the pattern "${pattern}" were found.`;

/**
 * Why a glob gave no file to check: nothing matches it at all, or everything that matches is
 * ignored (ESLint says the same two things). Asked only on this error path: it walks the folder
 * again without any ignore rule.
 */
async function noGlobMatchMessage(pattern: string, base: string, glob: PathGlob): Promise<string> {
  const { glob: expand } = await import('tinyglobby');
  const anyMatch = (await expand(glob.pattern, { cwd: base, dot: true, onlyFiles: true, followSymbolicLinks: false })).some((path) =>
    isTransformablePath(path),
  );
  return anyMatch
    ? `All files matched by "${pattern}" are ignored: .gitignore, --ignore-pattern, dependencies (node_modules), build output and declaration files are never checked.`
    : `${noFilesMatching(pattern)} Quote a glob (so the shell does not expand it) and give it relative to the current directory, e.g. 'src/**/*.ts'.`;
}

async function describeSymlink(path: string, roots: readonly Root[]): Promise<string> {
  let target;
  try {
    target = await realpath(path);
  } catch {
    return 'broken symbolic link: not followed';
  }
  const inside = roots.some((root) => root.isDirectory && (target === root.path || target.startsWith(root.path + sep)));
  return inside
    ? `symbolic link to ${target}: the link is left alone, the file it points to is fixed in place`
    : `symbolic link to ${target}, outside the given paths: not followed`;
}

/**
 * The fallback outside git: every file under `root` that no .gitignore on the way ignores. As
 * git reads the .gitignore files above a folder it is given, so does this, from the current
 * directory down (`src` or `'src/**\/*.ts'` leaves out what `./.gitignore` ignores in src).
 */
async function walk(root: string, cwd: string): Promise<string[]> {
  // Paths are matched relative to `top`, where the .gitignore files are first read.
  const top = root === cwd || root.startsWith(cwd + sep) ? cwd : root;
  const files: string[] = [];
  const relativeToTop = (path: string): string => relative(top, path).split(sep).join('/');
  const withGitignoreOf = async (dir: string, rules: GitignoreRules): Promise<GitignoreRules> => {
    const content = await readFile(join(dir, '.gitignore'), 'utf8').catch(() => undefined);
    return content === undefined ? rules : rules.withFile(relativeToTop(dir), content);
  };
  const visit = async (dir: string, rules: GitignoreRules): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder
    }
    const localRules = entries.some((entry) => entry.name === '.gitignore' && entry.isFile()) ? await withGitignoreOf(dir, rules) : rules;
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const relativePath = relativeToTop(path);
      if (entry.isDirectory()) {
        if (NON_SOURCE_DIRECTORIES.has(entry.name) || localRules.ignores(relativePath, true)) continue;
        await visit(path, localRules);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && !localRules.ignores(relativePath, false)) {
        files.push(path);
      }
    }
  };
  // Loaded here: inside a git work tree (the usual case) git applies the ignore rules.
  const { GitignoreRules: Rules } = await import('./gitignore.js');
  let rules: GitignoreRules = new Rules();
  for (let dir = top; dir !== root; dir = join(dir, relative(dir, root).split(sep)[0]!)) rules = await withGitignoreOf(dir, rules);
  await visit(root, rules);
  return files;
}
