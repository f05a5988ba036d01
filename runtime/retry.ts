/**
 * The retry loop: exponential backoff with full jitter, a retry budget (count, elapsed time,
 * deadline), the write policy and abort. `withRetry` is the loop for any async function;
 * the Prisma extension (`extension.ts`) runs each operation through the same loop.
 */
import { classifyForRetry, startUnitOfWorkAttempt, unitOfWorkStorage } from './applied-writes.js';
import type { UnitOfWorkAttempt } from './applied-writes.js';
import type { TransientConnectionError } from './classify.js';
import { resolveRetryOptions } from './options.js';
import type { ResolvedRetryOptions, RetryOptions } from './options.js';

/** What the loop needs to know about the operation it retries. */
export interface RetryTarget {
  model: string | undefined;
  operation: string | undefined;
  /** Whether running it twice could apply a change twice (`retryWrites` decides). */
  isWrite: boolean;
  /** Asked after a transient failure; `false` stops retrying (e.g. once a transaction callback ran). */
  mayRetry?: () => boolean;
}

/** The wait before retry number `retry` (1-based): up to `baseDelayMs * 2^(retry-1)`, capped. */
export function backoffDelayMs(
  retry: number,
  options: Pick<ResolvedRetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'jitter'>,
  random: () => number = Math.random,
): number {
  const bound = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(retry - 1, 30));
  return Math.round(options.jitter === 'full' ? random() * bound : bound);
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function deadlineOf(options: ResolvedRetryOptions): number | undefined {
  const { deadline } = options;
  const value = typeof deadline === 'function' ? deadline() : deadline;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function shouldRetry(transient: TransientConnectionError, target: RetryTarget, options: ResolvedRetryOptions): boolean {
  if (target.mayRetry !== undefined && !target.mayRetry()) return false;
  if (!target.isWrite) return true;
  if (options.retryWrites === true) return true;
  if (options.retryWrites === false) return false;
  return !transient.mayHaveReachedServer;
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not a transient connection
 * error (or may not be retried under the write policy), or the budget runs out. The error
 * thrown is always the last attempt's own error, unchanged, so `instanceof` and `.code`
 * checks keep working. Once the signal aborted, no retry starts: a pending wait rejects with
 * the signal's reason, a failed attempt throws its own error.
 */
export async function runWithRetry<T>(attempt: () => Promise<T>, target: RetryTarget, options: ResolvedRetryOptions): Promise<T> {
  const startedAt = Date.now();
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return await attempt();
    } catch (error) {
      const transient = classifyForRetry(error);
      if (transient === undefined || !shouldRetry(transient, target, options) || attemptNumber > options.maxRetries) throw error;
      if (options.signal?.aborted) throw error;

      const delayMs = backoffDelayMs(attemptNumber, options);
      const now = Date.now();
      const budgetEnd = Math.min(startedAt + options.maxElapsedMs, deadlineOf(options) ?? Number.POSITIVE_INFINITY);
      if (now + delayMs >= budgetEnd) throw error;

      try {
        options.onRetry?.({
          attempt: attemptNumber,
          delayMs,
          kind: transient.kind,
          code: transient.code,
          mayHaveReachedServer: transient.mayHaveReachedServer,
          model: target.model,
          operation: target.operation,
          elapsedMs: now - startedAt,
        });
      } catch {
        // A logging hook must not turn a recoverable failure into a fatal one.
      }
      await sleep(delayMs, options.signal);
    }
  }
}

export interface WithRetryOptions extends RetryOptions {
  /** A name for `onRetry` events (e.g. `'checkout transaction'`). */
  operation?: string | undefined;
}

/**
 * Runs `fn` again on transient connection errors, with the same policy as `auroraRetry`.
 * `fn` counts as a write (it may change data), so by default it runs again only when
 * - the error proves nothing was applied: the server was never reached, or, for
 *   `withRetry(() => prisma.$transaction(async (tx) => ...))` on a client extended with
 *   `auroraRetry()`, the transaction failed before COMMIT and was rolled back; and
 * - no write of the failed attempt, made through a client extended with `auroraRetry()`,
 *   committed or may have (a `create` before the transaction, a write through `prisma`
 *   instead of `tx` inside the callback, a committed transaction): running `fn` again would
 *   apply it twice.
 * Pass `retryWrites: true` to declare `fn` safe to run twice (idempotent): it then runs again
 * on every transient error. Writes through anything else (a client without the extension,
 * `pg`, an HTTP call) are invisible here: keep them out of `fn`, or make them idempotent.
 */
export async function withRetry<T>(fn: () => Promise<T>, options: WithRetryOptions = {}): Promise<T> {
  const resolved = resolveRetryOptions(options);
  if (resolved.signal?.aborted) throw abortReason(resolved.signal);
  const storage = await unitOfWorkStorage();
  let attempt: UnitOfWorkAttempt | undefined;
  const run = (): Promise<T> => {
    attempt = startUnitOfWorkAttempt(storage);
    return storage.run(attempt, fn);
  };
  const mayRetry = (): boolean => resolved.retryWrites === true || attempt?.writesApplied === 0;
  return runWithRetry(run, { model: undefined, operation: options.operation, isWrite: true, mayRetry }, resolved);
}
