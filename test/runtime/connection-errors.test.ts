/**
 * `handleConnectionErrors` against a real PostgreSQL: a connection the server ends as it
 * connects, read late (test/support/late-startup-read.ts), crashes a process that uses pg's
 * pool as documented, and does not once the pool went through `handleConnectionErrors`. Run
 * in a child process (fixtures/connection-error-at-connect.ts), since the crash is the point.
 * The same race under Prisma's interactive transactions is in fault-scenarios.ts.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../support/postgres.js';
import { REPO_ROOT } from '../support/prisma-generate.js';

const execFileAsync = promisify(execFile);
const FIXTURE = fileURLToPath(new URL('./fixtures/connection-error-at-connect.ts', import.meta.url));

describe('handleConnectionErrors: a pooled connection the server ends as it connects', () => {
  let server: PostgresServer;

  beforeAll(async () => {
    server = await startPostgres();
  });

  afterAll(async () => {
    await server?.destroy();
  });

  async function runFixture(guard: boolean): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', FIXTURE], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: server.url(), GUARD: guard ? '1' : '0' },
        timeout: 20_000,
      });
      return { exitCode: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { exitCode: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  }

  it("without it, pg's documented pattern (an 'error' listener right after await pool.connect()) ends the process", async () => {
    const run = await runFixture(false);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("Unhandled 'error' event");
    expect(run.stderr).toContain('terminating connection due to idle-session timeout');
    // Neither the pool's listener nor the client's own one was reached.
    expect(run.stdout).toBe('');
  });

  it('with it, the error reaches its callback, the query fails as "not queryable" and the pool recovers', async () => {
    const run = await runFixture(true);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'handleConnectionErrors: terminating connection due to idle-session timeout',
      'first query failed: Client has encountered a connection error and is not queryable',
      'next query on the pool: 1',
    ]);
  });
});
