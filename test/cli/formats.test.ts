import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubAnnotations } from '../../cli/format-github.js';
import type { Report } from '../../cli/report.js';
import { sarifSchemaErrors, sarifValidator } from '../support/sarif-schema.js';
import { PRISMA_MODULE, ensureBuilt, gitStatus, makeRepo, removeTempDirs, runCli } from './support.js';

/**
 * `--format sarif` and `--format github`, through the real bin: every SARIF log it prints is
 * validated against the official SARIF 2.1.0 schema (test/cli/sarif/, OASIS) with ajv.
 */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const validate = sarifValidator();

function validSarif(stdout: string): Sarif.Log {
  const log = JSON.parse(stdout) as Sarif.Log;
  expect(sarifSchemaErrors(log)).toEqual([]);
  return log;
}

/** A PrismaClient without the retry extension (the CLI fixes it) and one built per invocation (a hand fix). */
const PROJECT = {
  'lib/prisma.ts': PRISMA_MODULE,
  'src/handler.ts': `import type { Handler } from 'aws-lambda';
import { PrismaClient } from '@prisma/client';
import { auroraRetry } from 'prisma-aurora-fix/runtime';

export const handler: Handler = async () => {
  const prisma = new PrismaClient().$extends(auroraRetry());
  return prisma.note.count();
};
`,
};

describe('the schema check', () => {
  it('rejects what is not SARIF 2.1.0 (so a pass means something)', () => {
    expect(validate({ version: '2.1.0', runs: [] })).toBe(true);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
    expect(
      validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'r' }] }] }),
      'a result without a message',
    ).toBe(false);
  });
});

describe('--format sarif', () => {
  it('a valid SARIF 2.1.0 log: a fixable finding is a warning, a hand fix an error, with ESLint’s rule ids and the docs', () => {
    const dir = makeRepo(PROJECT);
    const result = runCli(['--check', '--format', 'sarif'], dir);
    expect(result.status).toBe(1);
    const log = validSarif(result.stdout);
    const [run] = log.runs;
    expect(run!.tool.driver).toMatchObject({ name: 'prisma-aurora-fix' });
    expect(run!.tool.driver.rules!.map((rule) => rule.id)).toEqual([
      'prisma-aurora-fix/prisma-client-at-module-scope',
      'prisma-aurora-fix/require-retry-extension',
    ]);
    for (const rule of run!.tool.driver.rules!) expect(rule.helpUri).toMatch(/\/docs\/rules\/[\w-]+\.md$/);
    expect(run!.invocations).toMatchObject([{ executionSuccessful: true, exitCode: 1 }]);
    expect(run!.results).toMatchObject([
      {
        ruleId: 'prisma-aurora-fix/require-retry-extension',
        ruleIndex: 1,
        level: 'warning',
        message: { text: expect.stringContaining('Fixed by `npx prisma-aurora-fix` (add-retry-extension).') },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'lib/prisma.ts', uriBaseId: '%SRCROOT%' },
              region: { startLine: 3, startColumn: 23 },
            },
          },
        ],
        properties: { fixable: true },
      },
      {
        ruleId: 'prisma-aurora-fix/prisma-client-at-module-scope',
        ruleIndex: 0,
        level: 'error',
        message: { text: expect.stringContaining('Hand fix: no automatic fix') },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'src/handler.ts' }, region: { startLine: 6, startColumn: 18 } } }],
        properties: { fixable: false },
      },
    ]);
    // The summary is for the CI log, on stderr; stdout is the log alone.
    expect(result.stderr).toContain('1 file needs the fix.');
    expect(gitStatus(dir)).toBe('');
  });

  it('a clean project: no results, and a failed file is a notification of a failed run', () => {
    const clean = runCli(['--check', '--format', 'sarif', 'src'], makeRepo({ 'src/math.ts': 'export const one = 1;\n' }));
    expect(clean.status).toBe(0);
    expect(validSarif(clean.stdout).runs[0]!.results).toEqual([]);

    const broken = runCli(['--check', '--format', 'sarif'], makeRepo({ 'lib/prisma.ts': `${PRISMA_MODULE}export const = ;\n` }));
    expect(broken.status).toBe(2);
    const [run] = validSarif(broken.stdout).runs;
    expect(run!.invocations).toMatchObject([
      {
        executionSuccessful: false,
        exitCode: 2,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: expect.stringMatching(/^failed: /) },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'lib/prisma.ts' } } }],
          },
        ],
      },
    ]);
  });

  it('a file name that needs it is percent-encoded as a URI reference', () => {
    const result = runCli(['--check', '--format', 'sarif'], makeRepo({ 'pages/[id] #1.ts': PRISMA_MODULE }));
    const [run] = validSarif(result.stdout).runs;
    expect(run!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('pages/%5Bid%5D%20%231.ts');
  });

  it('usage errors are SARIF too (exit 2), and sarif needs --check or --dry: it never writes', () => {
    const dir = makeRepo(PROJECT);
    for (const args of [
      ['--format', 'sarif', '--nope'],
      ['--check', '--format=sarif', 'missing'],
      ['--format', 'sarif'],
    ]) {
      const result = runCli(args, dir);
      expect(result.status, args.join(' ')).toBe(2);
      const [run] = validSarif(result.stdout).runs;
      expect(run!.invocations).toMatchObject([
        { executionSuccessful: false, exitCode: 2, toolExecutionNotifications: [{ level: 'error' }] },
      ]);
    }
    expect(
      JSON.parse(runCli(['--format', 'sarif'], dir).stdout).runs[0].invocations[0].toolExecutionNotifications[0].message.text,
    ).toContain('use it with --check (CI) or --dry');
    expect(gitStatus(dir)).toBe('');
  });

  it('--json with another --format, or a format that does not exist, is a usage error', () => {
    expect(JSON.parse(runCli(['--json', '--format', 'sarif', '--check'], process.cwd()).stdout)).toMatchObject({
      exitCode: 2,
      error: expect.stringContaining('give one'),
    });
    const unknown = runCli(['--format', 'xml', '--check'], process.cwd());
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown --format 'xml'. Valid formats: human, json, sarif, github");
  });
});

