/**
 * Figure 4b worker: sequential simple queries (`user.findUnique` by primary key) through a
 * real Prisma 7 client on `@prisma/adapter-pg`: bare, `$extends(auroraRetry())`, and with a
 * query extension that does nothing but call `query(args)` (Prisma's own cost of any query
 * extension, for reading the figure).
 * - mode `both`: one process, one base client and its two extended views (one pool, one
 *   connection), alternating blocks of queries after a warm-up of each, so JIT state, the
 *   server process and machine load are shared; reports the time per query of each.
 * - mode `bare` / `retry`: one client only, for the process's peak RSS.
 *
 * Input: one JSON argument (`QueryWorkerInput`). Output: one JSON line (`QueryWorkerOutput`).
 */
import { loadPrisma, type TestPrismaClient } from '../../test/support/prisma-clients.js';
import { interleavedOrder } from '../lib/stats.js';

export interface QueryWorkerInput {
  url: string;
  /** File URL of the measured `prisma-aurora-fix/runtime` build. */
  runtimeUrl: string;
  mode: 'both' | 'bare' | 'retry';
  /** Timed queries per client. */
  queries: number;
  /** Blocks the timed queries are split into (mode `both`). */
  blocks: number;
  warmup: number;
}

export interface QueryWorkerOutput {
  /** Microseconds per query, one value per block. */
  bareUs: number[];
  retryUs: number[];
  noopExtensionUs: number[];
  maxRssKb: number;
}

const input = JSON.parse(process.argv[2] ?? '{}') as QueryWorkerInput;

const prisma = await loadPrisma('prisma7-js');
const { auroraRetry } = (await import(input.runtimeUrl)) as { auroraRetry: (options?: object) => unknown };

type Kind = 'bare' | 'retry' | 'noopExtension';
// Extended clients are views of the one base client: they share its engine, pool and single
// connection, so all variants talk to the same server process and only the extension differs.
const base = prisma.createClient({ connectionString: input.url, max: 1 });
const clients: { kind: Kind; client: TestPrismaClient }[] = [];
if (input.mode !== 'retry') clients.push({ kind: 'bare', client: base });
if (input.mode !== 'bare') clients.push({ kind: 'retry', client: base.$extends(auroraRetry()) });
if (input.mode === 'both') {
  const noopExtension = {
    query: { $allOperations: ({ args, query }: { args: unknown; query: (args: unknown) => Promise<unknown> }) => query(args) },
  };
  clients.push({ kind: 'noopExtension', client: base.$extends(noopExtension) });
}

async function run(client: TestPrismaClient, count: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let index = 0; index < count; index++) {
    const user = await client.user.findUnique({ where: { id: 1 } });
    if (user === null) throw new Error('the bench row (User id 1) is missing');
  }
  return Number(process.hrtime.bigint() - started) / 1e3 / count;
}

for (const { client } of clients) await run(client, input.warmup);

const perBlock = Math.max(1, Math.floor(input.queries / input.blocks));
const output: QueryWorkerOutput = { bareUs: [], retryUs: [], noopExtensionUs: [], maxRssKb: 0 };
const samplesOf: Record<Kind, number[]> = { bare: output.bareUs, retry: output.retryUs, noopExtension: output.noopExtensionUs };
for (const round of interleavedOrder(clients.length, input.blocks)) {
  for (const index of round) {
    const { kind, client } = clients[index]!;
    samplesOf[kind].push(await run(client, perBlock));
  }
}
output.maxRssKb = process.resourceUsage().maxRSS;
await base.$disconnect();
process.stdout.write(`${JSON.stringify(output)}\n`);
