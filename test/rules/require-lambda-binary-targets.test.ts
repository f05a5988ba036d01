import { RuleTester as RuleTester10 } from 'eslint';
import { RuleTester as RuleTester9 } from 'eslint9';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import plugin from '../../rules/index.js';

/**
 * The rule through ESLint's own RuleTester, 9 and 10, in the plugin's Prisma schema language
 * (typescript-eslint's RuleTester runs JavaScript only). Each case names a schema file in a
 * project under fixtures/rules/require-lambda-binary-targets/: its package.json gives the
 * Prisma version and the Lambda scope, its infrastructure code the architectures. Disable
 * comments, parse errors and configs around the language: prisma-schema-language.test.ts.
 */

const PROJECTS = join(import.meta.dirname, '../../fixtures/rules/require-lambda-binary-targets');
const schemaIn = (project: string): string => join(PROJECTS, project, 'prisma/schema.prisma');
const always = { 'prisma-aurora-fix': { lambda: 'always' } };

const DATASOURCE = `
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
`;
const generator = (lines: string): string => `generator client {\n${lines}\n}\n${DATASOURCE}`;
const message = (missing: string, evidence: string): string =>
  `generator \`client\` ships no Prisma query engine for ${missing}, where the functions run (${evidence}): the first query on Lambda fails with "Query engine library for current platform ... could not be found". Add ${missing} to \`binaryTargets\`.`;

