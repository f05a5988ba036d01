/**
 * Figures 2 and 3: the CLI over a whole tree against a jscodeshift no-op transform over it,
 * the prefilter's correctness (every file a candidate gives the same changed files), and the
 * CLI's start-up paths (`--help`, `--check` on three files) against a bare `node -e 0`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchContext } from '../lib/context.js';
import { failed, goals, judge, skipped, type Figure, type Measure } from '../lib/figures.js';
import { timeCommand, type CommandSpec, type TimedRun } from '../lib/processes.js';
import { BENCH_DIR, DIST, cliAvailability } from '../lib/repo.js';
import { median, medianInterval, medianPairedRatio, pairedRatios, relativeSpread, runInterleaved } from '../lib/stats.js';

const node = process.execPath;

function measure(samples: number[]): Measure {
  return { value: median(samples), unit: 'ms', samples, spread: relativeSpread(samples) };
}

const cliCheck = (root: string, paths: string[] = ['.'], extra: string[] = []): CommandSpec => ({
  label: 'prisma-aurora-fix --check',
  command: node,
  args: [DIST.cli, '--check', ...extra, ...paths],
  cwd: root,
  okExitCodes: [0, 1],
});

const jscodeshiftNoop = (root: string): CommandSpec => ({
  label: 'jscodeshift no-op transform',
  command: node,
  args: [join(BENCH_DIR, 'workers/jscodeshift-noop.cjs'), '.'],
  cwd: root,
});

export interface CliReport {
  files: { path: string; status: string; transforms: string[]; reason?: string }[];
  totals: { files: number; changed: number; unchanged: number; skipped: number; failed: number };
}

/** The CLI's `--check --json` report over `root` (run with `root` as the working directory). */
export function cliReport(root: string): CliReport {
  const run = timeCommand({ ...cliCheck(root, ['.'], ['--json']), label: 'prisma-aurora-fix --check --json' }, true);
  return JSON.parse(run.stdout) as CliReport;
}

/** `path -> transforms` for the files a run would change. */
export function changedFiles(report: CliReport): Map<string, string> {
  return new Map(report.files.filter((file) => file.status === 'changed').map((file) => [file.path, file.transforms.join(',')]));
}

/** Files the CLI actually parsed (passed the prefilter): changed, unchanged or failed. */
export const parsedCount = (report: CliReport): number => report.totals.changed + report.totals.unchanged + report.totals.failed;

