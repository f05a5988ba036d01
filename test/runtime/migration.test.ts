/**
 * runMigration with a real child process: fixtures/fake-prisma-cli.mjs prints what the Prisma
 * CLI prints (FACTS.md, "Migrations") for N runs, then succeeds.
 */
import { execFile, type ExecFileException } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  MIGRATION_DEFAULTS,
  MigrationError,
  isDatabaseUnreachableOutput,
  runMigration,
  type MigrationLogEntry,
  type RetryEvent,
  type RunMigrationOptions,
} from '../../runtime/index.js';

const FAKE_CLI = fileURLToPath(new URL('./fixtures/fake-prisma-cli.mjs', import.meta.url));
const PASSWORD = 'S3cr@t/pw';
const DATABASE_URL = `postgresql://app:${encodeURIComponent(PASSWORD)}@db.internal:5432/app?sslmode=require`;

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-migration-'));
  tempDirs.push(dir);
  return dir;
}

interface FakeRun {
  options: RunMigrationOptions;
  logs: MigrationLogEntry[];
  runs: () => number;
}

function fakeCli(
  env: { failures?: number; failure?: string; sleepMs?: number; exitCode?: number },
  options: Partial<RunMigrationOptions> = {},
): FakeRun {
  const dir = tempDir();
  const stateFile = join(dir, 'runs');
  const logs: MigrationLogEntry[] = [];
  return {
    logs,
    runs: () => {
      try {
        return Number(readFileSync(stateFile, 'utf8'));
      } catch {
        return 0;
      }
    },
    options: {
      args: ['migrate', 'deploy'],
      command: [process.execPath, FAKE_CLI],
      databaseUrl: DATABASE_URL,
      baseDelayMs: 20,
      env: {
        PATH: process.env['PATH'],
        FAKE_CLI_STATE: stateFile,
        FAKE_CLI_FAILURES: String(env.failures ?? 0),
        FAKE_CLI_FAILURE: env.failure ?? 'rust-p1001',
        FAKE_CLI_SLEEP_MS: String(env.sleepMs ?? 0),
        FAKE_CLI_EXIT_CODE: String(env.exitCode ?? 1),
      },
      logger: (entry) => logs.push(entry),
      ...options,
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<MigrationError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MigrationError);
    return error as MigrationError;
  }
  throw new Error('expected runMigration to fail');
}

/** The fake CLI's process id, from its `pid N` line; then whether that process is gone. */
function expectCliProcessGone(logs: MigrationLogEntry[]): void {
  const pid = Number(logs.find((entry) => entry.line?.startsWith('pid '))?.line?.slice(4));
  expect(pid).toBeGreaterThan(0);
  expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
}

const events = (logs: MigrationLogEntry[]): string[] =>
  logs.filter((entry) => entry.event !== 'migration-output').map((entry) => `${entry.event}#${entry.attempt}`);

