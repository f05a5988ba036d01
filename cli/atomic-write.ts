import { unlinkSync } from 'node:fs';
import { chmod, chown, open, readFile, rename, unlink } from 'node:fs/promises';
import { temporaryPathFor } from './temporary-file.js';

/**
 * Writes that are all-or-nothing: the new content goes to a temporary file in the same
 * folder (same file system, so `rename` is atomic), is flushed to disk, gets the original's
 * mode and owner, and replaces the original by `rename`. A process killed at any point leaves
 * either the old file or the new one, never half of each; an interrupted run removes its
 * temporary file (see `removePendingTemporaryFiles`); one a SIGKILL leaves is known by its name
 * (cli/temporary-file.ts) and removed by the next writing run.
 *
 * `rename` gives the path a new inode, so a file with more than one hard link would be split
 * (the other names keep the old text): cli/write-changes.ts does not write such a file.
 */

const pendingTemporaryFiles = new Set<string>();

export class ChangedOnDiskError extends Error {
  constructor(path: string) {
    super(`${path} changed on disk while prisma-aurora-fix ran; not written. Rerun the command.`);
    this.name = 'ChangedOnDiskError';
  }
}

export interface OriginalFile {
  /** The bytes read before transforming: the file is only replaced if it still holds them. */
  bytes: Buffer;
  mode: number;
  uid: number;
  gid: number;
}

/** Replaces `path` with `content` atomically; `original` undefined creates a new file. */
export async function writeFileAtomic(path: string, content: string, original: OriginalFile | undefined): Promise<void> {
  const temporaryPath = temporaryPathFor(path);
  pendingTemporaryFiles.add(temporaryPath);
  try {
    // 'wx': never reuse or follow an existing path.
    const handle = await open(temporaryPath, 'wx', original === undefined ? 0o666 : original.mode & 0o777);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (original !== undefined) {
      // open()'s mode is filtered by the umask; the original mode is what the user chose.
      await chmod(temporaryPath, original.mode & 0o7777);
      if (typeof process.getuid === 'function' && process.getuid() === 0) {
        await chown(temporaryPath, original.uid, original.gid).catch(() => undefined);
      }
      const current = await readFile(path);
      if (!current.equals(original.bytes)) throw new ChangedOnDiskError(path);
    }
    await rename(temporaryPath, path);
    pendingTemporaryFiles.delete(temporaryPath);
  } catch (error) {
    await unlink(temporaryPath).catch(() => undefined);
    pendingTemporaryFiles.delete(temporaryPath);
    throw error;
  }
}

/** Called on SIGINT/SIGTERM: no temporary file outlives an interrupted run. */
export function removePendingTemporaryFiles(): void {
  for (const path of pendingTemporaryFiles) {
    try {
      // Synchronous: the process is about to exit.
      unlinkSync(path);
    } catch {
      // already renamed or removed
    }
  }
  pendingTemporaryFiles.clear();
}
