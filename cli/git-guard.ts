import { realpath, unlink } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import type { RunArguments } from './cli-args.js';
import type { Root } from './discover.js';
import { type TreeStatus, gitTreeStatus, gitWorkTree } from './git.js';
import { isProcessGone, temporaryFileWriter } from './temporary-file.js';
import { displayPath } from './file-state.js';

/**
 * Where a writing run may write, and when it must not (docs/writing.md): only inside the
 * repository the run started in, only where git can show and undo the change, and only on a
 * clean tree.
 */

/**
 * The folder a writing run may write under: the git work tree holding the current directory,
 * or, outside git, the current directory itself. Real paths (symbolic links resolved).
 */
export async function writeBoundary(cwd: string): Promise<string> {
  const real = await realpath(cwd);
  const workTree = await gitWorkTree(real);
  return workTree === undefined ? real : await realpath(workTree);
}

/** True when the real path `path` is `boundary` or under it. */
export function isInside(boundary: string, path: string): boolean {
  const rel = relative(boundary, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * A path named on the command line whose real path is outside the boundary (a committed
 * symbolic link to a folder elsewhere, `../other-repo`, an absolute path): writing refuses
 * before reading a file, whatever --force says.
 */
export function refuseOutsideBoundary(roots: readonly Root[], boundary: string): string | undefined {
  const outside = roots.find((root) => !isInside(boundary, root.path));
  if (outside === undefined) return undefined;
  const resolved = outside.path === outside.input ? '' : ` resolves to ${outside.path}, which`;
  return (
    `refusing to write: ${outside.input}${resolved} is outside ${boundary}, the repository this run started in ` +
    '(prisma-aurora-fix never writes outside it, with or without --force). ' +
    'Run it from inside the repository that holds the files, or preview the change with --dry. Nothing was written.'
  );
}

/** Writing without git refuses unless --force: there would be no diff to review and nothing to undo with. */
export async function refuseWithoutGit(args: RunArguments, roots: readonly Root[], cwd: string): Promise<string | undefined> {
  if (args.force) return undefined;
  const workTrees = await Promise.all(roots.map((root) => root.workTree()));
  const untracked = roots.filter((_root, index) => workTrees[index] === undefined);
  if (untracked.length === 0) return undefined;
  return (
    `refusing to write: ${untracked.map((root) => displayPath(cwd, root.path)).join(', ')} ${untracked.length === 1 ? 'is' : 'are'} not inside a git repository, ` +
    'so the fix could not be reviewed with git diff or undone. Put the project under git first ' +
    '(git init && git add -A && git commit -m "before prisma-aurora-fix"), preview the change with --dry, ' +
    'or rerun with --force to write without git. Nothing was written.'
  );
}

/** True when every root is inside a git work tree. */
export async function allInGit(roots: readonly Root[]): Promise<boolean> {
  return !(await Promise.all(roots.map((root) => root.workTree()))).includes(undefined);
}

/**
 * What git reports under the given roots: uncommitted changes (dirty manifests and lockfiles
 * excepted) and our own temporary files.
 */
export async function treeStatus(roots: readonly Root[]): Promise<TreeStatus> {
  const byWorkTree = new Map<string, string[]>();
  const workTrees = await Promise.all(roots.map((root) => root.workTree()));
  for (const [index, root] of roots.entries()) {
    const workTree = workTrees[index];
    if (workTree === undefined) continue;
    byWorkTree.set(workTree, [...(byWorkTree.get(workTree) ?? []), root.path]);
  }
  const status: TreeStatus = { dirty: [], temporaryFiles: [] };
  for (const [workTree, paths] of byWorkTree) {
    const { dirty, temporaryFiles } = await gitTreeStatus(workTree, paths);
    status.dirty.push(...dirty);
    status.temporaryFiles.push(...temporaryFiles);
  }
  return status;
}

/** Files with uncommitted changes under the given roots. */
export async function uncommittedFiles(roots: readonly Root[]): Promise<string[]> {
  return (await treeStatus(roots)).dirty;
}

export function refuseOnDirtyTree(args: RunArguments, dirty: readonly string[], cwd: string): string | undefined {
  if (args.force || dirty.length === 0) return undefined;
  const shown = dirty.slice(0, 5).map((path) => displayPath(cwd, path));
  const more = dirty.length > shown.length ? ` and ${dirty.length - shown.length} more` : '';
  return (
    `refusing to write: uncommitted changes in ${shown.join(', ')}${more}. ` +
    'Commit or stash them first so the fix can be reviewed (and undone) with git, or rerun with --force. Nothing was written.'
  );
}

/**
 * Removes the temporary files a killed run left (their process is gone; a running run's stay):
 * how many. They never counted as changes, so this only tidies up.
 */
export async function removeLeftoverTemporaryFiles(temporaryFiles: readonly string[]): Promise<number> {
  let removed = 0;
  for (const path of temporaryFiles) {
    if (!isProcessGone(temporaryFileWriter(path)!)) continue;
    try {
      await unlink(path);
      removed += 1;
    } catch {
      // removed meanwhile
    }
  }
  return removed;
}
