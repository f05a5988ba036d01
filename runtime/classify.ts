/**
 * Which errors are transient connection failures worth retrying, and whether a retried
 * request could run twice on the server. Every rule here traces to a row of the
 * "Errors the retry runtime must classify" table in the project's FACTS.md (measured with
 * Prisma 7.10 and 6.19 against a real PostgreSQL) or to a documented Rust-engine shape.
 *
 * Zero dependencies: errors are read structurally (code, name, message, meta, cause), never
 * through `instanceof`, so the classifier works with any Prisma version and bundler.
 */

/** What went wrong, in words a log line or a metric can use. Never contains a URL. */
export type ConnectionErrorKind =
  /** The server could not be reached at all (P1001, ECONNREFUSED, "Can't reach database server"). */
  | 'unreachable'
  /** The server is up but still starting or resuming (SQLSTATE 57P03). */
  | 'starting-up'
  /** Opening a connection took longer than the configured connect timeout (P1002, pg's connectionTimeoutMillis). */
  | 'connect-timeout'
  /** No pooled connection became free in time (P2024, pg "timeout exceeded when trying to connect"). */
  | 'pool-timeout'
  /** An interactive transaction could not start in time (P2028 "Unable to start a transaction"). */
  | 'transaction-start-timeout'
  /** The server ended an idle session (57P05 idle-session timeout): the request never ran. */
  | 'idle-session-terminated'
  /** The server terminated the backend (57P01/57P02, 08xxx): it may have been mid-request. */
  | 'server-terminated'
  /** The connection closed or reset under the request (P1017, "Connection terminated unexpectedly", ECONNRESET, EPIPE). */
  | 'connection-lost'
  /** The operation timed out in the engine (P1008, ETIMEDOUT), or pg's query_timeout fired. */
  | 'timeout'
  /**
   * The server refused a write because it is a reader now (SQLSTATE 25006 after an Aurora writer
   * failover, on a connection that still reaches the old writer). Nothing ran; the failed
   * connection is dropped by the pool, so a retry opens one that DNS sends to the new writer.
   */
  | 'read-only';

export interface TransientConnectionError {
  kind: ConnectionErrorKind;
  /** The most specific code seen: a Prisma code (P1017), a SQLSTATE (57P05) or a Node code (ECONNRESET). */
  code: string | undefined;
  /**
   * False when the error proves the request never executed on the server (it never got a
   * connection, or the session was already dead before the request was sent), so retrying
   * even a write cannot duplicate it. True when a write may have been applied before the
   * connection failed.
   */
  mayHaveReachedServer: boolean;
}

const KIND_REACHED_SERVER: Record<ConnectionErrorKind, boolean> = {
  unreachable: false,
  'starting-up': false,
  'connect-timeout': false,
  'pool-timeout': false,
  'transaction-start-timeout': false,
  'idle-session-terminated': false,
  'server-terminated': true,
  'connection-lost': true,
  timeout: true,
  'read-only': false,
};

/** Prisma error codes that are connection failures by themselves. */
const PRISMA_CODE_KIND: Record<string, ConnectionErrorKind> = {
  P1001: 'unreachable',
  P1002: 'connect-timeout',
  P1008: 'timeout',
  P1017: 'connection-lost',
  // Timed out fetching a connection from the Rust engine's pool. Retried: on Lambda with
  // connection_limit=1 it means this instance's own connection was busy or being replaced,
  // not that the database is overloaded, and the request never reached the server.
  P2024: 'pool-timeout',
};

/** Prisma codes that are never a connection failure, whatever their cause says. */
const PRISMA_CODES_NEVER_TRANSIENT = new Set([
  'P1000', // authentication failed
  'P1003', // database does not exist
  'P1009', // database already exists
  'P1010', // access denied
  'P1012', // schema validation
  'P2002', // unique constraint
  'P2003', // foreign key constraint
  'P2025', // record not found
]);

/** SQLSTATEs that are never worth retrying (auth, unknown database, constraints, statement timeout). */
function isPermanentSqlState(sqlState: string): boolean {
  return (
    sqlState === '28P01' || // invalid password
    sqlState === '28000' || // invalid authorization
    sqlState === '3D000' || // unknown database
    sqlState === '57014' || // statement timeout / query canceled
    sqlState.startsWith('23') // integrity constraint violations (23505 unique, 23503 fk, ...)
  );
}