describe('runMigration', () => {
  it('retries the Rust engine P1001 output, then succeeds', async () => {
    const fake = fakeCli({ failures: 2, failure: 'rust-p1001' });
    const retries: RetryEvent[] = [];
    const result = await runMigration({ ...fake.options, onRetry: (event) => retries.push(event) });
    expect(result.attempts).toBe(3);
    expect(fake.runs()).toBe(3);
    expect(result.output).toContain('All migrations have been successfully applied.');
    expect(events(fake.logs)).toEqual([
      'migration-attempt#1',
      'migration-attempt-failed#1',
      'migration-retry#1',
      'migration-attempt#2',
      'migration-attempt-failed#2',
      'migration-retry#2',
      'migration-attempt#3',
      'migration-succeeded#3',
    ]);
    // Exponential, no jitter: 20 ms, then 40 ms.
    expect(fake.logs.filter((entry) => entry.event === 'migration-retry').map((entry) => entry.delayMs)).toEqual([20, 40]);
    expect(retries.map(({ attempt, kind, code, operation }) => ({ attempt, kind, code, operation }))).toEqual([
      { attempt: 1, kind: 'unreachable', code: 'P1001', operation: 'migrate deploy' },
      { attempt: 2, kind: 'unreachable', code: 'P1001', operation: 'migrate deploy' },
    ]);
  });

  it.each(['wasm-unreachable', 'starting-up', 'refused'])('retries the %s output', async (failure) => {
    const fake = fakeCli({ failures: 1, failure });
    const result = await runMigration(fake.options);
    expect(result.attempts).toBe(2);
  });

  it.each(['auth', 'migration-error'])('stops at once on a %s failure (not retryable)', async (failure) => {
    const fake = fakeCli({ failures: 5, failure });
    const error = await rejection(runMigration(fake.options));
    expect(error.reason).toBe('failed');
    expect(error.attempts).toBe(1);
    expect(error.exitCode).toBe(1);
    expect(fake.runs()).toBe(1);
    expect(error.output).toMatch(failure === 'auth' ? /P1000/ : /P3018/);
    expect(events(fake.logs)).toEqual(['migration-attempt#1', 'migration-attempt-failed#1', 'migration-failed#1']);
  });

  it('carries the exit as execFile gives it: the real exit code, the signal, stdout and stderr apart', async () => {
    const fake = fakeCli({ failures: 5, failure: 'migration-error', exitCode: 3 });
    const error = await rejection(runMigration(fake.options));
    const direct = await new Promise<ExecFileException>((resolve) => {
      execFile(
        fake.options.command![0]!,
        [...fake.options.command!.slice(1), ...fake.options.args],
        { env: { ...fake.options.env, DATABASE_URL: 'postgresql://localhost/app' } },
        (failure) => resolve(failure!),
      );
    });
    expect({ code: error.code, signal: error.signal, killed: error.killed }).toEqual({
      code: direct.code,
      signal: direct.signal,
      killed: direct.killed,
    });
    expect(error.code).toBe(3);
    expect(error.exitCode).toBe(3);
    expect(error.status).toBe(3);
    expect(error.stderr).toMatch(/^Error: P3018/);
    expect(error.stderr).not.toContain('Prisma schema loaded');
    expect(error.stdout).toContain('Prisma schema loaded from prisma/schema.prisma');
    expect(error.stdout).not.toContain('P3018');
    expect(error.stdout).not.toContain(PASSWORD);
  });

  it('names the spawn error code as execFile does when the program cannot start', async () => {
    const fake = fakeCli({});
    const error = await rejection(runMigration({ ...fake.options, command: [join(tempDir(), 'no-such-program')] }));
    expect(error.code).toBe('ENOENT');
    expect(error.exitCode).toBeNull();
  });

  it('returns stdout and stderr apart, and leaves the output lines unlogged with logOutput: false', async () => {
    const fake = fakeCli({ failures: 1 }, { logOutput: false });
    const result = await runMigration(fake.options);
    expect(result.stdout).toContain('All migrations have been successfully applied.');
    expect(result.stderr).toBe('');
    expect(fake.logs.filter((entry) => entry.event === 'migration-output')).toEqual([]);
    expect(events(fake.logs)).toEqual([
      'migration-attempt#1',
      'migration-attempt-failed#1',
      'migration-retry#1',
      'migration-attempt#2',
      'migration-succeeded#2',
    ]);
  });

  it('gives up after maxRetries', async () => {
    const fake = fakeCli({ failures: 10 }, { maxRetries: 2 });
    const error = await rejection(runMigration(fake.options));
    expect(error.reason).toBe('retries-exhausted');
    expect(error.attempts).toBe(3);
    expect(fake.runs()).toBe(3);
    expect(error.message).toMatch(/could not reach the database in 3 attempts/);
  });

  it('ends the budget before the Lambda does: no retry that would end past it', async () => {
    // 5 s left, 2 s kept for reporting: a 10 s wait cannot fit.
    const fake = fakeCli(
      { failures: 10 },
      { baseDelayMs: 10_000, lambdaContext: { getRemainingTimeInMillis: () => 5_000 }, safetyMarginMs: 2_000 },
    );
    const error = await rejection(runMigration(fake.options));
    expect(error.reason).toBe('budget-exhausted');
    expect(fake.runs()).toBe(1);
  });

  it('kills a CLI still running when the budget ends', async () => {
    const fake = fakeCli({ sleepMs: 60_000 }, { deadline: Date.now() + 3_000 });
    const started = Date.now();
    const error = await rejection(runMigration(fake.options));
    expect(error.reason).toBe('budget-exhausted');
    expect(error.message).toMatch(/the CLI was stopped/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(fake.logs.at(-1)).toMatchObject({ event: 'migration-failed', reason: 'budget-exhausted' });
    expectCliProcessGone(fake.logs);
    // As execFile's error tells a process it stopped: no exit code, the signal, killed.
    expect({ code: error.code, exitCode: error.exitCode, signal: error.signal, killed: error.killed }).toEqual({
      code: null,
      exitCode: null,
      signal: 'SIGTERM',
      killed: true,
    });
  });

  it('stops on abort while the CLI runs (and kills it) and while waiting to retry', async () => {
    const running = fakeCli({ sleepMs: 60_000 });
    const controller = new AbortController();
    const error = await rejection(
      runMigration({
        ...running.options,
        signal: controller.signal,
        logger: (entry) => {
          running.logs.push(entry);
          // Once the CLI is surely running (it printed its pid).
          if (entry.line?.startsWith('pid ')) controller.abort(new Error('stack deletion'));
        },
      }),
    );
    expect(error.reason).toBe('aborted');
    expect(error.cause).toEqual(new Error('stack deletion'));
    expectCliProcessGone(running.logs);

    const waiting = fakeCli({ failures: 10 }, { baseDelayMs: 60_000 });
    const waitController = new AbortController();
    const started = Date.now();
    const pending = runMigration({
      ...waiting.options,
      signal: waitController.signal,
      logger: (entry) => {
        if (entry.event === 'migration-retry') waitController.abort();
      },
    });
    const waitError = await rejection(pending);
    expect(waitError.reason).toBe('aborted');
    expect(waiting.runs()).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);

    const before = fakeCli({});
    const beforeError = await rejection(runMigration({ ...before.options, signal: AbortSignal.abort() }));
    expect(beforeError.reason).toBe('aborted');
    expect(beforeError.attempts).toBe(0);
    expect(before.runs()).toBe(0);
  });

  it('redacts the connection string from every log line and from the error', async () => {
    const fake = fakeCli({ failures: 1, failure: 'migration-error' }, { args: ['db', 'push', `--url=${DATABASE_URL}`] });
    const error = await rejection(runMigration(fake.options));
    const everything = JSON.stringify(fake.logs) + error.message + error.output + String(error.stack);
    expect(fake.logs.some((entry) => entry.line?.startsWith('using postgresql://[redacted]@db.internal:5432/app'))).toBe(true);
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), 'app:S3cr']) expect(everything).not.toContain(secret);
    expect(fake.logs[0]!.command).toBe('prisma db push --url=postgresql://[redacted]@db.internal:5432/app?sslmode=require');
  });

  it('streams the output as it comes, one entry per line, before the attempt ends', async () => {
    const fake = fakeCli({ failures: 1 });
    await runMigration(fake.options);
    const firstAttempt = fake.logs.slice(
      0,
      fake.logs.findIndex((entry) => entry.event === 'migration-attempt-failed'),
    );
    expect(firstAttempt.filter((entry) => entry.event === 'migration-output').map((entry) => `${entry.stream}: ${entry.line}`)).toEqual([
      'stdout: Prisma schema loaded from prisma/schema.prisma',
      'stdout: Datasource "db": PostgreSQL database "app", schema "public" at "127.0.0.1:5432"',
      'stdout: args: migrate deploy',
      'stdout: using postgresql://[redacted]@db.internal:5432/app?sslmode=require',
      expect.stringMatching(/^stdout: pid \d+$/),
      "stderr: Error: P1001: Can't reach database server at `127.0.0.1:5432`",
      'stderr: ',
      'stderr: Please make sure your database server is running at `127.0.0.1:5432`.',
    ]);
    expect(fake.logs.every((entry) => typeof entry.elapsedMs === 'number' && entry.command === 'prisma migrate deploy')).toBe(true);
  });

  it('logs one JSON object per line to stdout by default', async () => {
    const fake = fakeCli({});
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await runMigration({ ...fake.options, logger: undefined });
      const lines = log.mock.calls.map((call) => String(call[0]));
      expect(lines.length).toBeGreaterThan(2);
      for (const line of lines) expect(JSON.parse(line)).toHaveProperty('event');
      expect(lines.join('\n')).not.toContain(encodeURIComponent(PASSWORD));
    } finally {
      log.mockRestore();
    }
  });

  it('finds node_modules/prisma/build/index.js from cwd upwards by default', async () => {
    const project = tempDir();
    mkdirSync(join(project, 'node_modules/prisma/build'), { recursive: true });
    copyFileSync(FAKE_CLI, join(project, 'node_modules/prisma/build/index.js'));
    const cwd = join(project, 'dist/handlers');
    mkdirSync(cwd, { recursive: true });
    const fake = fakeCli({}, { command: undefined, cwd });
    const result = await runMigration(fake.options);
    expect(result.attempts).toBe(1);
    expect(result.output).toContain('args: migrate deploy');

    const empty = tempDir();
    const error = await rejection(runMigration({ ...fake.options, cwd: empty }));
    expect(error.reason).toBe('failed');
    expect(error.message).toMatch(/Cannot find the Prisma CLI .* ship the `prisma` package/);
  });

  it('reports a command that cannot start', async () => {
    const fake = fakeCli({}, { command: ['/nonexistent/prisma-aurora-fix-test/prisma'], args: ['db', 'push', `--url=${DATABASE_URL}`] });
    const error = await rejection(runMigration(fake.options));
    expect(error.reason).toBe('failed');
    expect(error.message).toMatch(/could not start/);
    expect(error.cause).toMatchObject({ code: 'ENOENT' });
    expect(JSON.stringify(error.cause, Object.getOwnPropertyNames(error.cause))).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('defaults to five attempts, 3 s apart and doubling, without jitter', () => {
    expect(MIGRATION_DEFAULTS).toMatchObject({ maxRetries: 4, baseDelayMs: 3_000, jitter: 'none' });
  });
});

describe('isDatabaseUnreachableOutput', () => {
  it.each([
    ["Error: P1001: Can't reach database server at `db:5432`", true],
    ["Error: Can't reach database server at `db:5432`\n\nPlease make sure your database server is running at `db:5432`.", true],
    ['Error: connect ECONNREFUSED 10.0.0.1:5432', true],
    ['FATAL: the database system is starting up', true],
    ['Error: P1000: Authentication failed against database server', false],
    ['Error: P3018\nA migration failed to apply.', false],
    ['Error: P1003: Database `app` does not exist', false],
  ])('%s -> %s', (output, expected) => {
    expect(isDatabaseUnreachableOutput(output)).toBe(expected);
  });
});
