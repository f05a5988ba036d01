import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanEnv,
  commitAll,
  copyWorkingTree,
  packedTarball,
  ROOT,
  runProcess,
  runShell,
  type CommandResult,
} from '../package/user-project.js';
import { documentCommands, fileBlock, readDoc } from './markdown.js';

/**
 * Every command of the README's shell blocks, run as a newcomer would, in reading order; a
 * command that fails fails this test. Where each one runs:
 *
 * - `clone`: a git repository holding this working tree as `git clone` gives it (no
 *   node_modules, no dist/), where `npm ci` really runs (from npm's cache: the suite's own
 *   `npm ci` filled it, so no network is needed).
 * - `user`: the bundled demo app (fixtures/demo-app) as a user's repository, where the install
 *   command really runs `npm install`, with this repository's `npm pack` tarball in place of
 *   the registry's `prisma-aurora-fix` (not published from here). The demo's cloud-only
 *   dependencies (aws-cdk-lib, esbuild, ...) are left out of its package.json, so the install
 *   needs nothing beyond what this repository's lockfile already put in npm's cache.
 * - `ci`: `npm ci && npm test` is the suite itself; running it here would recurse. `.ci/run`
 *   runs exactly that line, so CI executes it, and this test checks the two stay identical.
 */

type Where = 'clone' | 'user' | 'ci';

interface ReadmeCommand {
  command: string;
  where: Where;
  exitCode: number;
  /** What the reader is told the command does, checked on its output and on the files. */
  check?: (result: CommandResult) => void | Promise<void>;
}

const README = readDoc('README.md');
const DEMO = join(ROOT, 'fixtures/demo-app');
const NPM_ENV = { npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };

let workDir: string;
let clone: string;
let user: string;

