import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * What the bench measures: the built package (`dist/`), the way a user runs it. The import
 * probes live in bench/probes inside this package, so `prisma-aurora-fix/runtime` resolves to
 * this checkout's build by the package's own exports (self-reference).
 */

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const BENCH_DIR = join(REPO_ROOT, 'bench');
export const RESULTS_DIR = join(BENCH_DIR, 'results');

export const DIST = {
  root: REPO_ROOT,
  plugin: join(REPO_ROOT, 'dist/rules/index.js'),
  cli: join(REPO_ROOT, 'dist/cli/bin.js'),
  transforms: join(REPO_ROOT, 'dist/codemods/index.js'),
  prefilter: join(REPO_ROOT, 'dist/cli/prefilter.js'),
  runtime: join(REPO_ROOT, 'dist/runtime/index.js'),
  probes: join(BENCH_DIR, 'probes'),
} as const;

/** `node --import tsx <file>`: how the bench starts its TypeScript workers. */
export function tsxWorker(file: string, args: string[] = []): { command: string; args: string[]; cwd: string } {
  return { command: process.execPath, args: ['--import', 'tsx', join(BENCH_DIR, 'workers', file), ...args], cwd: REPO_ROOT };
}

export type Availability = { ok: true } | { ok: false; reason: string };

const BUILD_HINT = 'run `npm run build` (or the bench with --build)';

async function importBuilt(path: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

export async function pluginAvailability(): Promise<Availability> {
  if (!existsSync(DIST.plugin)) return { ok: false, reason: `dist/rules/index.js is missing: ${BUILD_HINT}` };
  const plugin = (await importBuilt(DIST.plugin)).default as
    { rules?: Record<string, unknown>; configs?: { recommended?: { rules?: Record<string, unknown> }[] } } | undefined;
  const recommended = plugin?.configs?.recommended ?? [];
  const ruleCount = recommended.reduce((count, entry) => count + Object.keys(entry.rules ?? {}).length, 0);
  if (ruleCount === 0) return { ok: false, reason: 'configs.recommended enables no rule yet (no rule in rules/index.ts is recommended)' };
  return { ok: true };
}

export async function cliAvailability(): Promise<Availability> {
  if (!existsSync(DIST.cli)) return { ok: false, reason: `dist/cli/bin.js is missing (cli/bin.ts not built): ${BUILD_HINT}` };
  if (!existsSync(DIST.transforms)) return { ok: false, reason: `dist/codemods/index.js is missing: ${BUILD_HINT}` };
  const { transforms } = (await importBuilt(DIST.transforms)) as { transforms?: Record<string, unknown> };
  if (transforms === undefined || Object.keys(transforms).length === 0) {
    return { ok: false, reason: 'no transform is registered in codemods/index.ts yet' };
  }
  return { ok: true };
}

export async function runtimeAvailability(exportsNeeded: readonly string[]): Promise<Availability> {
  if (!existsSync(DIST.runtime)) return { ok: false, reason: `dist/runtime/index.js is missing: ${BUILD_HINT}` };
  const runtime = await importBuilt(DIST.runtime);
  const missing = exportsNeeded.filter((name) => typeof runtime[name] !== 'function');
  if (missing.length > 0) return { ok: false, reason: `prisma-aurora-fix/runtime does not export ${missing.join(', ')} yet` };
  return { ok: true };
}

/** The measured runtime, loaded by file URL (the same module the import figure measures by name). */
export async function loadRuntime(): Promise<{ auroraRetry: (options?: object) => unknown }> {
  return (await import(pathToFileURL(DIST.runtime).href)) as { auroraRetry: (options?: object) => unknown };
}

/** The transform ids the built CLI applies (for the JSON record). */
export async function transformIds(): Promise<string[]> {
  if (!existsSync(DIST.transforms)) return [];
  const { transforms } = (await importBuilt(DIST.transforms)) as { transforms?: Record<string, unknown> };
  return Object.keys(transforms ?? {});
}

/** Rule ids that `configs.recommended` turns on in the build. */
export async function recommendedRuleIds(): Promise<string[]> {
  if (!existsSync(DIST.plugin)) return [];
  const plugin = (await importBuilt(DIST.plugin)).default as { configs?: { recommended?: { rules?: Record<string, unknown> }[] } };
  return (plugin.configs?.recommended ?? []).flatMap((entry) => Object.keys(entry.rules ?? {}));
}

/**
 * Source files edited after the live dist/ was last built (all of them when there is no
 * build): measuring those would measure yesterday's code, so the bench warns and names them.
 * The build time is the newest file in dist/ (the runtime may be bundled into one file, so
 * sources and outputs do not pair up one to one).
 */
export function staleBuildOutputs(): string[] {
  const newestIn = (dir: string): number => {
    let newest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
    }
    return newest;
  };
  const builtAt = existsSync(join(REPO_ROOT, 'dist')) ? newestIn(join(REPO_ROOT, 'dist')) : 0;
  const stale: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && statSync(path).mtimeMs > builtAt)
        stale.push(relative(REPO_ROOT, path));
    }
  };
  for (const folder of ['rules', 'codemods', 'runtime', 'analysis']) {
    if (existsSync(join(REPO_ROOT, folder))) walk(join(REPO_ROOT, folder));
  }
  return stale;
}

/** `npm run build`, for `--build`: the bench then measures the sources as they are now. */
export function build(log: (message: string) => void): void {
  log('npm run build');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}
