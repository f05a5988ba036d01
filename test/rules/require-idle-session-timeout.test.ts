import { join } from 'node:path';
import rule from '../../rules/require-idle-session-timeout.js';
import { javascriptRuleTester, typescriptRuleTester } from '../support/rule-tester.js';

const ts = typescriptRuleTester();
const js = await javascriptRuleTester();

const IMPORTS = `import { Duration } from 'aws-cdk-lib';
import * as rds from 'aws-cdk-lib/aws-rds';
const engine = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_6 });`;

const cluster = (props: string) => `${IMPORTS}
new rds.DatabaseCluster(stack, 'Db', ${props});`;

ts.run('require-idle-session-timeout', rule, {
  valid: [
    // The starter kit's fix: 60 s, under the 300 s pause delay.
    cluster(`{
  engine,
  serverlessV2MinCapacity: 0,
  parameterGroup: new rds.ParameterGroup(stack, 'Params', { engine, parameters: { idle_session_timeout: '60000' } }),
}`),
    cluster(`{ engine, serverlessV2MinCapacity: 0, parameters: { idle_session_timeout: '60000' } }`),
    // A longer pause delay makes room for a longer idle timeout.
    cluster(
      `{ engine, serverlessV2MinCapacity: 0, serverlessV2AutoPauseDuration: Duration.minutes(30), parameters: { idle_session_timeout: '600000' } }`,
    ),
    // The cluster never pauses.
    cluster(`{ engine, serverlessV2MinCapacity: 0.5 }`),
    // A parameter group the file does not show, or parameters it does not pin.
    cluster(`{ engine, serverlessV2MinCapacity: 0, parameterGroup: props.parameterGroup }`),
    cluster(`{ engine, serverlessV2MinCapacity: 0, parameterGroup: rds.ParameterGroup.fromParameterGroupName(stack, 'P', 'mine') }`),
    cluster(`{ engine, serverlessV2MinCapacity: 0, parameters: { ...sharedParameters } }`),
    cluster(`{ engine, serverlessV2MinCapacity: 0, ...props }`),
    // An engine the file does not name, and PostgreSQL 13 (no idle_session_timeout).
    `import * as rds from 'aws-cdk-lib/aws-rds';
new rds.DatabaseCluster(stack, 'Db', { engine: props.engine, serverlessV2MinCapacity: 0 });`,
    `import * as rds from 'aws-cdk-lib/aws-rds';
new rds.DatabaseCluster(stack, 'Db', {
  engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_13_15 }),
  serverlessV2MinCapacity: 0,
});`,
    // MySQL's own timeout, in seconds.
    `import * as rds from 'aws-cdk-lib/aws-rds';
const engine = rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 });
new rds.DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0, parameterGroup: new rds.ParameterGroup(stack, 'P', { engine, parameters: { wait_timeout: '60' } }) });`,
    // A CDK stack's test is local code.
    { code: cluster(`{ engine, serverlessV2MinCapacity: 0 }`), filename: join(import.meta.dirname, 'database.test.ts') },
  ],
  invalid: [
    {
      // No parameter group: the default one never closes idle sessions.
      code: cluster(`{ engine, serverlessV2MinCapacity: 0 }`),
      errors: [
        {
          messageId: 'idleTimeoutOff',
          data: {
            parameter: 'idle_session_timeout',
            setting: "it runs with the default parameter group (PostgreSQL's default 0 never closes an idle session)",
            pause: 'the 300 s pause delay',
            suggested: '60000 (60 s)',
            value: '',
          },
          line: 4,
          column: 73,
          endLine: 4,
          endColumn: 74,
          suggestions: [
            {
              messageId: 'setIdleTimeout',
              data: { parameter: 'idle_session_timeout', suggested: '60000 (60 s)' },
              output: cluster(`{ engine, serverlessV2MinCapacity: 0, parameters: { idle_session_timeout: '60000' } }`),
            },
          ],
        },
      ],
    },
    {
      // A parameter group without it: reported at its `parameters`, the fix goes in there.
      code: cluster(`{
  engine,
  serverlessV2MinCapacity: 0,
  parameterGroup: new rds.ParameterGroup(stack, 'Params', {
    engine,
    parameters: {
      log_connections: '1',
    },
  }),
}`),
      errors: [
        {
          messageId: 'idleTimeoutOff',
          line: 9,
          column: 5,
          endColumn: 15,
          suggestions: [
            {
              messageId: 'setIdleTimeout',
              output: cluster(`{
  engine,
  serverlessV2MinCapacity: 0,
  parameterGroup: new rds.ParameterGroup(stack, 'Params', {
    engine,
    parameters: {
      log_connections: '1',
      idle_session_timeout: '60000',
    },
  }),
}`),
            },
          ],
        },
      ],
    },
    {
      // 0 turns it off.
      code: cluster(`{ engine, serverlessV2MinCapacity: 0, parameters: { idle_session_timeout: '0' } }`),
      errors: [
        {
          messageId: 'idleTimeoutOff',
          line: 4,
          column: 112,
          endColumn: 115,
          suggestions: [
            {
              messageId: 'setIdleTimeout',
              output: cluster(`{ engine, serverlessV2MinCapacity: 0, parameters: { idle_session_timeout: '60000' } }`),
            },
          ],
        },
      ],
    },
    {
      // Longer than the pause delay (default 300 s).
      code: cluster(`{ engine, serverlessV2MinCapacity: 0, parameters: { idle_session_timeout: '900000' } }`),
      errors: [
        {
          messageId: 'idleTimeoutTooLong',
          data: {
            parameter: 'idle_session_timeout',
            setting: '',
            pause: 'the 300 s pause delay',
            suggested: '60000 (60 s)',
            value: '900 s',
          },
          line: 4,
          column: 112,
          endColumn: 120,
          suggestions: [
            {
              messageId: 'setIdleTimeout',
              output: cluster(`{ engine, serverlessV2MinCapacity: 0, parameters: { idle_session_timeout: '60000' } }`),
            },
          ],
        },
      ],
    },
    {
      // Longer than a written pause delay, through a parameter-group constant.
      code: `${IMPORTS}
const parameterGroup = new rds.ParameterGroup(stack, 'Params', { engine, parameters: { idle_session_timeout: '600000' } });
new rds.DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0, serverlessV2AutoPauseDuration: Duration.minutes(5), parameterGroup });`,
      errors: [
        {
          messageId: 'idleTimeoutTooLong',
          data: {
            parameter: 'idle_session_timeout',
            setting: '',
            pause: 'the 300 s pause delay',
            suggested: '60000 (60 s)',
            value: '600 s',
          },
          line: 4,
          column: 110,
          suggestions: [
            {
              messageId: 'setIdleTimeout',
              output: `${IMPORTS}
const parameterGroup = new rds.ParameterGroup(stack, 'Params', { engine, parameters: { idle_session_timeout: '60000' } });
new rds.DatabaseCluster(stack, 'Db', { engine, serverlessV2MinCapacity: 0, serverlessV2AutoPauseDuration: Duration.minutes(5), parameterGroup });`,
            },
          ],
        },
      ],
    },
    {
      // MySQL's default group keeps an idle session 8 hours.
      code: `import * as rds from 'aws-cdk-lib/aws-rds';
new rds.DatabaseCluster(stack, 'Db', { engine: rds.DatabaseClusterEngine.AURORA_MYSQL, serverlessV2MinCapacity: 0 });`,
      errors: [
        {
          messageId: 'idleTimeoutOff',
          data: {
            parameter: 'wait_timeout',
            setting: "it runs with the default parameter group (MySQL's default 28800 s keeps an idle session 8 hours)",
            pause: 'the 300 s pause delay',
            suggested: '60 (60 s)',
            value: '',
          },
          line: 2,
          column: 113,
          suggestions: [
            {
              messageId: 'setIdleTimeout',
              output: `import * as rds from 'aws-cdk-lib/aws-rds';
new rds.DatabaseCluster(stack, 'Db', { engine: rds.DatabaseClusterEngine.AURORA_MYSQL, serverlessV2MinCapacity: 0, parameters: { wait_timeout: '60' } });`,
            },
          ],
        },
      ],
    },
    {
      // CloudFormation through CDK's L1: the cluster parameter group's parameters, by `.ref`.
      code: `import { CfnDBCluster, CfnDBClusterParameterGroup } from 'aws-cdk-lib/aws-rds';
const params = new CfnDBClusterParameterGroup(stack, 'Params', { family: 'aurora-postgresql16', description: 'app', parameters: { log_connections: '1' } });
new CfnDBCluster(stack, 'Db', {
  engine: 'aurora-postgresql',
  serverlessV2ScalingConfiguration: { minCapacity: 0, maxCapacity: 2, secondsUntilAutoPause: 600 },
  dbClusterParameterGroupName: params.ref,
});`,
      errors: [
        {
          messageId: 'idleTimeoutOff',
          data: {
            parameter: 'idle_session_timeout',
            setting: "its parameters do not set `idle_session_timeout` (PostgreSQL's default 0 never closes an idle session)",
            pause: 'the 600 s pause delay',
            suggested: '60000 (60 s)',
            value: '',
          },
          line: 2,
          column: 117,
          suggestions: [
            {
              messageId: 'setIdleTimeout',
              output: `import { CfnDBCluster, CfnDBClusterParameterGroup } from 'aws-cdk-lib/aws-rds';
const params = new CfnDBClusterParameterGroup(stack, 'Params', { family: 'aurora-postgresql16', description: 'app', parameters: { log_connections: '1', idle_session_timeout: '60000' } });
new CfnDBCluster(stack, 'Db', {
  engine: 'aurora-postgresql',
  serverlessV2ScalingConfiguration: { minCapacity: 0, maxCapacity: 2, secondsUntilAutoPause: 600 },
  dbClusterParameterGroupName: params.ref,
});`,
            },
          ],
        },
      ],
    },
  ],
});

js.run('require-idle-session-timeout (JavaScript)', rule, {
  valid: [],
  invalid: [
    {
      code: `const { aws_rds: rds } = require('aws-cdk-lib');
new rds.DatabaseCluster(stack, 'Db', { engine: rds.DatabaseClusterEngine.AURORA_POSTGRESQL, serverlessV2MinCapacity: 0 });`,
      errors: [
        {
          messageId: 'idleTimeoutOff',
          line: 2,
          column: 118,
          suggestions: [
            {
              messageId: 'setIdleTimeout',
              output: `const { aws_rds: rds } = require('aws-cdk-lib');
new rds.DatabaseCluster(stack, 'Db', { engine: rds.DatabaseClusterEngine.AURORA_POSTGRESQL, serverlessV2MinCapacity: 0, parameters: { idle_session_timeout: '60000' } });`,
            },
          ],
        },
      ],
    },
  ],
});