const cases = {
  valid: [
    // The target the deployment needs is there.
    {
      code: generator('  provider      = "prisma-client-js"\n  binaryTargets = ["native", "linux-arm64-openssl-3.0.x"]'),
      filename: schemaIn('cdk-arm64'),
      settings: always,
    },
    {
      code: generator('  provider      = "prisma-client-js"\n  binaryTargets = ["native", "rhel-openssl-3.0.x"]'),
      filename: schemaIn('cdk-x86'),
      settings: always,
    },
    // Node 18 ran on Amazon Linux 2 (OpenSSL 1.0): the 1.0 target is the right one there.
    {
      code: generator('  provider      = "prisma-client-js"\n  binaryTargets = ["native", "rhel-openssl-1.0.x"]'),
      filename: schemaIn('serverless-node18'),
    },
    // No Rust engine: engineType = "client" (6.16+), the queryCompiler preview (6.7–6.15), Prisma 7.
    { code: generator('  provider   = "prisma-client-js"\n  engineType = "client"'), filename: schemaIn('sam-arm64') },
    {
      code: generator('  provider        = "prisma-client-js"\n  previewFeatures = ["queryCompiler", "driverAdapters"]'),
      filename: schemaIn('sam-arm64'),
    },
    { code: generator('  provider = "prisma-client"\n  output   = "../src/generated"'), filename: schemaIn('prisma7') },
    // No version in package.json, and no datasource url: written for Prisma 7.
    {
      code: 'generator client {\n  provider = "prisma-client"\n}\n\ndatasource db {\n  provider = "postgresql"\n}\n',
      filename: schemaIn('unknown-version'),
    },
    // A container image installs the client inside itself: `native` is the image's platform.
    { code: generator('  provider = "prisma-client-js"'), filename: schemaIn('container-image') },
    // The deployment points the client at an engine it ships (a layer built in the runtime's image).
    { code: generator('  provider      = "prisma-client-js"\n  binaryTargets = ["native"]'), filename: schemaIn('engine-layer') },
    // Not deployed to Lambda (lambda: auto), or told so.
    { code: generator('  provider = "prisma-client-js"'), filename: schemaIn('not-lambda') },
    {
      code: generator('  provider = "prisma-client-js"'),
      filename: schemaIn('sam-arm64'),
      settings: { 'prisma-aurora-fix': { lambda: 'never' } },
    },
    // Not a Prisma Client generator; targets from the environment.
    { code: `generator erd {\n  provider = "prisma-erd-generator"\n}\n${DATASOURCE}`, filename: schemaIn('sam-arm64') },
    { code: generator('  provider      = "prisma-client-js"\n  binaryTargets = env("TARGETS")'), filename: schemaIn('sam-arm64') },
  ],
  invalid: [
    {
      // CDK, arm64: appended to the array, native kept.
      code: generator('  provider      = "prisma-client-js"\n  binaryTargets = ["native"]'),
      filename: schemaIn('cdk-arm64'),
      settings: always,
      errors: [
        {
          message: message('"linux-arm64-openssl-3.0.x"', 'arm64 in lib/api-stack.ts'),
          line: 3,
          column: 19,
          endLine: 3,
          endColumn: 29,
          suggestions: [
            {
              messageId: 'addTargets',
              output: generator('  provider      = "prisma-client-js"\n  binaryTargets = ["native", "linux-arm64-openssl-3.0.x"]'),
            },
          ],
        },
      ],
    },
    {
      // CDK without an architecture (a commented one does not count): x86_64. No binaryTargets: reported at the generator's name.
      code: generator('  provider = "prisma-client-js"'),
      filename: schemaIn('cdk-x86'),
      settings: always,
      errors: [
        {
          message: message('"rhel-openssl-3.0.x"', 'x86_64 (the default) in lib/api-stack.ts'),
          line: 1,
          column: 11,
          endLine: 1,
          endColumn: 17,
          suggestions: [
            {
              messageId: 'addTargets',
              output: generator('  provider = "prisma-client-js"\n  binaryTargets = ["native", "rhel-openssl-3.0.x"]'),
            },
          ],
        },
      ],
    },
    {
      // SST v3 `architecture: "arm64"`; the new generator on Prisma 6 still runs the Rust engine.
      code: generator(
        '  provider      = "prisma-client"\n  output        = "../src/generated"\n  binaryTargets = ["native", "rhel-openssl-3.0.x"]',
      ),
      filename: schemaIn('sst-arm64'),
      errors: [
        {
          message: message('"linux-arm64-openssl-3.0.x"', 'arm64 in sst.config.ts'),
          line: 4,
          column: 19,
          suggestions: [
            {
              messageId: 'addTargets',
              output: generator(
                '  provider      = "prisma-client"\n  output        = "../src/generated"\n  binaryTargets = ["native", "rhel-openssl-3.0.x", "linux-arm64-openssl-3.0.x"]',
              ),
            },
          ],
        },
      ],
    },
    {
      // SAM `Architectures: - arm64`; a driver adapter alone (before 6.16) still runs the Rust engine.
      code: generator('  provider        = "prisma-client-js"\n  previewFeatures = ["driverAdapters"]'),
      filename: schemaIn('sam-arm64'),
      errors: [
        {
          message: message('"linux-arm64-openssl-3.0.x"', 'arm64 in template.yaml'),
          line: 1,
          column: 11,
          suggestions: [
            {
              messageId: 'addTargets',
              output: generator(
                '  provider        = "prisma-client-js"\n  binaryTargets   = ["native", "linux-arm64-openssl-3.0.x"]\n  previewFeatures = ["driverAdapters"]',
              ),
            },
          ],
        },
      ],
    },
    {
      // Serverless Framework on Node 18: the OpenSSL 1.0 engine.
      code: generator('  provider      = "prisma-client-js"\n  binaryTargets = ["native", "rhel-openssl-3.0.x"]'),
      filename: schemaIn('serverless-node18'),
      errors: [
        {
          message: message('"rhel-openssl-1.0.x"', 'x86_64 (the default) in serverless.yml'),
          line: 3,
          column: 19,
          suggestions: [
            {
              messageId: 'addTargets',
              output: generator(
                '  provider      = "prisma-client-js"\n  binaryTargets = ["native", "rhel-openssl-3.0.x", "rhel-openssl-1.0.x"]',
              ),
            },
          ],
        },
      ],
    },
    {
      // No Prisma version in package.json, but a datasource url (Prisma ≤ 6).
      code: generator('  provider = "prisma-client-js"'),
      filename: schemaIn('unknown-version'),
      errors: [{ message: message('"rhel-openssl-3.0.x"', 'x86_64 (the default) in serverless.yml'), line: 1, column: 11, suggestions: 1 }],
    },
    {
      // Prisma 3.6 knows no OpenSSL 3 engine: reported, no suggestion (the CLI lists it as a hand fix).
      code: generator('  provider = "prisma-client-js"'),
      filename: schemaIn('old-prisma'),
      errors: [
        { message: message('"rhel-openssl-3.0.x"', 'x86_64 (the default) in serverless.yml'), line: 1, column: 11, suggestions: [] },
      ],
    },
  ],
};

const testers = [
  { label: 'ESLint 10', RuleTester: RuleTester10 },
  { label: 'ESLint 9', RuleTester: RuleTester9 as unknown as typeof RuleTester10 },
];

describe.each(testers)('$label', ({ RuleTester }) => {
  RuleTester.describe = describe;
  RuleTester.it = it;
  RuleTester.itOnly = it.only;
  const ruleTester = new RuleTester({
    plugins: { 'prisma-aurora-fix': plugin as never },
    language: 'prisma-aurora-fix/prisma-schema',
  });
  ruleTester.run('require-lambda-binary-targets', plugin.rules['require-lambda-binary-targets'] as never, cases as never);
});
