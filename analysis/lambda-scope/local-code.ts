import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileLooksLikeLambda, lambdaSignalsOf } from './file-signals.js';
import { configNamingHandler } from './deployed-by-config.js';
import { filesRunByCommand } from './script-command.js';

/**
 * Code that runs on a developer's machine or in CI, never in a deployed Lambda: tests, seeds
 * and the scripts a package.json script runs with `node`/`tsx`/`ts-node`. The rules that
 * advise about deployed Lambda code (retries, connection parameters, client placement,
 * migration retries) stay quiet there, however Lambda-like the package is; secret logging
 * still applies (CI logs leak too). docs/lambda-scope.md ("Local code") lists what counts;
 * keep the two in sync.
 */

export type LocalCodeKind = 'test' | 'seed' | 'script';

export interface LocalCode {
  kind: LocalCodeKind;
  /** Why, for `--verbose`: "a test file (*.test.*)", "the seed package.json's prisma.seed runs". */
  reason: string;
}

/** Folders that hold tests and their helpers. */
const TEST_DIRECTORIES = new Set(['__tests__', '__mocks__', '__fixtures__', 'test', 'tests', 'spec', 'e2e', 'cypress', 'playwright']);
/** `user.test.ts`, `api.spec.js`, `login.e2e.ts`, `db.test-d.ts`. */
const TEST_FILE = /\.(?:test|spec|e2e|test-d)\.[cm]?[jt]sx?$/i;
/**
 * The test runner's own files and the helpers named for tests: `vitest.config.ts`,
 * `jest.setup.js`, `setupTests.ts`, `test-utils.ts`, `testUtil.ts`, `testHelpers.ts`.
 */
const TEST_SUPPORT_FILE =
  /^(?:(?:vitest|jest|playwright|cypress)(?:\.[\w-]+)?\.(?:config|setup|teardown)|setup-?tests|global-?(?:setup|teardown)|tests?[-_]?(?:utils?|helpers?|setup|support|db|database))\.[cm]?[jt]sx?$/i;

/** Folders of seed code. */
const SEED_DIRECTORIES = new Set(['seed', 'seeds', 'seeders', 'seeding']);
/** `seed.ts`, `seed-users.ts`, `seedDatabase.ts`, `seeds.js` (not `seedling.ts`). */
const SEED_FILE = /^seed(?:s|er|ers|ing)?(?:[-_.][\w.-]*|[A-Z][\w.-]*)?\.[cm]?[jt]sx?$/;

/**
 * Scripts that may be what a deployed container runs (`CMD ["npm", "start"]` behind the Lambda
 * Web Adapter), so the file they start is not local code.
 */
const SERVER_SCRIPT_NAME = /^(?:start|serve|server)(?::|$)/;

interface Manifest {
  scripts?: unknown;
  prisma?: unknown;
}

interface LocalScripts {
  mtimeMs: number;
  /** Absolute path -> why it is local ("package.json script db:reset"). */
  reasons: Map<string, string>;
}

const scriptsByManifest = new Map<string, LocalScripts>();

function mtimeOf(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;
}

