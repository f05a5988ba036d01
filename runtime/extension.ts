/**
 * `auroraRetry()`: a Prisma Client extension that runs every operation of the client through
 * the retry loop: model operations and `$queryRaw`/`$executeRaw`/`$queryRawUnsafe`/
 * `$executeRawUnsafe` (a query extension on `$allOperations`), and `$transaction` (a client
 * method that wraps Prisma's own).
 *
 * Transactions:
 * - a query inside a transaction is never retried on its own: in an interactive transaction
 *   the connection (and so the transaction) is dead, and in a batch the batch is the unit.
 *   Prisma passes the transaction it runs in as `__internalParams.transaction` (Prisma 6.19 and
 *   7.10, tested); where that is missing the runtime cannot tell and does not retry;
 * - a batch `$transaction([...])` is retried as a whole (it is one database transaction;
 *   Prisma re-runs the same PrismaPromises for a new batch), as a write if any of its
 *   operations writes;
 * - an interactive `$transaction(fn)` is retried only while `fn` has not started (the
 *   transaction could not begin: server unreachable, no pooled connection, P2028). Once `fn`
 *   ran, retrying would run it twice: wrap the whole call in `withRetry` for that. Errors of a
 *   transaction that failed before COMMIT are marked, so `withRetry` knows it rolled back.
 *
 * Inside `withRetry`, every write outside a transaction, every batch that writes and every
 * interactive transaction is recorded, once it committed or may have, in the unit of work's
 * attempt (`applied-writes.ts`), so `withRetry` never runs a unit again after part of it
 * committed.
 *
 * Typing: the function form `Prisma.defineExtension` uses, declared here without importing
 * `@prisma/client`, so `new PrismaClient().$extends(auroraRetry())` keeps every type of the
 * client (the extension adds no members) and the runtime needs no Prisma package to compile.
 */
import { currentUnitOfWorkAttempt, failedWriteMayHaveApplied, markTransactionNotCommitted } from './applied-writes.js';
import { recordWriteApplied, trackWrite } from './applied-writes.js';
import { runWithRetry } from './retry.js';
import { resolveRetryOptions } from './options.js';
import type { ResolvedRetryOptions, RetryOptions } from './options.js';

/**
 * The type `Prisma.defineExtension(...)` gives an extension that adds nothing to the client's
 * types. `$extends` reads `extArgs` to compute the extended client's type, so the result is
 * the client's own type; the value itself is a function of the client.
 */
export type AuroraRetryExtension = (client: unknown) => {
  $extends: { extArgs: { result: NothingAdded; model: NothingAdded; query: NothingAdded; client: NothingAdded } };
};

/** An empty object type (`{}`), spelled so lint rules against `{}` accept a vendored copy. */
type NothingAdded = Record<never, never>;

/** Model operations that never change data; everything else (and every raw query) may. */
const READ_OPERATIONS: ReadonlySet<string> = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'findRaw',
  'aggregateRaw',
]);

/** Prisma's "isolated query" operations the extension sees, as far as this runtime reads them. */
interface QueryExtensionParams {
  model?: string;
  operation: string;
  args: unknown;
  query: (args: unknown) => PromiseLike<unknown>;
  /** Not public API; read defensively. Holds `transaction: { kind: 'itx' | 'batch' }` inside transactions. */
  __internalParams?: { transaction?: { kind?: string }; customDataProxyFetch?: unknown };
}

/** The members of a Prisma client this runtime uses. */
interface ExtensibleClient {
  $extends(extension: object): unknown;
  $transaction(input: unknown, options?: unknown): Promise<unknown>;
}

/** A PrismaPromise of a model operation describes itself (`spec`); raw queries do not. */
interface PrismaPromiseLike {
  spec?: { action?: string; model?: string };
}

function isInTransaction(params: QueryExtensionParams): boolean {
  const internal = params.__internalParams;
  // Without Prisma's internal params there is no telling whether this runs in a transaction:
  // do not retry rather than retry a query of a dead transaction.
  if (typeof internal !== 'object' || internal === null) return true;
  return internal.transaction !== undefined && internal.transaction !== null;
}

