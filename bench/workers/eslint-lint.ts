/**
 * Figure 1 worker: lints a tree with ESLint under several configs, interleaved in one process
 * after a warm-up of each, so the JIT, the file cache and machine load treat them alike:
 * - `ours`: the plugin's `configs.recommended`;
 * - `noopRule` (the floor): the same entries, parsers and plugins, with the plugin's rules
 *   replaced by one rule that does nothing. ESLint does extra work per file as soon as any
 *   rule is enabled (measured 2.5-20 % over no rules at all depending on corpus and load, for
 *   an empty rule and for core rules alike), which a user always pays: nobody lints with zero
 *   rules;
 * - `noRules` (optional): the same entries with no rule at all, the literal floor of issue 6.
 * Then one pass of `ours` (and optionally of the floor) with ESLint's `stats` option for the
 * per-rule breakdown (stats wraps every listener in a timer, so those passes are not the ones
 * the ratio comes from).
 *
 * Input: one JSON argument (`EslintWorkerInput`). Output: one JSON line (`EslintWorkerOutput`).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ESLint as ESLintType, Linter } from 'eslint';
import { runInterleaved } from '../lib/stats.js';

export interface EslintWorkerInput {
  root: string;
  /** Lint targets relative to `root` (ESLint's own patterns/paths). */
  patterns: string[];
  eslintMajor: 9 | 10;
  pluginPath: string;
  rounds: number;
  warmup: number;
  /** Also time the config with no rule at all (the literal floor), and run the floor with stats. */
  noRules: boolean;
}

export interface Runs {
  /** Wall-clock ms per lint of the whole tree. */
  wallMs: number[];
  /** CPU ms (user + system, all threads of this process) per lint of the whole tree, same runs. */
  cpuMs: number[];
  /** CPU ms of the linting (main) thread only, same runs (Linux). */
  threadCpuMs: number[] | undefined;
}

export interface EslintWorkerOutput {
  eslintVersion: string;
  files: number;
  ours: Runs;
  noopRule: Runs;
  noRules?: Runs;
  /** Problems reported with the recommended config (rule findings). */
  findings: number;
  findingsByRule: Record<string, number>;
  /** Files ESLint could not parse (fatal), per config: must be equal. */
  fatal: { ours: number; floor: number };
  /** Rule findings with the floor config: must be 0. */
  floorFindings: number;
  stats: {
    /** Per-rule total time over all files, from the stats pass. */
    ruleMs: Record<string, number>;
    /** Parse time over all files (from the stats pass of each config). */
    parseMs: { ours: number; floor: number | undefined };
    /** Stats-pass wall time per config. */
    wallMs: { ours: number; floor: number | undefined };
  };
}

interface TimePass {
  parse: { total: number };
  rules?: Record<string, { total: number }>;
}

const input = JSON.parse(process.argv[2] ?? '{}') as EslintWorkerInput;

const { ESLint } = (input.eslintMajor === 9 ? await import('eslint9') : await import('eslint')) as unknown as {
  ESLint: typeof ESLintType;
};
const plugin = (await import(pathToFileURL(input.pluginPath).href)).default as { configs: { recommended: Linter.Config[] } };

const recommended = plugin.configs.recommended;
// Same entries, same parsers and plugins, no rules.
const withoutRules = recommended.map(({ rules: _rules, ...entry }) => entry);
// ...plus one rule that registers no listener: ESLint's cost of running rules at all.
const benchPlugin = { rules: { noop: { meta: { type: 'problem' as const, schema: [] }, create: () => ({}) } } };
const withNoopRule: Linter.Config[] = [
  ...withoutRules,
  {
    name: 'bench/noop-rule',
    files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
    plugins: { bench: benchPlugin as never },
    rules: { 'bench/noop': 'error' },
  },
];

const makeESLint = (config: Linter.Config[], stats: boolean): ESLintType =>
  new ESLint({ cwd: input.root, overrideConfigFile: true, overrideConfig: config, cache: false, stats, errorOnUnmatchedPattern: false });

