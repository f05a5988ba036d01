/**
 * `npm run bench`: every figure of issue 6 as a ratio against its floor measured in the same
 * run. Prints one table, writes the same as JSON under bench/results/, and exits non-zero only
 * when a figure errored or is off by more than twice its goal (see bench/README.md).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, buildCorpus, isSourceFile, markEveryFile, summarizeCorpus, writeCorpus } from './corpus/generate.js';
import { eslintFigures } from './figures/eslint.js';
import { cliStartFigures, cliTreeFigures } from './figures/cli.js';
import { fileSizeFigures } from './figures/file-size.js';
import { queryFigures } from './figures/queries.js';
import { recoveryFigures } from './figures/recovery.js';
import { runtimeImportFigures } from './figures/runtime-import.js';
import { installSizeFigures } from './figures/install-size.js';
import { FULL_SIZES, QUICK_SIZES, type BenchContext } from './lib/context.js';
import { stopBenchDatabase } from './lib/database.js';
import { exitCodeFor, formatTable, type Figure } from './lib/figures.js';
import { RESULTS_DIR, build, recommendedRuleIds, staleBuildOutputs, transformIds } from './lib/repo.js';

const USAGE = `Usage: npm run bench -- [options]

  --quick            smaller sizes, fewer runs (under a minute on 2 cores); what CI runs
  --corpus DIR       run the ESLint and CLI figures over DIR instead of the generated corpus
  --files N          source files in the generated corpus (default 3000, --quick 300,
                     of which figure 1 lints the first 120)
  --seed TEXT        seed of the generated corpus (default "${DEFAULT_SEED}")
  --only LIST        run only these figure groups: eslint,cli,start,import,query,recovery,install
                     (install: npm installs from the registry; full bench only)
  --skip LIST        run all but these figure groups
  --eslint 9|10      ESLint major for figure 1 (default 10)
  --pause SECONDS    database pause of figure 5 (default 15, --quick 3)
  --rounds N         interleaved rounds of the ESLint and CLI figures (default 5; --quick 3
                     for ESLint, 2 for the CLI)
  --wall             compare the ESLint and CLI-over-a-tree figures on wall-clock time
                     instead of CPU time (use on a quiet machine)
  --build            run \`npm run build\` first (the bench measures dist/)
  --strict           also exit non-zero when a figure was skipped (a piece missing)
  --keep-corpus      keep the generated corpus and print where it is
  -h, --help         this help

Exit code: 1 when a figure errored or is off by more than 2× its goal (or, with --strict,
was skipped); 0 otherwise, even when a figure misses its goal.
`;

const GROUPS = ['eslint', 'cli', 'start', 'import', 'query', 'recovery', 'install'] as const;
type Group = (typeof GROUPS)[number];

const SOURCE_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const SKIPPED_DIRECTORIES = new Set(['node_modules', 'dist', 'build', 'out', '.next', 'coverage', 'cdk.out', '.git', '.turbo', '.cache']);

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      corpus: { type: 'string' },
      files: { type: 'string' },
      seed: { type: 'string', default: DEFAULT_SEED },
      only: { type: 'string' },
      skip: { type: 'string' },
      eslint: { type: 'string', default: '10' },
      pause: { type: 'string' },
      rounds: { type: 'string' },
      wall: { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      'keep-corpus': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const groupList = (text: string | undefined): Group[] | undefined => {
    if (text === undefined) return undefined;
    const groups = text
      .split(',')
      .map((group) => group.trim())
      .filter(Boolean);
    const unknown = groups.filter((group) => !(GROUPS as readonly string[]).includes(group));
    if (unknown.length > 0) throw new Error(`unknown figure group ${unknown.join(', ')} (groups: ${GROUPS.join(', ')})`);
    return groups as Group[];
  };
  const positiveInteger = (name: string, text: string | undefined, fallback: number): number => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer, got ${text}`);
    return value;
  };
  if (values.eslint !== '9' && values.eslint !== '10') throw new Error(`--eslint must be 9 or 10, got ${values.eslint}`);
  const only = groupList(values.only);
  const skip = groupList(values.skip) ?? [];
  const quick = values.quick;
  const sizes = { ...(quick ? QUICK_SIZES : FULL_SIZES) };
  sizes.rounds = positiveInteger('rounds', values.rounds, sizes.rounds);
  sizes.cliRounds = positiveInteger('rounds', values.rounds, sizes.cliRounds);
  return {
    help: values.help,
    quick,
    corpus: values.corpus,
    files: positiveInteger('files', values.files, quick ? 300 : 3000),
    seed: values.seed,
    groups: new Set((only ?? [...GROUPS]).filter((group) => !skip.includes(group))),
    eslintMajor: Number(values.eslint) as 9 | 10,
    metric: values.wall ? ('wall' as const) : ('cpu' as const),
    pauseSeconds: positiveInteger('pause', values.pause, quick ? 3 : 15),
    sizes,
    build: values.build,
    strict: values.strict,
    keepCorpus: values['keep-corpus'],
  };
}

/** Source files under a real tree, skipping dependencies, build output and declaration files. */
function sourceFilesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(join(dir, entry.name));
      } else if (entry.isFile() && SOURCE_EXTENSIONS.has(extname(entry.name)) && !/\.d\.[cm]?ts$/.test(entry.name)) {
        found.push(join(dir, entry.name));
      }
    }
  };
  walk(root);
  return found;
}

