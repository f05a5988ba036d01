/**
 * Aurora Serverless v2 resuming from 0 ACU: the database is unreachable for ~15 s (FACTS.md).
 * One real server stopped for 15 s while a query of every Prisma flavour waits in
 * `auroraRetry`: each must succeed within one retry interval of the server being back.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auroraRetry, type RetryEvent } from '../../runtime/index.js';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import { disconnectQuietly, loadPrisma, type TestPrismaClient } from '../support/prisma-clients.js';
import { PRISMA_FLAVORS, TEST_TABLES_SQL } from '../support/prisma-generate.js';

const OUTAGE_MS = 15_000;
/** The longest wait between two attempts: "one retry interval". */
const MAX_DELAY_MS = 500;
/** Room for a loaded 2-core machine to run the attempt itself; the bound is still far below the outage. */
const SLACK_MS = 2_500;

let server: PostgresServer;
const clients: TestPrismaClient[] = [];

beforeAll(async () => {
  server = await startPostgres();
  await server.sql(TEST_TABLES_SQL);
  await server.sql(`INSERT INTO "User" (email) VALUES ('before@example.com')`);
});

afterAll(async () => {
  await Promise.all(clients.map((client) => disconnectQuietly(client)));
  await server?.destroy();
});

it(`every flavour waits through a ${OUTAGE_MS / 1000} s outage and succeeds within one retry interval of the server being back`, async () => {
  const runs = await Promise.all(
    PRISMA_FLAVORS.map(async (flavor) => {
      const prisma = await loadPrisma(flavor);
      const client = prisma.createClient({ connectionString: server.url(), max: 1 });
      clients.push(client);
      const events: Array<RetryEvent & { at: number }> = [];
      const extended = client
        .$extends(
          auroraRetry({
            baseDelayMs: 250,
            maxDelayMs: MAX_DELAY_MS,
            maxRetries: 1_000,
            maxElapsedMs: 60_000,
            onRetry: (event) => events.push({ ...event, at: Date.now() }),
          }),
        )
        // Another query extension after ours, as apps have (logging, metrics). Regression: each
        // retry used to double Prisma's per-request fetch-decorator chain, so after ~20 retries
        // every attempt took seconds and the success came long after the server was back.
        .$extends({
          query: { $allOperations: ({ args, query }: { args: unknown; query: (args: unknown) => Promise<unknown> }) => query(args) },
        });
      await extended.user.count();
      return { flavor, extended, events };
    }),
  );

  await server.stop();
  const outageStartedAt = Date.now();
  let backAt = Number.POSITIVE_INFINITY;
  const restart = new Promise((done) => setTimeout(done, OUTAGE_MS)).then(async () => {
    await server.start();
    backAt = Date.now();
  });
  const results = await Promise.all(
    runs.map(async (run) => {
      const users = await run.extended.user.findMany();
      return { ...run, users, succeededAt: Date.now() };
    }),
  );
  await restart;

  for (const { flavor, users, succeededAt, events } of results) {
    const context = `${flavor}: ${events.length} retries, success ${succeededAt - backAt} ms after the server was back`;
    expect(
      users.map((user) => user.email),
      context,
    ).toEqual(['before@example.com']);
    expect(succeededAt, context).toBeGreaterThanOrEqual(outageStartedAt + OUTAGE_MS);
    // Unreachable (P1001) the whole time; perhaps "starting up" (57P03) at the very end.
    expect(events.filter((event) => event.kind === 'unreachable').length, context).toBeGreaterThanOrEqual(15);
    expect(
      events.every((event) => (event.kind === 'unreachable' && event.code === 'P1001') || event.kind === 'starting-up'),
      context,
    ).toBe(true);
    expect(
      events.every((event) => event.delayMs <= MAX_DELAY_MS && event.operation === 'findMany' && event.model === 'User'),
      context,
    ).toBe(true);
    // Once the server is back, at most the attempt already in flight fails; the next succeeds.
    expect(events.filter((event) => event.at > backAt).length, context).toBeLessThanOrEqual(1);
    expect(succeededAt - backAt, context).toBeLessThan(MAX_DELAY_MS + SLACK_MS);
  }
}, 90_000);
