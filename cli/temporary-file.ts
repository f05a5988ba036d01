import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * The name of the atomic writer's temporary file (cli/atomic-write.ts), and how to know one
 * again: `.<name>.<pid>.<8 hex>.prisma-aurora-fix.tmp` beside the file it replaces. A run
 * killed with SIGKILL cannot remove it; the next run's dirty-tree check does not count it as
 * a change of the user's, and a writing run removes those whose process is gone.
 */

const TEMPORARY_FILE_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.prisma-aurora-fix\.tmp$/;

export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.prisma-aurora-fix.tmp`);
}

/** The id of the process that made this temporary file, or undefined when the name is not one of ours. */
export function temporaryFileWriter(path: string): number | undefined {
  const match = TEMPORARY_FILE_NAME.exec(basename(path));
  return match === null ? undefined : Number(match[1]);
}

/** True when the process `pid` is gone (a temporary file of a running run is not a leftover). */
export function isProcessGone(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
