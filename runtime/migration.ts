/**
 * `runMigration()`: runs the Prisma CLI (`migrate deploy`, `db push`, any arguments) as a child
 * process, e.g. in a CDK custom resource or a migration Lambda, and runs it again when the
 * database could not be reached yet (Aurora Serverless v2 resuming from 0 ACU), within a time
 * budget that ends before the Lambda's own timeout. Every line it logs and every error it
 * throws has its connection strings redacted.
 *
 * This is the only runtime module that touches Node's process APIs, and it loads them when
 * `runMigration` is called, so importing the runtime into a query Lambda costs nothing.
 */
import { backoffDelayMs, sleep } from './retry.js';
import { resolveRetryOptions } from './options.js';
import type { RetryOptions } from './options.js';
import { redactConnectionStrings, secretsOfConnectionString } from './redact.js';

/** One structured log line. Never contains a connection string's credentials. */
export interface MigrationLogEntry {
  level: 'info' | 'warn' | 'error';
  event:
    'migration-attempt' | 'migration-output' | 'migration-attempt-failed' | 'migration-retry' | 'migration-succeeded' | 'migration-failed';
  /** `prisma migrate deploy`: the CLI arguments, redacted. */
  command: string;
  attempt: number;
  /** Milliseconds since `runMigration` started. */
  elapsedMs: number;
  stream?: 'stdout' | 'stderr';
  line?: string;
  exitCode?: number | null;
  exitSignal?: string | null;
  delayMs?: number;
  reason?: MigrationFailureReason;
  message?: string;
}

export type MigrationFailureReason =
  /** The CLI failed for a reason a retry cannot fix (a bad migration, wrong password, ...). */
  | 'failed'
  /** The database stayed unreachable for every attempt. */
  | 'retries-exhausted'
  /** The time budget ran out (before a retry, or with the CLI still running: it was killed). */
  | 'budget-exhausted'
  /** `signal` aborted (the CLI, if running, was killed). */
  | 'aborted';

export interface RunMigrationOptions extends Omit<RetryOptions, 'retryWrites'> {
  /** The Prisma CLI arguments, e.g. `['migrate', 'deploy']` or `['db', 'push', '--skip-generate']`. */
  args: readonly string[];
  /**
   * The program to run and its first arguments. Default: Node running the Prisma CLI's
   * `node_modules/prisma/build/index.js`, looked up from `cwd` upwards (the migration Lambda
   * must ship the `prisma` package).
   */
  command?: readonly string[] | undefined;
  /** Default: `LAMBDA_TASK_ROOT` on Lambda, else `process.cwd()`. */
  cwd?: string | undefined;
  /** The child's environment. Default: `process.env`. */
  env?: Record<string, string | undefined> | undefined;
  /** Sets `DATABASE_URL` for the child (and is redacted everywhere). */
  databaseUrl?: string | undefined;
  /** The Lambda context: the budget ends `safetyMarginMs` before its remaining time does. */
  lambdaContext?: { getRemainingTimeInMillis(): number } | undefined;
  /** Time kept free at the end of the Lambda's time to report the failure (e.g. to CloudFormation). Default 10000. */
  safetyMarginMs?: number | undefined;
  /** Receives each structured log entry. Default: one JSON line per entry on stdout. */
  logger?: ((entry: MigrationLogEntry) => void) | undefined;
  /**
   * Whether each line the CLI prints is logged (a `migration-output` entry). Default true.
   * False when the caller prints the output itself from the result or the error, so it is not
   * logged twice (the codemod sets it where the spawn it replaced captured the output).
   */
  logOutput?: boolean | undefined;
}

export interface MigrationResult {
  attempts: number;
  elapsedMs: number;
  /** The successful attempt's output (stdout and stderr lines as they came), redacted. */
  output: string;
  /** The successful attempt's stdout, redacted: what `execFile` hands its callback. */
  stdout: string;
  /** The successful attempt's stderr, redacted. */
  stderr: string;
}

/** How the last attempt's process ended, as `execFile`'s error tells it. */
export interface MigrationExit {
  exitCode: number | null;
  signal: string | null;
  /** Whether runMigration stopped the CLI (time budget, abort). */
  killed: boolean;
  stdout: string;
  stderr: string;
  /** The spawn error's code (`ENOENT`) when the program could not start. */
  spawnErrorCode?: string | undefined;
}

/**
 * Defaults like the usual hand-written fix: five attempts, 3 s, 6 s, 12 s, 24 s apart (no
 * jitter: one process, nothing to spread), within 14 minutes (Lambda's limit is 15).
 */