const git = async (cwd: string, ...args: string[]): Promise<string> => {
  const result = await runProcess('git', args, cwd);
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}:\n${result.output}`);
  return result.stdout;
};

/** A git repository holding this working tree as `git clone` gives it. */
async function cloneWorkingTree(target: string): Promise<void> {
  await copyWorkingTree(target);
  await commitAll(target, 'initial');
}

/** The demo app as a user's repository, with only the dependencies linting and fixing it need. */
async function demoAsUserRepository(target: string): Promise<void> {
  cpSync(DEMO, target, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(DEMO, 'package.json'), 'utf8')) as Record<string, Record<string, string> | string>;
  const keep = (deps: unknown, names: string[]): Record<string, string> =>
    Object.fromEntries(Object.entries((deps ?? {}) as Record<string, string>).filter(([name]) => names.includes(name)));
  manifest.dependencies = keep(manifest.dependencies, ['@prisma/client']);
  manifest.devDependencies = keep(manifest.devDependencies, ['@types/aws-lambda']);
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await commitAll(target, 'initial');
}

const changedFiles = async (dir: string): Promise<string[]> =>
  (await git(dir, 'status', '--porcelain', '--untracked-files=all'))
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3));

const EXPECTED: ReadmeCommand[] = [
  {
    command: 'npm ci && npx --no -- prisma-aurora-fix --dry fixtures/demo-app',
    where: 'clone',
    exitCode: 0,
    async check(result) {
      expect(result.stdout).toMatch(/^--- a\/.*lib\/prisma\.ts$/m);
      expect(result.stdout).toMatch(/^\+.*auroraRetry\(\)/m);
      expect(result.output).toContain('Dry run: nothing written');
      expect(await changedFiles(clone)).toEqual([]);
    },
  },
  {
    command: 'npm ci && npm test',
    where: 'ci',
    exitCode: 0,
  },
  {
    command: 'npm install --save-dev prisma-aurora-fix eslint',
    where: 'user',
    exitCode: 0,
    check() {
      const manifest = JSON.parse(readFileSync(join(user, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
      expect(Object.keys(manifest.devDependencies)).toEqual(expect.arrayContaining(['prisma-aurora-fix', 'eslint']));
      expect(existsSync(join(user, 'node_modules/.bin/prisma-aurora-fix'))).toBe(true);
      // The README's config, under the name it gives for a package without "type": "module".
      expect(JSON.parse(readFileSync(join(user, 'package.json'), 'utf8'))).not.toHaveProperty('type');
      writeFileSync(join(user, 'eslint.config.mjs'), fileBlock(README, 'eslint.config.js').code);
    },
  },
  {
    command: 'npx --no -- eslint .',
    where: 'user',
    exitCode: 1,
    check(result) {
      for (const rule of ['no-database-url-logging', 'require-retry-extension', 'require-migration-retry', 'no-query-logging']) {
        expect(result.stdout).toContain(`prisma-aurora-fix/${rule}`);
      }
      expect(result.stdout).toMatch(/lib\/prisma\.ts/);
    },
  },
  {
    command: 'npx --no -- prisma-aurora-fix --dry',
    where: 'user',
    exitCode: 0,
    async check(result) {
      expect(result.stdout).toMatch(/^\+.*auroraRetry\(\)/m);
      // The user commits their setup before letting the codemod write (the README says why).
      expect(await changedFiles(user)).toEqual(expect.arrayContaining(['eslint.config.mjs']));
      await git(user, 'add', '-A');
      await git(user, 'commit', '--quiet', '-m', 'Add prisma-aurora-fix and ESLint');
    },
  },
  {
    command: 'npx --no -- prisma-aurora-fix',
    where: 'user',
    exitCode: 0,
    async check() {
      const changed = await changedFiles(user);
      expect(changed).toEqual(expect.arrayContaining(['lib/prisma.ts', 'functions/migrate/handler.ts', 'functions/cleanup/index.js']));
      expect(readFileSync(join(user, 'lib/prisma.ts'), 'utf8')).toContain('auroraRetry()');
    },
  },
  {
    command: 'npx --no -- prisma-aurora-fix --check',
    where: 'user',
    exitCode: 0,
    async check() {
      // And the README's promise holds: after the fix, the recommended config reports nothing.
      const lint = await runShell('npx --no -- eslint .', user, cleanEnv(NPM_ENV));
      expect(lint.code, lint.output).toBe(0);
    },
  },
  {
    command: 'npm run build && npx --no -- eslint-doc-generator',
    where: 'clone',
    exitCode: 0,
    async check() {
      // Regenerating changes nothing: the README table and the rule doc headers are current.
      expect(await changedFiles(clone)).toEqual([]);
    },
  },
];

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'paf-readme-'));
  clone = join(workDir, 'prisma-aurora-fix');
  user = join(workDir, 'notes-api');
  mkdirSync(user);
  await Promise.all([cloneWorkingTree(clone), demoAsUserRepository(user)]);
}, 120_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('README commands', () => {
  it('are all listed here, in reading order', () => {
    expect(documentCommands(README).map(({ command }) => command)).toEqual(EXPECTED.map(({ command }) => command));
  });

  it('include the test command .ci/run executes, word for word', () => {
    const ciRun = readFileSync(join(ROOT, '.ci/run'), 'utf8')
      .split('\n')
      .map((line) => line.trim());
    for (const { command } of EXPECTED.filter(({ where }) => where === 'ci')) expect(ciRun).toContain(command);
  });

  it.each(EXPECTED.filter(({ where }) => where !== 'ci').map((entry) => [entry.command, entry] as const))(
    '%s',
    async (_, { command, where, exitCode, check }) => {
      let actual = command;
      if (where === 'user' && command.startsWith('npm install')) {
        // The registry's prisma-aurora-fix is this repository's tarball.
        actual = command.replace(/\bprisma-aurora-fix\b/, await packedTarball());
      }
      const result = await runShell(actual, where === 'clone' ? clone : user, cleanEnv(NPM_ENV), 600_000);
      expect(result.code, `README: \`${command}\` (${where}):\n${result.output}`).toBe(exitCode);
      await check?.(result);
    },
    600_000,
  );
});
