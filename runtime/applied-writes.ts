/**
 * What a failed attempt may already have applied, so that a retry never applies it twice:
 * - errors of interactive transactions that failed before Prisma sent COMMIT (the server
 *   rolled them back, so running the transaction again cannot apply it twice);
 * - the writes that committed during one attempt of a `withRetry` unit of work. A unit such as
 *   `withRetry(async () => { await prisma.event.create(...); await prisma.$transaction(...) })`
 *   must not run again once the `create` committed, even though the transaction that failed
 *   afterwards rolled back. The extension records every write it sees complete (or fail in a
 *   way that may have applied it) into the attempt the operation runs in, found through
 *   `AsyncLocalStorage`, which follows the attempt through every `await` and callback.
 *
 * `AsyncLocalStorage` comes from `node:async_hooks`, loaded by the first `withRetry` call and
 * never at import time (the single-file contract). It and the marks of rolled-back transactions
 * live on `globalThis` under a registered symbol, so that every copy of this runtime in a
 * process (the ESM and CommonJS builds, a vendored copy next to the package) shares them: a
 * `withRetry` of one copy must see the writes of a client extended by another, or it would
 * retry a unit whose writes it cannot see.
 */
import { classifyConnectionError, isPermanentError } from './classify.js';
import type { TransientConnectionError } from './classify.js';

/** One attempt of a `withRetry` unit of work. */
export interface UnitOfWorkAttempt {
  /** Writes that committed, or may have, during this attempt (outside any transaction that rolled back). */
  writesApplied: number;
  /** The attempt of the enclosing `withRetry`, if any: a write applied here is applied there too. */
  readonly enclosing: UnitOfWorkAttempt | undefined;
}

/** The part of `AsyncLocalStorage` this runtime uses. */
interface UnitOfWorkStorage {
  getStore(): UnitOfWorkAttempt | undefined;
  run<R>(store: UnitOfWorkAttempt, callback: () => R): R;
}

/** What every copy of the runtime in the process shares. */
interface SharedRetryState {
  /** Errors of interactive transactions that failed before Prisma sent COMMIT. */
  readonly rolledBackTransactionErrors: WeakSet<object>;
  /** Created by the first `withRetry` call. */
  unitOfWorkStorage: UnitOfWorkStorage | undefined;
}

/** Versioned: a later runtime that changes `SharedRetryState` takes a new key rather than misread this one. */
const SHARED_RETRY_STATE_KEY = Symbol.for('prisma-aurora-fix.retry-state.v1');

function sharedRetryState(): SharedRetryState {
  const slots = globalThis as Record<symbol, SharedRetryState | undefined>;
  const existing = slots[SHARED_RETRY_STATE_KEY];
  if (existing !== undefined) return existing;
  const created: SharedRetryState = { rolledBackTransactionErrors: new WeakSet(), unitOfWorkStorage: undefined };
  slots[SHARED_RETRY_STATE_KEY] = created;
  return created;
}

/** Marks the error of an interactive transaction that failed before Prisma sent COMMIT. */
export function markTransactionNotCommitted(error: unknown): void {
  if (typeof error === 'object' && error !== null) sharedRetryState().rolledBackTransactionErrors.add(error);
}

/** `classifyConnectionError`, knowing also which errors come from transactions that never committed. */
export function classifyForRetry(error: unknown): TransientConnectionError | undefined {
  const transient = classifyConnectionError(error);
  if (transient === undefined) return undefined;
  if (typeof error === 'object' && error !== null && sharedRetryState().rolledBackTransactionErrors.has(error)) {
    return { ...transient, mayHaveReachedServer: false };
  }
  return transient;
}

/**
 * Whether a write that failed with `error` may have been applied: unless the error proves it
 * was not (never sent, rolled back, or rejected by the server or by Prisma itself: a
 * constraint, a validation error, a statement timeout), it may have been.
 */
export function failedWriteMayHaveApplied(error: unknown): boolean {
  const transient = classifyForRetry(error);
  if (transient !== undefined) return transient.mayHaveReachedServer;
  return !isPermanentError(error);
}

/** The process's unit-of-work storage, created by the first call. */
export async function unitOfWorkStorage(): Promise<UnitOfWorkStorage> {
  const state = sharedRetryState();
  if (state.unitOfWorkStorage !== undefined) return state.unitOfWorkStorage;
  const { AsyncLocalStorage } = await import('node:async_hooks');
  // Another call (or copy) may have created it while this one waited for the import.
  state.unitOfWorkStorage ??= new AsyncLocalStorage<UnitOfWorkAttempt>();
  return state.unitOfWorkStorage;
}

/** The attempt the caller runs in; `undefined` outside `withRetry` (and before its first call, at no cost). */
export function currentUnitOfWorkAttempt(): UnitOfWorkAttempt | undefined {
  return sharedRetryState().unitOfWorkStorage?.getStore();
}

/** A fresh attempt, inside whatever attempt the caller runs in. */
export function startUnitOfWorkAttempt(storage: UnitOfWorkStorage): UnitOfWorkAttempt {
  return { writesApplied: 0, enclosing: storage.getStore() };
}

/** Records a write applied in `attempt` and in every attempt that encloses it. */
export function recordWriteApplied(attempt: UnitOfWorkAttempt): void {
  for (let current: UnitOfWorkAttempt | undefined = attempt; current !== undefined; current = current.enclosing) {
    current.writesApplied += 1;
  }
}

/** Records `write`'s outcome in `attempt`: applied when it succeeds, or when its failure may have applied it. */
export function trackWrite<T>(write: Promise<T>, attempt: UnitOfWorkAttempt | undefined): Promise<T> {
  if (attempt === undefined) return write;
  return write.then(
    (result) => {
      recordWriteApplied(attempt);
      return result;
    },
    (error: unknown) => {
      if (failedWriteMayHaveApplied(error)) recordWriteApplied(attempt);
      throw error;
    },
  );
}