export async function cliTreeFigures(context: BenchContext): Promise<Figure[]> {
  const files = context.corpus.sourceFiles.length;
  const title = `CLI --check vs jscodeshift no-op, ${files} files`;
  // Issue 16: at least 5× on the full 3,000-file corpus, 3× on a small tree (--quick's 300),
  // where start-up weighs more.
  const speedGoal = goals.speedup(files > 300 ? 5 : 3);
  const sameTitle = 'same changed files, every file a candidate';
  const availability = await cliAvailability();
  if (!availability.ok) {
    return [
      skipped('2-cli', title, speedGoal, availability.reason),
      skipped('2-cli-prefilter', sameTitle, goals.identical(), availability.reason),
    ];
  }
  const { root, everyFileCandidateRoot } = context.corpus;
  context.log(
    `figure 2: CLI --check vs jscodeshift no-op over ${context.corpus.sourceFiles.length} files, ${context.sizes.cliRounds} rounds`,
  );

  const figures: Figure[] = [];
  const reports: { normal?: CliReport; everyFile?: CliReport } = {};
  try {
    if (everyFileCandidateRoot !== undefined) reports.everyFile = cliReport(everyFileCandidateRoot);
  } catch (error) {
    return [failed('2-cli', title, speedGoal, error), failed('2-cli-prefilter', sameTitle, goals.identical(), error)];
  }

  try {
    // The timed CLI runs print the JSON report (its cost is part of ours); the last one is kept.
    const variants = [
      () => {
        const run = timeCommand(cliCheck(root, ['.'], ['--json']), true);
        reports.normal = JSON.parse(run.stdout) as CliReport;
        return run;
      },
      () => timeCommand(jscodeshiftNoop(root)),
    ];
    // Timing the CLI with the prefilter defeated shows what the prefilter saves (full runs only).
    if (everyFileCandidateRoot !== undefined && !context.quick)
      variants.push(() => timeCommand(cliCheck(everyFileCandidateRoot, ['.'], ['--json']), true));
    const [oursRuns, floorRuns, everyFileRuns] = await runInterleaved(variants, context.sizes.cliRounds, context.quick ? 0 : 1);
    const useCpu = context.metric === 'cpu' && oursRuns!.every((run) => run.cpuMs !== undefined);
    const pick = (runs: TimedRun[]): number[] => runs.map((run) => (useCpu ? run.cpuMs! : run.ms));
    const [ours, floor] = [pick(oursRuns!), pick(floorRuns!)];
    const everyFile = everyFileRuns === undefined ? undefined : pick(everyFileRuns);
    const normal = reports.normal!;
    const parsed = parsedCount(normal);
    const figure = judge({
      id: '2-cli',
      title,
      metric: useCpu ? 'cpu' : 'wall',
      ours: measure(ours),
      floor: measure(floor),
      floorLabel: 'jscodeshift runner, in band, no-op transform that parses each file with the parser for its extension',
      goal: speedGoal,
      // Per-round pairs ran back to back: their ratios cancel load that changes between rounds.
      ratio: medianPairedRatio(floor, ours),
      ratioInterval: medianInterval(pairedRatios(floor, ours)),
      details: {
        files: normal.totals.files,
        parsedAfterPrefilter: parsed,
        prefilterSkipShare: 1 - parsed / Math.max(1, context.corpus.sourceFiles.length),
        wouldChange: normal.totals.changed,
        failed: normal.totals.failed,
        wallMs: { ours: oursRuns!.map((run) => run.ms), floor: floorRuns!.map((run) => run.ms) },
        cpuMs: { ours: oursRuns!.map((run) => run.cpuMs), floor: floorRuns!.map((run) => run.cpuMs) },
      },
      note: `${normal.totals.changed} of ${context.corpus.sourceFiles.length} files would change; ${parsed} passed the prefilter (${((parsed / Math.max(1, context.corpus.sourceFiles.length)) * 100).toFixed(0)} %)`,
    });
    if (everyFile !== undefined) {
      figure.children = [
        judge({
          id: '2-cli/every-file-candidate',
          title: 'CLI --check, every file a candidate',
          metric: figure.metric,
          ours: measure(everyFile),
          floor: measure(floor),
          goal: goals.info(),
          ratio: medianPairedRatio(everyFile, floor),
        }),
      ];
    }
    if (normal.totals.failed > 0) {
      figure.verdict = 'error';
      figure.note = `${normal.totals.failed} files failed in the CLI: ${normal.files
        .filter((file) => file.status === 'failed')
        .slice(0, 3)
        .map((file) => `${file.path}: ${file.reason}`)
        .join('; ')}`;
    }
    figures.push(figure);
  } catch (error) {
    figures.push(failed('2-cli', title, speedGoal, error));
  }

  if (reports.everyFile === undefined) {
    figures.push(
      skipped('2-cli-prefilter', sameTitle, goals.identical(), 'needs the generated corpus (a copy with a prefilter word in every file)'),
    );
  } else if (reports.normal === undefined) {
    figures.push(failed('2-cli-prefilter', sameTitle, goals.identical(), 'the CLI runs over the corpus failed (see the row above)'));
  } else {
    const normal = changedFiles(reports.normal);
    const everyFile = changedFiles(reports.everyFile);
    const differences = [...new Set([...normal.keys(), ...everyFile.keys()])]
      .filter((path) => normal.get(path) !== everyFile.get(path))
      .sort();
    const allParsed = parsedCount(reports.everyFile) === context.corpus.sourceFiles.length;
    const figure = judge({
      id: '2-cli-prefilter',
      title: sameTitle,
      ours: { value: normal.size, unit: 'files' },
      floor: { value: everyFile.size, unit: 'files' },
      floorLabel: 'the same corpus with a prefilter word appended to every file, so every file is parsed and transformed',
      goal: goals.identical(),
      identical: differences.length === 0 && allParsed,
      details: { differences: differences.slice(0, 50), parsedWithEveryFileCandidate: parsedCount(reports.everyFile) },
    });
    if (!allParsed) {
      figure.note = `with a prefilter word in every file the CLI parsed ${parsedCount(reports.everyFile)} of ${context.corpus.sourceFiles.length} files: the variant did not defeat the prefilter`;
    } else if (differences.length > 0) {
      figure.note = `changed files differ between prefilter on and every file a candidate: ${differences.slice(0, 5).join(', ')}${differences.length > 5 ? ', …' : ''}`;
    }
    figures.push(figure);
  }
  return figures;
}

/**
 * Three files for the pre-commit path: one the prefilter passes (so the parsers load) and two
 * it skips, and three it skips (a commit that touches no database code, most commits).
 */
async function precommitFiles(context: BenchContext): Promise<{ withCandidate: string[]; noCandidate: string[] } | undefined> {
  const mightNeedAFix = existsSync(DIST.prefilter)
    ? ((await import(pathToFileURL(DIST.prefilter).href)) as { mightNeedAFix: (text: string) => boolean }).mightNeedAFix
    : (text: string): boolean => /prisma|database|postgres|process\.env/i.test(text);
  const candidates: string[] = [];
  const others: string[] = [];
  for (const file of context.corpus.sourceFiles) {
    const text = readFileSync(file, 'utf8');
    (mightNeedAFix(text) ? candidates : others).push(file);
  }
  // Prefer a repository/service module: the Prisma file a feature commit usually touches.
  const candidate = candidates.find((file) => /repositor|service/.test(file)) ?? candidates[0];
  if (candidate === undefined || others.length < 3) return undefined;
  const relativeTo = (file: string): string => relative(context.corpus.root, file);
  return { withCandidate: [candidate, others[0]!, others[1]!].map(relativeTo), noCandidate: others.slice(0, 3).map(relativeTo) };
}

