import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { deploymentMayAutoPause, shortTimeoutFindings } from '../../../analysis/infrastructure/index.js';
import { clearDeployedByConfigCache } from '../../../analysis/lambda-scope/index.js';
import { clearNearestPackageCache } from '../../../analysis/package/nearest-package.js';
import plugin from '../../../rules/index.js';
import { fileTrees } from '../../support/file-tree.js';

/**
 * The cluster is in one construct and the functions in another (the starter kit's shape):
 * the app cdk.json runs imports both, so the resume arithmetic applies to the function's file.
 */
const tree = fileTrees('infrastructure-');
beforeEach(() => {
  clearDeployedByConfigCache();
  clearNearestPackageCache();
});

const DATABASE = `import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
export class Database extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.cluster = new rds.DatabaseCluster(this, 'Cluster', { engine, serverlessV2MinCapacity: MIN_CAPACITY });
  }
}
`;

const WEBAPP = `import { Duration } from 'aws-cdk-lib';
import { DockerImageFunction } from 'aws-cdk-lib/aws-lambda';
import { Trigger } from 'aws-cdk-lib/triggers';
export class Webapp extends Construct {
  constructor(scope: Construct, id: string, props: { database: Database }) {
    super(scope, id);
    const migrationRunner = new DockerImageFunction(this, 'MigrationRunner', { code, timeout: Duration.seconds(20) });
    migrationRunner.connections.allowToDefaultPort(props.database);
    new Trigger(this, 'MigrationTrigger', { handler: migrationRunner });
  }
}
`;

function cdkApp(minCapacity: string): string {
  return tree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'cdk/package.json': { name: 'cdk', private: true },
    'cdk/cdk.json': { app: 'npx ts-node --prefer-ts-exts bin/cdk.ts' },
    'cdk/bin/cdk.ts':
      "import { App } from 'aws-cdk-lib';\nimport { MainStack } from '../lib/main-stack';\nnew MainStack(new App(), 'Main');\n",
    'cdk/lib/main-stack.ts': "import { Database } from './constructs/database';\nimport { Webapp } from './constructs/webapp';\n",
    'cdk/lib/constructs/database.ts': DATABASE.replace('MIN_CAPACITY', minCapacity),
    'cdk/lib/constructs/webapp.ts': WEBAPP,
  });
}

const lint = (path: string): Linter.LintMessage[] =>
  new Linter({ configType: 'flat', cwd: '/' }).verify(
    readFileSync(path, 'utf8'),
    [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tsParser as never },
        plugins: { 'prisma-aurora-fix': plugin as never },
        rules: { 'prisma-aurora-fix/no-short-lambda-timeout': 'error' },
      },
    ],
    { filename: path },
  );

describe('the auto-pausing cluster of another file', () => {
  it('makes the resume arithmetic apply to the functions of the app', () => {
    const webapp = join(cdkApp('0'), 'cdk/lib/constructs/webapp.ts');
    expect(deploymentMayAutoPause(webapp, WEBAPP)).toBe(true);
    const findings = shortTimeoutFindings(parseModule(WEBAPP, webapp), webapp);
    expect(findings.map((finding) => finding.messageId)).toEqual(['shortMigrationTimeout']);
    expect(lint(webapp).map((message) => [message.messageId, message.line, message.column])).toEqual([['shortMigrationTimeout', 7, 95]]);
  });

  it('says nothing when the app’s cluster keeps a minimum capacity', () => {
    const webapp = join(cdkApp('0.5'), 'cdk/lib/constructs/webapp.ts');
    expect(deploymentMayAutoPause(webapp, WEBAPP)).toBe(false);
    expect(lint(webapp)).toEqual([]);
  });

  it('says nothing for a file no deployment config reaches', () => {
    const root = tree({ '.git/HEAD': 'ref: refs/heads/main\n', 'database.ts': DATABASE.replace('MIN_CAPACITY', '0'), 'webapp.ts': WEBAPP });
    expect(deploymentMayAutoPause(join(root, 'webapp.ts'), WEBAPP)).toBe(false);
    expect(lint(join(root, 'webapp.ts'))).toEqual([]);
  });

  it('treats an SST v3 infra module sst.config.ts imports as infrastructure code, though it imports nothing', () => {
    const root = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'package.json': { name: 'app', private: true },
      'sst.config.ts': 'export default $config({ async run() { await import("./infra/api"); } });\n',
      'infra/api.ts': [
        'const db = new sst.aws.Aurora("Db", { engine: "postgres", scaling: { min: "0 ACU" } });',
        'export const api = new sst.aws.Function("Api", { handler: "src/api.handler", timeout: "10 seconds", link: [db] });',
        '',
      ].join('\n'),
    });
    expect(lint(join(root, 'infra/api.ts')).map((message) => [message.messageId, message.line])).toEqual([['shortQueryTimeout', 2]]);
  });
});
