import { type Dirent } from 'node:fs';
import { lstat, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { gitListFiles, gitWorkTree } from './git.js';
import type { GitignoreRules } from './gitignore.js';
import { TRANSFORMABLE_EXTENSIONS } from '../codemods/lib/transform.js';
import { NON_SOURCE_DIRECTORIES, nonSourceDirectoryOf } from '../analysis/source-scope.js';
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

/** A JavaScript or TypeScript source (not a declaration file), or a Prisma schema (the schema rules' language). */
export function isTransformablePath(path: string): boolean {
  const name = basename(path).toLowerCase();
  if (/\.d\.[cm]?ts$/.test(name)) return false;
  return (TRANSFORMABLE_EXTENSIONS as readonly string[]).includes(extname(name)) || isPrismaSchemaPath(name);
}

function isInSkippedDirectory(root: string, path: string): boolean {
  return nonSourceDirectoryOf(relative(root, path)) !== undefined;
}

export async function discoverFiles(inputPaths: readonly string[], cwd: string): Promise<Discovery> {
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
      throw new UsageError(`no such file or directory: ${input}`);
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

  const found = new Set<string>();
  for (const root of roots) {
    if (!root.isDirectory) {
      found.add(root.path);
      continue;
    }
    const listed = (await root.workTree()) !== undefined ? await gitListFiles(root.path) : await walk(root.path);
    for (const path of listed) {
      if (!isInSkippedDirectory(root.path, path) && isTransformablePath(path)) found.add(path);
    }
  }
  for (const link of explicitSymlinks) found.add(link);

  const files: Candidate[] = [];
  const skipped: DiscoveredSkip[] = [];
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
      skipped.push({ path, reason: 'not a JavaScript, TypeScript or Prisma schema file', quiet: true });
    } else {
      files.push({ path });
    }
  }
  return { roots, files, skipped };
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

/** The fallback outside git: every file under `root` that no .gitignore on the way ignores. */
async function walk(root: string): Promise<string[]> {
  const files: string[] = [];
  const visit = async (dir: string, rules: GitignoreRules): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder
    }
    let localRules = rules;
    if (entries.some((entry) => entry.name === '.gitignore' && entry.isFile())) {
      const content = await readFile(join(dir, '.gitignore'), 'utf8').catch(() => '');
      localRules = rules.withFile(relative(root, dir).split(sep).join('/'), content);
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const relativePath = relative(root, path).split(sep).join('/');
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
  await visit(root, new Rules());
  return files;
}
