import { ESLint } from 'eslint';
import plugin from '../../rules/index.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PRISMA6_WORKSPACE } from '../support/prisma-generate.js';
import { REPO_ROOT, git, makeTempDir } from './support.js';

/**
 * A working copy of `fixtures/demo-app` as its owner would have it after `npm install` and
 * `prisma generate`, built offline:
 * - `@prisma/client` 6.19 from the test/prisma6 workspace, with the demo's own client
 *   generated into `node_modules/.prisma/client` (the default output) by Prisma 6's CLI;
 * - `@types/node` from this repository;
 * - `aws-cdk-lib`, `constructs`, `@types/aws-lambda`: the declaration-only stand-ins in
 *   test/cli/type-stubs (the real packages cannot be installed offline);
 * - `prisma-aurora-fix`: this package as npm would install it (package.json + built dist),
 *   unless `withRuntimePackage: false` (the --vendor case, which must not need it).
 * The copy is a git repository with everything committed (node_modules is git-ignored).
 */

export const DEMO_APP = join(REPO_ROOT, 'fixtures/demo-app');
const STUBS = join(REPO_ROOT, 'test/cli/type-stubs');

/** The password the demo hard-codes for local development: no output may ever contain it. */
export const DEMO_CREDENTIAL = 'n0tes-L0cal-Pa55';

export interface DemoOptions {
  withRuntimePackage?: boolean;
}

export function prepareDemo(options: DemoOptions = {}): string {
  const dir = makeTempDir('prisma-aurora-fix-demo-');
  cpSync(DEMO_APP, dir, { recursive: true, filter: (source) => !source.includes(`${DEMO_APP}/node_modules`) });
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@types'), { recursive: true });

  installPrismaClient6(modules);
  symlinkSync(join(REPO_ROOT, 'node_modules/@types/node'), join(modules, '@types/node'));
  // Copied, not linked: aws-cdk-lib's `import ... from 'constructs'` must resolve next to it.
  for (const stub of ['@types/aws-lambda', 'aws-cdk-lib', 'constructs'])
    cpSync(join(STUBS, stub), join(modules, stub), { recursive: true });
  if (options.withRuntimePackage !== false) installThisPackage(join(modules, 'prisma-aurora-fix'));

  generateDemoClient(dir);

  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'notes api');
  return dir;
}

/**
 * `@prisma/client` 6 with the big folders linked, not copied: its top-level files must be real
 * files here, because `default.d.ts` finds the generated `.prisma/client` relative to its own
 * location, which must be this copy's node_modules, not the shared workspace's.
 */
function installPrismaClient6(modules: string): void {
  const source = join(PRISMA6_WORKSPACE, 'node_modules/@prisma/client');
  if (!existsSync(source))
    throw new Error(`${source} is missing: run \`npm ci\` at the repository root (it installs the test/prisma6 workspace)`);
  const target = join(modules, '@prisma/client');
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source)) {
    if (lstatSync(join(source, entry)).isDirectory()) symlinkSync(join(source, entry), join(target, entry));
    else cpSync(join(source, entry), join(target, entry));
  }
}

/** What `npm install prisma-aurora-fix` puts in node_modules, as far as the demo uses it. */
function installThisPackage(target: string): void {
  mkdirSync(target, { recursive: true });
  cpSync(join(REPO_ROOT, 'package.json'), join(target, 'package.json'));
  cpSync(join(REPO_ROOT, 'dist'), join(target, 'dist'), { recursive: true });
}

/**
 * `prisma generate` with Prisma 6's CLI, offline: the engines cannot be downloaded, so
 * `--no-engine` (the types do not depend on an engine) and both engine variables pointing at
 * an empty file keep the CLI from trying.
 */
function generateDemoClient(dir: string): void {
  const emptyEngine = join(dir, 'node_modules/.cache/empty-engine');
  mkdirSync(dirname(emptyEngine), { recursive: true });
  writeFileSync(emptyEngine, '');
  const result = spawnSync(
    process.execPath,
    [join(PRISMA6_WORKSPACE, 'node_modules/prisma/build/index.js'), 'generate', '--no-engine', '--schema', 'prisma/schema.prisma'],
    {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: emptyEngine,
        PRISMA_QUERY_ENGINE_LIBRARY: emptyEngine,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
        PRISMA_GENERATE_SKIP_AUTOINSTALL: '1',
      },
      timeout: 120_000,
    },
  );
  if (result.status !== 0 || !existsSync(join(dir, 'node_modules/.prisma/client/index.d.ts'))) {
    throw new Error(`prisma generate failed for the demo:\n${result.stdout}\n${result.stderr}`);
  }
}

/** `tsc --noEmit -p tsconfig.json` in `dir` with this repository's TypeScript. */
export function typeCheck(dir: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 180_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export function listSourceFiles(dir: string): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.js'], { cwd: dir, encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '');
}

/** What ESLint with only this plugin's recommended config reports over the project's files, as `file:line:column rule message`. */
export async function lintWithRecommended(dir: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: plugin.configs.recommended as ESLint.Options['overrideConfig'],
  });
  const results = await eslint.lintFiles(listSourceFiles(dir));
  return results.flatMap((result) =>
    result.messages.map(
      (message) =>
        `${result.filePath.slice(dir.length + 1)}:${message.line}:${message.column} ${message.ruleId ?? 'parse'} ${message.message}`,
    ),
  );
}
