import { lstat, realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FileState } from './file-state.js';
import { isInside } from './git-guard.js';

/** Writing the changed files, atomically, the vendored runtime first. */

/**
 * The atomic writer, loaded when a run writes (a `--check` hook never does): kept here so an
 * interrupt can remove its pending temporary files synchronously.
 */
export let atomicWrite: typeof import('./atomic-write.js') | undefined;

/** Writes every changed file whose folder is, symbolic links resolved, inside `boundary` (cli/git-guard.ts). */
export async function writeChanges(changed: FileState[], boundary: string): Promise<void> {
  atomicWrite ??= await import('./atomic-write.js');
  const { ChangedOnDiskError, writeFileAtomic } = atomicWrite;
  // The vendored runtime first: an interrupted run never leaves an import of a missing file.
  const ordered = [...changed].sort((a, b) => Number(b.transforms.includes('vendor')) - Number(a.transforms.includes('vendor')));
  for (const state of ordered) {
    // The roots were checked before the run; this catches a folder swapped for a link since.
    const folder = await realpath(dirname(state.path)).catch(() => undefined);
    if (folder === undefined || !isInside(boundary, folder)) {
      state.status = 'failed';
      state.reason = `outside the repository this run started in (${boundary}) once links are resolved: not written`;
      continue;
    }
    if (state.original !== undefined && (state.original.mode & 0o222) === 0) {
      state.status = 'failed';
      state.reason = `read-only file (mode ${(state.original.mode & 0o777).toString(8).padStart(3, '0')}): not written; make it writable (chmod u+w) and rerun`;
      continue;
    }
    // A rename gives the path a new inode: the file's other hard links would keep the old text.
    const links = state.original === undefined ? 1 : ((await lstat(state.path).catch(() => undefined))?.nlink ?? 1);
    if (links > 1) {
      state.status = 'failed';
      state.reason = `hard-linked file (${links} links): replacing it would leave the other name${links > 2 ? 's' : ''} with the old text; not written. Apply the change by hand (--dry shows it), or make this name a file of its own (cp, then mv over it) and rerun`;
      continue;
    }
    try {
      await writeFileAtomic(state.path, state.afterBytes!, state.original);
      state.written = true;
    } catch (error) {
      state.status = 'failed';
      state.reason =
        error instanceof ChangedOnDiskError
          ? 'changed on disk during the run: not written; rerun the command'
          : `cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    }
  }
}