function machine(): {
  cpus: number;
  cpuModel: string | undefined;
  memoryGb: number;
  node: string;
  platform: string;
  loadAverageAtStart: number[];
} {
  const cpuList = cpus();
  return {
    cpus: cpuList.length,
    cpuModel: cpuList[0]?.model.trim(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
  };
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const startedAt = new Date();
  const started = performance.now();
  const machineAtStart = machine();
  const log = (message: string): void => {
    process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
  };

  if (options.corpus !== undefined && !(existsSync(options.corpus) && statSync(options.corpus).isDirectory())) {
    process.stderr.write(`bench: --corpus ${options.corpus} is not a folder\n`);
    return 2;
  }
  if (options.build) build(log);
  const stale = staleBuildOutputs();
  if (stale.length > 0) {
    log(
      `warning: dist/ is older than ${stale.length} source file(s) (${stale.slice(0, 4).join(', ')}${stale.length > 4 ? ', …' : ''}): the bench measures dist/; run with --build`,
    );
  }
  const built = { transforms: await transformIds(), recommendedRules: await recommendedRuleIds(), staleSources: stale };

  // The corpus: generated (deterministic) into a temp folder, or a real tree.
  const temporary: string[] = [];
  let corpus: BenchContext['corpus'];
  if (options.corpus !== undefined) {
    const root = resolve(options.corpus);
    corpus = { root, generated: false, sourceFiles: sourceFilesUnder(root) };
    log(`corpus: ${root} (${corpus.sourceFiles.length} source files)`);
  } else {
    const files = buildCorpus({ seed: options.seed, files: options.files });
    const root = mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-bench-corpus-'));
    const everyFileCandidateRoot = mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-bench-every-file-'));
    temporary.push(root, everyFileCandidateRoot);
    writeCorpus(root, files);
    // `prisma` is a prefilter word (cli/prefilter.ts): every file is parsed and transformed.
    writeCorpus(everyFileCandidateRoot, markEveryFile(files, '// bench: every file a prefilter candidate (process)'));
    const summary = summarizeCorpus(files, options.seed);
    corpus = {
      root,
      generated: true,
      sourceFiles: files
        .filter(isSourceFile)
        .map((file) => join(root, file.path))
        .sort(),
      summary,
      everyFileCandidateRoot,
    };
    log(
      `corpus: ${summary.sourceFiles} generated files (${(summary.bytes / 1e6).toFixed(1)} MB, ${summary.lines} lines, seed "${options.seed}") in ${root}`,
    );
  }

  const context: BenchContext = {
    quick: options.quick,
    corpus,
    eslintMajor: options.eslintMajor,
    metric: options.metric,
    pauseSeconds: options.pauseSeconds,
    sizes: options.sizes,
    log,
  };

  const figures: Figure[] = [];
  const run = async (group: Group, measure: () => Promise<Figure[]>): Promise<void> => {
    if (options.groups.has(group)) figures.push(...(await measure()));
  };
  try {
    await run('eslint', () => eslintFigures(context));
    await run('cli', () => cliTreeFigures(context));
    await run('cli', () => fileSizeFigures(context));
    await run('start', () => cliStartFigures(context));
    await run('import', () => runtimeImportFigures(context));
    await run('query', () => queryFigures(context));
    await run('recovery', () => recoveryFigures(context));
    await run('install', () => installSizeFigures(context));
  } finally {
    await stopBenchDatabase();
    if (options.keepCorpus) log(`kept the corpus: ${temporary.join(', ')}`);
    else for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  }

  const exitCode = exitCodeFor(figures, { strict: options.strict });
  const durationMs = performance.now() - started;
  const record = {
    schemaVersion: 1,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(durationMs),
    mode: options.quick ? 'quick' : 'full',
    machine: { ...machineAtStart, loadAverageAtEnd: loadavg().map((value) => Number(value.toFixed(2))) },
    built,
    corpus: corpus.generated ? corpus.summary : { root: corpus.root, sourceFiles: corpus.sourceFiles.length },
    sizes: options.sizes,
    figures,
    exitCode,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const resultFile = join(RESULTS_DIR, `${stamp}-${record.mode}.json`);
  writeFileSync(resultFile, `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(record, null, 2)}\n`);

  const header = `prisma-aurora-fix bench (${record.mode}, ${(durationMs / 1000).toFixed(0)} s): ${String(record.machine.cpus)} × ${String(record.machine.cpuModel)}, Node ${process.version}, load ${record.machine.loadAverageAtStart.join(' ')}`;
  process.stdout.write(`${header}\n\n${formatTable(figures)}\nJSON: ${resultFile}\n`);
  if (exitCode !== 0) process.stdout.write('exit 1: a figure errored or is off by more than 2× its goal (see above)\n');
  return exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
