/**
 * The retry options shared by `auroraRetry`, `withRetry` and `runMigration`, and their defaults,
 * written once here.
 */
import type { ConnectionErrorKind } from './classify.js';

/**
 * Whether an operation that writes may run again after a transient error:
 * - `'unsent'` (default): only when the error proves the request never reached the server
 *   (server unreachable or starting up, no pooled connection, the session was already ended
 *   by the server's idle timeout, the transaction never committed). A write cannot be applied
 *   twice this way.
 * - `true`: on every transient error, including a connection lost while the request was in
 *   flight (P1017, "Connection terminated unexpectedly", 57P01). The write may then be applied
 *   twice: only for idempotent writes (upserts by a natural key, `update ... set x = 1`).
 * - `false`: never.
 * Reads are retried on every transient error whatever this says.
 */
export type RetryWritesPolicy = 'unsent' | boolean;

/** What `onRetry` receives before each retry. It never contains a URL or a query's arguments. */
export interface RetryEvent {
  /** The attempt that just failed: 1 for the first try. */
  attempt: number;
  /** How long the runtime waits before the next attempt. */
  delayMs: number;
  /** What went wrong (`classifyConnectionError`). */
  kind: ConnectionErrorKind;
  /** The Prisma code, SQLSTATE or Node code of the failure, when it has one. */
  code: string | undefined;
  /** Whether the failed request may have been executed by the server. */
  mayHaveReachedServer: boolean;
  /** The Prisma model (`User`), when the operation has one. */
  model: string | undefined;
  /** The operation (`findMany`, `$queryRaw`, `$transaction`) or the `operation` given to `withRetry`. */
  operation: string | undefined;
  /** Milliseconds since the first attempt started. */
  elapsedMs: number;
}

export interface RetryOptions {
  /** Retries after the first attempt. Default 10. */
  maxRetries?: number | undefined;
  /** The first retry waits up to this long; each later one up to twice as long as the one before. Default 100. */
  baseDelayMs?: number | undefined;
  /** No wait is longer than this. Default 3000. */
  maxDelayMs?: number | undefined;
  /** No retry starts (and no wait ends) later than this many milliseconds after the first attempt started. Default 20000. */
  maxElapsedMs?: number | undefined;
  /**
   * An absolute time (epoch milliseconds, or a function returning one, asked at each failure)
   * after which no retry starts: e.g. `Date.now() + context.getRemainingTimeInMillis() - 1000`
   * in a Lambda handler. The earlier of this and `maxElapsedMs` wins.
   */
  deadline?: number | (() => number | undefined) | undefined;
  /** See `RetryWritesPolicy`. Default `'unsent'`. */
  retryWrites?: RetryWritesPolicy | undefined;
  /**
   * `'full'` (default): each wait is a random time between 0 and the exponential bound, so
   * Lambda instances that lost their connections together do not retry together
   * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
   * `'none'`: wait the whole bound.
   */
  jitter?: 'full' | 'none' | undefined;
  /** Called before each retry (for logs or metrics). An exception it throws is ignored. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /**
   * Once aborted, no retry starts and a pending wait rejects with the signal's reason. The
   * extension still runs each operation's first attempt (the signal ends retrying, not the
   * client); `withRetry` and `runMigration` do not start at all.
   */
  signal?: AbortSignal | undefined;
}

export interface ResolvedRetryOptions {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxElapsedMs: number;
  retryWrites: RetryWritesPolicy;
  jitter: 'full' | 'none';
  deadline: RetryOptions['deadline'];
  onRetry: RetryOptions['onRetry'];
  signal: RetryOptions['signal'];
}

/** The defaults `resolveRetryOptions` fills in (`RETRY_DEFAULTS`, or runMigration's own). */
export interface RetryDefaults {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxElapsedMs: number;
  readonly retryWrites: RetryWritesPolicy;
  readonly jitter: 'full' | 'none';
}

/**
 * Defaults for queries on Lambda. A dropped idle connection needs one quick retry. An
 * unreachable server (Aurora resuming from 0 ACU takes ~15 s, FACTS.md) needs retries spread
 * over seconds, waiting up to 0.1, 0.2, 0.4, 0.8, 1.6, then 3 s each. Full jitter halves the
 * expected wait, so the count must not be what ends the retrying: 10 retries covered only
 * 9-14 s, and the query issued as a 15 s pause began gave up (bench figure 5). 20 retries
 * expect ~24 s of waiting, so the 20 s budget is what ends it, before API Gateway's 29 s
 * integration timeout. Pass `deadline` to end with the Lambda's own time.
 */
export const RETRY_DEFAULTS: RetryDefaults = Object.freeze({
  maxRetries: 20,
  baseDelayMs: 100,
  maxDelayMs: 3_000,
  maxElapsedMs: 20_000,
  retryWrites: 'unsent',
  jitter: 'full',
});

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`prisma-aurora-fix: option ${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

/** Fills in the defaults and checks the numbers, once, when an extension or a call is set up. */
export function resolveRetryOptions(options: RetryOptions = {}, defaults: RetryDefaults = RETRY_DEFAULTS): ResolvedRetryOptions {
  const retryWrites = options.retryWrites ?? defaults.retryWrites;
  if (retryWrites !== 'unsent' && typeof retryWrites !== 'boolean') {
    throw new TypeError(`prisma-aurora-fix: option retryWrites must be 'unsent', true or false, got ${JSON.stringify(retryWrites)}`);
  }
  const jitter = options.jitter ?? defaults.jitter;
  if (jitter !== 'full' && jitter !== 'none') {
    throw new TypeError(`prisma-aurora-fix: option jitter must be 'full' or 'none', got ${JSON.stringify(jitter)}`);
  }
  return {
    maxRetries: Math.floor(nonNegative('maxRetries', options.maxRetries ?? defaults.maxRetries)),
    baseDelayMs: nonNegative('baseDelayMs', options.baseDelayMs ?? defaults.baseDelayMs),
    maxDelayMs: nonNegative('maxDelayMs', options.maxDelayMs ?? defaults.maxDelayMs),
    maxElapsedMs: nonNegative('maxElapsedMs', options.maxElapsedMs ?? defaults.maxElapsedMs),
    retryWrites,
    jitter,
    deadline: options.deadline,
    onRetry: options.onRetry,
    signal: options.signal,
  };
}
