/**
 * Figure 4a: what importing `prisma-aurora-fix/runtime` costs a Lambda cold start, measured
 * the way a deployed function imports it: from `node_modules`, by its package name. The bench
 * lays out a throw-away app (`installedApp`) holding the built runtime as an installed package
 * beside an **empty package of the same shape** (`empty-package/runtime`, exports and all), so
 * the floor pays the same resolution and the difference is our module alone.
 * - in-process: the import itself, timed inside a fresh process (after the ES module loader's
 *   and the bare-specifier resolver's one-time set-up, which a Lambda importing
 *   `@prisma/client` has paid anyway), against importing the empty package the same way;
 * - whole process: `node --import prisma-aurora-fix/runtime -e 0` against
 *   `node --import empty-package/runtime -e 0`, with `node -e 0` alongside for reference;
 * - peak RSS of the in-process probes.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchContext } from '../lib/context.js';
import { failed, goals, judge, skipped, type Figure, type Measure } from '../lib/figures.js';
import { timeCommand, type CommandSpec } from '../lib/processes.js';
import { DIST, runtimeAvailability } from '../lib/repo.js';
import { median, medianInterval, pairedDifferences, relativeSpread, runInterleaved } from '../lib/stats.js';

const node = process.execPath;
const RUNTIME = 'prisma-aurora-fix/runtime';
const EMPTY_RUNTIME = 'empty-package/runtime';
const WARM_UP = 'warm-up-package/runtime';

/**
 * A throw-away app: the probes, `node_modules/prisma-aurora-fix` (the repo's package.json and
 * the built runtime, at the path its exports name) and two empty packages with the same
 * exports (the floor, and the warm-up that pays the resolver's set-up).
 */
function installedApp(): { root: string; runtimePath: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'prisma-aurora-fix-bench-import-'));
  writeFileSync(join(root, 'package.json'), '{ "name": "bench-app", "private": true, "type": "module" }\n');
  cpSync(DIST.probes, root, { recursive: true });
  const ours = join(root, 'node_modules/prisma-aurora-fix');
  const runtimePath = join(ours, 'dist/runtime/index.js');
  mkdirSync(join(ours, 'dist/runtime'), { recursive: true });
  cpSync(join(DIST.root, 'package.json'), join(ours, 'package.json'));
  cpSync(DIST.runtime, runtimePath);
  for (const name of ['empty-package', 'warm-up-package']) {
    const dir = join(root, 'node_modules', name);
    mkdirSync(join(dir, 'dist/runtime'), { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name, version: '1.0.0', type: 'module', exports: { './runtime': './dist/runtime/index.js' } })}\n`,
    );
    writeFileSync(join(dir, 'dist/runtime/index.js'), 'export {};\n');
  }
  return { root, runtimePath, remove: () => rmSync(root, { recursive: true, force: true }) };
}

interface ImportProbe {
  importMs: number;
  maxRssKb: number;
}

function probe(appRoot: string, specifier: string): ImportProbe {
  const run = timeCommand(
    { label: `import ${specifier}`, command: node, args: [join(appRoot, 'time-import.mjs'), specifier, WARM_UP], cwd: appRoot },
    true,
  );
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as ImportProbe;
}

const samplesOf = (values: number[], unit: Measure['unit']): Measure => ({
  value: median(values),
  unit,
  samples: values,
  spread: relativeSpread(values),
});

export async function runtimeImportFigures(context: BenchContext): Promise<Figure[]> {
  const inProcessTitle = 'runtime import, in process';
  const wallTitle = 'runtime import, process start';
  const rssTitle = 'runtime import, peak RSS';
  const importGoal = goals.added(1, 'ms');
  const rssGoal = goals.added(1, 'MB');
  const availability = await runtimeAvailability(['auroraRetry', 'withRetry', 'runMigration']);
  if (!availability.ok) {
    return [
      skipped('4-import', inProcessTitle, importGoal, availability.reason),
      skipped('4-import-wall', wallTitle, importGoal, availability.reason),
      skipped('4-import-rss', rssTitle, rssGoal, availability.reason),
    ];
  }
  const pairs = context.sizes.importPairs;
  context.log(`figure 4a: runtime import, ${pairs} interleaved process pairs (in process and whole process)`);

  const figures: Figure[] = [];
  const app = installedApp();
  try {
    const probes = [() => probe(app.root, RUNTIME), () => probe(app.root, EMPTY_RUNTIME)];
    // Without the package resolution: tells a slow resolve from a slow module (full runs only).
    if (!context.quick) probes.push(() => probe(app.root, pathToFileURL(app.runtimePath).href));
    const [ours, floor, byPath] = await runInterleaved(probes, pairs, 1);
    const differences = pairedDifferences(
      ours!.map((run) => run.importMs),
      floor!.map((run) => run.importMs),
    );
    figures.push(
      judge({
        id: '4-import',
        title: inProcessTitle,
        ours: samplesOf(
          ours!.map((run) => run.importMs),
          'ms',
        ),
        floor: samplesOf(
          floor!.map((run) => run.importMs),
          'ms',
        ),
        floorLabel: 'importing an empty package of the same shape the same way',
        goal: importGoal,
        added: median(differences),
        addedInterval: medianInterval(differences),
        details: {
          importByFilePathMs: byPath === undefined ? undefined : median(byPath.map((run) => run.importMs)),
          explanation:
            'both import a bare specifier from node_modules (package exports resolution included); importByFilePathMs imports the installed dist/runtime/index.js by its file URL',
        },
      }),
    );
    const rssOurs = ours!.map((run) => run.maxRssKb / 1024);
    const rssFloor = floor!.map((run) => run.maxRssKb / 1024);
    figures.push(
      judge({
        id: '4-import-rss',
        title: rssTitle,
        ours: samplesOf(rssOurs, 'MB'),
        floor: samplesOf(rssFloor, 'MB'),
        floorLabel: 'the empty-package probe',
        goal: rssGoal,
        added: median(pairedDifferences(rssOurs, rssFloor)),
      }),
    );
  } catch (error) {
    figures.push(failed('4-import', inProcessTitle, importGoal, error), failed('4-import-rss', rssTitle, rssGoal, error));
  }

  try {
    // From the app's folder, where both packages resolve from its node_modules.
    const start = (label: string, args: string[]): CommandSpec => ({ label, command: node, args, cwd: app.root });
    const [ours, floor, bare] = await runInterleaved(
      [
        () => timeCommand(start(`node --import ${RUNTIME}`, ['--import', RUNTIME, '-e', '0'])).ms,
        () => timeCommand(start(`node --import ${EMPTY_RUNTIME}`, ['--import', EMPTY_RUNTIME, '-e', '0'])).ms,
        () => timeCommand(start('node -e 0', ['-e', '0'])).ms,
      ],
      pairs,
      1,
    );
    const differences = pairedDifferences(ours!, floor!);
    figures.push(
      judge({
        id: '4-import-wall',
        title: wallTitle,
        ours: samplesOf(ours!, 'ms'),
        floor: samplesOf(floor!, 'ms'),
        floorLabel: `node --import ${EMPTY_RUNTIME} -e 0`,
        goal: importGoal,
        added: median(differences),
        addedInterval: medianInterval(differences),
        details: { nodeEMs: median(bare!) },
        note: `node -e 0 took ${median(bare!).toFixed(1)} ms; judged on the 95 % interval of the paired difference (pass unless it lies wholly above 1 ms)`,
      }),
    );
  } catch (error) {
    figures.push(failed('4-import-wall', wallTitle, importGoal, error));
  } finally {
    app.remove();
  }
  return figures;
}