function kindOfSqlState(sqlState: string): ConnectionErrorKind | undefined {
  if (sqlState === '57P05') return 'idle-session-terminated';
  if (sqlState === '57P03') return 'starting-up';
  if (sqlState === '57P01' || sqlState === '57P02') return 'server-terminated';
  if (sqlState === '25006') return 'read-only';
  // Class 08: connection exception. 08001/08004 mean the connection was never established.
  if (sqlState === '08001' || sqlState === '08004') return 'unreachable';
  if (sqlState.startsWith('08')) return 'server-terminated';
  return undefined;
}

const NODE_CODE_KIND: Record<string, ConnectionErrorKind> = {
  ECONNREFUSED: 'unreachable',
  ENOTFOUND: 'unreachable',
  EAI_AGAIN: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ECONNRESET: 'connection-lost',
  EPIPE: 'connection-lost',
  ETIMEDOUT: 'timeout',
};

/** Messages from `pg` (plain Errors without a code) and from Prisma (message text only). */
const MESSAGE_KINDS: ReadonlyArray<readonly [RegExp, ConnectionErrorKind]> = [
  [/Can't reach database server/i, 'unreachable'],
  [/the database system is starting up/i, 'starting-up'],
  [/terminating connection due to idle[- ]session timeout/i, 'idle-session-terminated'],
  [/Connection terminated due to connection timeout/i, 'connect-timeout'],
  [/timeout exceeded when trying to connect/i, 'pool-timeout'],
  [/Timed out fetching a new connection from the connection pool/i, 'pool-timeout'],
  [/Unable to start a transaction in the given time/i, 'transaction-start-timeout'],
  [/terminating connection due to administrator command/i, 'server-terminated'],
  [/Client has encountered a connection error and is not queryable/i, 'connection-lost'],
  [/Connection terminated unexpectedly/i, 'connection-lost'],
  [/Server has closed the connection/i, 'connection-lost'],
  // pg's `query_timeout` fired: no answer came (a silently dead connection, or a slow query).
  // The query may have run, and pg-pool drops the connection it timed out on.
  [/Query read timeout/i, 'timeout'],
];

const SQLSTATE_IN_MESSAGE = /Code: `([0-9A-Z]{5})`/;

type Verdict = TransientConnectionError | 'permanent' | undefined;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}

function transient(kind: ConnectionErrorKind, code: string | undefined): TransientConnectionError {
  return { kind, code, mayHaveReachedServer: KIND_REACHED_SERVER[kind] };
}

/** The last line of a Prisma message carries the meaning; the first is "Invalid `prisma.x.y()` invocation:". */
function meaningfulMessage(message: string): string {
  return message.length > 2000 ? message.slice(-2000) : message;
}

const PRISMA_CODE = /^P[1-9]\d{3}$/;
/** A PostgreSQL SQLSTATE: classes 00-58, plus F0, HV, P0 and XX (Node's codes start with E). */
const SQLSTATE = /^(?:[0-9][0-9A-Z]|F0|HV|P0|XX)[0-9A-Z]{3}$/;

/** Driver adapter error kinds (`@prisma/driver-adapter-utils`) that are connection failures. */
const ADAPTER_KIND_KIND: Record<string, ConnectionErrorKind> = {
  DatabaseNotReachable: 'unreachable',
  ConnectionClosed: 'connection-lost',
  SocketTimeout: 'timeout',
};

/** Adapter kinds that a retry never fixes (TooManyConnections, 53300, is left to capacity planning: see docs/runtime.md). */
const ADAPTER_KINDS_NEVER_TRANSIENT = new Set([
  'AuthenticationFailed',
  'DatabaseDoesNotExist',
  'DatabaseAccessDenied',
  'TlsConnectionError',
  'UniqueConstraintViolation',
  'NullConstraintViolation',
  'ForeignKeyConstraintViolation',
]);

