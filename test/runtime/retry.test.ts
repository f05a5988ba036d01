/**
 * The retry loop and its options, without a database: which errors run again, how often, how
 * long it waits, when it gives up, and what `onRetry` sees. The same loop against real
 * failures is in faults.*.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { RETRY_DEFAULTS, withRetry, type RetryEvent } from '../../runtime/index.js';
import { backoffDelayMs } from '../../runtime/retry.js';
import { resolveRetryOptions } from '../../runtime/options.js';

const idleSessionError = (): Error =>
  Object.assign(new Error('Database error. Code: `57P05`. Message: `terminating connection due to idle-session timeout`'), {
    name: 'PrismaClientKnownRequestError',
    code: 'P2039',
  });
const connectionLostError = (): Error => new Error('Connection terminated unexpectedly');
const uniqueViolation = (): Error =>
  Object.assign(new Error('Unique constraint failed'), { name: 'PrismaClientKnownRequestError', code: 'P2002' });

/** A function failing with `errors` in turn, then returning 'ok'. */
function failing(...errors: Error[]): { fn: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    fn: async () => {
      const error = errors[calls];
      calls += 1;
      if (error !== undefined) throw error;
      return 'ok';
    },
    calls: () => calls,
  };
}

describe('withRetry', () => {
  it('retries transient errors until the function succeeds', async () => {
    const { fn, calls } = failing(idleSessionError(), idleSessionError());
    await expect(withRetry(fn, { baseDelayMs: 1 })).resolves.toBe('ok');
    expect(calls()).toBe(3);
  });

  it('throws anything else at once, unchanged', async () => {
    const error = uniqueViolation();
    const { fn, calls } = failing(error);
    await expect(withRetry(fn, { baseDelayMs: 1 })).rejects.toBe(error);
    expect(calls()).toBe(1);
  });

  it('gives up after maxRetries with the last error itself', async () => {
    const errors = [idleSessionError(), idleSessionError(), idleSessionError()];
    const { fn, calls } = failing(...errors);
    await expect(withRetry(fn, { baseDelayMs: 1, maxRetries: 2 })).rejects.toBe(errors[2]);
    expect(calls()).toBe(3);
  });

  it('maxRetries: 0 is a single attempt', async () => {
    const { fn, calls } = failing(idleSessionError());
    await expect(withRetry(fn, { maxRetries: 0 })).rejects.toThrow(/57P05/);
    expect(calls()).toBe(1);
  });

  it('treats the function as a write: a connection lost mid-request runs again only with retryWrites: true', async () => {
    const strict = failing(connectionLostError());
    await expect(withRetry(strict.fn, { baseDelayMs: 1 })).rejects.toThrow('Connection terminated unexpectedly');
    expect(strict.calls()).toBe(1);

    const lenient = failing(connectionLostError());
    await expect(withRetry(lenient.fn, { baseDelayMs: 1, retryWrites: true })).resolves.toBe('ok');
    expect(lenient.calls()).toBe(2);

    const never = failing(idleSessionError());
    await expect(withRetry(never.fn, { baseDelayMs: 1, retryWrites: false })).rejects.toThrow(/57P05/);
    expect(never.calls()).toBe(1);
  });

  it('reports each retry to onRetry with the attempt, the wait and the kind, never the message', async () => {
    const events: RetryEvent[] = [];
    const { fn } = failing(
      Object.assign(new Error("Can't reach database server at `db.example.com:5432` (postgres://app:hunter2@db.example.com)"), {
        code: 'P1001',
      }),
      idleSessionError(),
    );
    await withRetry(fn, { baseDelayMs: 4, maxDelayMs: 6, operation: 'checkout', onRetry: (event) => events.push(event) });
    expect(
      events.map(({ attempt, kind, code, model, operation, mayHaveReachedServer }) => ({
        attempt,
        kind,
        code,
        model,
        operation,
        mayHaveReachedServer,
      })),
    ).toEqual([
      { attempt: 1, kind: 'unreachable', code: 'P1001', model: undefined, operation: 'checkout', mayHaveReachedServer: false },
      { attempt: 2, kind: 'idle-session-terminated', code: '57P05', model: undefined, operation: 'checkout', mayHaveReachedServer: false },
    ]);
    expect(events[0]!.delayMs).toBeLessThanOrEqual(4);
    expect(events[1]!.delayMs).toBeLessThanOrEqual(6);
    expect(JSON.stringify(events)).not.toMatch(/hunter2|example\.com|postgres:/);
  });

  it('ignores an onRetry that throws', async () => {
    const { fn } = failing(idleSessionError());
    await expect(
      withRetry(fn, {
        baseDelayMs: 1,
        onRetry: () => {
          throw new Error('metrics are down');
        },
      }),
    ).resolves.toBe('ok');
  });

  it('stops when the next wait would pass maxElapsedMs', async () => {
    const error = idleSessionError();
    const fn = vi.fn(async () => {
      throw error;
    });
    await expect(withRetry(fn, { baseDelayMs: 50, maxDelayMs: 50, jitter: 'none', maxRetries: 100, maxElapsedMs: 120 })).rejects.toBe(
      error,
    );
    // Waits of 50 ms: attempts at ~0, ~50, ~100; a fourth would start after 150 > 120.
    expect(fn.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(fn.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it('stops at a deadline (a number or a function asked at each failure)', async () => {
    const first = vi.fn(async () => {
      throw idleSessionError();
    });
    await expect(withRetry(first, { baseDelayMs: 1, deadline: Date.now() - 1 })).rejects.toThrow(/57P05/);
    expect(first).toHaveBeenCalledTimes(1);

    let deadline: number | undefined;
    const second = vi.fn(async () => {
      if (second.mock.calls.length === 2) deadline = Date.now() - 1;
      throw idleSessionError();
    });
    await expect(withRetry(second, { baseDelayMs: 1, maxRetries: 50, deadline: () => deadline })).rejects.toThrow(/57P05/);
    expect(second).toHaveBeenCalledTimes(2);
  });

  it('rejects with the abort reason as soon as the signal aborts during a wait', async () => {
    const controller = new AbortController();
    const fn = vi.fn(async () => {
      setTimeout(() => controller.abort(new Error('shutting down')), 5);
      throw idleSessionError();
    });
    const started = Date.now();
    await expect(
      withRetry(fn, { baseDelayMs: 60_000, maxDelayMs: 60_000, maxElapsedMs: 120_000, jitter: 'none', signal: controller.signal }),
    ).rejects.toThrow('shutting down');
    expect(fn).toHaveBeenCalledTimes(1);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('after an abort, a failed attempt throws its own error and nothing runs again', async () => {
    const controller = new AbortController();
    const error = idleSessionError();
    const fn = vi.fn(async () => {
      controller.abort();
      throw error;
    });
    await expect(withRetry(fn, { baseDelayMs: 1, signal: controller.signal })).rejects.toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const fn = vi.fn(async () => 'ok');
    await expect(withRetry(fn, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('backoff', () => {
  const options = { baseDelayMs: 100, maxDelayMs: 1_000, jitter: 'none' as const };

  it('doubles from baseDelayMs up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map((retry) => backoffDelayMs(retry, options))).toEqual([100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it('full jitter picks a wait between 0 and that bound', () => {
    const full = { ...options, jitter: 'full' as const };
    expect(backoffDelayMs(3, full, () => 0)).toBe(0);
    expect(backoffDelayMs(3, full, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, full, () => 0.999_999)).toBe(400);
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelayMs(4, full);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(800);
    }
  });
});

describe('options', () => {
  it('has its defaults in one place', () => {
    expect(resolveRetryOptions({})).toMatchObject(RETRY_DEFAULTS);
    expect(RETRY_DEFAULTS).toEqual({
      maxRetries: 20,
      baseDelayMs: 100,
      maxDelayMs: 3_000,
      maxElapsedMs: 20_000,
      retryWrites: 'unsent',
      jitter: 'full',
    });
    expect(Object.isFrozen(RETRY_DEFAULTS)).toBe(true);
  });

  it.each([
    [{ maxRetries: -1 }, /maxRetries/],
    [{ baseDelayMs: Number.NaN }, /baseDelayMs/],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, /maxDelayMs/],
    [{ retryWrites: 'sometimes' as never }, /retryWrites/],
    [{ jitter: 'half' as never }, /jitter/],
  ])('rejects %o', (options, message) => {
    expect(() => resolveRetryOptions(options)).toThrow(message);
  });
});
