import type { Range } from '../ast/range.js';
import type { PrismaLauncher, WordPart } from './prisma-command-line.js';

/** What the migration-spawn detection reports, for the rule's message and the transform's rewrite. */

/** The function that starts the process. */
export type SpawnApi =
  | 'execFile'
  | 'execFileSync'
  | 'exec'
  | 'execSync'
  | 'spawn'
  | 'spawnSync'
  | 'fork'
  | 'execa'
  | 'execaSync'
  | 'execaNode'
  | 'execaCommand'
  | 'execaCommandSync'
  | '$'
  | '$.sync';

/** How the caller learns the exit status. */
export type ExitStyle =
  /** A Node callback `(error, stdout, stderr)`: execFile/exec with a callback. */
  | 'callback'
  /** A promise that rejects on a non-zero exit: promisified execFile/exec, execa, zx. */
  | 'promise'
  /** Returns when the process has ended: execSync/execFileSync throw, spawnSync returns a status. */
  | 'sync'
  /** A ChildProcess whose events tell: spawn, fork, execFile/exec without a callback. */
  | 'child-process';

/**
 * A piece of a command line as written: an expression to copy (`spread`: it stands for
 * several entries), text with run-time parts, or the running Node binary (`fork`,
 * `execaNode`: `process.execPath`).
 */
export type CommandPiece = { source: Range; spread?: boolean } | { template: WordPart[] } | { nodeBinary: true };

/**
 * What the Prisma CLI receives. `verbatim`: an expression (an array, `[...].concat(options)`,
 * a variable) that is exactly Prisma's argv. `items`: the entries one by one, then the
 * arguments of a trailing `.concat(...)`.
 */
export type PrismaArgs = { verbatim: Range } | { items: CommandPiece[]; concat: Range[] };

/** What makes the spawn retried. */
export interface RetryEvidence {
  kind:
    /** A call of a retry function (`withRetry`, `pRetry`, `backOff`, `runMigration`) taking a function that spawns. */
    | 'wrapper'
    /** A loop that catches failure and waits before the next attempt. */
    | 'loop'
    /** A function that waits and calls itself again on failure. */
    | 'recursion';
  /** The retry call, loop or function. */
  range: Range;
}

export interface MigrationSpawn {
  /** The spawning call (or tagged template). */
  range: Range;
  /** The callee (or tag), for a precise report location. */
  calleeRange: Range;
  api: SpawnApi;
  exit: ExitStyle;
  /** The migration run: `db push`, `migrate deploy`, `migrate reset`, `migrate …` (sub-command known at run time), `…` (all of it). */
  command: string;
  launcher: PrismaLauncher;
  /** The launcher gets options of its own (`node --inspect cli`, `npx prisma@5`): see PrismaInvocation. */
  launcherOptions: boolean;
  /**
   * The argv before Prisma's own arguments: the program and its arguments up to the CLI
   * (`[process.execPath-or-cliJs]`, `['npx', '--yes', 'prisma']`, `['node', cliJs]`).
   * Undefined when a piece of it is only known at run time as a list.
   */
  launch: CommandPiece[] | undefined;
  /** Prisma's argv, when it can be written as a `string[]` expression; undefined when the line needs a shell. */
  args: PrismaArgs | undefined;
  /** The line needs a shell (`cd x && npx prisma ...`, redirections, variables). */
  usesShell: boolean;
  /** The options object argument (env, cwd, stdio, ...). */
  options: Range | undefined;
  /** The exit callback argument of execFile/exec. */
  callback: Range | undefined;
  /** Every argument of the call, in order. */
  argumentRanges: Range[];
  /** The retry around the spawn, or undefined when nothing retries it. */
  retry: RetryEvidence | undefined;
}

export interface MigrationSpawnOptions {
  /** Extra callee names that retry the function they are given (besides `/retry|backoff/i` and `runMigration`). */
  retryFunctionNames?: readonly string[];
}
