import type { FileState } from './file-state.js';

/** Writing the changed files, atomically, the vendored runtime first. */

/**
 * The atomic writer, loaded when a run writes (a `--check` hook never does): kept here so an
 * interrupt can remove its pending temporary files synchronously.
 */
export let atomicWrite: typeof import('./atomic-write.js') | undefined;

export async function writeChanges(changed: FileState[]): Promise<void> {
  atomicWrite ??= await import('./atomic-write.js');
  const { ChangedOnDiskError, writeFileAtomic } = atomicWrite;
  // The vendored runtime first: an interrupted run never leaves an import of a missing file.
  const ordered = [...changed].sort((a, b) => Number(b.transforms.includes('vendor')) - Number(a.transforms.includes('vendor')));
  for (const state of ordered) {
    if (state.original !== undefined && (state.original.mode & 0o222) === 0) {
      state.status = 'failed';
      state.reason = `read-only file (mode ${(state.original.mode & 0o777).toString(8).padStart(3, '0')}): not written; make it writable (chmod u+w) and rerun`;
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