export async function cliStartFigures(context: BenchContext): Promise<Figure[]> {
  const helpTitle = 'CLI --help vs node -e 0';
  const parseTitle = 'CLI --check 3 files (1 candidate) vs node -e 0';
  const skipTitle = 'CLI --check 3 files (0 candidates) vs node -e 0';
  const helpGoal = goals.overhead(1.5);
  // Issue 16: a pre-commit run with one Prisma file staged within 2× a bare node start. The
  // CLI parses with oxc-parser and loads neither TypeScript nor jscodeshift unless a transform
  // has work; details.parsersLoadMs shows what loading those two alone would cost.
  const parseGoal = goals.ratio(2);
  const skipGoal = goals.overhead(1.5);
  const availability = await cliAvailability();
  if (!availability.ok) {
    return [
      skipped('3-help', helpTitle, helpGoal, availability.reason),
      skipped('3-check-3', parseTitle, parseGoal, availability.reason),
      skipped('3-check-3-skipped', skipTitle, skipGoal, availability.reason),
    ];
  }
  const files = await precommitFiles(context);
  const root = context.corpus.root;
  context.log(`figure 3: CLI start-up, ${context.sizes.startPairs} interleaved rounds`);

  const bareNode: CommandSpec = { label: 'node -e 0', command: node, args: ['-e', '0'] };
  const help: CommandSpec = { label: 'prisma-aurora-fix --help', command: node, args: [DIST.cli, '--help'] };
  // What loading the two parsers costs by itself, for reading the "1 candidate" row.
  const parsersLoad: CommandSpec = {
    label: 'load typescript-estree + jscodeshift',
    command: node,
    args: ['-e', "require('@typescript-eslint/typescript-estree'); require('jscodeshift')"],
    cwd: join(BENCH_DIR, '..'),
  };
  const variants = [() => timeCommand(bareNode).ms, () => timeCommand(help).ms];
  if (files !== undefined) {
    variants.push(() => timeCommand(cliCheck(root, files.withCandidate)).ms);
    variants.push(() => timeCommand(cliCheck(root, files.noCandidate)).ms);
  }
  // Reference only: interleaved in full runs, a single run with --quick.
  if (!context.quick) variants.push(() => timeCommand(parsersLoad).ms);
  let samples: number[][];
  let parsersMs: number[];
  try {
    samples = await runInterleaved(variants, context.sizes.startPairs, context.quick ? 0 : 1);
    parsersMs = context.quick ? [timeCommand(parsersLoad).ms] : samples[samples.length - 1]!;
  } catch (error) {
    return [
      failed('3-help', helpTitle, helpGoal, error),
      failed('3-check-3', parseTitle, parseGoal, error),
      failed('3-check-3-skipped', skipTitle, skipGoal, error),
    ];
  }
  const [nodeMs, helpMs, parseMs, skipMs] = samples;
  const floor = measure(nodeMs!);
  // Each round ran every command back to back: judge on per-round ratios against that round's node -e 0.
  const paired = (ours: number[]): { ratio: number; ratioInterval: [number, number] } => ({
    ratio: medianPairedRatio(ours, nodeMs!),
    ratioInterval: medianInterval(pairedRatios(ours, nodeMs!)),
  });
  const figures: Figure[] = [
    judge({ id: '3-help', title: helpTitle, ours: measure(helpMs!), floor, floorLabel: 'node -e 0', goal: helpGoal, ...paired(helpMs!) }),
  ];
  if (files === undefined) {
    const reason = 'the corpus has no file the prefilter passes, or fewer than 3 it skips';
    figures.push(skipped('3-check-3', parseTitle, parseGoal, reason), skipped('3-check-3-skipped', skipTitle, skipGoal, reason));
    return figures;
  }
  figures.push(
    judge({
      id: '3-check-3',
      title: parseTitle,
      ours: measure(parseMs!),
      floor,
      floorLabel: 'node -e 0',
      goal: parseGoal,
      ...paired(parseMs!),
      details: { files: files.withCandidate, parsersLoadMs: median(parsersMs) },
      note: `the CLI parses with oxc-parser; loading typescript-estree + jscodeshift alone would take ${median(parsersMs).toFixed(0)} ms (${(median(parsersMs) / floor.value).toFixed(1)}× node -e 0)`,
    }),
    judge({
      id: '3-check-3-skipped',
      title: skipTitle,
      ours: measure(skipMs!),
      floor,
      floorLabel: 'node -e 0',
      goal: skipGoal,
      ...paired(skipMs!),
      details: { files: files.noCandidate },
      note: 'no file passes the prefilter, so nothing needs a parser: this should cost what --help costs',
    }),
  );
  return figures;
}
