/**
 * An 'error' listener on every connection of a `pg` pool, from the moment it connects: what
 * keeps a connection that the server ends (`pg_terminate_backend`, idle-session timeout, a
 * failover) from ending the process with an uncaught exception.
 *
 * Why the pool's own listeners are not enough (measured, docs/runtime.md "Connection errors
 * that end the process"): pg emits 'error' on a client whose connection fails while no query
 * is running on it. The pool listens on idle clients only; whoever checks a client out must
 * listen from then on. `await pool.connect()` cannot: a new client is handed over from inside
 * the socket read that completed its startup, and a FATAL in the same read (the server ended
 * the session before the process read its "ready") is emitted before the promise resolves.
 * `@prisma/adapter-pg` (6.19, 7.10) checks out each interactive transaction's connection that
 * way, so under Aurora's connection churn a transaction can crash a Lambda invocation. The
 * pool's 'connect' event runs inside that same read, before the client is handed over.
 *
 * The listener only has to exist: pg has already marked the client unusable, its next query
 * fails with "Client has encountered a connection error and is not queryable" (which
 * `auroraRetry` and `withRetry` handle) and the pool drops it when it is released.
 */

/** The part of a `pg.Client` this uses (pg's own types fit; the runtime imports no `pg`). */
export interface PgClientErrorEvents {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of a `pg.Pool` this uses. */
export interface PgPoolConnectionEvents {
  on(event: 'connect', listener: (client: PgClientErrorEvents) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Gives every connection `pool` opens from now on an 'error' listener, and the pool one (an
 * idle client's error is re-emitted on the pool, and `@prisma/adapter-pg` stops listening on a
 * pool it was given once `$disconnect()` ran). Call it right after `new pg.Pool(...)`, before
 * the first query, and hand the pool to the adapter: `new PrismaPg(handleConnectionErrors(pool))`.
 * `onConnectionError` sees each error (for a log line; the error text holds no credentials,
 * but do not log the client); it must not throw. Returns `pool`.
 */
export function handleConnectionErrors<Pool extends PgPoolConnectionEvents>(pool: Pool, onConnectionError?: (error: Error) => void): Pool {
  const listener = (error: Error): void => onConnectionError?.(error);
  pool.on('error', listener);
  pool.on('connect', (client) => {
    client.on('error', listener);
  });
  return pool;
}