function retryOperation(params: QueryExtensionParams, options: ResolvedRetryOptions): Promise<unknown> {
  const { model, operation, args, query } = params;
  if (isInTransaction(params)) return Promise.resolve(query(args));
  const internal = params.__internalParams!;
  // Each `query()` call composes the request's fetch decorator with the one already on these
  // (shared) params; with another extension after this one the chain doubles at every retry
  // and every request walks it. Each attempt starts again from the original.
  const originalFetchDecorator = internal.customDataProxyFetch;
  const run = (): Promise<unknown> => {
    internal.customDataProxyFetch = originalFetchDecorator;
    return Promise.resolve(query(args));
  };
  const isWrite = !READ_OPERATIONS.has(operation);
  const result = runWithRetry(run, { model, operation, isWrite }, options);
  return isWrite ? trackWrite(result, currentUnitOfWorkAttempt()) : result;
}

function isBatchWrite(queries: readonly unknown[]): boolean {
  return queries.some((query) => {
    const action = (query as PrismaPromiseLike | null)?.spec?.action;
    return typeof action !== 'string' || !READ_OPERATIONS.has(action);
  });
}

/** Retries the client's `$transaction`, as the module comment describes. */
function createTransactionMethod(
  originalTransaction: (this: unknown, input: unknown, options?: unknown) => Promise<unknown>,
  options: ResolvedRetryOptions,
): (this: unknown, input: unknown, transactionOptions?: unknown) => Promise<unknown> {
  // Transaction clients handed to callbacks: `tx.$transaction` (nested, Prisma 7) is not retried.
  const transactionClients = new WeakSet<object>();

  return function $transaction(this: unknown, input: unknown, transactionOptions?: unknown): Promise<unknown> {
    const client = this;
    const callOriginal = (argument: unknown): Promise<unknown> => originalTransaction.call(client, argument, transactionOptions);
    if (typeof client === 'object' && client !== null && transactionClients.has(client)) return callOriginal(input);

    const unitOfWork = currentUnitOfWorkAttempt();
    if (Array.isArray(input)) {
      const isWrite = isBatchWrite(input);
      const batch = runWithRetry(() => callOriginal(input), { model: undefined, operation: '$transaction', isWrite }, options);
      return isWrite ? trackWrite(batch, unitOfWork) : batch;
    }
    if (typeof input !== 'function') return callOriginal(input);

    const callback = input as (tx: unknown) => Promise<unknown>;
    let callbackStarted = false;
    const attempt = async (): Promise<unknown> => {
      let callbackResolved = false;
      try {
        const result = await callOriginal(async (tx: unknown) => {
          callbackStarted = true;
          if (typeof tx === 'object' && tx !== null) transactionClients.add(tx);
          const value = await callback(tx);
          callbackResolved = true;
          return value;
        });
        // Committed: whether or not it wrote, a unit of work that ran it must not run it again.
        if (unitOfWork !== undefined) recordWriteApplied(unitOfWork);
        return result;
      } catch (error) {
        // Failed before Prisma sent COMMIT (could not start, or the callback threw): rolled back.
        if (!callbackResolved) markTransactionNotCommitted(error);
        // Failed at COMMIT: it may have committed.
        else if (unitOfWork !== undefined && failedWriteMayHaveApplied(error)) recordWriteApplied(unitOfWork);
        throw error;
      }
    };
    // Nothing ran while the callback has not started, so even a write may start again; once
    // it has, running it again is `withRetry`'s decision, not ours.
    return runWithRetry(
      attempt,
      { model: undefined, operation: '$transaction', isWrite: false, mayRetry: () => !callbackStarted },
      options,
    );
  };
}

/**
 * A Prisma Client extension that retries transient Aurora/PostgreSQL connection errors with
 * exponential backoff and full jitter: `new PrismaClient({ adapter }).$extends(auroraRetry())`.
 */
export function auroraRetry(options: RetryOptions = {}): AuroraRetryExtension {
  const resolved = resolveRetryOptions(options);
  const extension = (client: unknown): unknown => {
    const base = client as ExtensibleClient;
    const originalTransaction = base.$transaction as (this: unknown, input: unknown, options?: unknown) => Promise<unknown>;
    return base.$extends({
      name: 'prisma-aurora-fix',
      query: {
        $allOperations: (params: QueryExtensionParams) => retryOperation(params, resolved),
      },
      client: {
        $transaction: createTransactionMethod(originalTransaction, resolved),
      },
    });
  };
  return extension as AuroraRetryExtension;
}
