/**
 * Figure 5: how soon after a database pause ends the runtime serves a query again. Traffic
 * keeps coming during the pause (each "invocation" is one query through
 * `$extends(auroraRetry())` with the default policy; when one gives up, the next starts at
 * once), and the figure is the time from the server being back to the first success. Goal:
 * within one retry interval, i.e. the wait that was pending when the server came back (at
 * least the policy's base interval) plus what a query on a new connection takes.
 *
 * Two models of the pause:
 * - `restart`: the server is stopped (`pg_ctl stop -m fast`) and started again after the
 *   pause: connections are refused meanwhile (P1001), which is what a client sees while a
 *   stopped or failing-over instance is down.
 * - `resume`: closer to Aurora Serverless v2 resuming from 0 ACU (FACTS.md: the TCP connect is
 *   accepted and held ~15 s): existing sessions are terminated, then the postmaster is frozen
 *   with SIGSTOP, so new connections complete the TCP handshake and hang until SIGCONT. The
 *   pool's `connectionTimeoutMillis: 30_000` (what require-connection-params asks for) waits
 *   it out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { loadPrisma, disconnectQuietly, type TestPrismaClient } from '../../test/support/prisma-clients.js';
import type { BenchContext } from '../lib/context.js';
import { benchDatabase, type BenchDatabase } from '../lib/database.js';
import { failed, goals, judge, skipped, type Figure } from '../lib/figures.js';
import { loadRuntime, runtimeAvailability } from '../lib/repo.js';
import { median } from '../lib/stats.js';

type PauseModel = 'restart' | 'resume';

interface RetryRecord {
  atMs: number;
  attempt: number;
  delayMs: number;
  kind: string;
  code: string | undefined;
}

interface Invocation {
  startMs: number;
  endMs: number;
  ok: boolean;
  error?: string;
}

/** The policy's smallest wait, for "at least one base interval" (the runtime's documented default). */
const BASE_DELAY_MS = 100;

const now = (): number => performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Time to open a new connection and run one query, the part of a recovery no policy removes. */
async function freshConnectionQueryMs(url: string): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < 5; index++) {
    const started = now();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('SELECT 1');
    samples.push(now() - started);
    await client.end();
  }
  return median(samples);
}

/** Polls until the server answers a query; resolves with the time of the first attempt that succeeded. */
async function whenServerIsBack(url: string, giveUpAtMs: number): Promise<number> {
  while (now() < giveUpAtMs) {
    const attemptStarted = now();
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return attemptStarted;
    } catch {
      await client.end().catch(() => undefined);
      await sleep(20);
    }
  }
  throw new Error('the server did not come back');
}