export const MIGRATION_DEFAULTS = Object.freeze({
  maxRetries: 4,
  baseDelayMs: 3_000,
  maxDelayMs: 60_000,
  maxElapsedMs: 14 * 60_000,
  retryWrites: false,
  jitter: 'none',
  safetyMarginMs: 10_000,
} as const);

/**
 * A failed `runMigration`. Its message and output are redacted. Besides its own fields it
 * carries the fields of the error `execFile`/`exec` (and their promisified forms) and
 * `execSync` give for the last attempt, so code written against those reads the same values:
 * `code` (the exit code, or the spawn error's code such as `ENOENT`), `signal`, `killed`,
 * `stdout`, `stderr`, and `status` (execSync's name for the exit code).
 */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  readonly reason: MigrationFailureReason;
  readonly attempts: number;
  /** The last attempt's exit code; null when it did not exit by itself (a signal, or no attempt ran). */
  readonly exitCode: number | null;
  /** The end of the last attempt's output (stdout and stderr lines as they came), redacted. */
  readonly output: string;
  readonly code: number | string | null;
  readonly status: number | null;
  readonly signal: string | null;
  readonly killed: boolean;
  readonly stdout: string;
  readonly stderr: string;

  constructor(
    message: string,
    details: { reason: MigrationFailureReason; attempts: number; output: string; exit?: MigrationExit | undefined; cause?: unknown },
  ) {
    super(message);
    // What `super(message, { cause })` does, written out: that overload needs lib ES2022, and
    // a vendored copy compiles under the user's lib.
    if (details.cause !== undefined) Object.defineProperty(this, 'cause', { value: details.cause, writable: true, configurable: true });
    const exit = details.exit;
    this.reason = details.reason;
    this.attempts = details.attempts;
    this.output = details.output;
    this.exitCode = exit?.exitCode ?? null;
    this.status = this.exitCode;
    this.code = exit?.spawnErrorCode ?? this.exitCode;
    this.signal = exit?.signal ?? null;
    this.killed = exit?.killed ?? false;
    this.stdout = exit?.stdout ?? '';
    this.stderr = exit?.stderr ?? '';
  }
}

/**
 * True when Prisma CLI output says the database could not be reached (FACTS.md, "Migrations"):
 * the Rust schema engine's `Error: P1001: Can't reach database server at ...`, the wasm
 * engine's code-less `Error: Can't reach database server at ...`, a refused connection, or a
 * server still starting up (57P03). Anything else (a failed migration, P1000 wrong password,
 * P1003 unknown database, P3xxx) is not retried.
 */
export function isDatabaseUnreachableOutput(output: string): boolean {
  return (
    /\bP1001\b/.test(output) ||
    /Can't reach database server/i.test(output) ||
    /\bECONNREFUSED\b|\bconnection refused\b/i.test(output) ||
    /\b57P03\b|the database system is starting up/i.test(output)
  );
}

const OUTPUT_TAIL_CHARS = 8_000;
const KILL_GRACE_MS = 2_000;

interface AttemptOutcome {
  exitCode: number | null;
  exitSignal: string | null;
  output: string;
  stdout: string;
  stderr: string;
  /** Why we killed it, if we did. */
  killedFor: 'budget' | 'abort' | undefined;
  spawnError: Error | undefined;
}

function defaultLogger(entry: MigrationLogEntry): void {
  console.log(JSON.stringify(entry));
}

function collectSecrets(options: RunMigrationOptions, env: Record<string, string | undefined>): string[] {
  const secrets = new Set<string>();
  const candidates = [options.databaseUrl, ...Object.values(env), ...options.args, ...(options.command ?? [])];
  for (const value of candidates) {
    if (typeof value !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/|password=/i.test(value)) continue;
    for (const secret of secretsOfConnectionString(value)) secrets.add(secret);
  }
  return [...secrets];
}

