/**
 * The fault scenarios of issue 2, against a real PostgreSQL and a real generated Prisma client
 * of one flavour. Each `faults.<flavour>.test.ts` calls `defineFaultScenarios` with its own
 * server (the scenarios stop and restart it).
 *
 * Races made exact: a connection the server ended (idle-session timeout, pg_terminate_backend,
 * a proxy drop) only fails a query when the query is sent before the client has read the
 * server's goodbye; otherwise the pool just drops the connection (FACTS.md). The tests end the
 * connection while the event loop is blocked (`psql` through execFileSync, `Atomics.wait`) and
 * send the query in the same tick, so the failure happens every time, and a client without
 * the extension proves it does.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auroraRetry, withRetry, type RetryEvent, type RetryOptions } from '../../runtime/index.js';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import { clientReadingStartupLate } from '../support/late-startup-read.js';
import {
  disconnectQuietly,
  loadPrisma,
  type LoadedPrisma,
  type TestClientOptions,
  type TestPoolConfig,
  type TestPrismaClient,
} from '../support/prisma-clients.js';
import { REPO_ROOT, TEST_TABLES_SQL, type PrismaFlavor } from '../support/prisma-generate.js';
import { startTcpProxy, type DropMode, type QueryDropPoint, type TcpProxy } from '../support/tcp-proxy.js';

/** Small waits so the suite stays fast; the policy is the same as with the defaults. */
const FAST: RetryOptions = { baseDelayMs: 5, maxDelayMs: 50 };

function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

/** An error's Prisma code, or its SQLSTATE when it is Prisma 6's bare DriverAdapterError. */
function errorSignature(error: unknown): string {
  const record = error as { name?: string; code?: string; message?: string; cause?: { originalCode?: string } };
  return [record.name, record.code ?? record.cause?.originalCode ?? '-', String(record.message).trim().split('\n').at(-1)].join(' | ');
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail, it succeeded');
}

interface Harness {
  /** The extended client. */
  prisma: TestPrismaClient;
  /** Every failed-then-retried attempt. */
  events: RetryEvent[];
  /** Every attempt that reached Prisma's engine, as `operation:transactionKind` (an extension inside ours). */
  attempts: string[];
  close(): Promise<void>;
}

let nextApplicationId = 0;

