/**
 * Issue 13 item 4: the cost of one large file grows with its size, no faster. Ours is the CPU
 * time per MiB of a 1 MiB module (just under the size cap of analysis/source-scope.ts), the
 * floor the CPU time per MiB of a 0.1 MiB module of the same shape, both warm in one process
 * (workers/file-size.ts); a ratio above 1 is cost that grows faster than the text. Once for
 * the CLI (`--dry`: rules, transforms, diff) and once for ESLint with the recommended config.
 * Under the rows, each size's per-MiB time and the peak RSS of a cold CLI run on it. Full runs
 * only: the four sizes take about a minute.
 */
import { join } from 'node:path';
import { MAX_SOURCE_CHARACTERS } from '../../analysis/source-scope.js';
import type { BenchContext } from '../lib/context.js';
import { type Figure, type Goal, failed, goals, judge, skipped } from '../lib/figures.js';
import { runJsonWorker } from '../lib/processes.js';
import { DIST, cliAvailability, tsxWorker } from '../lib/repo.js';
import { median, medianInterval, pairedRatios, relativeSpread } from '../lib/stats.js';
import type { FileSizeWorkerInput, FileSizeWorkerOutput } from '../workers/file-size.js';

const MIB = 1024 * 1024;
/** 0.1, 0.25, 0.5 MiB and the largest size the rules still read. */
const SIZES = [0.1 * MIB, 0.25 * MIB, 0.5 * MIB, MAX_SOURCE_CHARACTERS - 8 * 1024].map(Math.round);
const GOAL: Goal = goals.ratio(1.3);

async function worker(sizes: number[], rounds: number, rssOnly: boolean): Promise<FileSizeWorkerOutput> {
  const input: FileSizeWorkerInput = { sizes, rounds, distRoot: join(DIST.root, 'dist'), rssOnly };
  return runJsonWorker<FileSizeWorkerOutput>({ label: 'file-size worker', ...tsxWorker('file-size.ts', [JSON.stringify(input)]) });
}

export async function fileSizeFigures(context: BenchContext): Promise<Figure[]> {
  if (context.quick) return [];
  const titles = { cli: 'CLI per-MiB cost, 1 MiB file vs 0.1 MiB', eslint: 'ESLint per-MiB cost, 1 MiB file vs 0.1 MiB' };
  const availability = await cliAvailability();
  if (!availability.ok) return [skipped('file-size-cli', titles.cli, GOAL, availability.reason)];
  context.log(`file size: the CLI and ESLint on one module of ${SIZES.map((size) => (size / MIB).toFixed(2)).join(', ')} MiB`);
  let output: FileSizeWorkerOutput;
  const rss: number[] = [];
  try {
    output = await worker(SIZES, context.sizes.rounds, false);
    for (const size of SIZES) rss.push((await worker([size], 1, true)).maxRssMb);
  } catch (error) {
    return [failed('file-size-cli', titles.cli, GOAL, error)];
  }
  const perMib = (samples: number[], size: number) => samples.map((ms) => ms / (size / MIB));
  const figureFor = (tool: 'cli' | 'eslint', runs: number[][]): Figure => {
    const small = perMib(runs[0]!, SIZES[0]!);
    const large = perMib(runs.at(-1)!, SIZES.at(-1)!);
    const children = SIZES.map((size, index) =>
      judge({
        id: `file-size-${tool}/${size}`,
        title: `${(size / MIB).toFixed(2)} MiB: ms per MiB${tool === 'cli' ? `, cold run peak RSS ${Math.round(rss[index]!)} MB` : ''}`,
        ours: { value: median(perMib(runs[index]!, size)), unit: 'ms' },
        goal: goals.info(),
      }),
    );
    return judge({
      id: `file-size-${tool}`,
      title: titles[tool],
      metric: 'cpu',
      ours: { value: median(large), unit: 'ms', samples: large, spread: relativeSpread(large) },
      floor: { value: median(small), unit: 'ms', samples: small, spread: relativeSpread(small) },
      ratio: median(pairedRatios(large, small)),
      ratioInterval: medianInterval(pairedRatios(large, small)),
      floorLabel: 'CPU ms per MiB of a 0.1 MiB module of the same shape',
      goal: GOAL,
      details: { sizes: SIZES, cpuMs: runs, ...(tool === 'cli' ? { coldRunPeakRssMb: rss } : {}) },
      children,
    });
  };
  return [figureFor('cli', output.cliCpuMs), figureFor('eslint', output.eslintCpuMs)];
}
