import type { RunArguments } from './cli-args.js';
import type { Root } from './discover.js';
import { gitDirtyFiles } from './git.js';
import { displayPath } from './file-state.js';

/** The git-tree guard: writing refuses while the given paths have uncommitted changes. */

/** Files with uncommitted changes under the given roots (dirty manifests and lockfiles excepted). */
export async function uncommittedFiles(roots: readonly Root[]): Promise<string[]> {
  const byWorkTree = new Map<string, string[]>();
  const workTrees = await Promise.all(roots.map((root) => root.workTree()));
  for (const [index, root] of roots.entries()) {
    const workTree = workTrees[index];
    if (workTree === undefined) continue;
    byWorkTree.set(workTree, [...(byWorkTree.get(workTree) ?? []), root.path]);
  }
  const dirty: string[] = [];
  for (const [workTree, paths] of byWorkTree) dirty.push(...(await gitDirtyFiles(workTree, paths)));
  return dirty;
}

export async function refuseOnDirtyTree(args: RunArguments, roots: readonly Root[], cwd: string): Promise<string | undefined> {
  if (args.force) return undefined;
  const dirty = await uncommittedFiles(roots);
  if (dirty.length === 0) return undefined;
  const shown = dirty.slice(0, 5).map((path) => displayPath(cwd, path));
  const more = dirty.length > shown.length ? ` and ${dirty.length - shown.length} more` : '';
  return (
    `refusing to write: uncommitted changes in ${shown.join(', ')}${more}. ` +
    'Commit or stash them first so the fix can be reviewed (and undone) with git, or rerun with --force. Nothing was written.'
  );
}