/**
 * CPU time of this (the main, linting) thread in ms, from Linux's per-thread accounting (10 ms
 * ticks); undefined elsewhere. Unlike process.cpuUsage() it leaves out V8's background JIT
 * compiler and concurrent GC threads, whose share of a pass varied by up to 30 % run to run.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

// No forced garbage collection between passes: tried with --expose-gc, it made the ratio swing
// by ±15 % (full collections also flush compiled code that the next pass has to rebuild).
const last = new Map<string, ESLintType.LintResult[]>();
const timeLint = async (name: string, eslint: ESLintType): Promise<{ ms: number; cpuMs: number; threadCpuMs: number | undefined }> => {
  last.delete(name);
  const threadBefore = mainThreadCpuMs();
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const results = await eslint.lintFiles(input.patterns);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const threadAfter = mainThreadCpuMs();
  last.set(name, results);
  return {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    threadCpuMs: threadBefore === undefined || threadAfter === undefined ? undefined : threadAfter - threadBefore,
  };
};

const variants: [string, Linter.Config[]][] = [
  ['ours', recommended],
  ['noopRule', withNoopRule],
];
if (input.noRules) variants.push(['noRules', withoutRules]);
const instances = variants.map(([name, config]) => [name, makeESLint(config, false)] as const);
const samples = await runInterleaved(
  instances.map(
    ([name, eslint]) =>
      () =>
        timeLint(name, eslint),
  ),
  input.rounds,
  input.warmup,
);
const runsOf = (index: number): Runs => ({
  wallMs: samples[index]!.map((run) => run.ms),
  cpuMs: samples[index]!.map((run) => run.cpuMs),
  threadCpuMs: samples[index]!.every((run) => run.threadCpuMs !== undefined) ? samples[index]!.map((run) => run.threadCpuMs!) : undefined,
});

const oursResults = last.get('ours')!;
const floorResults = last.get('noopRule')!;
const findingsByRule: Record<string, number> = {};
let findings = 0;
// Rule findings only: ESLint's own reports (unused disable directives, which a tree written
// for this plugin has under the floor config) carry no rule id.
for (const result of oursResults) {
  for (const message of result.messages) {
    if (message.fatal || message.ruleId === null) continue;
    findings++;
    const id = message.ruleId ?? '(none)';
    findingsByRule[id] = (findingsByRule[id] ?? 0) + 1;
  }
}
const fatalCount = (results: ESLintType.LintResult[]): number =>
  results.filter((result) => result.messages.some((message) => message.fatal)).length;
const floorFindings = floorResults.reduce(
  (count, result) => count + result.messages.filter((message) => !message.fatal && message.ruleId !== null).length,
  0,
);

const statsPass = async (config: Linter.Config[]): Promise<{ ruleMs: Record<string, number>; parseMs: number; wallMs: number }> => {
  const eslint = makeESLint(config, true);
  const started = process.hrtime.bigint();
  const results = await eslint.lintFiles(input.patterns);
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const ruleMs: Record<string, number> = {};
  let parseMs = 0;
  for (const result of results) {
    const passes = (result as ESLintType.LintResult & { stats?: { times: { passes: TimePass[] } } }).stats?.times.passes ?? [];
    for (const pass of passes) {
      parseMs += pass.parse.total;
      for (const [ruleId, time] of Object.entries(pass.rules ?? {})) ruleMs[ruleId] = (ruleMs[ruleId] ?? 0) + time.total;
    }
  }
  return { ruleMs, parseMs, wallMs };
};
const oursStats = await statsPass(recommended);
const floorStats = input.noRules ? await statsPass(withNoopRule) : undefined;
delete oursStats.ruleMs['bench/noop'];

const output: EslintWorkerOutput = {
  eslintVersion: ESLint.version,
  files: oursResults.length,
  ours: runsOf(0),
  noopRule: runsOf(1),
  ...(input.noRules ? { noRules: runsOf(2) } : {}),
  findings,
  findingsByRule,
  fatal: { ours: fatalCount(oursResults), floor: fatalCount(floorResults) },
  floorFindings,
  stats: {
    ruleMs: oursStats.ruleMs,
    parseMs: { ours: oursStats.parseMs, floor: floorStats?.parseMs },
    wallMs: { ours: oursStats.wallMs, floor: floorStats?.wallMs },
  },
};
process.stdout.write(`${JSON.stringify(output)}\n`);
