import { join } from 'node:path';
import rule from '../../rules/no-short-lambda-timeout.js';
import { javascriptRuleTester, typescriptRuleTester } from '../support/rule-tester.js';

const ts = typescriptRuleTester();
const js = await javascriptRuleTester();

/** An auto-pausing cluster: only with one in the app does the resume arithmetic apply. */
const CLUSTER = `const cluster = new rds.DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0 });`;

const queryFunction = (props: string, after = '') => `import { Duration } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
${CLUSTER}
const api = new NodejsFunction(stack, 'Api', ${props});
${after}`;

ts.run('no-short-lambda-timeout', rule, {
  valid: [
    // No auto-pausing cluster in the file or its app: a 3 s function may be fine.
    `import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
new NodejsFunction(stack, 'Api', { entry: 'src/api.ts', environment: { DATABASE_URL: url } });`,
    // The cluster keeps 0.5 ACU: it never pauses.
    `import * as rds from 'aws-cdk-lib/aws-rds';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
new rds.DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0.5 });
new NodejsFunction(stack, 'Api', { entry: 'src/api.ts', environment: { DATABASE_URL: url } });`,
    // Long enough for the resume.
    queryFunction(`{ entry: 'src/api.ts', timeout: Duration.seconds(30), environment: { DATABASE_URL: url } }`),
    queryFunction(`{ entry: 'src/api.ts', timeout: Duration.minutes(1), environment: { DATABASE_URL: url } }`),
    // Nothing shows it reaches the database.
    queryFunction(`{ entry: 'src/api.ts', environment: { TABLE_NAME: table } }`),
    // A secret that is not the database's, and the shadow database only `migrate dev` uses.
    queryFunction(`{ entry: 'src/api.ts' }`, 'apiKey.grantRead(api);'),
    queryFunction(`{ entry: 'src/api.ts', environment: { SHADOW_DATABASE_URL: url } }`),
    // A spread the file does not show may set the timeout.
    queryFunction(`{ ...defaults, environment: { DATABASE_URL: url } }`),
    // A timeout the file does not pin.
    queryFunction(`{ timeout: Duration.seconds(props.timeout), environment: { DATABASE_URL: url } }`),
    // A migration trigger with minutes to spare.
    `import { Duration } from 'aws-cdk-lib';
import { DockerImageFunction } from 'aws-cdk-lib/aws-lambda';
import { DatabaseCluster } from 'aws-cdk-lib/aws-rds';
import { Trigger } from 'aws-cdk-lib/triggers';
const cluster = new DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0 });
const migrate = new DockerImageFunction(stack, 'Migrate', { code, timeout: Duration.minutes(5) });
cluster.secret.grantRead(migrate);
new Trigger(stack, 'MigrationTrigger', { handler: migrate });`,
    // SST without a written timeout: its default is not CDK's.
    {
      code: `const db = new sst.aws.Aurora("Db", { engine: "postgres", scaling: { min: "0 ACU" } });
new sst.aws.Function("Api", { handler: "src/api.handler", link: [db] });`,
      filename: 'sst.config.ts',
    },
    // Not infrastructure code: a class of the file's own that happens to be called NodejsFunction.
    `class NodejsFunction { constructor(_s: unknown, _i: string, _p: unknown) {} }
// serverlessV2MinCapacity: 0
new NodejsFunction(stack, 'Api', { environment: { DATABASE_URL: url } });`,
    // A CDK stack's test is local code.
    {
      code: queryFunction(`{ entry: 'src/api.ts', environment: { DATABASE_URL: url } }`),
      filename: join(import.meta.dirname, 'stack.test.ts'),
    },
  ],
  invalid: [
    {
      // CDK's 3 s default behind API Gateway: the suggestion adds 20 s + 5 s.
      code: `import { Duration, Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';

const cluster = new rds.DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0 });
const api = new NodejsFunction(stack, 'Api', {
  entry: 'src/api.ts',
  environment: { DATABASE_URL: url },
});
new apigateway.LambdaIntegration(api);`,
      errors: [
        {
          messageId: 'shortQueryTimeout',
          data: {
            construct: '`NodejsFunction` "Api" (its environment sets `DATABASE_URL`)',
            timeout: "CDK's default 3 s (no `timeout`)",
            needed: '25 s',
            arithmetic:
              "the retry runtime's 20 s budget (`maxElapsedMs`) + one 5 s connect timeout (Prisma's default: the file shows no `connect_timeout`) = 25 s; API Gateway ends the request at 29 s",
          },
          line: 7,
          column: 17,
          endLine: 7,
          endColumn: 31,
          suggestions: [
            {
              messageId: 'raiseTimeout',
              data: { timeout: '25 s' },
              output: `import { Duration, Stack } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';

const cluster = new rds.DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0 });
const api = new NodejsFunction(stack, 'Api', {
  entry: 'src/api.ts',
  environment: { DATABASE_URL: url },
  timeout: Duration.seconds(25),
});
new apigateway.LambdaIntegration(api);`,
            },
          ],
        },
      ],
    },
    {
      // A written 10 s, a class field cluster, a grant, and the URL's own connect_timeout=30 (not behind an API).
      code: `import * as cdk from 'aws-cdk-lib';
import { aws_lambda as lambda, aws_rds as rds } from 'aws-cdk-lib';

export class Api extends cdk.Stack {
  constructor(scope, id) {
    super(scope, id);
    this.cluster = new rds.DatabaseCluster(this, 'Db', { engine, serverlessV2MinCapacity: 0 });
    const worker = new lambda.Function(this, 'Worker', {
      code,
      handler: 'index.handler',
      timeout: cdk.Duration.seconds(10),
    });
    this.cluster.grantConnect(worker, 'app');
    worker.addEnvironment('DATABASE_URL', \`postgresql://\${user}@\${host}/app?connect_timeout=30\`);
  }
}`,
      errors: [
        {
          messageId: 'shortQueryTimeout',
          data: {
            construct: '`Function` "Worker" (`grantConnect` gives it the database)',
            timeout: '10 s',
            needed: '50 s',
            arithmetic: "the retry runtime's 20 s budget (`maxElapsedMs`) + one 30 s connect timeout (`connect_timeout=30`) = 50 s",
          },
          line: 11,
          column: 16,
          endLine: 11,
          endColumn: 40,
          suggestions: [
            {
              messageId: 'raiseTimeout',
              data: { timeout: '50 s' },
              output: `import * as cdk from 'aws-cdk-lib';
import { aws_lambda as lambda, aws_rds as rds } from 'aws-cdk-lib';

export class Api extends cdk.Stack {
  constructor(scope, id) {
    super(scope, id);
    this.cluster = new rds.DatabaseCluster(this, 'Db', { engine, serverlessV2MinCapacity: 0 });
    const worker = new lambda.Function(this, 'Worker', {
      code,
      handler: 'index.handler',
      timeout: cdk.Duration.seconds(50),
    });
    this.cluster.grantConnect(worker, 'app');
    worker.addEnvironment('DATABASE_URL', \`postgresql://\${user}@\${host}/app?connect_timeout=30\`);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // A deploy-time migration: runMigration needs 19 s to get past the resume, and keeps 10 s.
      code: `import { Duration } from 'aws-cdk-lib';
import { DockerImageFunction } from 'aws-cdk-lib/aws-lambda';
import { DatabaseCluster } from 'aws-cdk-lib/aws-rds';
import { Trigger } from 'aws-cdk-lib/triggers';

const cluster = new DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0 });
const migrate = new DockerImageFunction(stack, 'Migrate', { code, timeout: Duration.seconds(20) });
cluster.secret!.grantRead(migrate);
new Trigger(stack, 'MigrationTrigger', { handler: migrate });`,
      errors: [
        {
          messageId: 'shortMigrationTimeout',
          data: {
            construct: '`DockerImageFunction` "Migrate" (it reads the database secret)',
            timeout: '20 s',
            needed: 'more than 29 s',
            arithmetic:
              "the cluster resumes in ~15 s; runMigration is ready at 19 s (its third attempt, at 19 s, is the first after the resume: each attempt waits out one 5 s connect timeout (Prisma's default: the file shows no `connect_timeout`), then 3 s, 6 s, ... before the next) and keeps 10 s (`safetyMarginMs`) to report a failure: 29 s before the migration itself has run",
          },
          line: 7,
          column: 76,
          endLine: 7,
          endColumn: 96,
          suggestions: [
            {
              messageId: 'raiseTimeout',
              data: { timeout: '5 minutes' },
              output: `import { Duration } from 'aws-cdk-lib';
import { DockerImageFunction } from 'aws-cdk-lib/aws-lambda';
import { DatabaseCluster } from 'aws-cdk-lib/aws-rds';
import { Trigger } from 'aws-cdk-lib/triggers';

const cluster = new DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0 });
const migrate = new DockerImageFunction(stack, 'Migrate', { code, timeout: Duration.minutes(5) });
cluster.secret!.grantRead(migrate);
new Trigger(stack, 'MigrationTrigger', { handler: migrate });`,
            },
          ],
        },
      ],
    },
    {
      // A port rule to a database construct the stack only gets (a wrapper, a prop), and a connect_timeout long enough for the resume.
      code: `import { Duration } from 'aws-cdk-lib';
import { DockerImageFunction } from 'aws-cdk-lib/aws-lambda';
import { Trigger } from 'aws-cdk-lib/triggers';

// The cluster (serverlessV2MinCapacity: 0) is in database.ts.
const migrationRunner = new DockerImageFunction(this, 'MigrationRunner', {
  code,
  timeout: Duration.seconds(20),
  environment: { DATABASE_OPTION: '?connect_timeout=20' },
});
migrationRunner.connections.allowToDefaultPort(props.database);
new Trigger(this, 'MigrationTrigger', { handler: migrationRunner });`,
      errors: [
        {
          messageId: 'shortMigrationTimeout',
          data: {
            construct: '`DockerImageFunction` "MigrationRunner" (it may open the database\'s port)',
            timeout: '20 s',
            needed: 'more than 25 s',
            arithmetic:
              "the cluster resumes in ~15 s; runMigration is ready at 15 s (its first attempt's 20 s connect timeout (`connect_timeout=20`) outlasts the resume) and keeps 10 s (`safetyMarginMs`) to report a failure: 25 s before the migration itself has run",
          },
          line: 8,
          column: 12,
          suggestions: [
            {
              messageId: 'raiseTimeout',
              data: { timeout: '5 minutes' },
              output: `import { Duration } from 'aws-cdk-lib';
import { DockerImageFunction } from 'aws-cdk-lib/aws-lambda';
import { Trigger } from 'aws-cdk-lib/triggers';

// The cluster (serverlessV2MinCapacity: 0) is in database.ts.
const migrationRunner = new DockerImageFunction(this, 'MigrationRunner', {
  code,
  timeout: Duration.minutes(5),
  environment: { DATABASE_OPTION: '?connect_timeout=20' },
});
migrationRunner.connections.allowToDefaultPort(props.database);
new Trigger(this, 'MigrationTrigger', { handler: migrationRunner });`,
            },
          ],
        },
      ],
    },
    {
      // SST v3 in sst.config.ts: no imports, `sst` is a global; `link` to a pausing Aurora.
      code: `export default $config({
  async run() {
    const db = new sst.aws.Aurora("Db", { engine: "postgres", scaling: { min: "0 ACU" } });
    new sst.aws.Function("Api", { handler: "src/api.handler", timeout: "10 seconds", link: [db] });
  },
});`,
      filename: 'sst.config.ts',
      errors: [
        {
          messageId: 'shortQueryTimeout',
          line: 4,
          column: 72,
          endColumn: 84,
          suggestions: [
            {
              messageId: 'raiseTimeout',
              data: { timeout: '25 s' },
              output: `export default $config({
  async run() {
    const db = new sst.aws.Aurora("Db", { engine: "postgres", scaling: { min: "0 ACU" } });
    new sst.aws.Function("Api", { handler: "src/api.handler", timeout: "25 seconds", link: [db] });
  },
});`,
            },
          ],
        },
      ],
    },
    {
      // SST v2: a number of seconds.
      code: `import { Function, StackContext } from 'sst/constructs';
import * as rds from 'aws-cdk-lib/aws-rds';

export function Api({ stack }: StackContext) {
  new rds.DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0 });
  new Function(stack, 'Api', { handler: 'src/api.handler', timeout: 10, environment: { DATABASE_URL: url } });
}`,
      errors: [
        {
          messageId: 'shortQueryTimeout',
          line: 6,
          column: 69,
          endColumn: 71,
          suggestions: [
            {
              messageId: 'raiseTimeout',
              data: { timeout: '25 s' },
              output: `import { Function, StackContext } from 'sst/constructs';
import * as rds from 'aws-cdk-lib/aws-rds';

export function Api({ stack }: StackContext) {
  new rds.DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0 });
  new Function(stack, 'Api', { handler: 'src/api.handler', timeout: 25, environment: { DATABASE_URL: url } });
}`,
            },
          ],
        },
      ],
    },
    {
      // serverless.ts: the provider's timeout serves every function, so no suggestion rewrites it for one.
      code: `const config = {
  service: 'api',
  provider: { name: 'aws', timeout: 6, environment: { DATABASE_URL: '\${ssm:/api/database-url}' } },
  functions: {
    users: { handler: 'src/users.handler', events: [{ httpApi: { method: 'get', path: '/users' } }] },
  },
  resources: { Resources: { Db: { Type: 'AWS::RDS::DBCluster', Properties: { ServerlessV2ScalingConfiguration: { MinCapacity: 0 } } } } },
};
module.exports = config;`,
      filename: 'serverless.ts',
      errors: [
        {
          messageId: 'shortQueryTimeout',
          data: {
            construct: 'function `users` (its environment sets `DATABASE_URL`)',
            timeout: '6 s',
            needed: '25 s',
            arithmetic:
              "the retry runtime's 20 s budget (`maxElapsedMs`) + one 5 s connect timeout (Prisma's default: the file shows no `connect_timeout`) = 25 s; API Gateway ends the request at 29 s",
          },
          line: 5,
          column: 12,
          suggestions: [],
        },
      ],
    },
  ],
});

js.run('no-short-lambda-timeout (JavaScript)', rule, {
  valid: [],
  invalid: [
    {
      code: `const cdk = require('aws-cdk-lib');
const { NodejsFunction } = require('aws-cdk-lib/aws-lambda-nodejs');
const rds = require('aws-cdk-lib/aws-rds');
const cluster = new rds.DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0 });
const api = new NodejsFunction(stack, 'Api', { timeout: cdk.Duration.seconds(3) });
cluster.grantConnect(api, 'app');`,
      errors: [
        {
          messageId: 'shortQueryTimeout',
          line: 5,
          column: 57,
          endColumn: 80,
          suggestions: [
            {
              messageId: 'raiseTimeout',
              output: `const cdk = require('aws-cdk-lib');
const { NodejsFunction } = require('aws-cdk-lib/aws-lambda-nodejs');
const rds = require('aws-cdk-lib/aws-rds');
const cluster = new rds.DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0 });
const api = new NodejsFunction(stack, 'Api', { timeout: cdk.Duration.seconds(25) });
cluster.grantConnect(api, 'app');`,
            },
          ],
        },
      ],
    },
  ],
});