describe('--format github', () => {
  it('one workflow command per finding: warning for a fix the CLI makes, error for a hand fix', () => {
    const dir = makeRepo(PROJECT);
    const result = runCli(['--check', '--format', 'github'], dir);
    expect(result.status).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::warning file=lib\/prisma\.ts,line=3,col=23,endLine=3,endColumn=\d+,title=prisma-aurora-fix\/require-retry-extension::This PrismaClient .* Fixed by `npx prisma-aurora-fix` \(add-retry-extension\)\.$/,
    );
    expect(lines[1]).toMatch(
      /^::error file=src\/handler\.ts,line=6,col=18,endLine=6,endColumn=\d+,title=prisma-aurora-fix\/prisma-client-at-module-scope::PrismaClient is constructed .* Hand fix: no automatic fix/,
    );
    expect(result.stderr).toContain('1 file needs the fix.');
  });

  it('a usage error is one ::error annotation', () => {
    const result = runCli(['--format', 'github', '--check', 'missing'], process.cwd());
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('::error title=prisma-aurora-fix::no such file or directory: missing\n');
  });

  it('escapes as @actions/core does, so project text cannot end a command or start one; redacts and escapes control characters', () => {
    const report = {
      files: [
        {
          path: 'lib/a,b:c.ts',
          status: 'unchanged',
          transforms: [],
          findings: [
            {
              ruleId: 'no-database-url-logging',
              line: 1,
              column: 1,
              endLine: 1,
              endColumn: 2,
              message: "100% bad\n::error::injected 'postgres://app:hunter2@db/app' \u001b[31m",
              fixed: false,
              reason: 'why',
            },
          ],
        },
      ],
      verify: null,
      error: null,
    } as unknown as Report;
    expect(githubAnnotations(report)).toBe(
      "::error file=lib/a%2Cb%3Ac.ts,line=1,col=1,endLine=1,endColumn=2,title=prisma-aurora-fix/no-database-url-logging::100%25 bad%0A::error::injected 'postgres://app:[redacted]@db/app' \\x1b[31m Hand fix: why.\n",
    );
  });
});
