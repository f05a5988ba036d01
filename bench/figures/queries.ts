/**
 * Figure 4b: what `$extends(auroraRetry())` adds to every query when nothing fails, on a real
 * PostgreSQL, against the bare Prisma 7 client; and the peak RSS of a process using each.
 */
import { pathToFileURL } from 'node:url';
import type { BenchContext } from '../lib/context.js';
import { benchDatabase } from '../lib/database.js';
import { failed, goals, judge, skipped, type Figure, type Measure } from '../lib/figures.js';
import { runJsonWorker } from '../lib/processes.js';
import { DIST, runtimeAvailability, tsxWorker } from '../lib/repo.js';
import { median, medianInterval, pairedDifferences, relativeSpread } from '../lib/stats.js';
import type { QueryWorkerInput, QueryWorkerOutput } from '../workers/query-loop.js';

const measure = (samples: number[], unit: Measure['unit']): Measure => ({
  value: median(samples),
  unit,
  samples,
  spread: relativeSpread(samples),
});

function worker(input: QueryWorkerInput): Promise<QueryWorkerOutput> {
  return runJsonWorker<QueryWorkerOutput>(
    { label: `query worker (${input.mode})`, ...tsxWorker('query-loop.ts', [JSON.stringify(input)]) },
    { timeoutMs: 300_000 },
  );
}

export async function queryFigures(context: BenchContext): Promise<Figure[]> {
  const title = 'per query: auroraRetry vs bare client';
  const rssTitle = 'peak RSS: auroraRetry vs bare client';
  const queryGoal = goals.overheadOrAdded(1.03, 20, 'µs');
  const rssGoal = goals.overhead(1.05);
  const availability = await runtimeAvailability(['auroraRetry']);
  if (!availability.ok)
    return [skipped('4-query', title, queryGoal, availability.reason), skipped('4-query-rss', rssTitle, rssGoal, availability.reason)];

  let url: string;
  try {
    ({ url } = await benchDatabase());
  } catch (error) {
    return [failed('4-query', title, queryGoal, error), skipped('4-query-rss', rssTitle, rssGoal, 'no database')];
  }
  const { queries, queryRounds } = context.sizes;
  const runtimeUrl = pathToFileURL(DIST.runtime).href;
  context.log(
    `figure 4b: ${queries} queries per client × ${queryRounds} processes, bare, auroraRetry and a no-op extension alternating in blocks`,
  );

  const figures: Figure[] = [];
  try {
    const bare: number[] = [];
    const retry: number[] = [];
    const noopExtension: number[] = [];
    for (let round = 0; round < queryRounds; round++) {
      // A multiple of 6 blocks: every client takes every position of the 3-client rotation
      // equally often; --quick uses fewer, so each block is long enough to time (~250 queries).
      const output = await worker({
        url,
        runtimeUrl,
        mode: 'both',
        queries,
        blocks: context.quick ? 6 : 12,
        warmup: Math.min(1000, queries / 4),
      });
      bare.push(...output.bareUs);
      retry.push(...output.retryUs);
      noopExtension.push(...output.noopExtensionUs);
    }
    // Per block pairs (each ran right after or before the other): robust to load that changes between blocks.
    const differences = pairedDifferences(retry, bare);
    const ratios = retry.map((value, index) => value / bare[index]!);
    figures.push(
      judge({
        id: '4-query',
        title,
        ours: measure(retry, 'µs'),
        floor: measure(bare, 'µs'),
        floorLabel: 'the same Prisma 7 client (@prisma/adapter-pg, max: 1) without the extension',
        goal: queryGoal,
        ratio: median(ratios),
        added: median(differences),
        addedInterval: medianInterval(differences),
        details: { query: 'user.findUnique({ where: { id: 1 } })', blocks: bare.length, queriesPerClient: queries * queryRounds },
        children: [
          judge({
            id: '4-query/noop-extension',
            title: 'a do-nothing query extension vs bare client',
            ours: measure(noopExtension, 'µs'),
            floor: measure(bare, 'µs'),
            floorLabel: 'the bare client',
            goal: goals.info(),
            ratio: median(noopExtension.map((value, index) => value / bare[index]!)),
            added: median(pairedDifferences(noopExtension, bare)),
          }),
        ],
        note: "the sub-row is Prisma's own cost of any $allOperations query extension: the part of the overhead no extension can avoid",
      }),
    );
  } catch (error) {
    figures.push(failed('4-query', title, queryGoal, error));
  }

  if (context.quick) {
    // One process per client scatters by ±10 % in peak RSS (when V8 grows its heap): too few to
    // judge, and five per client would not fit in a minute. Full runs measure it.
    figures.push({ id: '4-query-rss', title: rssTitle, goal: goals.info(), verdict: 'info', note: 'measured in full runs only' });
    return figures;
  }
  try {
    const rssQueries = Math.min(queries, 2000);
    const bareRss: number[] = [];
    const retryRss: number[] = [];
    for (let round = 0; round < queryRounds; round++) {
      const order: ('bare' | 'retry')[] = round % 2 === 0 ? ['bare', 'retry'] : ['retry', 'bare'];
      for (const mode of order) {
        const output = await worker({ url, runtimeUrl, mode, queries: rssQueries, blocks: 1, warmup: 100 });
        (mode === 'bare' ? bareRss : retryRss).push(output.maxRssKb / 1024);
      }
    }
    figures.push(
      judge({
        id: '4-query-rss',
        title: rssTitle,
        ours: measure(retryRss, 'MB'),
        floor: measure(bareRss, 'MB'),
        floorLabel: 'a process running the same queries on the bare client',
        goal: rssGoal,
        details: { queriesPerProcess: rssQueries },
      }),
    );
  } catch (error) {
    figures.push(failed('4-query-rss', rssTitle, rssGoal, error));
  }
  return figures;
}
