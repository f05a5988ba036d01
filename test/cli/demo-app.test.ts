import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../cli/report.js';
import { DEMO_CREDENTIAL, lintWithRecommended, listSourceFiles, prepareDemo, typeCheck } from './demo-support.js';
import { ensureBuilt, gitStatus, removeTempDirs, runCli } from './support.js';

/**
 * End to end, as a user meets it: the bundled demo (a Prisma 6 notes API on Lambda with the
 * pre-fix shapes) is copied to a temp git repository with its dependencies, the real bin
 * fixes it, and then the ESLint plugin's recommended config finds only the hand fix the CLI
 * listed (the query bound), the project type-checks, `--check` has nothing to change and a
 * second run changes nothing.
 */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const SLOW = 300_000;

function read(dir: string, path: string): string {
  return readFileSync(join(dir, path), 'utf8');
}

function assertNoCredential(...outputs: string[]): void {
  for (const output of outputs) expect(output).not.toContain(DEMO_CREDENTIAL);
}

/** The query string of `const option = '...'` in the CDK construct. */
function connectionOptions(databaseTs: string): URLSearchParams {
  const literal = /const option = '([^']*)'/.exec(databaseTs)?.[1];
  expect(literal, 'the CDK construct keeps its `option` constant').toBeDefined();
  expect(literal!.split('?').length, 'one `?` only').toBe(2);
  return new URLSearchParams(literal!.slice(literal!.indexOf('?') + 1));
}

/** What the four transforms must have done to the demo, whichever way the runtime is imported. */
function assertFixed(dir: string, runtimeImport: RegExp): void {
  const prismaModule = read(dir, 'lib/prisma.ts');
  expect(prismaModule, 'remove-url-logging: the connection string is no longer logged').not.toContain(
    'console.log(process.env.DATABASE_URL)',
  );
  expect(prismaModule, "add-retry-extension: 'query' logging dropped").not.toContain("'query'");
  expect(prismaModule, 'add-retry-extension: other log levels kept').toContain("'warn'");
  expect(prismaModule, 'add-retry-extension: the client is extended').toContain('$extends(auroraRetry())');
  expect(prismaModule).toMatch(runtimeImport);

  const cleanup = read(dir, 'functions/cleanup/index.js');
  expect(cleanup, 'remove-url-logging: the URL is out of the log message').not.toContain('${process.env.DATABASE_URL}');
  expect(cleanup, 'remove-url-logging: the rest of the message stays').toContain('cleanup starting');
  expect(cleanup, 'add-retry-extension (JS, CommonJS)').toContain('$extends(auroraRetry())');

  const options = connectionOptions(read(dir, 'infra/database.ts'));
  expect(options.get('connection_limit'), 'set-connection-params: connection_limit=1').toBe('1');
  expect(Number(options.get('connect_timeout')), 'set-connection-params: connect_timeout >= 30').toBeGreaterThanOrEqual(30);

  const migrate = read(dir, 'functions/migrate/handler.ts');
  expect(migrate, 'wrap-migration-runner: the spawn is retried').toMatch(/\b(runMigration|withRetry)\(/);
  expect(migrate, 'wrap-migration-runner: the command is kept').toMatch(/'db',\s*'push',\s*'--skip-generate'/);
  expect(migrate).toMatch(runtimeImport);
}

/** After the fix ESLint reports one thing only: the CDK construct's URL has no query bound yet. */
function assertOnlyTheQueryBoundLeft(messages: string[]): void {
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatch(/^infra\/database\.ts:\d+:\d+ prisma-aurora-fix\/require-query-timeout /);
}

describe('fixtures/demo-app end to end', () => {
  it(
    'importing prisma-aurora-fix/runtime: fixed, only the query bound left to a human, type-checked, stable',
    async () => {
      const dir = prepareDemo();

      // The demo is valid code that shows the problems.
      expect(typeCheck(dir)).toEqual({ status: 0, output: '' });
      expect((await lintWithRecommended(dir)).length, 'the recommended config reports the pre-fix shapes').toBeGreaterThan(0);

      const dry = runCli(['--dry'], dir);
      expect(dry.status).toBe(0);
      expect(gitStatus(dir)).toBe('');
      expect(dry.stdout).toContain('+++ b/lib/prisma.ts');

      const fix = runCli(['--verify'], dir);
      expect(fix.status, fix.stdout + fix.stderr).toBe(0);
      expect(fix.stdout).toContain('--verify: the fix adds no type errors.');
      assertNoCredential(dry.stdout, dry.stderr, fix.stdout, fix.stderr);

      assertFixed(dir, /from 'prisma-aurora-fix\/runtime'/);
      assertOnlyTheQueryBoundLeft(await lintWithRecommended(dir));
      expect(typeCheck(dir)).toEqual({ status: 0, output: '' });

      // The query bound is the one hand fix: its value depends on the slowest query, which the
      // code does not show, so --check lists it (with why) until a human sets it.
      const check = runCli(['--check', '--json'], dir);
      expect(check.status, check.stdout).toBe(1);
      const report = JSON.parse(check.stdout) as Report;
      expect(report.totals).toMatchObject({ changed: 0, failed: 0 });
      const left = report.files.flatMap((file) => (file.findings ?? []).map((finding) => ({ path: file.path, ...finding })));
      expect(left.map(({ path, ruleId, fixed }) => ({ path, ruleId, fixed }))).toEqual([
        { path: 'infra/database.ts', ruleId: 'require-query-timeout', fixed: false },
      ]);
      expect(JSON.stringify(left[0])).toContain('queryTimeoutMillis');
      assertNoCredential(check.stdout, check.stderr);

      // A second real run writes nothing.
      const before = gitStatus(dir);
      const again = runCli([], dir);
      expect(again.status).toBe(0);
      expect(gitStatus(dir)).toBe(before);
    },
    SLOW,
  );

  it(
    '--vendor: the runtime copied next to the Prisma module, no dependency added, same guarantees',
    async () => {
      const dir = prepareDemo({ withRuntimePackage: false });
      expect(existsSync(join(dir, 'node_modules/prisma-aurora-fix'))).toBe(false);

      const fix = runCli(['--vendor', '--verify'], dir);
      expect(fix.status, fix.stdout + fix.stderr).toBe(0);
      expect(fix.stdout).toMatch(/^created\s+lib\/aurora-retry\.ts\s+vendored runtime$/m);
      assertNoCredential(fix.stdout, fix.stderr);

      assertFixed(dir, /from '\.\/aurora-retry'|from '\.\.\/\.\.\/lib\/aurora-retry'/);
      expect(read(dir, 'functions/cleanup/index.js')).toContain("require('../../lib/aurora-retry.js')");
      for (const file of listSourceFiles(dir)) expect(read(dir, file), file).not.toContain('prisma-aurora-fix/runtime');
      expect(read(dir, 'lib/aurora-retry.ts')).toMatch(/^\/\/ prisma-aurora-fix runtime \S+, vendored by/);

      assertOnlyTheQueryBoundLeft(await lintWithRecommended(dir));
      expect(typeCheck(dir)).toEqual({ status: 0, output: '' });
      // Nothing more to change; the query bound stays a hand fix.
      for (const args of [
        ['--vendor', '--check', '--json'],
        ['--check', '--json'],
      ]) {
        const check = runCli(args, dir);
        expect(check.status, check.stdout).toBe(1);
        expect((JSON.parse(check.stdout) as Report).totals).toMatchObject({ changed: 0, failed: 0 });
      }
    },
    SLOW,
  );
});