export function defineFaultScenarios(flavor: PrismaFlavor): void {
  describe(`auroraRetry on ${flavor} against a real PostgreSQL`, () => {
    let server: PostgresServer;
    let prisma: LoadedPrisma;
    const closers: Array<() => Promise<void>> = [];

    beforeAll(async () => {
      [server, prisma] = await Promise.all([startPostgres(), loadPrisma(flavor)]);
      await server.sql(TEST_TABLES_SQL);
    });

    afterAll(async () => {
      for (const close of closers.splice(0)) await close();
      await server?.destroy();
    });

    beforeEach(async () => {
      if (!server.running) await server.start();
      await server.sql('TRUNCATE "User", "Event" RESTART IDENTITY');
    });

    /** A client of its own (own pool, own application_name so only its backends get terminated). */
    function rawClient(
      pool: Partial<TestPoolConfig> = {},
      clientOptions: TestClientOptions = {},
    ): { client: TestPrismaClient; applicationName: string } {
      const applicationName = `runtime-test-${(nextApplicationId += 1)}`;
      const client = prisma.createClient({ connectionString: server.url(), application_name: applicationName, ...pool }, clientOptions);
      closers.push(() => disconnectQuietly(client));
      return { client, applicationName };
    }

    function harness(
      options: RetryOptions = {},
      pool: Partial<TestPoolConfig> = {},
      clientOptions: TestClientOptions = {},
    ): Harness & { applicationName: string } {
      const { client, applicationName } = rawClient(pool, clientOptions);
      const events: RetryEvent[] = [];
      const attempts: string[] = [];
      const extended = client.$extends(auroraRetry({ ...FAST, ...options, onRetry: (event) => events.push(event) })).$extends({
        query: {
          $allOperations({
            operation,
            args,
            query,
            __internalParams,
          }: {
            operation: string;
            args: unknown;
            query: (args: unknown) => Promise<unknown>;
            __internalParams?: { transaction?: { kind?: string } };
          }) {
            attempts.push(`${operation}:${__internalParams?.transaction?.kind ?? 'none'}`);
            return query(args);
          },
        },
      });
      return { prisma: extended, events, attempts, applicationName, close: () => disconnectQuietly(client) };
    }

    /** Terminates the client's backends while blocking the event loop (it cannot notice before its next query). */
    function terminateBackendsNow(applicationName: string): number {
      const output = server.sqlSync(
        `SELECT count(*) FROM (SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = '${applicationName}') AS terminated`,
      );
      return Number(output.trim());
    }

    /** Terminates one of the client's backends, picked at random (the random kills of the 1,000-write runs). Returns how many (0 or 1). */
    async function terminateRandomBackend(applicationName: string): Promise<number> {
      const killed = await server.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM (
             SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE application_name = $1 ORDER BY random() LIMIT 1) AS t`,
        [applicationName],
      );
      return killed[0]?.n ?? 0;
    }

    async function setIdleSessionTimeout(value: string): Promise<void> {
      await server.sql(`ALTER SYSTEM SET idle_session_timeout = '${value}'`);
      await server.sql('SELECT pg_reload_conf()');
    }

    describe('idle-session timeout (ALTER SYSTEM SET idle_session_timeout + reload)', () => {
      beforeAll(() => setIdleSessionTimeout('300ms'));
      afterAll(() => setIdleSessionTimeout('0'));

      it('fails a client without the extension with 57P05 (the scenario is real)', async () => {
        const { client } = rawClient({ max: 1 });
        await client.user.count();
        blockEventLoop(700);
        const error = await caught(client.user.findMany());
        expect(errorSignature(error)).toMatch(/57P05/);
      });

      it('retries a read once and returns its rows', async () => {
        const h = harness({}, { max: 1 });
        await h.prisma.user.create({ data: { email: 'a@example.com' } });
        blockEventLoop(700);
        const users = await h.prisma.user.findMany();
        expect(users.map((user) => user.email)).toEqual(['a@example.com']);
        expect(h.events).toHaveLength(1);
        expect(h.events[0]).toMatchObject({
          attempt: 1,
          kind: 'idle-session-terminated',
          code: '57P05',
          mayHaveReachedServer: false,
          model: 'User',
          operation: 'findMany',
        });
        expect(h.attempts).toEqual(['create:none', 'findMany:none', 'findMany:none']);
      });

      it('retries a write by default too: the session was dead before the write was sent', async () => {
        const h = harness({}, { max: 1 });
        await h.prisma.user.count();
        blockEventLoop(700);
        await h.prisma.user.create({ data: { email: 'w@example.com' } });
        expect(h.events.map((event) => `${event.operation}/${event.kind}`)).toEqual(['create/idle-session-terminated']);
        expect(await server.sql('SELECT email FROM "User"')).toEqual([{ email: 'w@example.com' }]);
      });

      it.each([
        ['$queryRaw', (client: TestPrismaClient) => client.$queryRaw`SELECT 1 AS one`],
        ['$executeRaw', (client: TestPrismaClient) => client.$executeRaw`UPDATE "User" SET name = 'x' WHERE id = -1`],
        ['$queryRawUnsafe', (client: TestPrismaClient) => client.$queryRawUnsafe('SELECT $1::int AS one', 1)],
        ['$executeRawUnsafe', (client: TestPrismaClient) => client.$executeRawUnsafe('UPDATE "User" SET name = $1 WHERE id = -1', 'x')],
      ])('retries %s', async (operation, run) => {
        const h = harness({}, { max: 1 });
        await h.prisma.user.count();
        blockEventLoop(700);
        await run(h.prisma);
        expect(h.events.map((event) => `${event.operation}/${event.kind}/${event.code}`)).toEqual([
          `${operation}/idle-session-terminated/57P05`,
        ]);
        expect(h.events[0]!.model).toBeUndefined();
      });

      it('retries a batch $transaction([...]) as a whole, once', async () => {
        const h = harness({}, { max: 1 });
        await h.prisma.user.count();
        blockEventLoop(700);
        const [created, count] = await h.prisma.$transaction([
          h.prisma.user.create({ data: { email: 'b@example.com' } }),
          h.prisma.user.count(),
        ]);
        expect(created.email).toBe('b@example.com');
        expect(count).toBe(1);
        expect(h.events.map((event) => `${event.operation}/${event.kind}`)).toEqual(['$transaction/idle-session-terminated']);
        // The queries themselves ran in the batch only, never retried one by one.
        expect(h.attempts.filter((attempt) => attempt.endsWith(':none'))).toEqual(['count:none']);
        expect(await server.sql('SELECT count(*)::int AS n FROM "User"')).toEqual([{ n: 1 }]);
      });
    });

    describe('pg_terminate_backend', () => {
      it('fails a client without the extension with 57P01 (the scenario is real)', async () => {
        const { client, applicationName } = rawClient({ max: 1 });
        await client.user.count();
        expect(terminateBackendsNow(applicationName)).toBe(1);
        expect(errorSignature(await caught(client.user.findMany()))).toMatch(/57P01/);
      });

      it('retries a read and a raw read-only statement is treated as a write', async () => {
        const h = harness({}, { max: 1 });
        await h.prisma.user.count();
        terminateBackendsNow(h.applicationName);
        expect(await h.prisma.user.count()).toBe(0);
        expect(h.events.map((event) => `${event.operation}/${event.kind}/${event.code}/${event.mayHaveReachedServer}`)).toEqual([
          'count/server-terminated/57P01/true',
        ]);
      });

      it('does not retry a write by default (it may have run), and does with retryWrites: true', async () => {
        const strict = harness({}, { max: 1 });
        await strict.prisma.user.count();
        terminateBackendsNow(strict.applicationName);
        expect(errorSignature(await caught(strict.prisma.user.create({ data: { email: 'x@example.com' } })))).toMatch(/57P01/);
        expect(strict.events).toEqual([]);
        expect(strict.attempts.filter((attempt) => attempt.startsWith('create'))).toHaveLength(1);

        const lenient = harness({ retryWrites: true }, { max: 1 });
        await lenient.prisma.user.count();
        terminateBackendsNow(lenient.applicationName);
        await lenient.prisma.user.create({ data: { email: 'y@example.com' } });
        expect(lenient.events.map((event) => `${event.operation}/${event.kind}`)).toEqual(['create/server-terminated']);
        expect(await server.sql('SELECT email FROM "User" ORDER BY id')).toEqual([{ email: 'y@example.com' }]);
      });

      it('with an aborted signal, runs each operation once and retries nothing', async () => {
        const h = harness({ signal: AbortSignal.abort() }, { max: 1 });
        expect(await h.prisma.user.count()).toBe(0);
        terminateBackendsNow(h.applicationName);
        expect(errorSignature(await caught(h.prisma.user.count()))).toMatch(/57P01/);
        expect(h.events).toEqual([]);
        expect(h.attempts).toEqual(['count:none', 'count:none']);
      });

      it('never retries a query inside an interactive transaction; withRetry runs the whole transaction again', async () => {
        const h = harness({}, { max: 3, connectionTimeoutMillis: 5_000 });
        await h.prisma.user.count();
        const error = await caught(
          h.prisma.$transaction(async (tx) => {
            await tx.user.create({ data: { email: 'lost@example.com' } });
            terminateBackendsNow(h.applicationName);
            return tx.user.findMany();
          }),
        );
        expect(errorSignature(error)).toMatch(/57P01|not queryable|Connection terminated/);
        expect(h.events).toEqual([]);
        expect(h.attempts).toEqual(['count:none', 'create:itx', 'findMany:itx']);

        let runs = 0;
        const users = await withRetry(
          () =>
            h.prisma.$transaction(async (tx) => {
              runs += 1;
              await tx.user.create({ data: { email: `run-${runs}@example.com` } });
              if (runs === 1) terminateBackendsNow(h.applicationName);
              return tx.user.findMany();
            }),
          { ...FAST, operation: 'signup', onRetry: (event) => h.events.push(event) },
        );
        expect(runs).toBe(2);
        expect(users.map((user) => user.email)).toEqual(['run-2@example.com']);
        // The first run rolled back: marked as never committed, so retried although 57P01 "may have reached" the server.
        expect(h.events.map((event) => `${event.operation}/${event.mayHaveReachedServer}`)).toEqual(['signup/false']);
        expect(await server.sql('SELECT email FROM "User"')).toEqual([{ email: 'run-2@example.com' }]);
      });
    });

    describe('a connection the server ends as it connects (handleConnectionErrors)', () => {
      // Without handleConnectionErrors this race ends the process (connection-errors.test.ts
      // shows it in a child process): the adapter attaches its listener to a transaction's
      // connection after `await pool.connect()`, too late for a FATAL read with the startup.
      it('an interactive transaction on it fails before its callback ran, and the extension runs it on a new connection', async () => {
        const connectionErrors: Error[] = [];
        const h = harness(
          {},
          { max: 1, connectionTimeoutMillis: 5_000, Client: clientReadingStartupLate(1) },
          { handleConnectionErrors: { connectionErrors } },
        );
        let runs = 0;
        const count = await h.prisma.$transaction(async (tx) => {
          runs += 1;
          await tx.user.create({ data: { email: 'tx@example.com' } });
          return tx.user.count();
        });
        expect(count).toBe(1);
        expect(runs).toBe(1);
        expect(connectionErrors.map((error) => (error as { code?: string }).code)).toEqual(['57P05']);
        expect(h.events.map((event) => `${event.operation}/${event.mayHaveReachedServer}`)).toEqual(['$transaction/false']);
        expect(await server.sql('SELECT email FROM "User"')).toEqual([{ email: 'tx@example.com' }]);
      });
    });

    describe('withRetry units of work: a write that committed is never applied again', () => {
      /** A pool with room for a write outside the transaction while the transaction holds a connection. */
      const roomy = { max: 3, connectionTimeoutMillis: 5_000 } as const;

      async function rows(): Promise<{ events: number; users: number }> {
        const [result] = await server.sql<{ events: number; users: number }>(
          'SELECT (SELECT count(*)::int FROM "Event") AS events, (SELECT count(*)::int FROM "User") AS users',
        );
        return result!;
      }

      /** A unit that writes an event, then runs a transaction whose backend is killed on the first run. */
      function writeThenDyingTransaction(h: Harness & { applicationName: string }, runs: { count: number }) {
        return async () => {
          runs.count += 1;
          await h.prisma.event.create({ data: { seq: runs.count, worker: 0 } });
          return h.prisma.$transaction(async (tx) => {
            await tx.user.create({ data: { email: `unit-${runs.count}@example.com` } });
            if (runs.count === 1) terminateBackendsNow(h.applicationName);
            return tx.user.findMany();
          });
        };
      }

      it('a write before a transaction that died: the unit fails once, the write is stored once, the transaction not at all', async () => {
        const h = harness({}, roomy);
        await h.prisma.user.count();
        const runs = { count: 0 };
        const error = await caught(withRetry(writeThenDyingTransaction(h, runs), FAST));
        expect(errorSignature(error)).toMatch(/57P01|not queryable|Connection terminated/);
        expect(runs.count).toBe(1);
        expect(await rows()).toEqual({ events: 1, users: 0 });
      });

      it('a write through the client instead of tx inside the callback: not run again either', async () => {
        const h = harness({}, roomy);
        await h.prisma.user.count();
        let runs = 0;
        const error = await caught(
          withRetry(
            () =>
              h.prisma.$transaction(async (tx) => {
                runs += 1;
                await h.prisma.event.create({ data: { seq: runs, worker: 0 } });
                await tx.user.create({ data: { email: `inside-${runs}@example.com` } });
                if (runs === 1) terminateBackendsNow(h.applicationName);
                return tx.user.findMany();
              }),
            FAST,
          ),
        );
        expect(errorSignature(error)).toMatch(/57P01|not queryable|Connection terminated/);
        expect(runs).toBe(1);
        expect(await rows()).toEqual({ events: 1, users: 0 });
      });

      it('a read before the transaction does not stop the retry; the unit succeeds with one of each row', async () => {
        const h = harness({}, roomy);
        await h.prisma.user.count();
        let runs = 0;
        const users = await withRetry(async () => {
          runs += 1;
          await h.prisma.event.findMany();
          return h.prisma.$transaction(async (tx) => {
            await tx.user.create({ data: { email: `read-first-${runs}@example.com` } });
            if (runs === 1) terminateBackendsNow(h.applicationName);
            return tx.user.findMany();
          });
        }, FAST);
        expect(runs).toBe(2);
        expect(users.map((user) => user.email)).toEqual(['read-first-2@example.com']);
        expect(await rows()).toEqual({ events: 0, users: 1 });
      });

      it('declared idempotent with retryWrites: true, the unit runs again and applies its write twice (why it is not the default)', async () => {
        const h = harness({}, roomy);
        await h.prisma.user.count();
        const runs = { count: 0 };
        await withRetry(writeThenDyingTransaction(h, runs), { ...FAST, retryWrites: true });
        expect(runs.count).toBe(2);
        expect(await rows()).toEqual({ events: 2, users: 1 });
      });

      it('sees the writes of a client extended by the CommonJS build (one ledger per process)', async () => {
        const require = createRequire(import.meta.url);
        const commonJs = require(join(REPO_ROOT, 'dist/runtime/index.cjs')) as typeof import('../../runtime/index.js');
        const { client, applicationName } = rawClient(roomy);
        const extended = client.$extends(commonJs.auroraRetry(FAST));
        await extended.user.count();
        const runs = { count: 0 };
        const error = await caught(
          withRetry(
            writeThenDyingTransaction({ prisma: extended, applicationName, events: [], attempts: [], close: async () => {} }, runs),
            FAST,
          ),
        );
        expect(errorSignature(error)).toMatch(/57P01|not queryable|Connection terminated/);
        expect(runs.count).toBe(1);
        expect(await rows()).toEqual({ events: 1, users: 0 });
      });
    });

    // Prisma 6 transaction clients have no $transaction.
    it.skipIf(flavor === 'prisma6')('passes a nested interactive transaction (Prisma 7 savepoints) straight through', async () => {
      const h = harness({}, { max: 2 });
      const count = await h.prisma.$transaction(async (tx) => {
        await tx.user.create({ data: { email: 'outer@example.com' } });
        return tx.$transaction(async (inner) => inner.user.count());
      });
      expect(count).toBe(1);
      expect(h.attempts).toEqual(['create:itx', 'count:itx']);
    });

    // The ~15 s outage, for every flavour at once, is in outage.test.ts.
    describe('server stopped, then started again', () => {
      it('retries an interactive transaction that could not start, and a batch, through a short outage', async () => {
        const h = harness({ baseDelayMs: 50, maxDelayMs: 200, maxRetries: 1_000 }, { max: 1 });
        await h.prisma.user.count();
        let callbackRuns = 0;

        await server.stop();
        const restart = sleep(1_500).then(() => server.start());
        const count = await h.prisma.$transaction(async (tx) => {
          callbackRuns += 1;
          return tx.user.count();
        });
        await restart;
        expect(count).toBe(0);
        expect(callbackRuns).toBe(1);
        expect(h.events.length).toBeGreaterThan(0);
        expect(new Set(h.events.map((event) => event.operation))).toEqual(new Set(['$transaction']));

        h.events.length = 0;
        await server.stop();
        const restartAgain = sleep(1_500).then(() => server.start());
        const [users, total] = await h.prisma.$transaction([h.prisma.user.findMany(), h.prisma.user.count()]);
        await restartAgain;
        expect(users).toEqual([]);
        expect(total).toBe(0);
        expect(h.events.length).toBeGreaterThan(0);
        expect(new Set(h.events.map((event) => `${event.operation}/${event.kind}`))).toContain('$transaction/unreachable');
      });
    });

    describe('TCP proxy drops (FIN and RST)', () => {
      let proxy: TcpProxy;
      beforeAll(async () => {
        proxy = await startTcpProxy({ port: server.port });
      });
      afterAll(() => proxy?.close());

      function proxied(options: RetryOptions = {}): Harness & { applicationName: string } {
        return harness(options, { max: 1, connectionString: server.url({ port: proxy.port }) });
      }

      describe.each<DropMode>(['fin', 'rst'])('%s', (mode) => {
        const expectedKind = 'connection-lost';

        it('idle connection dropped and noticed by the pool: no error, no retry', async () => {
          const h = proxied();
          await h.prisma.user.count();
          expect(proxy.dropAll(mode)).toBeGreaterThanOrEqual(1);
          await sleep(100);
          expect(await h.prisma.user.count()).toBe(0);
          expect(h.events).toEqual([]);
        });

        it('idle connection dropped just before a read: fails without the extension, retried with it', async () => {
          const { client } = rawClient({ max: 1, connectionString: server.url({ port: proxy.port }) });
          await client.user.count();
          proxy.dropAll(mode);
          expect(errorSignature(await caught(client.user.count()))).toMatch(
            mode === 'fin' ? /Connection terminated unexpectedly/ : /P1017/,
          );

          const h = proxied();
          await h.prisma.user.count();
          proxy.dropAll(mode);
          expect(await h.prisma.user.count()).toBe(0);
          expect(h.events.map((event) => event.kind)).toEqual([expectedKind]);
        });

        it('mid-query, before the server saw it: a read is retried', async () => {
          const h = proxied();
          await h.prisma.user.count();
          const dropped = proxy.dropNextQuery(mode, 'before-server');
          expect(await h.prisma.user.findMany()).toEqual([]);
          await dropped;
          expect(h.events.map((event) => `${event.operation}/${event.kind}`)).toEqual([`findMany/${expectedKind}`]);
        });

        it('mid-query, after the server committed: a write is not retried by default, so it is not duplicated', async () => {
          const h = proxied();
          await h.prisma.user.count();
          const dropped = proxy.dropNextQuery(mode, 'after-server-answered');
          const error = await caught(h.prisma.user.create({ data: { email: `once-${mode}@example.com` } }));
          await dropped;
          expect(errorSignature(error)).toMatch(/Connection terminated unexpectedly|P1017/);
          expect(h.events).toEqual([]);
          expect(await server.sql(`SELECT count(*)::int AS n FROM "User" WHERE email = 'once-${mode}@example.com'`)).toEqual([{ n: 1 }]);
        });

        it('mid-query, after the server committed: retryWrites: true duplicates a non-idempotent write (why it is not the default)', async () => {
          const h = proxied({ retryWrites: true });
          await h.prisma.event.count();
          const dropped = proxy.dropNextQuery(mode, 'after-server-answered');
          await h.prisma.event.create({ data: { seq: 7 } });
          await dropped;
          expect(h.events.map((event) => `${event.operation}/${event.kind}/${event.mayHaveReachedServer}`)).toEqual([
            `create/${expectedKind}/true`,
          ]);
          expect(await server.sql('SELECT count(*)::int AS n FROM "Event" WHERE seq = 7')).toEqual([{ n: 2 }]);
        });

        it('mid-query raw read is retried only with retryWrites: true (raw SQL may write)', async () => {
          const strict = proxied();
          await strict.prisma.user.count();
          void proxy.dropNextQuery(mode, 'after-server-answered');
          await caught(strict.prisma.$queryRaw`SELECT 1 AS one`);
          expect(strict.events).toEqual([]);

          const lenient = proxied({ retryWrites: true });
          await lenient.prisma.user.count();
          void proxy.dropNextQuery(mode, 'after-server-answered');
          expect(await lenient.prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
          expect(lenient.events.map((event) => event.operation)).toEqual(['$queryRaw']);
        });
      });
    });

    describe('a connection that dies silently (the proxy stops relaying, closes nothing)', () => {
      // What a Lambda thawed after its NAT mapping expired sees: the query is sent, nothing comes
      // back, no FIN, no RST. TCP keepalive cannot notice on loopback (the proxy's kernel answers
      // the probes), so the only bound is pg's client-side `query_timeout` on the pool.
      const QUERY_TIMEOUT_MS = 400;
      let proxy: TcpProxy;
      beforeAll(async () => {
        proxy = await startTcpProxy({ port: server.port });
      });
      afterAll(() => proxy?.close());

      function bounded(options: RetryOptions = {}): Harness & { applicationName: string } {
        return harness(options, {
          max: 1,
          connectionString: server.url({ port: proxy.port }),
          query_timeout: QUERY_TIMEOUT_MS,
          connectionTimeoutMillis: 2_000,
        });
      }

      it('without a bound the query hangs for good (the scenario is real)', async () => {
        const h = harness({}, { max: 1, connectionString: server.url({ port: proxy.port }) });
        await h.prisma.user.count();
        expect(proxy.stallAll()).toBe(1);
        const query = h.prisma.user.count().then(
          () => 'answered',
          () => 'failed',
        );
        expect(await Promise.race([query, sleep(3 * QUERY_TIMEOUT_MS + 1_000).then(() => 'still waiting')])).toBe('still waiting');
        expect(h.events).toEqual([]);
        proxy.dropAll('rst');
        await query;
        await h.close();
      });

      it('with query_timeout, a read is retried on a fresh connection within the budget', async () => {
        const h = bounded();
        await h.prisma.user.create({ data: { email: 'silent@example.com' } });
        const accepted = proxy.acceptedConnections;
        expect(proxy.stallAll()).toBeGreaterThanOrEqual(1);
        const started = Date.now();
        const users = await h.prisma.user.findMany();
        expect(users.map((user) => user.email)).toEqual(['silent@example.com']);
        expect(Date.now() - started).toBeLessThan(QUERY_TIMEOUT_MS + 2_000);
        expect(h.events.map((event) => `${event.operation}/${event.kind}/${event.mayHaveReachedServer}`)).toEqual([
          'findMany/timeout/true',
        ]);
        expect(proxy.acceptedConnections).toBe(accepted + 1);
      });

      it.each<QueryDropPoint>(['before-server', 'after-server-answered'])(
        'a write whose answer never came (%s) is reported, not retried, and the client works on',
        async (point) => {
          const h = bounded();
          await h.prisma.event.count();
          const stalled = proxy.dropNextQuery('stall', point);
          const error = await caught(h.prisma.event.create({ data: { seq: 41 } }));
          await stalled;
          expect(errorSignature(error)).toMatch(/Query read timeout/);
          expect(h.events).toEqual([]);
          // The client cannot know whether it committed; the database says it did only when the server saw it.
          const stored = point === 'after-server-answered' ? 1 : 0;
          expect(await server.sql('SELECT count(*)::int AS n FROM "Event" WHERE seq = 41')).toEqual([{ n: stored }]);
          expect(await h.prisma.event.count()).toBe(stored);
        },
      );

      it('an interactive transaction on a silently dead connection: withRetry runs it again on a fresh connection (Prisma 7)', async () => {
        const h = bounded();
        await h.prisma.event.count();
        let runs = 0;
        const unit = withRetry(
          () =>
            h.prisma.$transaction(async (tx) => {
              runs += 1;
              if (runs === 1) proxy.stallAll();
              await tx.event.create({ data: { seq: 42 } });
              return tx.event.count();
            }),
          FAST,
        );
        if (flavor === 'prisma6') {
          // Prisma 6's adapter never gives the dead transaction's connection back (FACTS.md): with
          // one connection in the pool, the next attempt waits for it until the pool's connect
          // timeout, and the unit fails instead of hanging. Nothing was written.
          expect(errorSignature(await caught(unit))).toMatch(/timeout exceeded when trying to connect|P2028|Query read timeout/);
          expect(await server.sql('SELECT count(*)::int AS n FROM "Event" WHERE seq = 42')).toEqual([{ n: 0 }]);
          return;
        }
        expect(await unit).toBe(1);
        expect(runs).toBe(2);
        expect(await server.sql('SELECT count(*)::int AS n FROM "Event" WHERE seq = 42')).toEqual([{ n: 1 }]);
      });
    });

    describe('Aurora writer failover: the old writer is a reader now (25006)', () => {
      // One pooled session is made read-only, which is what a demoted writer looks like to a
      // connection that still reaches it; a new connection is a writer (DNS moved on).
      async function demotedSession(h: Harness): Promise<void> {
        await h.prisma.$executeRawUnsafe('SET default_transaction_read_only = on');
      }

      it('fails a client without the extension with 25006 (the scenario is real)', async () => {
        const { client } = rawClient({ max: 1 });
        await client.$executeRawUnsafe('SET default_transaction_read_only = on');
        expect(errorSignature(await caught(client.event.create({ data: { seq: 1 } })))).toMatch(/25006/);
      });

      it('a write is retried on a new connection and stored once', async () => {
        const h = harness({}, { max: 1 });
        await demotedSession(h);
        const before = await server.sql<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [
          h.applicationName,
        ]);
        await h.prisma.event.create({ data: { seq: 2 } });
        expect(h.events.map((event) => `${event.operation}/${event.kind}/${event.code}/${event.mayHaveReachedServer}`)).toEqual([
          'create/read-only/25006/false',
        ]);
        expect(await server.sql('SELECT count(*)::int AS n FROM "Event" WHERE seq = 2')).toEqual([{ n: 1 }]);
        // The read-only session is gone: the retry did not reuse it.
        expect(before).toEqual([{ n: 1 }]);
        expect(await h.prisma.$queryRawUnsafe<Array<{ ro: string }>>('SHOW default_transaction_read_only')).toEqual([
          { default_transaction_read_only: 'off' },
        ]);
      });

      it('an interactive transaction: the adapter gives the read-only session back to the pool, so every retry meets it again', async () => {
        // The evidence for docs/runtime.md: a transaction's connection is released without its
        // error (both adapters), so the pool keeps the demoted session and hands it to the next
        // attempt. The unit fails with 25006 once the budget is spent, and nothing is written.
        const h = harness({}, { max: 1 });
        await demotedSession(h);
        let runs = 0;
        const error = await caught(
          withRetry(
            () =>
              h.prisma.$transaction(async (tx) => {
                runs += 1;
                await tx.event.create({ data: { seq: 3 } });
                return tx.event.count();
              }),
            { ...FAST, maxRetries: 2 },
          ),
        );
        expect(errorSignature(error)).toMatch(/25006/);
        expect(runs).toBe(3);
        expect(await server.sql('SELECT count(*)::int AS n FROM "Event" WHERE seq = 3')).toEqual([{ n: 0 }]);
        // A plain query on it fails, and that one drops the session: the next transaction works.
        await h.prisma.event.create({ data: { seq: 4 } });
        expect(await h.prisma.$transaction(async (tx) => tx.event.count())).toBe(1);
      });
    });

    describe('errors that are never retried', () => {
      it('auth failure (P1000): thrown at once, exactly one attempt', async () => {
        const h = harness({}, { connectionString: server.url({ password: 'wrong-password' }) });
        const error = await caught(h.prisma.user.findMany());
        expect(errorSignature(error)).toMatch(/P1000/);
        expect(h.attempts).toEqual(['findMany:none']);
        expect(h.events).toEqual([]);
        expect(String((error as Error).message)).not.toContain(server.password);
      });

      it('unique violation (P2002, and P2010 23505 from raw SQL): thrown at once, exactly one attempt', async () => {
        const h = harness();
        await h.prisma.user.create({ data: { email: 'dup@example.com' } });
        expect(errorSignature(await caught(h.prisma.user.create({ data: { email: 'dup@example.com' } })))).toMatch(/P2002/);
        expect(errorSignature(await caught(h.prisma.$executeRaw`INSERT INTO "User" (email) VALUES ('dup@example.com')`))).toMatch(/P2010/);
        expect(h.attempts).toEqual(['create:none', 'create:none', '$executeRaw:none']);
        expect(h.events).toEqual([]);
      });

      it('statement timeout (57014): thrown at once', async () => {
        const h = harness();
        const error = await caught(
          h.prisma.$transaction([
            h.prisma.$executeRawUnsafe("SET LOCAL statement_timeout = '50ms'"),
            h.prisma.$queryRawUnsafe('SELECT pg_sleep(1)'),
          ]),
        );
        expect(errorSignature(error)).toMatch(/57014/);
        expect(h.events).toEqual([]);
      });
    });

    describe('pool timeout', () => {
      /** A client whose only pooled connection is held by a transaction for 0.8 s. */
      async function busyPool(): Promise<{ h: Harness; holder: Promise<string> }> {
        const h = harness({ maxRetries: 50, baseDelayMs: 20, maxDelayMs: 100 }, { max: 1, connectionTimeoutMillis: 150 });
        await h.prisma.user.count();
        let holding!: () => void;
        const held = new Promise<void>((resolve) => (holding = resolve));
        const holder = h.prisma.$transaction(
          async (tx) => {
            holding();
            await tx.$executeRawUnsafe('SELECT pg_sleep(0.8)');
            return 'held';
          },
          { timeout: 10_000 },
        );
        // Inside the callback, the transaction holds the connection (and keeps it >= 0.8 s).
        await held;
        return { h, holder };
      }

      it('retries a query that found no free pooled connection in time (the request never left)', async () => {
        const { h, holder } = await busyPool();
        const created = await h.prisma.user.create({ data: { email: 'after-wait@example.com' } });
        expect(await holder).toBe('held');
        expect(created.email).toBe('after-wait@example.com');
        expect(h.events.length).toBeGreaterThanOrEqual(1);
        expect(
          h.events.every((event) => event.kind === 'pool-timeout' && !event.mayHaveReachedServer && event.operation === 'create'),
        ).toBe(true);
      });

      it('retries an interactive transaction that could not start in time (P2028 on Prisma 7, pool timeout on 6)', async () => {
        const { h, holder } = await busyPool();
        let runs = 0;
        const result = await h.prisma.$transaction(
          async (tx) => {
            runs += 1;
            return tx.user.count();
          },
          { maxWait: 150 },
        );
        await holder;
        expect(result).toBe(0);
        expect(runs).toBe(1);
        expect(h.events.length).toBeGreaterThanOrEqual(1);
        const kinds = new Set(h.events.map((event) => event.kind));
        expect([...kinds].every((kind) => kind === 'transaction-start-timeout' || kind === 'pool-timeout')).toBe(true);
        expect(new Set(h.events.map((event) => event.operation))).toEqual(new Set(['$transaction']));
      });
    });

    describe('1,000 inserts under random backend terminations (default policy)', () => {
      // Sessions idle for more than 20 ms are ended too, so some failures prove the write was
      // never sent (retried) and others may have reached the server (not retried).
      beforeAll(() => setIdleSessionTimeout('20ms'));
      afterAll(() => setIdleSessionTimeout('0'));

      it('row count equals reported successes: nothing lost, nothing duplicated', async () => {
        const workers = 4;
        const inserts = 1_000;
        const h = harness({}, { max: workers, connectionTimeoutMillis: 5_000 });
        await h.prisma.event.count();

        let stop = false;
        let terminated = 0;
        const terminator = (async () => {
          while (!stop) {
            await sleep(2 + Math.floor(Math.random() * 15));
            terminated += await terminateRandomBackend(h.applicationName);
          }
        })();

        const succeeded: number[] = [];
        const failed: number[] = [];
        let next = 0;
        await Promise.all(
          Array.from({ length: workers }, async (_, worker) => {
            for (let seq = next++; seq < inserts; seq = next++) {
              if (Math.random() < 0.1) await sleep(Math.floor(Math.random() * 30));
              try {
                await h.prisma.event.create({ data: { seq, worker } });
                succeeded.push(seq);
              } catch (error) {
                expect(errorSignature(error)).toMatch(/57P0[15]|Connection terminated|P1017|not queryable/);
                failed.push(seq);
              }
            }
          }),
        );
        stop = true;
        await terminator;

        const rows = await server.sql<{ seq: number }>('SELECT seq FROM "Event" ORDER BY seq');
        const stored = rows.map((row) => row.seq);
        expect(succeeded.length + failed.length).toBe(inserts);
        expect(terminated).toBeGreaterThan(0);
        expect(stored.length).toBe(succeeded.length);
        expect(new Set(stored).size).toBe(stored.length);
        expect(stored).toEqual([...succeeded].sort((a, b) => a - b));
        // Both branches of the default policy ran: failures that prove the write never left
        // were retried (idle sessions), the others (terminated mid-write) were reported.
        expect(h.events.length).toBeGreaterThan(0);
        expect(failed.length).toBeGreaterThan(0);
        expect(h.events.every((event) => !event.mayHaveReachedServer)).toBe(true);
      }, 120_000);

      // One fault at a time. The pools go through handleConnectionErrors: without it, under random
      // backend kills, an interactive transaction's connection ended as it connected raised an
      // 'error' event no listener took (an uncaught exception; docs/runtime.md).
      it.each(['backend kills', 'silent drops'] as const)(
        '1,000 writes in withRetry units of work under %s: nothing applied twice, every unit reported done is whole',
        async (faults) => {
          // Each unit is a transaction of two writes; every other unit also writes one row before
          // it. A unit whose transaction died is run again only when nothing of it committed.
          // Prisma 6's adapter leaks a pooled connection for each transaction whose connection
          // died (FACTS.md), so 500 of them exhaust any pool: on Prisma 6 the unit's two writes
          // are two plain writes instead, which makes the second one the failure after a
          // committed write. The interactive-transaction cases for Prisma 6 are the
          // deterministic tests above.
          const transactional = flavor !== 'prisma6';
          const workers = 4;
          const units = 500;
          // Silent drops: through a proxy that now and then stalls a connection for good (before or
          // after the server saw the query), bounded by pg's query_timeout.
          const proxy = faults === 'silent drops' ? await startTcpProxy({ port: server.port }) : undefined;
          const connectionErrors: Error[] = [];
          const h = harness(
            {},
            proxy === undefined
              ? { max: workers * 2, connectionTimeoutMillis: 5_000 }
              : {
                  max: workers * 2,
                  connectionTimeoutMillis: 5_000,
                  connectionString: server.url({ port: proxy.port }),
                  query_timeout: 300,
                },
            { handleConnectionErrors: { connectionErrors } },
          );
          await h.prisma.event.count();

          let stop = false;
          let terminated = 0;
          let stalled = 0;
          const staller = (async () => {
            while (!stop && proxy !== undefined) {
              await sleep(100 + Math.floor(Math.random() * 200));
              const fired = proxy.dropNextQuery('stall', Math.random() < 0.5 ? 'before-server' : 'after-server-answered');
              if ((await Promise.race([fired.then(() => true), sleep(1_000).then(() => false)])) === true) stalled += 1;
            }
          })();
          const terminator = (async () => {
            while (!stop && faults === 'backend kills') {
              await sleep(2 + Math.floor(Math.random() * 15));
              terminated += await terminateRandomBackend(h.applicationName);
            }
          })();

          const outcomes = new Map<number, { ok: boolean; runs: number; writesBefore: boolean; ranAfterItsWriteCommitted: boolean }>();
          const unitRetries: RetryEvent[] = [];
          // Where the faults land is random, so the run goes on past `units` (up to four times as
          // many) until both branches asserted at the end have been seen in this process: a unit
          // run again, and a unit that failed after one of its writes committed. A fixed count
          // missed the first in about one run in fifty (few stalls, most on writes or COMMIT).
          let failedAfterItsWriteSeen = false;
          const bothBranchesSeen = (): boolean => failedAfterItsWriteSeen && (!transactional || unitRetries.length > 0);
          let next = 0;
          await Promise.all(
            Array.from({ length: workers }, async () => {
              for (let seq = next++; seq < units || (!bothBranchesSeen() && seq < units * 4); seq = next++) {
                const writesBefore = seq % 2 === 1;
                const outcome = { ok: false, runs: 0, writesBefore, ranAfterItsWriteCommitted: false };
                let writeCommitted = false;
                let anyWriteReturned = false;
                outcomes.set(seq, outcome);
                try {
                  await withRetry(
                    async () => {
                      outcome.runs += 1;
                      if (writeCommitted) outcome.ranAfterItsWriteCommitted = true;
                      if (writesBefore) {
                        await h.prisma.event.create({ data: { seq, worker: 0 } });
                        writeCommitted = true;
                        anyWriteReturned = true;
                      }
                      if (transactional) {
                        await h.prisma.$transaction(async (tx) => {
                          await tx.event.create({ data: { seq, worker: 1 } });
                          if (Math.random() < 0.2) await sleep(Math.floor(Math.random() * 10));
                          await tx.event.create({ data: { seq, worker: 2 } });
                        });
                      } else {
                        await h.prisma.event.create({ data: { seq, worker: 1 } });
                        anyWriteReturned = true;
                        if (Math.random() < 0.2) await sleep(Math.floor(Math.random() * 10));
                        await h.prisma.event.create({ data: { seq, worker: 2 } });
                      }
                    },
                    { ...FAST, onRetry: (event) => unitRetries.push(event) },
                  );
                  outcome.ok = true;
                } catch (error) {
                  if (anyWriteReturned) failedAfterItsWriteSeen = true;
                  expect(errorSignature(error)).toMatch(
                    /57P0[15]|Connection terminated|P1017|not queryable|ConnectionClosed|P2028|Transaction|Query read timeout/,
                  );
                }
              }
            }),
          );
          stop = true;
          await Promise.all([terminator, staller]);
          await h.close();
          await proxy?.close();

          const stored = await server.sql<{ seq: number; worker: number; copies: number }>(
            'SELECT seq, worker, count(*)::int AS copies FROM "Event" GROUP BY seq, worker',
          );
          expect(faults === 'backend kills' ? terminated : stalled).toBeGreaterThan(0);
          // Nothing applied twice.
          expect(stored.filter((row) => row.copies > 1)).toEqual([]);
          const has = (seq: number, worker: number): boolean => stored.some((row) => row.seq === seq && row.worker === worker);
          for (const [seq, outcome] of outcomes) {
            const transaction = [has(seq, 1), has(seq, 2)];
            // The transaction is all or nothing, and a unit reported done has all of its rows.
            if (transactional) expect(transaction[0], `unit ${seq}`).toBe(transaction[1]);
            if (outcome.ok) expect([has(seq, 0), ...transaction], `unit ${seq}`).toEqual([outcome.writesBefore, true, true]);
            expect(outcome.ranAfterItsWriteCommitted, `unit ${seq}`).toBe(false);
          }
          // Both branches ran: whole units run again after a rolled-back transaction, and units
          // that had already written before it reported their failure instead.
          if (transactional) expect(unitRetries.length).toBeGreaterThan(0);
          const failedAfterAWrite = [...outcomes.entries()].filter(([seq, outcome]) => !outcome.ok && (has(seq, 0) || has(seq, 1)));
          expect(failedAfterAWrite.length).toBeGreaterThan(0);
        },
        180_000,
      );
    });

    it('never hands onRetry a URL or a password', async () => {
      const h = harness({}, { max: 1 });
      await h.prisma.user.count();
      terminateBackendsNow(h.applicationName);
      await h.prisma.user.count();
      expect(h.events).toHaveLength(1);
      const serialized = JSON.stringify(h.events);
      expect(serialized).not.toContain(server.password);
      expect(serialized).not.toContain(String(server.port));
      expect(Object.keys(h.events[0]!).sort()).toEqual([
        'attempt',
        'code',
        'delayMs',
        'elapsedMs',
        'kind',
        'mayHaveReachedServer',
        'model',
        'operation',
      ]);
    });
  });
}
