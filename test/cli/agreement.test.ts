import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../cli/report.js';
import { ESLINT_VERSIONS } from '../support/eslint-versions.js';
import { PRISMA_MODULE, REPO_ROOT, ensureBuilt, gitStatus, makeRepo, removeTempDirs, runCli } from './support.js';

/**
 * One answer: ESLint (9 and 10, through the project's own eslint.config.mjs) and the CLI
 * (`--check --json`) are run on the same project, and must report the same findings, file by
 * file; then the CLI's write must leave exactly the findings it listed as hand fixes.
 */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const PLUGIN_URL = pathToFileURL(join(REPO_ROOT, 'dist/rules/index.js')).href;

/** A flat config as a user writes it, with extra config objects after the recommended ones. */
function eslintConfig(...extra: string[]): string {
  return `import prismaAuroraFix from '${PLUGIN_URL}';

export default [
  ...prismaAuroraFix.configs.recommended,
${extra.map((object) => `  ${object},\n`).join('')}];
`;
}

interface Seen {
  path: string;
  ruleId: string;
  line: number;
  column: number;
}

const byPosition = (a: Seen, b: Seen): number =>
  a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);

async function eslintFindings(ESLint: (typeof ESLINT_VERSIONS)[number]['ESLint'], dir: string): Promise<Seen[]> {
  const eslint = new ESLint({ cwd: dir });
  const results = await eslint.lintFiles(['.']);
  const seen: Seen[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      expect(message.fatal, message.message).not.toBe(true);
      if (message.ruleId === null) continue;
      seen.push({
        path: result.filePath.slice(dir.length + 1),
        ruleId: message.ruleId.replace(/^prisma-aurora-fix\//, ''),
        line: message.line,
        column: message.column,
      });
    }
  }
  return seen.sort(byPosition);
}

function cliReport(dir: string, args: string[] = []): { report: Report; status: number | null; stdout: string } {
  const result = runCli(['--check', '--json', ...args], dir);
  return { report: JSON.parse(result.stdout) as Report, status: result.status, stdout: result.stdout };
}

function cliFindings(report: Report, { unfixedOnly = false } = {}): Seen[] {
  return report.files
    .flatMap((file) =>
      (file.findings ?? [])
        .filter((finding) => !unfixedOnly || !finding.fixed)
        .map((finding) => ({ path: file.path, ruleId: finding.ruleId, line: finding.line, column: finding.column })),
    )
    .sort(byPosition);
}

/** ESLint and `--check` agree; then a write leaves exactly the hand fixes `--check` listed. */
async function expectAgreement(dir: string): Promise<{ report: Report; eslint: Seen[] }> {
  const { report } = cliReport(dir);
  const fromCli = cliFindings(report);
  for (const { label, ESLint } of ESLINT_VERSIONS) {
    expect(fromCli, `${label} and the CLI report the same findings`).toEqual(await eslintFindings(ESLint, dir));
  }
  const handFixes = cliFindings(report, { unfixedOnly: true });
  const write = runCli(['--force'], dir);
  expect(write.status, write.stdout + write.stderr).toBe(0);
  const [newest] = ESLINT_VERSIONS;
  const after = await eslintFindings(newest.ESLint, dir);
  expect(after.map(({ path, ruleId }) => ({ path, ruleId }))).toEqual(handFixes.map(({ path, ruleId }) => ({ path, ruleId })));
  return { report, eslint: after };
}

const HANDLER = `import type { Handler } from 'aws-lambda';
import { prisma } from './prisma';

export const handler: Handler = async () => prisma.note.count();
`;

