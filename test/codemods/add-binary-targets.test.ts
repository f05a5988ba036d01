import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import transform from '../../codemods/add-binary-targets.js';
import { DEFAULT_RUNTIME_IMPORT, runTransform, type SkippedFinding } from '../../codemods/lib/transform.js';

/**
 * add-binary-targets beyond its fixtures (fixtures/add-binary-targets/): it fixes only what the
 * rule reported when the CLI passes findings, says why it leaves a finding, and touches no file
 * that is not a Prisma schema.
 */

const FIXTURES = join(import.meta.dirname, '../../fixtures/add-binary-targets');
const RULE_PROJECTS = join(import.meta.dirname, '../../fixtures/rules/require-lambda-binary-targets');
const SCHEMA =
  'generator client {\n  provider = "prisma-client-js"\n}\n\ndatasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n';
const NAME_RANGE = [SCHEMA.indexOf('client'), SCHEMA.indexOf('client') + 'client'.length] as const;

describe('add-binary-targets', () => {
  it('fixes a finding the rule reported, and nothing when the findings name none', async () => {
    const path = join(FIXTURES, 'schema.prisma');
    const reported = [{ ruleId: 'require-lambda-binary-targets', range: NAME_RANGE }];
    const fixed = await runTransform(transform, { path, source: SCHEMA }, { runtimeImport: DEFAULT_RUNTIME_IMPORT, findings: reported });
    expect(fixed).toContain('  binaryTargets = ["native", "rhel-openssl-3.0.x", "linux-arm64-openssl-3.0.x"]\n');
    expect(
      await runTransform(transform, { path, source: SCHEMA }, { runtimeImport: DEFAULT_RUNTIME_IMPORT, findings: [] }),
    ).toBeUndefined();
  });

  it('leaves a Prisma without OpenSSL 3 engines to a hand fix, with the reason', async () => {
    const path = join(RULE_PROJECTS, 'old-prisma/prisma/schema.prisma');
    const skipped: SkippedFinding[] = [];
    const output = await runTransform(
      transform,
      { path, source: SCHEMA },
      {
        runtimeImport: DEFAULT_RUNTIME_IMPORT,
        findings: [{ ruleId: 'require-lambda-binary-targets', range: NAME_RANGE }],
        onSkip: (finding) => skipped.push(finding),
      },
    );
    expect(output).toBeUndefined();
    expect(skipped).toEqual([expect.objectContaining({ reason: expect.stringContaining('predates the OpenSSL 3 engines (3.13.0)') })]);
  });

  it('touches no file that is not a Prisma schema', async () => {
    expect(
      await runTransform(transform, { path: join(FIXTURES, 'schema.ts'), source: SCHEMA }, { runtimeImport: DEFAULT_RUNTIME_IMPORT }),
    ).toBeUndefined();
  });
});
