/**
 * Figure 1: what the rules add to an ESLint run. ESLint with `configs.recommended` against
 * ESLint with the same parsers and one rule that does nothing (ESLint's own cost of running
 * any rule, see workers/eslint-lint.ts), over the corpus; each rule's own time from ESLint's
 * `stats` option; and, in full runs, the literal comparison with no rules at all.
 */
import { relative } from 'node:path';
import type { BenchContext } from '../lib/context.js';
import { failed, goals, judge, skipped, type Figure, type Measure } from '../lib/figures.js';
import { runJsonWorker } from '../lib/processes.js';
import { DIST, pluginAvailability, tsxWorker } from '../lib/repo.js';
import { median, medianInterval, medianPairedRatio, pairedRatios, relativeSpread } from '../lib/stats.js';
import type { EslintWorkerInput, EslintWorkerOutput, Runs } from '../workers/eslint-lint.js';

const ID = '1-eslint';
const GOAL = goals.overhead(1.05);

export async function eslintFigures(context: BenchContext): Promise<Figure[]> {
  const title = `ESLint ${context.eslintMajor} recommended vs a no-op rule`;
  const availability = await pluginAvailability();
  if (!availability.ok) return [skipped(ID, title, GOAL, availability.reason)];

  const { eslintFiles } = context.sizes;
  const files = eslintFiles === undefined ? context.corpus.sourceFiles : context.corpus.sourceFiles.slice(0, eslintFiles);
  context.log(`figure 1: ESLint over ${files.length} files, ${context.sizes.rounds} interleaved rounds`);
  const input: EslintWorkerInput = {
    root: context.corpus.root,
    patterns: eslintFiles === undefined ? ['.'] : files.map((file) => relative(context.corpus.root, file)),
    eslintMajor: context.eslintMajor,
    pluginPath: DIST.plugin,
    rounds: context.sizes.rounds,
    warmup: 1,
    noRules: !context.quick,
  };
  let output: EslintWorkerOutput;
  try {
    const worker = tsxWorker('eslint-lint.ts', [JSON.stringify(input)]);
    output = await runJsonWorker<EslintWorkerOutput>({ label: 'ESLint worker', ...worker });
  } catch (error) {
    return [failed(ID, title, GOAL, error)];
  }

  const useCpu = context.metric === 'cpu';
  const measure = (runs: Runs): Measure => {
    const samples = useCpu ? (runs.threadCpuMs ?? runs.cpuMs) : runs.wallMs;
    return { value: median(samples), unit: 'ms', samples, spread: relativeSpread(samples) };
  };
  const floor = measure(output.noopRule);
  const oursMeasure = measure(output.ours);

  // Each rule's time against the whole floor lint: its share of the added cost. Stats time is
  // wall time with timers around every listener, so the floor's stats pass is the like-for-like
  // denominator; --quick skips that pass and uses the floor's timed runs.
  const ruleDenominatorMs = output.stats.wallMs.floor ?? median(output.noopRule.wallMs);
  const children: Figure[] = Object.entries(output.stats.ruleMs)
    .sort(([, a], [, b]) => b - a)
    .map(([ruleId, ms]) =>
      judge({
        id: `${ID}/${ruleId}`,
        title: `rule ${ruleId.replace(/^prisma-aurora-fix\//, '')}`,
        ours: { value: ms, unit: 'ms' },
        floor: { value: ruleDenominatorMs, unit: 'ms' },
        goal: goals.info(),
      }),
    );
  if (output.noRules !== undefined) {
    children.unshift(
      judge({
        id: `${ID}/no-rules`,
        title: 'recommended vs no rules at all',
        metric: context.metric,
        ours: oursMeasure,
        floor: measure(output.noRules),
        ratio: medianPairedRatio(oursMeasure.samples!, measure(output.noRules).samples!),
        floorLabel: 'ESLint, same parsers, no rule enabled',
        goal: goals.info(),
      }),
    );
  }

  const problems: string[] = [];
  if (output.floorFindings !== 0) problems.push(`the floor config reported ${output.floorFindings} findings`);
  if (output.fatal.ours !== output.fatal.floor) problems.push(`parse failures differ (${output.fatal.ours} vs ${output.fatal.floor})`);
  const figure = judge({
    id: ID,
    title,
    metric: context.metric,
    ours: oursMeasure,
    floor,
    // Per-round pairs ran back to back: their ratios cancel load that changes between rounds.
    ratio: medianPairedRatio(oursMeasure.samples!, floor.samples!),
    ratioInterval: medianInterval(pairedRatios(oursMeasure.samples!, floor.samples!)),
    floorLabel: 'ESLint, same parsers, one enabled rule that does nothing',
    goal: GOAL,
    details: {
      eslintVersion: output.eslintVersion,
      files: output.files,
      findings: output.findings,
      findingsByRule: output.findingsByRule,
      fatalParseErrors: output.fatal.ours,
      runs: { ours: output.ours, noopRule: output.noopRule, noRules: output.noRules },
      statsPass: output.stats,
      ruleRows: "each rule's total time from ESLint's stats option, against the whole floor lint",
    },
    children,
  });
  if (problems.length > 0) return [{ ...figure, verdict: 'error', note: problems.join('; ') }];
  const ruleTotal = Object.values(output.stats.ruleMs).reduce((sum, ms) => sum + ms, 0);
  figure.note =
    `${output.files} files, ${output.findings} findings; the rules' own time (stats) adds up to ${((ruleTotal / ruleDenominatorMs) * 100).toFixed(1)} % of the floor` +
    `${output.fatal.ours > 0 ? `; ${output.fatal.ours} files failed to parse` : ''}`;
  return [figure];
}