function postmasterPid(database: BenchDatabase): number {
  const pid = Number(readFileSync(join(database.server.dir, 'data/postmaster.pid'), 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('cannot read the postmaster pid');
  return pid;
}

async function scenario(model: PauseModel, pauseMs: number, database: BenchDatabase): Promise<Figure> {
  const title = `recovery after a ${Math.round(pauseMs / 1000)} s pause (${model === 'restart' ? 'server stopped' : 'connect held, Aurora-like'})`;
  const id = `5-recovery-${model}`;
  const goal = goals.ratio(1);
  const prisma = await loadPrisma('prisma7-js');
  const { auroraRetry } = await loadRuntime();

  const retries: RetryRecord[] = [];
  const client: TestPrismaClient = prisma
    .createClient({ connectionString: database.url, max: 1, connectionTimeoutMillis: 30_000 })
    .$extends(
      auroraRetry({
        onRetry: (event: { attempt: number; delayMs: number; kind: string; code?: string }) =>
          retries.push({ atMs: now(), attempt: event.attempt, delayMs: event.delayMs, kind: event.kind, code: event.code }),
      }),
    );
  const query = (): Promise<unknown> => client.user.findUnique({ where: { id: 1 } });

  let frozenPid: number | undefined;
  const thaw = (): void => {
    if (frozenPid !== undefined) process.kill(frozenPid, 'SIGCONT');
    frozenPid = undefined;
  };
  // Never leave a frozen postmaster behind: thaw on exit and on Ctrl-C / kill (then exit, so
  // the server helper's own exit hook stops the server).
  const thawAndExit = (signal: NodeJS.Signals): void => {
    thaw();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', thaw);
  process.once('SIGINT', thawAndExit);
  process.once('SIGTERM', thawAndExit);
  try {
    await query();
    const connectQueryMs = await freshConnectionQueryMs(database.url);

    let pauseStartedMs: number;
    if (model === 'restart') {
      await database.server.stop();
      pauseStartedMs = now();
    } else {
      await database.server.sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      const pid = postmasterPid(database);
      process.kill(pid, 'SIGSTOP');
      frozenPid = pid;
      pauseStartedMs = now();
    }

    // Traffic: invocations back to back, from half a second into the pause until one succeeds.
    const invocations: Invocation[] = [];
    const traffic = (async (): Promise<number> => {
      await sleep(500);
      for (;;) {
        const startMs = now();
        try {
          await query();
          const endMs = now();
          invocations.push({ startMs, endMs, ok: true });
          return endMs;
        } catch (error) {
          invocations.push({
            startMs,
            endMs: now(),
            ok: false,
            error: (error as Error).message.split('\n').filter(Boolean).pop()?.slice(0, 160),
          });
          if (now() - pauseStartedMs > pauseMs + 120_000) throw new Error('no query succeeded within two minutes of the pause ending');
        }
      }
    })();

    await sleep(Math.max(0, pauseMs - (now() - pauseStartedMs)));
    let backMs: number;
    if (model === 'restart') {
      const back = whenServerIsBack(database.url, now() + 60_000);
      await database.server.start();
      backMs = await back;
    } else {
      backMs = now();
      thaw();
    }
    const firstSuccessMs = await traffic;

    const recoveryMs = firstSuccessMs - backMs;
    // The wait that was pending when the server came back: the last retry scheduled before the success.
    const lastRetry = [...retries].reverse().find((retry) => retry.atMs <= firstSuccessMs);
    const successfulInvocation = invocations[invocations.length - 1]!;
    const intervalMs = lastRetry !== undefined && lastRetry.atMs >= successfulInvocation.startMs ? lastRetry.delayMs : 0;
    const floorMs = Math.max(intervalMs, BASE_DELAY_MS) + connectQueryMs;
    const first = invocations[0]!;
    return judge({
      id,
      title,
      ours: { value: recoveryMs, unit: 'ms' },
      floor: { value: floorMs, unit: 'ms' },
      floorLabel: 'the retry interval pending when the server came back (at least the base interval) + a query on a new connection',
      goal,
      details: {
        pauseMs,
        actualPauseMs: backMs - pauseStartedMs,
        retryIntervalMs: intervalMs,
        connectQueryMs,
        invocations: invocations.length,
        gaveUp: invocations.filter((invocation) => !invocation.ok).length,
        firstInvocation: { ok: first.ok, durationMs: first.endMs - first.startMs, error: first.error },
        retries: retries.length,
        retryKinds: [...new Set(retries.map((retry) => `${retry.kind}${retry.code ? ` ${retry.code}` : ''}`))],
      },
      note: `${invocations.length} invocation(s) during the pause, ${invocations.filter((invocation) => !invocation.ok).length} gave up; the one issued when the pause began ${first.ok ? `succeeded after ${((first.endMs - first.startMs) / 1000).toFixed(1)} s` : `gave up after ${((first.endMs - first.startMs) / 1000).toFixed(1)} s (${first.error ?? 'error'})`}`,
    });
  } finally {
    thaw();
    process.removeListener('exit', thaw);
    process.removeListener('SIGINT', thawAndExit);
    process.removeListener('SIGTERM', thawAndExit);
    if (!database.server.running) await database.server.start().catch(() => undefined);
    await disconnectQuietly(client);
  }
}

export async function recoveryFigures(context: BenchContext): Promise<Figure[]> {
  const goal = goals.ratio(1);
  const titles: Record<PauseModel, string> = {
    restart: `recovery after a ${context.pauseSeconds} s pause (server stopped)`,
    resume: `recovery after a ${context.pauseSeconds} s pause (connect held, Aurora-like)`,
  };
  const availability = await runtimeAvailability(['auroraRetry']);
  if (!availability.ok)
    return (['restart', 'resume'] as const).map((model) => skipped(`5-recovery-${model}`, titles[model], goal, availability.reason));
  let database: BenchDatabase;
  try {
    database = await benchDatabase();
  } catch (error) {
    return (['restart', 'resume'] as const).map((model) => failed(`5-recovery-${model}`, titles[model], goal, error));
  }
  const figures: Figure[] = [];
  for (const model of ['restart', 'resume'] as const) {
    context.log(`figure 5: ${titles[model]}`);
    try {
      figures.push(await scenario(model, context.pauseSeconds * 1000, database));
    } catch (error) {
      figures.push(failed(`5-recovery-${model}`, titles[model], goal, error));
    }
  }
  return figures;
}