/** Judges one object of the error chain on its own fields. */
function judgeOne(record: Record<string, unknown>): Verdict {
  // `PrismaClientInitializationError` names its code `errorCode` (often undefined).
  const code = stringField(record, 'code') ?? stringField(record, 'errorCode');
  // Driver adapter causes are plain objects: { kind, originalCode?, originalMessage? }.
  const adapterKind = stringField(record, 'kind');
  const originalCode = stringField(record, 'originalCode');
  const message = stringField(record, 'message') ?? stringField(record, 'originalMessage') ?? '';
  const name = stringField(record, 'name') ?? '';

  if (name === 'PrismaClientValidationError') return 'permanent';
  if (code !== undefined && PRISMA_CODES_NEVER_TRANSIENT.has(code)) return 'permanent';
  if (adapterKind !== undefined && ADAPTER_KINDS_NEVER_TRANSIENT.has(adapterKind)) return 'permanent';

  const sqlState =
    (originalCode !== undefined && SQLSTATE.test(originalCode) ? originalCode : undefined) ??
    (code !== undefined && SQLSTATE.test(code) ? code : undefined) ??
    SQLSTATE_IN_MESSAGE.exec(message)?.[1];
  if (sqlState !== undefined) {
    if (isPermanentSqlState(sqlState)) return 'permanent';
    const kind = kindOfSqlState(sqlState);
    if (kind !== undefined) return transient(kind, sqlState);
  }

  const prismaCode = code !== undefined && PRISMA_CODE.test(code) ? code : undefined;
  const adapterConnectionKind = adapterKind === undefined ? undefined : ADAPTER_KIND_KIND[adapterKind];
  if (adapterConnectionKind !== undefined) return transient(adapterConnectionKind, prismaCode);

  if (code !== undefined) {
    const prismaKind = PRISMA_CODE_KIND[code];
    if (prismaKind !== undefined) return transient(prismaKind, code);
    const nodeKind = NODE_CODE_KIND[code];
    if (nodeKind !== undefined) return transient(nodeKind, code);
  }

  const text = meaningfulMessage(message);
  for (const [pattern, kind] of MESSAGE_KINDS) {
    // P2028 also covers "Transaction already closed" / expired: only the start timeout matches here.
    if (pattern.test(text)) return transient(kind, prismaCode);
  }
  return undefined;
}

/** The objects to look at: the error, its Prisma `meta.driverAdapterError`, and `cause` links. */
function* errorChain(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 16) {
    const current = queue.shift();
    const record = asRecord(current);
    if (record === undefined || seen.has(record)) continue;
    seen.add(record);
    yield record;
    const meta = asRecord(record['meta']);
    if (meta !== undefined) queue.push(meta['driverAdapterError']);
    queue.push(record['cause']);
    // AggregateError (e.g. from `net` with several addresses) holds the real socket errors.
    const errors = record['errors'];
    if (Array.isArray(errors)) queue.push(...errors.slice(0, 4));
  }
}

/**
 * Classifies an error as a transient connection failure, or returns `undefined` when it is
 * not one (or must not be retried: auth failures, unknown database, constraint violations,
 * statement timeouts, validation errors and anything unknown).
 */
export function classifyConnectionError(error: unknown): TransientConnectionError | undefined {
  let found: TransientConnectionError | undefined;
  for (const record of errorChain(error)) {
    const verdict = judgeOne(record);
    // A permanent cause anywhere wins: P2010 "Raw query failed" carrying 23505 is a violation.
    if (verdict === 'permanent') return undefined;
    if (verdict === undefined) continue;
    // The outermost transient verdict names the kind; a deeper one may add the code the outer
    // lacks (Prisma 6's bare DriverAdapterError: the SQLSTATE sits in its cause).
    if (found === undefined) found = verdict;
    else if (found.code === undefined && verdict.code !== undefined) found = { ...found, code: verdict.code };
  }
  return found;
}

/**
 * True when some part of the error says the request itself was refused: bad credentials, an
 * unknown database, a constraint, a validation error, a statement timeout. Such a request did
 * not change anything (a failed autocommit statement rolls back), whatever else failed.
 */
export function isPermanentError(error: unknown): boolean {
  for (const record of errorChain(error)) if (judgeOne(record) === 'permanent') return true;
  return false;
}

/** True for transient connection failures that a retry can fix. */
export function isTransientConnectionError(error: unknown): boolean {
  return classifyConnectionError(error) !== undefined;
}