describe('the CLI and ESLint give one answer', { timeout: 120_000 }, () => {
  it('eslint-disable comments: a disabled log line is kept, the other one goes', async () => {
    const dir = makeRepo({
      'eslint.config.mjs': eslintConfig(),
      'src/debug.ts': `export function debug(): void {
  // eslint-disable-next-line prisma-aurora-fix/no-database-url-logging -- the team's local tunnel check
  console.log(process.env.DATABASE_URL);
  console.log('url', process.env.DATABASE_URL); // eslint-disable-line prisma-aurora-fix/no-database-url-logging
  console.log(process.env.DATABASE_URL);
}
`,
    });
    const { report } = await expectAgreement(dir);
    expect(cliFindings(report)).toEqual([{ path: 'src/debug.ts', ruleId: 'no-database-url-logging', line: 5, column: 3 }]);
    const fixed = readFileSync(join(dir, 'src/debug.ts'), 'utf8');
    expect(fixed.match(/console\.log/g)).toHaveLength(2);
    expect(fixed).toContain("the team's local tunnel check\n  console.log(process.env.DATABASE_URL);");
  });

  it('eslint-disable and eslint-enable blocks, rule lists, reasons, config comments and noInlineConfig, as ESLint reads them', async () => {
    const log = 'console.log(process.env.DATABASE_URL);';
    const dir = makeRepo({
      'eslint.config.mjs': eslintConfig(`{ files: ['src/strict/**'], linterOptions: { noInlineConfig: true } }`),
      'src/blocks.ts': [
        log,
        '/* eslint-disable */',
        log,
        '/* eslint-enable prisma-aurora-fix/no-database-url-logging */',
        log,
        "/* eslint-disable no-console, 'prisma-aurora-fix/no-database-url-logging' -- noisy */",
        log,
        '/* eslint-enable */',
        log,
        '// eslint-disable-next-line no-console',
        log,
        '// eslint-disable prisma-aurora-fix/no-database-url-logging',
        log,
        `${log} /* eslint-disable-line prisma-aurora-fix/no-database-url-logging */`,
        '/* eslint-disable-next-line',
        '   prisma-aurora-fix/no-database-url-logging */',
        log,
        '',
      ].join('\n'),
      'src/config-comment.ts': `/* eslint prisma-aurora-fix/no-database-url-logging: "off" */\n${log}\n`,
      'src/strict/ignored-comments.ts': `// eslint-disable-next-line prisma-aurora-fix/no-database-url-logging\n${log}\n`,
    });
    const { report } = await expectAgreement(dir);
    expect(cliFindings(report).map(({ path, line }) => `${path}:${line}`)).toEqual([
      'src/blocks.ts:1',
      'src/blocks.ts:5',
      'src/blocks.ts:9',
      'src/blocks.ts:11',
      'src/blocks.ts:13',
      'src/strict/ignored-comments.ts:2',
    ]);
  });

  it('a file-wide eslint-disable for every rule: nothing is touched', async () => {
    const dir = makeRepo({
      'eslint.config.mjs': eslintConfig(),
      'src/prisma.ts': `/* eslint-disable */\n${PRISMA_MODULE}`,
      'src/handler.ts': HANDLER,
    });
    const { report } = await expectAgreement(dir);
    expect(report.totals).toMatchObject({ changed: 0, findings: 0 });
    expect(gitStatus(dir)).toBe('');
  });

  it('prisma-aurora-fix-ignore: both tools keep what the comment keeps', async () => {
    const dir = makeRepo({
      'eslint.config.mjs': eslintConfig(),
      'src/prisma.ts': `import { PrismaClient } from '@prisma/client';

// prisma-aurora-fix-ignore require-retry-extension -- retried by our own proxy
export const prisma = new PrismaClient();
console.log(process.env.DATABASE_URL); // prisma-aurora-fix-ignore
`,
      'src/handler.ts': HANDLER,
    });
    const { report } = await expectAgreement(dir);
    expect(report.totals).toMatchObject({ changed: 0, findings: 0, unfixed: 0 });
    expect(gitStatus(dir)).toBe('');
  });

  it('retryExtensions from the config: a client behind `withResilience()` gets no second retry layer', async () => {
    const dir = makeRepo({
      'eslint.config.mjs': eslintConfig(
        `{ rules: { 'prisma-aurora-fix/require-retry-extension': ['error', { retryExtensions: ['withResilience'] }] } }`,
      ),
      'src/prisma.ts': `import { PrismaClient } from '@prisma/client';
import { withResilience } from './resilience';

export const prisma = new PrismaClient().$extends(withResilience());
`,
      'src/other.ts': PRISMA_MODULE,
      'src/handler.ts': HANDLER,
    });
    const { report } = await expectAgreement(dir);
    expect(cliFindings(report)).toEqual([{ path: 'src/other.ts', ruleId: 'require-retry-extension', line: 3, column: 23 }]);
    expect(readFileSync(join(dir, 'src/prisma.ts'), 'utf8')).not.toContain('auroraRetry');
    expect(readFileSync(join(dir, 'src/other.ts'), 'utf8')).toContain('.$extends(auroraRetry())');
  });

  it('a rule the config turns off is not fixed, and the fix uses the options the config sets', async () => {
    const dir = makeRepo({
      'eslint.config.mjs': eslintConfig(
        `{ rules: { 'prisma-aurora-fix/require-retry-extension': 'off', 'prisma-aurora-fix/require-connection-params': ['error', { minConnectTimeoutSeconds: 60 }] } }`,
      ),
      'package.json':
        '{ "name": "app", "dependencies": { "@prisma/client": "^6.19.0" }, "devDependencies": { "@types/aws-lambda": "^8.10.0" } }\n',
      'src/prisma.ts': PRISMA_MODULE,
      'src/config.ts': "export const DATABASE_URL = 'postgresql://app@db.example.com:5432/app?connection_limit=1&connect_timeout=30';\n",
      'src/handler.ts': HANDLER,
    });
    await expectAgreement(dir);
    expect(readFileSync(join(dir, 'src/prisma.ts'), 'utf8')).toBe(PRISMA_MODULE);
    expect(readFileSync(join(dir, 'src/config.ts'), 'utf8')).toContain('connect_timeout=60');
  });

  describe('the query bound is written only with the value the config chose', () => {
    const files = (config: string): Record<string, string> => ({
      'eslint.config.mjs': config,
      'package.json':
        '{ "name": "app", "dependencies": { "@prisma/client": "^7.0.0", "@prisma/adapter-pg": "^7.0.0" }, "devDependencies": { "@types/aws-lambda": "^8.10.0" } }\n',
      'src/prisma.ts': `import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import { auroraRetry } from 'prisma-aurora-fix/runtime';

const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1, connectionTimeoutMillis: 30_000 });
export const prisma = new PrismaClient({ adapter }).$extends(auroraRetry());
`,
      'src/handler.ts': HANDLER,
    });

    it('no queryTimeoutMillis: ESLint and --check report it, the write leaves it as a hand fix with the reason', async () => {
      const dir = makeRepo(files(eslintConfig()));
      const { report } = await expectAgreement(dir);
      const finding = report.files.flatMap((file) => file.findings ?? []).find((each) => each.ruleId === 'require-query-timeout');
      expect(finding).toMatchObject({ fixed: false, line: 5 });
      expect(JSON.stringify(finding)).toContain('queryTimeoutMillis');
      expect(readFileSync(join(dir, 'src/prisma.ts'), 'utf8')).not.toContain('query_timeout');
    });

    it('queryTimeoutMillis set: the CLI writes exactly that bound, and nothing is left', async () => {
      const dir = makeRepo(
        files(eslintConfig(`{ rules: { 'prisma-aurora-fix/require-query-timeout': ['error', { queryTimeoutMillis: 12000 }] } }`)),
      );
      const { eslint } = await expectAgreement(dir);
      expect(eslint).toEqual([]);
      expect(readFileSync(join(dir, 'src/prisma.ts'), 'utf8')).toContain('connectionTimeoutMillis: 30_000, query_timeout: 12_000 });');
    });
  });

  it('Lambda scope: a seed script and a long-running server in a package with no Lambda signal are left alone', async () => {
    const dir = makeRepo(
      {
        'eslint.config.mjs': eslintConfig(),
        'package.json':
          '{ "name": "api-server", "dependencies": { "@prisma/client": "^7.0.0", "@prisma/adapter-pg": "^7.0.0", "express": "^5.0.0" } }\n',
        'prisma/seed.ts': `import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
await prisma.user.create({ data: { email: 'seed@example.com' } });
`,
        'src/server.ts': `import express from 'express';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';

const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 10 });
const prisma = new PrismaClient({ adapter });
express().get('/', async (_req, res) => res.json(await prisma.user.count())).listen(3000);
`,
      },
      { lambda: false },
    );
    const { report } = await expectAgreement(dir);
    expect(report.totals).toMatchObject({ changed: 0, findings: 0 });
    expect(gitStatus(dir)).toBe('');
  });

  describe('source scope', () => {
    const CLIENT = "import { PrismaClient } from '@prisma/client';\n\nexport const prisma = new PrismaClient();\n";
    const LOG = 'console.log(process.env.DATABASE_URL);\n';
    const MINIFIED = `"use strict";${Array.from({ length: 150 }, (_, i) => `function h${i}(e,t){console.log(process.env.DATABASE_URL);return{s:${i}}}`).join('')}\n`;
    const files = (config: string): Record<string, string> => ({
      'eslint.config.mjs': config,
      'package.json': `${JSON.stringify({ name: 'app', devDependencies: { '@types/aws-lambda': '^8.10.150' }, scripts: { 'db:reset': 'tsx scripts/reset.ts' } })}\n`,
      'src/prisma.ts': CLIENT,
      'src/prisma.test.ts': CLIENT + LOG,
      'prisma/seed.ts': CLIENT,
      'scripts/reset.ts': CLIENT,
      'public/vendor.js': MINIFIED,
      '.esbuild/.build/src/prisma.js':
        CLIENT.replace("import { PrismaClient } from '@prisma/client';", "const { PrismaClient } = require('@prisma/client');") + LOG,
    });

    it('tests, seeds and local scripts get secret logging only; minified code and build output nothing', async () => {
      const dir = makeRepo(files(eslintConfig()));
      const { report } = cliReport(dir);
      expect(cliFindings(report).map(({ path, ruleId }) => `${path} ${ruleId}`)).toEqual([
        'src/prisma.test.ts no-database-url-logging',
        'src/prisma.ts require-retry-extension',
      ]);
      await expectAgreement(dir);
    });

    it('includeLocalCode in the config: both tools apply the Lambda rules to them too', async () => {
      const dir = makeRepo(files(eslintConfig("{ settings: { 'prisma-aurora-fix': { includeLocalCode: true } } }")));
      const { report } = cliReport(dir);
      expect(cliFindings(report).map(({ path, ruleId }) => `${path} ${ruleId}`)).toEqual([
        'prisma/seed.ts require-retry-extension',
        'scripts/reset.ts require-retry-extension',
        'src/prisma.test.ts require-retry-extension',
        'src/prisma.test.ts no-database-url-logging',
        'src/prisma.ts require-retry-extension',
      ]);
      await expectAgreement(dir);
    });
  });

  it('a finding no transform fixes: ESLint fails, so --check fails and lists it as a hand fix', async () => {
    const dir = makeRepo({
      'eslint.config.mjs': eslintConfig(),
      'src/handler.ts': `import type { Handler } from 'aws-lambda';
import { PrismaClient } from '@prisma/client';
import { auroraRetry } from 'prisma-aurora-fix/runtime';

export const handler: Handler = async () => {
  const prisma = new PrismaClient().$extends(auroraRetry());
  return prisma.note.count();
};
`,
    });
    const check = runCli(['--check'], dir);
    expect(check.status, check.stdout).toBe(1);
    expect(check.stdout).toContain(
      'hand fix   src/handler.ts:6:18  prisma-client-at-module-scope: PrismaClient is constructed on every invocation',
    );
    expect(check.stdout).toContain('1 finding needs a hand fix');
    expect(check.stdout).not.toContain('Nothing to fix');
    const { report } = await expectAgreement(dir);
    expect(report.exitCode).toBe(1);
    expect(report.totals).toMatchObject({ changed: 0, findings: 1, unfixed: 1 });
    const write = runCli(['--force'], dir);
    expect(write.stdout).not.toContain('Nothing to fix');
    expect(write.stdout).toContain('Nothing written.');
  });

  it('a config found after the compile cache is on still loads (Node 20: v8-compile-cache breaks import())', async () => {
    // `a/` is linted first, with no config above it; `b/`'s config loads once the cache is on.
    const dir = makeRepo({
      'a/src/prisma.ts': PRISMA_MODULE,
      'b/eslint.config.mjs': eslintConfig(`{ rules: { 'prisma-aurora-fix/require-retry-extension': 'off' } }`),
      'b/src/prisma.ts': PRISMA_MODULE,
    });
    const result = runCli(['--check', '--json'], dir);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.error).toBeNull();
    expect(cliFindings(report).map(({ path, ruleId }) => `${path} ${ruleId}`)).toEqual(['a/src/prisma.ts require-retry-extension']);
  });

  it('the bundled demo app: ESLint with the repository config and the CLI agree, and the fix leaves only the query bound', async () => {
    // Run in place (read-only: --check), under the repository's own eslint.config.js.
    const demo = join(REPO_ROOT, 'fixtures/demo-app');
    const result = runCli(['--check', '--json', 'fixtures/demo-app'], REPO_ROOT);
    const report = JSON.parse(result.stdout) as Report;
    const fromCli = cliFindings(report).map((seen) => ({ ...seen, path: seen.path.replace(/^fixtures\/demo-app\//, '') }));
    const [newest] = ESLINT_VERSIONS;
    const eslint = new newest.ESLint({ cwd: REPO_ROOT });
    const fromEslint = (await eslint.lintFiles(['fixtures/demo-app']))
      .flatMap((file) =>
        file.messages.map((message) => ({
          path: file.filePath.slice(demo.length + 1),
          ruleId: (message.ruleId ?? '').replace(/^prisma-aurora-fix\//, ''),
          line: message.line,
          column: message.column,
        })),
      )
      .sort(byPosition);
    expect(fromCli).toEqual(fromEslint);
    expect(fromCli.length).toBeGreaterThan(5);
    // Everything is fixed but the query bound, whose value the demo's config does not choose.
    expect(cliFindings(report, { unfixedOnly: true }).map(({ path, ruleId }) => ({ path, ruleId }))).toEqual([
      { path: 'fixtures/demo-app/infra/database.ts', ruleId: 'require-query-timeout' },
    ]);
  });
});