function readJson(path: string): Manifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/** Prisma 7's `prisma.config.ts` names the seed command in `migrations: { seed: '…' }`. */
function prismaConfigSeedCommand(dir: string): string | undefined {
  for (const name of ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.js', 'prisma.config.mjs']) {
    let text: string;
    try {
      text = readFileSync(join(dir, name), 'utf8');
    } catch {
      continue;
    }
    const match = /\bseed\s*:\s*(["'`])([^"'`]+)\1/.exec(text);
    if (match) return match[2];
  }
  return undefined;
}

/** What the package.json in `dir` runs locally: its scripts (but `start`/`serve`) and its seed command. */
function localScriptsOf(dir: string): Map<string, string> {
  const manifestPath = join(dir, 'package.json');
  const mtimeMs = mtimeOf(manifestPath);
  const cached = scriptsByManifest.get(manifestPath);
  if (cached !== undefined && cached.mtimeMs === mtimeMs) return cached.reasons;
  const reasons = new Map<string, string>();
  const manifest = mtimeMs === -1 ? undefined : readJson(manifestPath);
  const note = (command: unknown, reason: string): void => {
    if (typeof command !== 'string') return;
    for (const file of filesRunByCommand(command)) {
      const path = resolve(dir, file);
      if (!reasons.has(path)) reasons.set(path, reason);
    }
  };
  const prisma = manifest?.prisma;
  if (typeof prisma === 'object' && prisma !== null)
    note((prisma as Record<string, unknown>)['seed'], 'the seed package.json prisma.seed runs');
  note(prismaConfigSeedCommand(dir), 'the seed prisma.config migrations.seed runs');
  const scripts = manifest?.scripts;
  if (typeof scripts === 'object' && scripts !== null) {
    for (const [name, command] of Object.entries(scripts as Record<string, unknown>)) {
      if (!SERVER_SCRIPT_NAME.test(name)) note(command, `run locally by package.json script "${name}"`);
    }
  }
  scriptsByManifest.set(manifestPath, { mtimeMs, reasons });
  return reasons;
}

/** The nearest folder above the file with a package.json (the file's own folder when none). */
function packageDirOf(filePath: string): string {
  let dir = dirname(filePath);
  for (;;) {
    if (mtimeOf(join(dir, 'package.json')) !== -1) return dir;
    const parent = dirname(dir);
    if (parent === dir) return dirname(filePath);
    dir = parent;
  }
}

function testReason(pathInPackage: string): string | undefined {
  const parts = pathInPackage.split(/[\\/]/);
  const name = parts.pop()!;
  if (TEST_FILE.test(name)) return 'a test file (*.test.*, *.spec.*)';
  if (TEST_SUPPORT_FILE.test(name)) return "a test runner's config or a test helper";
  const folder = parts.find((part) => TEST_DIRECTORIES.has(part));
  return folder === undefined ? undefined : `inside ${folder}/ (tests)`;
}

function seedReason(pathInPackage: string): string | undefined {
  const parts = pathInPackage.split(/[\\/]/);
  const name = parts.pop()!;
  if (SEED_FILE.test(name)) return 'a seed file';
  const folder = parts.find((part) => SEED_DIRECTORIES.has(part));
  return folder === undefined ? undefined : `inside ${folder}/ (seed code)`;
}

/**
 * Whether an absolute file path is local code, and why: a test (by name or folder), a seed
 * (by name or folder, or what `prisma.seed` / `prisma.config`'s `migrations.seed` runs), or
 * the entry of a package.json script run with a script runner (any package.json from the
 * file's package up, resolved against its folder). Test and seed folders are read relative to
 * the file's package, so a checkout under `~/test/` is not all tests. Given the file's
 * `program`, a script that itself looks like Lambda code (exports a handler, imports
 * `aws-lambda`) is not local: a migration runner run by `npm run migrate` and deployed too.
 */
export function localCodeOf(filePath: string, program?: TSESTree.Program): LocalCode | undefined {
  const packageDir = packageDirOf(filePath);
  const pathInPackage = relative(packageDir, filePath);
  const test = testReason(pathInPackage);
  if (test !== undefined) return { kind: 'test', reason: test };
  const seed = seedReason(pathInPackage);
  // A file a deployment config names as a handler is deployed, whatever its name says.
  if (seed !== undefined) return configNamingHandler(filePath) === undefined ? { kind: 'seed', reason: seed } : undefined;
  let dir = packageDir;
  for (;;) {
    const reason = localScriptsOf(dir).get(filePath);
    if (reason !== undefined) {
      const kind = reason.startsWith('the seed') ? 'seed' : 'script';
      if (kind === 'script' && program !== undefined && fileLooksLikeLambda(lambdaSignalsOf(program))) return undefined;
      if (configNamingHandler(filePath) !== undefined) return undefined;
      return { kind, reason };
    }
    const parent = dirname(dir);
    if (parent === dir || mtimeOf(join(dir, '.git')) !== -1) return undefined;
    dir = parent;
  }
}

/** Forgets cached package.json scripts (tests that rewrite package.json files in place call it). */
export function clearLocalCodeCache(): void {
  scriptsByManifest.clear();
}
