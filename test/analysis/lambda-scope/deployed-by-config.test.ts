import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { clearDeployedByConfigCache, deployedByConfigReason } from '../../../analysis/lambda-scope/deployed-by-config.js';
import { clearNearestPackageCache } from '../../../analysis/package/nearest-package.js';
import { fileTrees } from '../../support/file-tree.js';

const tree = fileTrees('deployed-by-config-');
beforeEach(() => {
  clearDeployedByConfigCache();
  clearNearestPackageCache();
});

const DB_MODULE = "import { PrismaClient } from '@prisma/client';\nexport const prisma = new PrismaClient();\n";

/** An SST v3 monorepo in the shape of its template: components in infra/, imported by sst.config.ts's run(). */
function sstV3Monorepo(): string {
  return tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'package.json': { name: 'shop', private: true, workspaces: ['packages/*'] },
    'sst.config.ts': [
      '/// <reference path="./.sst/platform/config.d.ts" />',
      'export default $config({',
      '  app(input) {',
      '    return { name: "shop", removal: input?.stage === "production" ? "retain" : "remove", home: "aws" };',
      '  },',
      '  async run() {',
      '    const infra = await import("./infra/api");',
      '    await import("./infra/web");',
      '    return { api: infra.api.url };',
      '  },',
      '});',
      '',
    ].join('\n'),
    'infra/database.ts':
      'export const vpc = new sst.aws.Vpc("Vpc", { bastion: true });\nexport const db = new sst.aws.Aurora("Db", { engine: "postgres", vpc });\n',
    'infra/api.ts': [
      'import { db, vpc } from "./database";',
      'export const api = new sst.aws.Function("Api", { vpc, url: true, link: [db], handler: "packages/functions/src/api.handler" });',
      'const gateway = new sst.aws.ApiGatewayV2("Gateway", { domain: "api.shop.example.com" });',
      'gateway.route("GET /users", "packages/functions/src/users/list.handler");',
      'new sst.aws.Cron("Nightly", { schedule: "rate(1 day)", function: "packages/functions/src/cron.handler" });',
      'new sst.aws.Service("Worker", { cluster, image: { context: "packages/worker" } });',
      '',
    ].join('\n'),
    'infra/web.ts': 'import { db } from "./database";\nnew sst.aws.Nextjs("Web", { path: "packages/web", link: [db] });\n',
    'packages/functions/package.json': { name: '@shop/functions', dependencies: { '@shop/core': '*' } },
    'packages/functions/src/api.ts': 'export const handler = async () => ({ statusCode: 200 });\n',
    'packages/functions/src/users/list.ts': 'export async function handler() { return []; }\n',
    'packages/functions/src/cron.ts': 'export const handler = async () => {};\n',
    'packages/functions/src/lib/db.ts': DB_MODULE,
    'packages/web/package.json': { name: '@shop/web', dependencies: { next: '15.0.0' } },
    'packages/web/lib/prisma.ts': DB_MODULE,
    'packages/worker/package.json': { name: '@shop/worker' },
    'packages/worker/src/db.ts': DB_MODULE,
    'packages/scripts/package.json': { name: '@shop/scripts' },
    'packages/scripts/src/backfill.ts': DB_MODULE,
  });
}

