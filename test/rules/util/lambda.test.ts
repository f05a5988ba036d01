import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearDeployedByConfigCache, clearLambdaPackageCache, clearLocalCodeCache } from '../../../analysis/lambda-scope/index.js';
import { isLambdaCode, isLambdaOrDeploymentCode } from '../../../rules/util/lambda.js';
import { fileTrees } from '../../support/file-tree.js';

const tree = fileTrees('lambda-setting-');
beforeEach(() => {
  clearLambdaPackageCache();
  clearLocalCodeCache();
  clearDeployedByConfigCache();
});

describe('isLambdaCode and the lambda setting', () => {
  /** A rule that reports once per file judged to be Lambda code. */
  const probe: TSESLint.RuleModule<'lambda'> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { lambda: 'lambda code' }, schema: [] },
    create(context) {
      return {
        Program(node) {
          if (isLambdaCode(context)) context.report({ node, messageId: 'lambda' });
        },
      };
    },
  };

  function lint(code: string, filename: string, settings?: Record<string, unknown>): number {
    const linter = new Linter({ cwd: dirname(filename) });
    const messages = linter.verify(
      code,
      [
        {
          files: ['**/*.ts', '**/*.js'],
          languageOptions: { parser: tsParser as never },
          plugins: { probe: { rules: { lambda: probe as never } } },
          rules: { 'probe/lambda': 'error' },
          settings: settings ?? {},
        },
      ],
      filename,
    );
    const fatal = messages.filter((message) => message.ruleId !== 'probe/lambda');
    if (fatal.length > 0) throw new Error(fatal.map((message) => message.message).join('\n'));
    return messages.length;
  }

  const prismaModule = "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n";

  it("'auto' (the default) judges by file and package", () => {
    const web = tree({
      'package.json': { name: 'web', dependencies: { next: '15.0.0' } },
      Dockerfile: 'FROM public.ecr.aws/lambda/nodejs:20\n',
    });
    const plain = tree({ 'package.json': { name: 'plain', dependencies: { express: '5.0.0' } } });
    expect(lint(prismaModule, join(web, 'lib/prisma.ts'))).toBe(1);
    expect(lint(prismaModule, join(plain, 'lib/prisma.ts'))).toBe(0);
    expect(lint(prismaModule, join(plain, 'lib/prisma.ts'), { 'prisma-aurora-fix': { lambda: 'auto' } })).toBe(0);
    expect(lint(`${prismaModule}export const handler = async () => {};\n`, join(plain, 'lib/prisma.ts'))).toBe(1);
  });

  it("'always' and 'never' override what the file and package show", () => {
    const plain = tree({ 'package.json': { name: 'plain' } });
    const lambda = tree({ 'package.json': { name: 'fn', dependencies: { 'serverless-http': '3.0.0' } } });
    expect(lint(prismaModule, join(plain, 'db.ts'), { 'prisma-aurora-fix': { lambda: 'always' } })).toBe(1);
    expect(lint("import type { Handler } from 'aws-lambda';\n", join(lambda, 'db.ts'), { 'prisma-aurora-fix': { lambda: 'never' } })).toBe(
      0,
    );
  });

  it('other plugins’ settings and an empty object mean auto', () => {
    const plain = tree({ 'package.json': { name: 'plain' } });
    expect(lint(prismaModule, join(plain, 'db.ts'), { react: { version: '19' }, 'prisma-aurora-fix': {} })).toBe(0);
  });

  it('a bad value is an error that says what is allowed', () => {
    const plain = tree({ 'package.json': { name: 'plain' } });
    expect(() => lint(prismaModule, join(plain, 'db.ts'), { 'prisma-aurora-fix': { lambda: 'yes' } })).toThrow(
      /settings\['prisma-aurora-fix'\]\.lambda must be 'auto', 'always' or 'never', got "yes"/,
    );
    expect(() => lint(prismaModule, join(plain, 'db.ts'), { 'prisma-aurora-fix': { lambda: true } })).toThrow(/got true/);
  });

  it('a file without a path on disk is judged by its own content only', () => {
    const linter = new Linter();
    const config = [
      {
        plugins: { probe: { rules: { lambda: probe as never } } },
        rules: { 'probe/lambda': 'error' as const },
      },
    ];
    expect(linter.verify('exports.handler = async () => {};', config)).toHaveLength(1);
    expect(linter.verify('const x = 1;', config)).toHaveLength(0);
  });

  it('leaves local code (tests, seeds, local scripts) out, also under always, unless includeLocalCode', () => {
    const api = tree({
      'package.json': { name: 'api', dependencies: { '@types/aws-lambda': '8.10.0' }, scripts: { 'db:reset': 'tsx scripts/reset.ts' } },
    });
    expect(lint(prismaModule, join(api, 'src/db.ts'))).toBe(1);
    for (const local of ['src/db.test.ts', 'prisma/seed.ts', 'scripts/reset.ts', 'test/helpers/db.ts']) {
      expect(lint(prismaModule, join(api, local))).toBe(0);
      expect(lint(prismaModule, join(api, local), { 'prisma-aurora-fix': { lambda: 'always' } })).toBe(0);
      expect(lint(prismaModule, join(api, local), { 'prisma-aurora-fix': { includeLocalCode: true } })).toBe(1);
    }
    // A local script that exports a handler is deployed too.
    expect(lint(`${prismaModule}export const handler = async () => {};\n`, join(api, 'scripts/reset.ts'))).toBe(1);
  });

  it('counts the packages an SST config deploys (a Next.js site, a function package), not its container services', () => {
    const app = tree({
      'package.json': { name: 'shop', workspaces: ['packages/*'] },
      'sst.config.ts':
        'export default $config({\n  app() { return { name: "shop", home: "aws" }; },\n  async run() {\n    new sst.aws.Nextjs("Web", { path: "packages/web" });\n    new sst.aws.Function("Api", { handler: "packages/functions/src/api.handler" });\n    new sst.aws.Service("Worker", { image: { context: "packages/worker" } });\n  },\n});\n',
      'packages/web/package.json': { name: 'web', dependencies: { next: '15.0.0' } },
      'packages/functions/package.json': { name: 'functions' },
      'packages/functions/src/api.ts': 'export const handler = async () => ({});\n',
      'packages/worker/package.json': { name: 'worker' },
    });
    expect(lint(prismaModule, join(app, 'packages/web/lib/prisma.ts'))).toBe(1);
    expect(lint(prismaModule, join(app, 'packages/functions/src/db.ts'))).toBe(1);
    expect(lint(prismaModule, join(app, 'packages/worker/src/db.ts'))).toBe(0);
  });

  it('a bad includeLocalCode is an error that says what is allowed', () => {
    const plain = tree({ 'package.json': { name: 'plain' } });
    expect(() => lint(prismaModule, join(plain, 'db.ts'), { 'prisma-aurora-fix': { includeLocalCode: 'yes' } })).toThrow(
      /settings\['prisma-aurora-fix'\]\.includeLocalCode must be true or false, got "yes"/,
    );
  });
});

describe('isLambdaOrDeploymentCode', () => {
  const probe: TSESLint.RuleModule<'deployed'> = {
    defaultOptions: [],
    meta: { type: 'problem', messages: { deployed: 'deployed code' }, schema: [] },
    create(context) {
      return {
        Program(node) {
          if (isLambdaOrDeploymentCode(context)) context.report({ node, messageId: 'deployed' });
        },
      };
    },
  };
  const lint = (code: string, filename: string): number =>
    new Linter({ cwd: dirname(filename) }).verify(
      code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser as never },
          plugins: { probe: { rules: { deployed: probe as never } } },
          rules: { 'probe/deployed': 'error' },
        },
      ],
      filename,
    ).length;

  it('counts a CDK stack, not the test of one', () => {
    const infra = tree({ 'package.json': { name: 'infra', dependencies: { 'aws-cdk-lib': '2.150.0' } } });
    const stack = "import { Stack } from 'aws-cdk-lib';\nexport class Db extends Stack {}\n";
    expect(lint(stack, join(infra, 'lib/db-stack.ts'))).toBe(1);
    expect(lint(stack, join(infra, 'test/db-stack.test.ts'))).toBe(0);
  });
});
