import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clearLambdaPackageCache,
  fileLooksLikeLambda,
  isHandlerShapedExport,
  lambdaSignalsOf,
  packageLooksLikeLambda,
} from '../../analysis/lambda-scope/index.js';
import { parseModule } from '../../analysis/ast/parse-module.js';
import { isLambdaCode } from '../../rules/util/lambda.js';

const tempRoot = mkdtempSync(join(tmpdir(), 'lambda-scope-'));
afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));
beforeEach(() => clearLambdaPackageCache());

let tempCount = 0;
/** Writes `files` (relative path -> text, objects become JSON) under a fresh folder and returns it. */
function tree(files: Record<string, string | object>): string {
  tempCount += 1;
  const root = join(tempRoot, `case-${tempCount}`);
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  mkdirSync(root, { recursive: true });
  return root;
}

function fileSignals(code: string, path = 'src/file.ts') {
  return lambdaSignalsOf(parseModule(code, path).program);
}

async function espreeSignals(code: string, sourceType: 'module' | 'script' = 'module') {
  const espree = await import('espree');
  const ast = espree.parse(code, { ecmaVersion: 'latest', sourceType, range: true, loc: true, comment: true });
  return lambdaSignalsOf(ast as unknown as TSESTree.Program);
}

describe('file signals', () => {
  it.each([
    ["import type { Handler } from 'aws-lambda';", 'aws-lambda types'],
    ["import type { Context } from '@types/aws-lambda';", '@types/aws-lambda'],
    ["import middy from '@middy/core';", 'middy core'],
    ["import httpErrorHandler from '@middy/http-error-handler';", 'a middy middleware'],
    ["import middy from 'middy';", 'legacy middy'],
    ["import { Logger } from '@aws-lambda-powertools/logger';", 'Powertools'],
    ["import serverless from 'serverless-http';", 'serverless-http'],
    ["import serverlessExpress from '@codegenie/serverless-express';", 'serverless-express'],
    ["const serverless = require('serverless-http');", 'require'],
    ["const { Logger } = require('@aws-lambda-powertools/logger').default;", 'require with member'],
    ["import lambda = require('aws-lambda');", 'TS import-equals'],
    ["export * from 'aws-lambda';", 're-export'],
    ["const { default: middy } = await import('@middy/core');", 'top-level dynamic import'],
    ['/// <reference types="aws-lambda" />\nexport {};', 'triple-slash types reference'],
    ['export const handler = async () => ({ statusCode: 200 });', 'export const handler'],
    ['export async function handler() {}', 'export function handler'],
    ['const run = () => 1;\nexport { run as handler };', 'export specifier renamed to handler'],
    ['export const lambdaHandler = () => 1;', 'lambdaHandler'],
    ['export const main = async (event) => event;', 'SST-style main(event)'],
    ['export const createUserHandler = async (event: unknown) => event;', '...Handler(event)'],
    ['export async function hello(event, context) { return event; }', 'any name taking (event, context)'],
    ['async function hello(_event, _context) {}\nexport { hello };', 'exported later'],
    ['export default async function (event, context) { return event; }', 'default export taking (event, context)'],
  ])('%s counts (%s)', (code) => {
    expect(fileLooksLikeLambda(fileSignals(code))).toBe(true);
  });

  it.each([
    ["import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();", 'a Prisma module'],
    ['export const errorHandler = (err, req, res, next) => next(err);', 'Express error handler'],
    ['export function requestHandler(req, res) {}', 'Express request handler'],
    ['export default function handler(req, res) { res.json({}) }', 'Next.js pages API route'],
    ["const handler = NextAuth({});\nexport { handler as GET, handler as POST };", 'NextAuth route handler'],
    ['export function onClick(event) {}', 'a UI event callback'],
    ['export const main = () => 1;', 'main without an event'],
    ['const handler = () => 1;', 'handler not exported'],
    ["import { handler } from './lambda';\nhandler();", 'handler imported, not exported'],
    ['/// <reference types="node" />\nexport {};', 'other types reference'],
    ["// import type { Handler } from 'aws-lambda';\nexport {};", 'commented-out import'],
  ])('%s does not count (%s)', (code) => {
    expect(fileLooksLikeLambda(fileSignals(code))).toBe(false);
  });

  it.each([
    ["const serverless = require('serverless-http');\nmodule.exports.handler = serverless(app);", true],
    ['exports.handler = async function (event) { return event; };', true],
    ["exports['handler'] = async () => 1;", true],
    ['module.exports = { handler };', true],
    ['async function hello(event, context) {}\nmodule.exports = { hello };', true],
    ['module.exports = async (event, context) => event;', true],
    ['module.exports = { errorHandler };', false],
    ['exports.run = (req, res) => {};', false],
  ])('CommonJS on espree: %s -> %s', async (code, expected) => {
    expect(fileLooksLikeLambda(await espreeSignals(code, 'script'))).toBe(expected);
  });

  it('reads ESM on espree too', async () => {
    expect(fileLooksLikeLambda(await espreeSignals("import middy from '@middy/core';\nexport const main = middy(run);"))).toBe(true);
  });

  it('handler shape needs an event first', () => {
    expect(isHandlerShapedExport({ name: 'mainHandler', parameterNames: [undefined] })).toBe(false);
    expect(isHandlerShapedExport({ name: 'x', parameterNames: ['event'] })).toBe(false);
    expect(isHandlerShapedExport({ name: 'x', parameterNames: ['evt', 'ctx'] })).toBe(true);
  });
});

