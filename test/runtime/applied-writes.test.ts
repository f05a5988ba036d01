/**
 * The unit-of-work ledger on its own: what `withRetry` sees of the writes an extended client
 * records. The same paths through real Prisma clients and a real PostgreSQL are in
 * fault-scenarios.ts ("withRetry units of work").
 */
import { describe, expect, it } from 'vitest';
import { withRetry } from '../../runtime/index.js';
import {
  currentUnitOfWorkAttempt,
  failedWriteMayHaveApplied,
  markTransactionNotCommitted,
  trackWrite,
  unitOfWorkStorage,
} from '../../runtime/applied-writes.js';

const idleSessionError = (): Error =>
  Object.assign(new Error('Database error. Code: `57P05`. Message: `terminating connection due to idle-session timeout`'), {
    name: 'PrismaClientKnownRequestError',
    code: 'P2039',
  });
const connectionLostError = (): Error => new Error('Connection terminated unexpectedly');
const uniqueViolation = (): Error =>
  Object.assign(new Error('Unique constraint failed'), { name: 'PrismaClientKnownRequestError', code: 'P2002' });

/** What the extension does for one write outside a transaction: run it, record its outcome. */
function write(outcome: 'commits' | Error): Promise<string> {
  const attempt = currentUnitOfWorkAttempt();
  return trackWrite(outcome === 'commits' ? Promise.resolve('row') : Promise.reject(outcome), attempt);
}

async function settle(promise: Promise<unknown>): Promise<void> {
  await promise.catch(() => undefined);
}

describe('failedWriteMayHaveApplied', () => {
  it.each([
    ['an idle-session error (never sent)', idleSessionError(), false],
    ['a unique violation (the server refused it)', uniqueViolation(), false],
    ['a connection lost mid-request', connectionLostError(), true],
    ['an error nobody can read', new Error('socket hang up?'), true],
  ])('%s: %s', (_name, error, expected) => {
    expect(failedWriteMayHaveApplied(error)).toBe(expected);
  });

  it('a transaction marked as rolled back did not apply', () => {
    const error = connectionLostError();
    expect(failedWriteMayHaveApplied(error)).toBe(true);
    markTransactionNotCommitted(error);
    expect(failedWriteMayHaveApplied(error)).toBe(false);
  });
});

describe('withRetry and the writes of an attempt', () => {
  it('runs the unit again when nothing of the failed attempt was applied', async () => {
    let runs = 0;
    const result = await withRetry(
      async () => {
        runs += 1;
        if (runs === 1) throw idleSessionError();
        return write('commits');
      },
      { baseDelayMs: 1 },
    );
    expect(result).toBe('row');
    expect(runs).toBe(2);
  });

  it('does not run the unit again once one of its writes committed', async () => {
    let runs = 0;
    const unit = withRetry(
      async () => {
        runs += 1;
        await write('commits');
        // A transaction that rolled back: retryable on its own, not after the write above.
        const error = connectionLostError();
        markTransactionNotCommitted(error);
        throw error;
      },
      { baseDelayMs: 1 },
    );
    await expect(unit).rejects.toThrow('Connection terminated unexpectedly');
    expect(runs).toBe(1);
  });

  it('counts a write that failed in a way that may have applied it, even when the unit caught it', async () => {
    let runs = 0;
    const unit = withRetry(
      async () => {
        runs += 1;
        await settle(write(connectionLostError()));
        throw idleSessionError();
      },
      { baseDelayMs: 1 },
    );
    await expect(unit).rejects.toThrow(/57P05/);
    expect(runs).toBe(1);
  });

  it('does not count a write the server refused or that was never sent', async () => {
    let runs = 0;
    await withRetry(
      async () => {
        runs += 1;
        await settle(write(uniqueViolation()));
        await settle(write(idleSessionError()));
        if (runs === 1) throw idleSessionError();
      },
      { baseDelayMs: 1 },
    );
    expect(runs).toBe(2);
  });

  it('runs the unit again after applied writes when it is declared idempotent (retryWrites: true)', async () => {
    let runs = 0;
    await withRetry(
      async () => {
        runs += 1;
        await write('commits');
        if (runs === 1) throw connectionLostError();
      },
      { baseDelayMs: 1, retryWrites: true },
    );
    expect(runs).toBe(2);
  });

  it('starts each attempt with a clean ledger', async () => {
    const seen: number[] = [];
    let runs = 0;
    await withRetry(
      async () => {
        runs += 1;
        seen.push(currentUnitOfWorkAttempt()!.writesApplied);
        if (runs < 3) throw idleSessionError();
        await write('commits');
      },
      { baseDelayMs: 1 },
    );
    expect(seen).toEqual([0, 0, 0]);
  });

  it('a write inside a nested withRetry is applied for the enclosing unit too', async () => {
    let outerRuns = 0;
    const unit = withRetry(
      async () => {
        outerRuns += 1;
        await withRetry(() => write('commits'), { baseDelayMs: 1 });
        throw idleSessionError();
      },
      { baseDelayMs: 1 },
    );
    await expect(unit).rejects.toThrow(/57P05/);
    expect(outerRuns).toBe(1);
  });

  it('keeps concurrent units apart', async () => {
    const runs = { writer: 0, reader: 0 };
    let release!: () => void;
    const bothStarted = new Promise<void>((resolve) => (release = resolve));
    const writer = withRetry(
      async () => {
        runs.writer += 1;
        await write('commits');
        await bothStarted;
        throw connectionLostError();
      },
      { baseDelayMs: 1, retryWrites: 'unsent' },
    );
    const reader = withRetry(
      async () => {
        runs.reader += 1;
        release();
        if (runs.reader === 1) throw idleSessionError();
        return 'read';
      },
      { baseDelayMs: 1 },
    );
    await expect(writer).rejects.toThrow();
    await expect(reader).resolves.toBe('read');
    expect(runs).toEqual({ writer: 1, reader: 2 });
  });

  it('outside withRetry there is no attempt and a write records nothing', async () => {
    expect(currentUnitOfWorkAttempt()).toBeUndefined();
    await expect(write('commits')).resolves.toBe('row');
  });

  it('shares one storage between copies of the runtime (ESM, CommonJS, vendored) through globalThis', async () => {
    const storage = await unitOfWorkStorage();
    expect(await unitOfWorkStorage()).toBe(storage);
    expect(
      (globalThis as Record<symbol, { unitOfWorkStorage?: unknown }>)[Symbol.for('prisma-aurora-fix.retry-state.v1')]?.unitOfWorkStorage,
    ).toBe(storage);
  });
});