async function findPrismaCli(cwd: string): Promise<string | undefined> {
  const { existsSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', 'prisma', 'build', 'index.js');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Runs the Prisma CLI, retrying only while the database is unreachable. Resolves when the CLI
 * exits 0; rejects with a `MigrationError` otherwise.
 */
export async function runMigration(options: RunMigrationOptions): Promise<MigrationResult> {
  const startedAt = Date.now();
  const retry = resolveRetryOptions({ ...options, retryWrites: false }, MIGRATION_DEFAULTS);
  const safetyMarginMs = options.safetyMarginMs ?? MIGRATION_DEFAULTS.safetyMarginMs;
  const log = options.logger ?? defaultLogger;
  const cwd = options.cwd ?? process.env['LAMBDA_TASK_ROOT'] ?? process.cwd();
  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  if (options.databaseUrl !== undefined) env['DATABASE_URL'] = options.databaseUrl;
  const secrets = collectSecrets(options, env);
  const redact = (text: string): string => redactConnectionStrings(text, secrets);
  const commandLabel = redact(`prisma ${options.args.join(' ')}`);

  // The budget: the earliest of maxElapsedMs, the deadline and the Lambda's remaining time.
  const deadlineOption = typeof options.deadline === 'function' ? options.deadline() : options.deadline;
  const lambdaEnd =
    options.lambdaContext === undefined
      ? Number.POSITIVE_INFINITY
      : startedAt + options.lambdaContext.getRemainingTimeInMillis() - safetyMarginMs;
  const budgetEnd = Math.min(startedAt + retry.maxElapsedMs, deadlineOption ?? Number.POSITIVE_INFINITY, lambdaEnd);

  let attempt = 0;
  const emit = (entry: Omit<MigrationLogEntry, 'command' | 'attempt' | 'elapsedMs'>): void => {
    try {
      log({ command: commandLabel, attempt, elapsedMs: Date.now() - startedAt, ...entry });
    } catch {
      // A failing logger must not fail the migration.
    }
  };
  const fail = (message: string, reason: MigrationFailureReason, outcome: AttemptOutcome | undefined, cause?: unknown): never => {
    const redactedMessage = redact(message);
    emit({ level: 'error', event: 'migration-failed', reason, message: redactedMessage, exitCode: outcome?.exitCode ?? null });
    throw new MigrationError(redactedMessage, { reason, attempts: attempt, output: outcome?.output ?? '', exit: exitOf(outcome), cause });
  };

  let command = options.command;
  if (command === undefined) {
    const cli = await findPrismaCli(cwd);
    if (cli === undefined) {
      return fail(
        `Cannot find the Prisma CLI (node_modules/prisma/build/index.js) from ${cwd} upwards: ship the \`prisma\` package with the migration function, or pass runMigration({ command: [...] }).`,
        'failed',
        undefined,
      );
    }
    command = [process.execPath, cli];
  }
  const [program, ...programArgs] = command;
  if (program === undefined) return fail('runMigration: `command` must name a program.', 'failed', undefined);

  for (;;) {
    if (retry.signal?.aborted)
      return fail(`${commandLabel} aborted before attempt ${attempt + 1}.`, 'aborted', undefined, retry.signal.reason);
    if (Date.now() >= budgetEnd) return fail(`${commandLabel}: no time left for attempt ${attempt + 1}.`, 'budget-exhausted', undefined);
    attempt += 1;
    emit({ level: 'info', event: 'migration-attempt' });

    const outcome = await runOnce(program, [...programArgs, ...options.args], {
      cwd,
      env,
      budgetEnd,
      signal: retry.signal,
      redact,
      emit,
      logOutput: options.logOutput !== false,
    });
    const lastLine = outcome.output
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(-3)
      .join(' | ');

    if (outcome.spawnError !== undefined) {
      // Not the raw error as the cause: Node puts the whole command line on it (`spawnargs`).
      const cause = Object.assign(new Error(redact(outcome.spawnError.message)), { code: (outcome.spawnError as { code?: unknown }).code });
      return fail(`${commandLabel} could not start (${program}): ${outcome.spawnError.message}`, 'failed', outcome, cause);
    }
    if (outcome.killedFor === 'abort')
      return fail(`${commandLabel} aborted during attempt ${attempt}; the CLI was stopped.`, 'aborted', outcome, retry.signal?.reason);
    if (outcome.killedFor === 'budget') {
      return fail(
        `${commandLabel} ran out of time during attempt ${attempt} (budget ${budgetEnd - startedAt} ms); the CLI was stopped. Last output: ${lastLine}`,
        'budget-exhausted',
        outcome,
      );
    }
    if (outcome.exitCode === 0) {
      emit({ level: 'info', event: 'migration-succeeded', exitCode: 0 });
      return {
        attempts: attempt,
        elapsedMs: Date.now() - startedAt,
        output: outcome.output,
        stdout: outcome.stdout,
        stderr: outcome.stderr,
      };
    }

    const unreachable = isDatabaseUnreachableOutput(outcome.output);
    emit({
      level: 'warn',
      event: 'migration-attempt-failed',
      exitCode: outcome.exitCode,
      exitSignal: outcome.exitSignal,
      message: lastLine,
    });
    if (!unreachable || outcome.exitSignal !== null) {
      return fail(`${commandLabel} failed (exit ${outcome.exitCode ?? outcome.exitSignal}), not retried: ${lastLine}`, 'failed', outcome);
    }
    if (attempt > retry.maxRetries) {
      return fail(`${commandLabel} could not reach the database in ${attempt} attempts: ${lastLine}`, 'retries-exhausted', outcome);
    }
    const delayMs = backoffDelayMs(attempt, retry);
    if (Date.now() + delayMs >= budgetEnd) {
      return fail(
        `${commandLabel} could not reach the database; the next attempt (in ${delayMs} ms) would start past the time budget: ${lastLine}`,
        'budget-exhausted',
        outcome,
      );
    }
    emit({ level: 'warn', event: 'migration-retry', delayMs });
    try {
      retry.onRetry?.({
        attempt,
        delayMs,
        kind: /\b57P03\b|starting up/i.test(outcome.output) ? 'starting-up' : 'unreachable',
        code: /\bP1001\b/.test(outcome.output) ? 'P1001' : undefined,
        mayHaveReachedServer: false,
        model: undefined,
        operation: redact(options.args.join(' ')),
        elapsedMs: Date.now() - startedAt,
      });
    } catch {
      // As for the logger.
    }
    try {
      await sleep(delayMs, retry.signal);
    } catch (abortReason) {
      return fail(`${commandLabel} aborted while waiting to retry.`, 'aborted', outcome, abortReason);
    }
  }
}

function exitOf(outcome: AttemptOutcome | undefined): MigrationExit | undefined {
  if (outcome === undefined) return undefined;
  const spawnErrorCode = (outcome.spawnError as { code?: unknown } | undefined)?.code;
  return {
    exitCode: outcome.exitCode,
    signal: outcome.exitSignal,
    killed: outcome.killedFor !== undefined,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    spawnErrorCode: typeof spawnErrorCode === 'string' ? spawnErrorCode : undefined,
  };
}

async function runOnce(
  program: string,
  args: string[],
  context: {
    cwd: string;
    env: Record<string, string | undefined>;
    budgetEnd: number;
    signal: AbortSignal | undefined;
    redact: (text: string) => string;
    emit: (entry: Omit<MigrationLogEntry, 'command' | 'attempt' | 'elapsedMs'>) => void;
    logOutput: boolean;
  },
): Promise<AttemptOutcome> {
  const { spawn } = await import('node:child_process');
  return new Promise<AttemptOutcome>((resolve) => {
    let output = '';
    const streams = { stdout: '', stderr: '' };
    let killedFor: AttemptOutcome['killedFor'];
    let spawnError: Error | undefined;
    // A project may declare required keys on ProcessEnv (`NODE_ENV: 'production'`); the child
    // gets exactly the caller's map, so the cast claims nothing the map does not hold.
    const child = spawn(program, args, { cwd: context.cwd, env: context.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });

    const kill = (why: 'budget' | 'abort'): void => {
      if (killedFor !== undefined || child.exitCode !== null) return;
      killedFor = why;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
    };
    const budgetTimer = setTimeout(() => kill('budget'), Math.max(0, context.budgetEnd - Date.now()));
    const onAbort = (): void => kill('abort');
    context.signal?.addEventListener('abort', onAbort, { once: true });

    const pipeLines = (stream: typeof child.stdout, name: 'stdout' | 'stderr'): void => {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (partial + chunk).split(/\r?\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) addLine(line, name);
      });
      stream.on('end', () => {
        if (partial !== '') addLine(partial, name);
      });
    };
    const addLine = (line: string, name: 'stdout' | 'stderr'): void => {
      const redacted = context.redact(line);
      output = (output + redacted + '\n').slice(-OUTPUT_TAIL_CHARS);
      streams[name] = (streams[name] + redacted + '\n').slice(-OUTPUT_TAIL_CHARS);
      if (context.logOutput)
        context.emit({ level: name === 'stderr' ? 'warn' : 'info', event: 'migration-output', stream: name, line: redacted });
    };
    pipeLines(child.stdout, 'stdout');
    pipeLines(child.stderr, 'stderr');

    child.on('error', (error) => {
      spawnError = error;
      // A program that could not start never emits 'close' on every Node version.
      if (child.pid === undefined) finish(null, null);
    });
    let finished = false;
    const finish = (exitCode: number | null, exitSignal: string | null): void => {
      if (finished) return;
      finished = true;
      clearTimeout(budgetTimer);
      context.signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode, exitSignal, output, stdout: streams.stdout, stderr: streams.stderr, killedFor, spawnError });
    };
    child.on('close', finish);
  });
}