describe('package signals', () => {
  const lambdaDockerfile = [
    'FROM node:20-slim AS runner',
    'COPY --from=public.ecr.aws/awsguru/aws-lambda-adapter:0.9.1 /lambda-adapter /opt/extensions/lambda-adapter',
    'ENV PORT=3000 AWS_LWA_READINESS_CHECK_PATH=/api/health',
    'COPY .next/standalone ./',
    'CMD ["node", "server.js"]',
    '',
  ].join('\n');

  it('a Next.js app behind the Lambda Web Adapter: lib/prisma.ts is Lambda code', () => {
    const root = tree({
      'package.json': { name: 'web', dependencies: { next: '15.0.0', '@prisma/client': '6.19.0' } },
      Dockerfile: lambdaDockerfile,
      'lib/prisma.ts': '',
    });
    expect(packageLooksLikeLambda(join(root, 'lib/prisma.ts'))).toBe(true);
  });

  it.each([
    [{ dependencies: { 'serverless-http': '3.2.0' } }, true],
    [{ devDependencies: { '@types/aws-lambda': '8.10.150' } }, true],
    [{ dependencies: { '@middy/core': '5.0.0' } }, true],
    [{ dependencies: { '@aws-lambda-powertools/logger': '2.0.0' } }, true],
    [{ dependencies: { '@codegenie/serverless-express': '4.0.0' } }, true],
    [{ devDependencies: { serverless: '4.0.0' } }, true],
    [{ dependencies: { '@opennextjs/aws': '3.0.0' } }, true],
    [{ dependencies: { 'aws-lambda-ric': '3.0.0' } }, true],
    [{ dependencies: { next: '15.0.0', express: '5.0.0' } }, false],
    [{ dependencies: { 'aws-cdk-lib': '2.200.0', '@aws-sdk/client-s3': '3.0.0' } }, false],
    [{ name: 'app' }, false],
  ])('package.json %j -> %s', (manifest, expected) => {
    const root = tree({ 'package.json': { name: 'app', ...manifest }, 'src/index.ts': '' });
    expect(packageLooksLikeLambda(join(root, 'src/index.ts'))).toBe(expected);
  });

  it('an unparsable package.json is not Lambda and does not throw', () => {
    const root = tree({ 'package.json': '{ "dependencies": ', 'index.js': '' });
    expect(packageLooksLikeLambda(join(root, 'index.js'))).toBe(false);
  });

  it.each([
    ['Dockerfile', 'FROM public.ecr.aws/lambda/nodejs:20\nCOPY . ${LAMBDA_TASK_ROOT}\nCMD ["index.handler"]\n', true],
    ['Dockerfile', lambdaDockerfile, true],
    ['Dockerfile.lambda', lambdaDockerfile, true],
    ['web.Dockerfile', lambdaDockerfile, true],
    ['Containerfile', 'FROM amazon/aws-lambda-nodejs:20\n', true],
    ['Dockerfile', 'FROM node:20\nRUN npm install aws-lambda-ric\nENTRYPOINT ["npx", "aws-lambda-ric"]\n', true],
    ['Dockerfile', 'FROM node:20\nENV AWS_LWA_PORT=8080\n', true],
    ['Dockerfile', 'FROM node:20-alpine\nCOPY . .\nCMD ["node", "server.js"]\n', false],
    ['Dockerfile', '# FROM public.ecr.aws/lambda/nodejs:20\nFROM node:20\n', false],
    ['README.md', lambdaDockerfile, false],
  ])('%s beside package.json (%#) -> %s', (name, text, expected) => {
    const root = tree({ 'package.json': { name: 'app', dependencies: { next: '15.0.0' } }, [name]: text, 'lib/prisma.ts': '' });
    expect(packageLooksLikeLambda(join(root, 'lib/prisma.ts'))).toBe(expected);
  });

  it.each([
    ['serverless.yml', 'service: api\nprovider:\n  name: aws\n', true],
    ['serverless.ts', 'export default {};\n', true],
    ['open-next.config.ts', 'export default {};\n', true],
    ['template.yaml', 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n', true],
    ['template.yaml', 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n', false],
  ])('%s beside package.json (%#) -> %s', (name, text, expected) => {
    const root = tree({ 'package.json': { name: 'app' }, [name]: text, 'src/db.ts': '' });
    expect(packageLooksLikeLambda(join(root, 'src/db.ts'))).toBe(expected);
  });

  it('a package.json that only sets the module type is not a package boundary', () => {
    const root = tree({
      'package.json': { name: 'fn', devDependencies: { '@types/aws-lambda': '8.10.0' } },
      'src/package.json': { type: 'module' },
      'src/db/prisma.ts': '',
    });
    expect(packageLooksLikeLambda(join(root, 'src/db/prisma.ts'))).toBe(true);
  });

  it('nested packages are judged by their own package.json', () => {
    const root = tree({
      'package.json': { name: 'backend', devDependencies: { '@types/aws-lambda': '8.10.0' } },
      'src/handler.ts': '',
      'tools/seed/package.json': { name: 'seed', dependencies: { '@prisma/client': '6.19.0' } },
      'tools/seed/index.ts': '',
      'tools/seed/nested/lambda/package.json': { name: 'nested-lambda', dependencies: { '@middy/core': '5.0.0' } },
      'tools/seed/nested/lambda/index.ts': '',
    });
    expect(packageLooksLikeLambda(join(root, 'src/handler.ts'))).toBe(true);
    expect(packageLooksLikeLambda(join(root, 'tools/seed/index.ts'))).toBe(false);
    expect(packageLooksLikeLambda(join(root, 'tools/seed/nested/lambda/index.ts'))).toBe(true);
  });

  it('no package.json anywhere up the tree is not Lambda', () => {
    // tmpdir has no package.json above it on any sane machine; the file's own folder has none.
    const root = tree({ 'loose/file.ts': '' });
    expect(packageLooksLikeLambda(join(root, 'loose/file.ts'))).toBe(false);
  });

  describe('monorepo', () => {
    function monorepo(rootDockerfile?: string): string {
      return tree({
        'package.json': { name: 'repo', private: true, workspaces: ['apps/*', 'packages/*'], devDependencies: { '@types/aws-lambda': '8.10.0' } },
        ...(rootDockerfile === undefined ? {} : { Dockerfile: rootDockerfile }),
        'apps/web/package.json': { name: 'web', dependencies: { next: '15.0.0' } },
        'apps/web/lib/prisma.ts': '',
        'apps/website/package.json': { name: 'website', dependencies: { next: '15.0.0' } },
        'apps/website/lib/prisma.ts': '',
        'packages/functions/package.json': { name: '@repo/functions', dependencies: { '@middy/core': '5.0.0' } },
        'packages/functions/src/lib/prisma.ts': '',
        'packages/db/package.json': { name: '@repo/db', dependencies: { '@prisma/client': '6.19.0' } },
        'packages/db/src/client.ts': '',
        'scripts/migrate.ts': '',
      });
    }

    it("the root's dependencies do not spill into workspace packages; the root's own files use them", () => {
      const root = monorepo();
      expect(packageLooksLikeLambda(join(root, 'apps/web/lib/prisma.ts'))).toBe(false);
      expect(packageLooksLikeLambda(join(root, 'packages/db/src/client.ts'))).toBe(false);
      expect(packageLooksLikeLambda(join(root, 'packages/functions/src/lib/prisma.ts'))).toBe(true);
      expect(packageLooksLikeLambda(join(root, 'scripts/migrate.ts'))).toBe(true);
    });

    it('a Lambda Dockerfile at the root counts for the package folder it copies, not its neighbours', () => {
      const root = monorepo(
        [
          'FROM node:20 AS build',
          'COPY . .',
          'RUN npm run build --workspace apps/web',
          'FROM node:20-slim',
          'COPY --from=public.ecr.aws/awsguru/aws-lambda-adapter:0.9.1 /lambda-adapter /opt/extensions/lambda-adapter',
          'COPY --from=build /app/apps/web/.next/standalone ./',
          '',
        ].join('\n'),
      );
      expect(packageLooksLikeLambda(join(root, 'apps/web/lib/prisma.ts'))).toBe(true);
      expect(packageLooksLikeLambda(join(root, 'apps/website/lib/prisma.ts'))).toBe(false);
      expect(packageLooksLikeLambda(join(root, 'packages/db/src/client.ts'))).toBe(false);
    });

    it('a turbo-pruned Lambda Dockerfile at the root counts for the pruned package', () => {
      const root = monorepo('FROM node:20 AS prune\nRUN npx turbo prune web --docker\nFROM public.ecr.aws/lambda/nodejs:20\n');
      expect(packageLooksLikeLambda(join(root, 'apps/web/lib/prisma.ts'))).toBe(true);
      expect(packageLooksLikeLambda(join(root, 'apps/website/lib/prisma.ts'))).toBe(false);
    });

    it('a root Dockerfile that is not Lambda does not count', () => {
      const root = monorepo('FROM node:20\nCOPY apps/web ./\nCMD ["node", "server.js"]\n');
      expect(packageLooksLikeLambda(join(root, 'apps/web/lib/prisma.ts'))).toBe(false);
    });

    it('pnpm workspaces are monorepos too', () => {
      const root = tree({
        'package.json': { name: 'repo', private: true },
        'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n",
        'docker/lambda.Dockerfile': 'x',
        Dockerfile: 'FROM public.ecr.aws/lambda/nodejs:20\nCOPY apps/api/dist ./\n',
        'apps/api/package.json': { name: 'api' },
        'apps/api/src/db.ts': '',
        'apps/admin/package.json': { name: 'admin' },
        'apps/admin/src/db.ts': '',
      });
      expect(packageLooksLikeLambda(join(root, 'apps/api/src/db.ts'))).toBe(true);
      expect(packageLooksLikeLambda(join(root, 'apps/admin/src/db.ts'))).toBe(false);
    });
  });

  describe('cache', () => {
    it('serves every file of a package from one verdict and sees an edited package.json', () => {
      const root = tree({ 'package.json': { name: 'app', dependencies: { next: '15.0.0' } }, 'a.ts': '', 'b/c.ts': '' });
      expect(packageLooksLikeLambda(join(root, 'a.ts'))).toBe(false);
      expect(packageLooksLikeLambda(join(root, 'b/c.ts'))).toBe(false);
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'app', devDependencies: { '@types/aws-lambda': '8.10.0' } }));
      // Make the edit visible even on a file system with coarse timestamps.
      const later = new Date(Date.now() + 10_000);
      utimesSync(join(root, 'package.json'), later, later);
      expect(packageLooksLikeLambda(join(root, 'b/c.ts'))).toBe(true);
    });

    it('sees a Dockerfile added or edited later', () => {
      const root = tree({ 'package.json': { name: 'app' }, 'a.ts': '' });
      expect(packageLooksLikeLambda(join(root, 'a.ts'))).toBe(false);
      writeFileSync(join(root, 'Dockerfile'), 'FROM node:20\n');
      const later = new Date(Date.now() + 10_000);
      utimesSync(root, later, later);
      expect(packageLooksLikeLambda(join(root, 'a.ts'))).toBe(false);
      writeFileSync(join(root, 'Dockerfile'), lambdaDockerfile);
      const evenLater = new Date(Date.now() + 20_000);
      utimesSync(join(root, 'Dockerfile'), evenLater, evenLater);
      expect(packageLooksLikeLambda(join(root, 'a.ts'))).toBe(true);
    });
  });
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
    const web = tree({ 'package.json': { name: 'web', dependencies: { next: '15.0.0' } }, Dockerfile: 'FROM public.ecr.aws/lambda/nodejs:20\n' });
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
    expect(lint("import type { Handler } from 'aws-lambda';\n", join(lambda, 'db.ts'), { 'prisma-aurora-fix': { lambda: 'never' } })).toBe(0);
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
});
