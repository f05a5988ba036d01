import { startPostgres, type PostgresServer } from '../../test/support/postgres.js';
import { generatePrismaClient, TEST_TABLES_SQL } from '../../test/support/prisma-generate.js';

/**
 * The real PostgreSQL the runtime figures run against: the test suite's throwaway server
 * (`test/support/postgres.ts`) with its tables, one `User` row to read, and the Prisma 7
 * client the tests generate offline (`prisma-client-js` generator, `@prisma/adapter-pg`).
 */
export interface BenchDatabase {
  server: PostgresServer;
  url: string;
}

let started: Promise<BenchDatabase> | undefined;

export function benchDatabase(): Promise<BenchDatabase> {
  started ??= (async () => {
    await generatePrismaClient('prisma7-js');
    const server = await startPostgres();
    try {
      await server.sql(TEST_TABLES_SQL);
      await server.sql(`INSERT INTO "User" (id, email, name) VALUES (1, 'bench@example.com', 'Bench') ON CONFLICT (id) DO NOTHING`);
    } catch (error) {
      await server.destroy();
      throw error;
    }
    return { server, url: server.url() };
  })();
  return started;
}

export async function stopBenchDatabase(): Promise<void> {
  if (started === undefined) return;
  const database = await started.catch(() => undefined);
  started = undefined;
  await database?.server.destroy();
}