describe('deployedByConfigReason', () => {
  it('reads SST v3 handler strings, routes, crons and sites through the files sst.config.ts imports', () => {
    const root = sstV3Monorepo();
    expect(deployedByConfigReason(join(root, 'packages/functions/src/api.ts'))).toBe('../../../sst.config.ts names it as a Lambda handler');
    expect(deployedByConfigReason(join(root, 'packages/functions/src/users/list.ts'))).toBe(
      '../../../../sst.config.ts names it as a Lambda handler',
    );
    expect(deployedByConfigReason(join(root, 'packages/functions/src/cron.ts'))).toBe(
      '../../../sst.config.ts names it as a Lambda handler',
    );
    expect(deployedByConfigReason(join(root, 'packages/functions/src/lib/db.ts'))).toBe(
      '../../../../sst.config.ts deploys its package to Lambda',
    );
    expect(deployedByConfigReason(join(root, 'packages/web/lib/prisma.ts'))).toBe('../../../sst.config.ts deploys its package to Lambda');
  });

  it('leaves a container service, a package no component names and the config files themselves alone', () => {
    const root = sstV3Monorepo();
    expect(deployedByConfigReason(join(root, 'packages/worker/src/db.ts'))).toBeUndefined();
    expect(deployedByConfigReason(join(root, 'packages/scripts/src/backfill.ts'))).toBeUndefined();
    // `import("./infra/api")` is an import, not a handler; the root package is not deployed.
    expect(deployedByConfigReason(join(root, 'infra/api.ts'))).toBeUndefined();
  });

  it('takes a site without a path for the app folder itself (a single-package SST app)', () => {
    const root = tree({
      'package.json': { name: 'web', dependencies: { next: '15.0.0' } },
      'sst.config.ts':
        'export default $config({\n  app() { return { name: "web", home: "aws" }; },\n  async run() { new sst.aws.Nextjs("MyWeb"); },\n});\n',
      'lib/prisma.ts': DB_MODULE,
    });
    expect(deployedByConfigReason(join(root, 'lib/prisma.ts'))).toBe('../sst.config.ts deploys its package to Lambda');
  });

  it('reads SST v2 stacks (handler strings in constructs, NextjsSite)', () => {
    const root = tree({
      'package.json': { name: 'app', workspaces: ['backend', 'web'] },
      'sst.config.ts':
        "export default {\n  config() { return { name: 'app' }; },\n  async stacks(app) { const stacks = await import('./stacks'); stacks.default(app); },\n};\n",
      'stacks/index.ts':
        "import { Auth } from './auth.js';\nimport { Web } from './web.js';\nexport default (app) => app.stack(Auth).stack(Web);\n",
      'stacks/auth.ts':
        "export function Auth({ stack }) {\n  return new Cognito(stack, 'Auth', { triggers: { preSignUp: 'backend/src/auth/preSignUp.handler' } });\n}\n",
      'stacks/web.ts': "export function Web({ stack }) {\n  new NextjsSite(stack, 'Site', { path: 'web' });\n}\n",
      'backend/package.json': { name: 'backend' },
      'backend/src/auth/preSignUp.ts': 'export const handler = async (event) => event;\n',
      'backend/src/db/client.ts': DB_MODULE,
      'web/package.json': { name: 'web' },
      'web/src/server/db.ts': DB_MODULE,
    });
    expect(deployedByConfigReason(join(root, 'backend/src/db/client.ts'))).toBe('../../../sst.config.ts deploys its package to Lambda');
    expect(deployedByConfigReason(join(root, 'web/src/server/db.ts'))).toBe('../../../sst.config.ts deploys its package to Lambda');
  });

  it('reads a Serverless Framework handler that points into another package (unquoted YAML)', () => {
    const root = tree({
      'package.json': { name: 'mono', workspaces: ['services/*'] },
      'serverless.yml': [
        'service: mono',
        'functions:',
        '  api:',
        '    handler: services/api/src/handler.main # the HTTP API',
        '  report:',
        "    handler: 'services/reports/src/run.report'",
        '',
      ].join('\n'),
      'services/api/package.json': { name: 'api' },
      'services/api/src/handler.ts': 'export const main = async () => ({});\n',
      'services/api/src/db.ts': DB_MODULE,
      'services/reports/package.json': { name: 'reports' },
      'services/reports/src/run.ts': 'export const report = async () => {};\n',
      'services/admin/package.json': { name: 'admin' },
      'services/admin/src/db.ts': DB_MODULE,
    });
    expect(deployedByConfigReason(join(root, 'services/api/src/db.ts'))).toBe('../../../serverless.yml deploys its package to Lambda');
    expect(deployedByConfigReason(join(root, 'services/reports/src/run.ts'))).toBe('../../../serverless.yml names it as a Lambda handler');
    expect(deployedByConfigReason(join(root, 'services/admin/src/db.ts'))).toBeUndefined();
  });

  it("follows cdk.json's app command to the stacks and their NodejsFunction entries", () => {
    const root = tree({
      'package.json': { name: 'infra', dependencies: { 'aws-cdk-lib': '2.150.0' } },
      'cdk.json': { app: 'npx ts-node --prefer-ts-exts bin/app.ts' },
      'bin/app.ts':
        "import { App } from 'aws-cdk-lib';\nimport { ApiStack } from '../lib/api-stack';\nimport { Auth } from '../lib/constructs/auth/';\nnew ApiStack(new App(), 'Api');\n",
      'lib/api-stack.ts': [
        "import * as path from 'node:path';",
        "import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';",
        'export class ApiStack extends Stack {',
        '  constructor(scope, id) {',
        '    super(scope, id);',
        "    new NodejsFunction(this, 'Api', { entry: path.join(__dirname, '../functions/api.ts'), handler: 'handler' });",
        "    new Function(this, 'Legacy', { code: Code.fromAsset('legacy'), handler: 'index.handler', runtime: Runtime.NODEJS_20_X });",
        "    new NodejsFunction(this, 'Hook', { entry: path.join(__dirname, 'functions/hook.ts') });",
        '  }',
        '}',
        '',
      ].join('\n'),
      // A construct of its own, with an inline function whose handler string names no file of ours.
      'lib/constructs/auth/index.ts':
        "export class Auth extends Construct {\n  constructor(scope, id) {\n    super(scope, id);\n    new Function(this, 'Prefix', { code: Code.fromInline('exports.handler = async () => ({})'), handler: 'index.handler' });\n  }\n}\n",
      'lib/functions/hook.ts': 'export const handler = async () => {};\n',
      'functions/package.json': { name: 'functions' },
      'functions/api.ts': 'export const handler = async () => ({});\n',
      'functions/db.ts': DB_MODULE,
      'tools/db.ts': DB_MODULE,
    });
    expect(deployedByConfigReason(join(root, 'functions/db.ts'))).toBe('../cdk.json deploys its package to Lambda');
    expect(deployedByConfigReason(join(root, 'tools/db.ts'))).toBeUndefined();
    // A handler beside the stacks is Lambda code; the stacks' own package is not.
    expect(deployedByConfigReason(join(root, 'lib/functions/hook.ts'))).toBe('../../cdk.json names it as a Lambda handler');
    expect(deployedByConfigReason(join(root, 'lib/api-stack.ts'))).toBeUndefined();
    expect(deployedByConfigReason(join(root, 'lib/constructs/auth/index.ts'))).toBeUndefined();
  });

  it('sees an edited config', () => {
    const root = sstV3Monorepo();
    const db = join(root, 'packages/worker/src/db.ts');
    expect(deployedByConfigReason(db)).toBeUndefined();
    const web = join(root, 'infra/web.ts');
    writeFileSync(web, 'new sst.aws.Nextjs("Web", { path: "packages/web" });\nnew sst.aws.Remix("Worker", { path: "packages/worker" });\n');
    const later = new Date(Date.now() + 5000);
    utimesSync(web, later, later);
    expect(deployedByConfigReason(db)).toBe('../../../sst.config.ts deploys its package to Lambda');
  });
});
