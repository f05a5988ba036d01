import { describe, expect, it } from 'vitest';
import { classifyConnectionError, isTransientConnectionError } from '../../runtime/index.js';

/** Builds an error shaped like Prisma's PrismaClientKnownRequestError, as FACTS.md records it. */
function prismaKnownError(code: string, message: string, meta?: Record<string, unknown>): Error {
  return Object.assign(new Error(`\nInvalid \`prisma.user.findMany()\` invocation:\n\n\n${message}`), {
    name: 'PrismaClientKnownRequestError',
    code,
    clientVersion: '7.10.0',
    meta,
  });
}

function driverAdapterError(cause: Record<string, unknown>): Error {
  return Object.assign(new Error(String(cause['kind'])), { name: 'DriverAdapterError', cause });
}

describe('isTransientConnectionError', () => {
  it.each([
    ['P1001 server unreachable', prismaKnownError('P1001', "Can't reach database server at `127.0.0.1:5432`")],
    ['P1002 timed out', prismaKnownError('P1002', 'The database server was reached but timed out.')],
    ['P1008 operations timed out', prismaKnownError('P1008', 'Operations timed out after `10s`')],
    ['P1017 server closed the connection', prismaKnownError('P1017', 'Server has closed the connection.')],
    ['P2024 pool timeout', prismaKnownError('P2024', 'Timed out fetching a new connection from the connection pool.')],
    [
      'P2039 idle-session timeout',
      prismaKnownError('P2039', 'Database error. Code: `57P05`. Message: `terminating connection due to idle-session timeout`'),
    ],
    [
      'P2010 raw query, backend terminated',
      prismaKnownError('P2010', 'Raw query failed. Code: `57P01`. Message: `terminating connection due to administrator command`'),
    ],
    [
      'P2039 starting up, via meta.driverAdapterError',
      prismaKnownError('P2039', 'Database error.', {
        driverAdapterError: driverAdapterError({ kind: 'postgres', originalCode: '57P03' }),
      }),
    ],
    ['bare DriverAdapterError 57P05 (Prisma 6 client engine)', driverAdapterError({ kind: 'postgres', originalCode: '57P05' })],
    ['SQLSTATE class 08', driverAdapterError({ kind: 'postgres', originalCode: '08006' })],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    ['pg: connect timeout', new Error('Connection terminated due to connection timeout')],
    ['pg: pool exhausted', new Error('timeout exceeded when trying to connect')],
    ['pg: query_timeout (a silently dead connection)', new Error('Query read timeout')],
    ['SQLSTATE 25006 read-only transaction (after a failover)', driverAdapterError({ kind: 'postgres', originalCode: '25006' })],
    ['ECONNRESET', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['ETIMEDOUT', Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' })],
    ['EPIPE', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })],
    [
      'wrapped in a cause chain',
      new Error('query failed', { cause: new Error('wrapper', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }) }),
    ],
    [
      'P2028 cannot start a transaction',
      prismaKnownError('P2028', 'Transaction API error: Unable to start a transaction in the given time.'),
    ],
    ['pg: interactive transaction on a dead connection', new Error('Client has encountered a connection error and is not queryable')],
    ['adapter SocketTimeout (ETIMEDOUT)', driverAdapterError({ kind: 'SocketTimeout' })],
    [
      'PrismaClientInitializationError without errorCode (Rust engine)',
      Object.assign(new Error("Can't reach database server at `db:5432`"), {
        name: 'PrismaClientInitializationError',
        errorCode: undefined,
      }),
    ],
    [
      'P2024 as a message only (PrismaClientInitializationError)',
      Object.assign(
        new Error(
          'Timed out fetching a new connection from the connection pool. (Current connection pool timeout: 10, connection limit: 1)',
        ),
        {
          name: 'PrismaClientInitializationError',
        },
      ),
    ],
    [
      'AggregateError from net (IPv6 and IPv4 refused)',
      new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })], 'connect failed'),
    ],
  ])('retries %s', (_label, error) => {
    expect(isTransientConnectionError(error)).toBe(true);
  });

  it.each([
    [
      'P1000 wrong password',
      prismaKnownError('P1000', 'Authentication failed against database server', {
        driverAdapterError: driverAdapterError({ kind: 'postgres', originalCode: '28P01' }),
      }),
    ],
    ['28P01 from the adapter', driverAdapterError({ kind: 'postgres', originalCode: '28P01' })],
    ['P1003 unknown database', prismaKnownError('P1003', 'Database `nope` does not exist')],
    ['P2002 unique violation', prismaKnownError('P2002', 'Unique constraint failed on the constraint: `User_email_key`')],
    ['P2010 with 23505', prismaKnownError('P2010', 'Raw query failed. Code: `23505`. Message: `duplicate key value`')],
    [
      'P2010 with 57014 statement timeout',
      prismaKnownError('P2010', 'Raw query failed. Code: `57014`. Message: `canceling statement due to statement timeout`'),
    ],
    ['validation error', Object.assign(new Error('Argument `where` is missing.'), { name: 'PrismaClientValidationError' })],
    ['P2028 transaction already closed', prismaKnownError('P2028', 'Transaction API error: Transaction already closed')],
    ['an unknown Error', new Error('something else')],
    ['a string', 'Connection terminated unexpectedly?'],
    ['null', null],
    ['TLS failure', driverAdapterError({ kind: 'TlsConnectionError', reason: 'self-signed certificate' })],
    [
      'too many connections (53300): capacity, not a blip',
      driverAdapterError({ kind: 'TooManyConnections', cause: 'sorry, too many clients already' }),
    ],
    [
      'serialization failure (40001): retry the transaction, not the query',
      driverAdapterError({ kind: 'postgres', originalCode: '40001' }),
    ],
    [
      'PL/pgSQL RAISE (P0001), not a Prisma code',
      driverAdapterError({ kind: 'postgres', originalCode: 'P0001', originalMessage: 'custom failure' }),
    ],
    ['P2021 table does not exist', prismaKnownError('P2021', 'The table `public.User` does not exist in the current database.')],
    [
      'a cyclic cause chain',
      (() => {
        const e = new Error('loop') as Error & { cause?: unknown };
        e.cause = e;
        return e;
      })(),
    ],
  ])('does not retry %s', (_label, error) => {
    expect(isTransientConnectionError(error)).toBe(false);
  });

  it('says whether a request may have reached the server', () => {
    expect(classifyConnectionError(new Error('timeout exceeded when trying to connect'))).toEqual({
      kind: 'pool-timeout',
      code: undefined,
      mayHaveReachedServer: false,
    });
    expect(classifyConnectionError(prismaKnownError('P1017', 'Server has closed the connection.'))).toMatchObject({
      kind: 'connection-lost',
      code: 'P1017',
      mayHaveReachedServer: true,
    });
  });

  it('reads the shapes measured against a real server (test/runtime/faults.*.test.ts produces them)', () => {
    // Prisma 6 client engine: a bare DriverAdapterError; its SQLSTATE sits in the cause.
    const prisma6 = driverAdapterError({
      originalCode: '57P01',
      originalMessage: 'terminating connection due to administrator command',
      kind: 'postgres',
      code: '57P01',
      severity: 'FATAL',
    });
    prisma6.message = 'terminating connection due to administrator command';
    expect(classifyConnectionError(prisma6)).toEqual({ kind: 'server-terminated', code: '57P01', mayHaveReachedServer: true });
    // Prisma 7 raw query on a reset connection: P2010 with Code `N/A` and an adapter ConnectionClosed cause.
    const raw = prismaKnownError('P2010', 'Raw query failed. Code: `N/A`. Message: `Server has closed the connection.`', {
      driverAdapterError: driverAdapterError({ kind: 'ConnectionClosed' }),
    });
    expect(classifyConnectionError(raw)).toMatchObject({ kind: 'connection-lost', mayHaveReachedServer: true });
    // Idle-session timeout: the session was gone before the query was sent.
    const idle = prismaKnownError('P2039', 'Database error. Code: `57P05`. Message: `terminating connection due to idle-session timeout`', {
      driverAdapterError: driverAdapterError({ kind: 'postgres', originalCode: '57P05' }),
    });
    expect(classifyConnectionError(idle)).toEqual({ kind: 'idle-session-terminated', code: '57P05', mayHaveReachedServer: false });
    // pg's connect timeout wraps "Connection terminated unexpectedly": the outer, specific kind wins.
    const connectTimeout = new Error('Connection terminated due to connection timeout', {
      cause: new Error('Connection terminated unexpectedly'),
    });
    expect(classifyConnectionError(connectTimeout)).toEqual({ kind: 'connect-timeout', code: undefined, mayHaveReachedServer: false });
  });
});
