/**
 * AWS-side files of the generated corpus: Lambda handlers (API Gateway, SQS, scheduled),
 * migration-runner Lambdas and CDK constructs, with and without a database.
 */
import { ENTITIES, camel, kebab, pascal, plural } from './names.js';
import type { Random } from './random.js';
import type { PackageContext } from './templates-data.js';

/** A Lambda handler that reaches the database (a prefilter candidate). */
export function databaseHandler(random: Random, context: PackageContext): string {
  const entity = random.pick(ENTITIES);
  const Entity = pascal(entity);
  const variant = random.weighted({ apiGateway: 5, perInvocationClient: 1, sqs: 2, middy: 2, loggedUrl: 1 });
  const db = context.clientName;
  switch (variant) {
    case 'apiGateway':
      return `import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { ${db} } from '${context.prismaImport}';

const json = (statusCode: number, body: unknown): APIGatewayProxyResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyResultV2> => {
  const id = event.pathParameters?.id;
  if (!id) return json(400, { message: 'missing id' });
  const ${entity} = await ${db}.${entity}.findUnique({ where: { id } });
  if (!${entity}) return json(404, { message: '${Entity} not found' });
  return json(200, ${entity});
};
`;
    case 'perInvocationClient':
      return `import type { Handler } from 'aws-lambda';
import { PrismaClient } from '@prisma/client';

interface ${Entity}Event {
  ids: string[];
}

export const main: Handler<${Entity}Event, number> = async (event) => {
  const prisma = new PrismaClient();
  try {
    const rows = await prisma.${entity}.findMany({ where: { id: { in: event.ids } } });
    return rows.length;
  } finally {
    await prisma.$disconnect();
  }
};
`;
    case 'sqs':
      return `import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ${db} } from '${context.prismaImport}';

interface ${Entity}Message {
  id: string;
  action: 'upsert' | 'delete';
  payload?: Record<string, unknown>;
}

export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      const message = JSON.parse(record.body) as ${Entity}Message;
      if (message.action === 'delete') {
        await ${db}.${entity}.delete({ where: { id: message.id } });
      } else {
        await ${db}.${entity}.upsert({
          where: { id: message.id },
          create: { id: message.id, ...message.payload },
          update: { ...message.payload },
        });
      }
    } catch (error) {
      console.error('failed to process record', record.messageId, error);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}
`;
    case 'middy':
      return `import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ${db} } from '${context.prismaImport}';

const logger = new Logger({ serviceName: '${kebab(entity)}-api' });

interface Create${Entity}Body {
  title: string;
  ownerId: string;
}

const create${Entity} = async (event: APIGatewayProxyEvent & { body: Create${Entity}Body }) => {
  logger.info('creating ${entity}', { ownerId: event.body.ownerId });
  const created = await ${db}.${entity}.create({ data: event.body });
  return { statusCode: 201, body: JSON.stringify({ id: created.id }) };
};

export const handler = middy(create${Entity}).use(httpJsonBodyParser());
`;
    case 'loggedUrl':
      return `import type { ScheduledEvent } from 'aws-lambda';
import { ${db} } from '${context.prismaImport}';

export async function handler(event: ScheduledEvent): Promise<void> {
  console.log(\`cleanup run \${event.id} against \${process.env.DATABASE_URL}\`);
  const cutoff = new Date(Date.now() - ${random.int(7, 90)} * 24 * 60 * 60 * 1000);
  const { count } = await ${db}.${entity}.deleteMany({ where: { createdAt: { lt: cutoff } } });
  console.log(\`removed \${count} ${plural(entity)}\`);
}
`;
  }
}

/** A Lambda handler with no database in it (S3, EventBridge, plain HTTP): prefilter skips it. */
export function plainHandler(random: Random): string {
  const variant = random.weighted({ s3: 1, events: 1, http: 2 });
  const noun = random.pick(ENTITIES);
  switch (variant) {
    case 's3':
      return `import type { S3Event } from 'aws-lambda';
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';

const s3 = new S3Client({});

export const handler = async (event: S3Event): Promise<number> => {
  let bytes = 0;
  for (const record of event.Records) {
    const object = await s3.send(
      new GetObjectCommand({ Bucket: record.s3.bucket.name, Key: decodeURIComponent(record.s3.object.key) }),
    );
    bytes += Number(object.ContentLength ?? 0);
  }
  return bytes;
};
`;
    case 'events':
      return `import type { EventBridgeEvent } from 'aws-lambda';

type ${pascal(noun)}Changed = EventBridgeEvent<'${pascal(noun)}Changed', { id: string; version: number }>;

const seen = new Map<string, number>();

export async function handler(event: ${pascal(noun)}Changed): Promise<{ stale: boolean }> {
  const previous = seen.get(event.detail.id) ?? 0;
  const stale = event.detail.version <= previous;
  if (!stale) seen.set(event.detail.id, event.detail.version);
  return { stale };
}
`;
    case 'http':
      return `import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';

const ALLOWED_ORIGINS = new Set(['https://app.example.com', 'https://admin.example.com']);

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const origin = event.headers.origin ?? '';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (ALLOWED_ORIGINS.has(origin)) headers['access-control-allow-origin'] = origin;
  const name = event.queryStringParameters?.name ?? 'world';
  return {
    statusCode: 200,
    headers,
    body: JSON.stringify({ greeting: \`hello \${name}\`, at: new Date().toISOString() }),
  };
};
`;
  }
}

/** The migration-runner Lambda, unretried (the canonical pre-fix shape) or already fixed. */
export function migrationRunner(random: Random): string {
  const variant = random.weighted({ execFileBroken: 2, spawnSyncBroken: 1, fixed: 1 });
  switch (variant) {
    case 'execFileBroken':
      return `import { execFile } from 'child_process';
import path from 'path';

export const handler = async (event: { command?: string; options?: string[] }): Promise<number> => {
  const options = event.options ?? [];
  const exitCode = await new Promise<number>((resolve) => {
    execFile(
      path.resolve('./node_modules/prisma/build/index.js'),
      ['db', 'push', '--skip-generate'].concat(options),
      { env: { ...process.env } },
      (error, stdout, stderr) => {
        console.log(stdout);
        if (error != null) {
          console.error(\`prisma db push exited with error \${error.message}\`);
          resolve(typeof error.code === 'number' ? error.code : 1);
        } else {
          resolve(0);
        }
      },
    );
  });
  if (exitCode !== 0) throw new Error(\`db push failed with exit code \${exitCode}\`);
  return exitCode;
};
`;
    case 'spawnSyncBroken':
      return `import { spawnSync } from 'node:child_process';

export async function handler(): Promise<void> {
  const result = spawnSync('npx', ['prisma', 'migrate', 'deploy'], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    throw new Error(\`migrate deploy failed (\${result.status})\`);
  }
}
`;
    case 'fixed':
      return `import type { Context } from 'aws-lambda';
import { runMigration } from 'prisma-aurora-fix/runtime';

export async function handler(_event: unknown, context: Context): Promise<void> {
  await runMigration({
    command: ['migrate', 'deploy'],
    getRemainingTimeInMillis: () => context.getRemainingTimeInMillis(),
  });
}
`;
  }
}

/** A CDK construct that builds a Lambda environment with a DATABASE_URL. */
export function databaseConstruct(random: Random): string {
  const entity = random.pick(ENTITIES);
  const Entity = pascal(entity);
  const option = random.weighted({
    "'?pool_timeout=20&connect_timeout=20'": 3,
    "'?connection_limit=1&connect_timeout=30'": 2,
    "'?schema=public'": 1,
  });
  return `import { Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';

export interface ${Entity}ApiProps {
  vpc: ec2.IVpc;
  cluster: rds.DatabaseCluster;
  memorySize?: number;
}

export class ${Entity}Api extends Construct {
  readonly handler: NodejsFunction;

  constructor(scope: Construct, id: string, props: ${Entity}ApiProps) {
    super(scope, id);
    const secret = props.cluster.secret!;
    const engine = 'postgresql';
    const user = secret.secretValueFromJson('username').unsafeUnwrap();
    const password = secret.secretValueFromJson('password').unsafeUnwrap();
    const host = props.cluster.clusterEndpoint.hostname;
    const port = props.cluster.clusterEndpoint.port;
    const db = '${camel(plural(entity))}';
    const option = ${option};

    this.handler = new NodejsFunction(this, 'Handler', {
      entry: 'src/handlers/${kebab(entity)}.ts',
      runtime: lambda.Runtime.NODEJS_20_X,
      memorySize: props.memorySize ?? ${random.pick([256, 512, 1024])},
      timeout: Duration.seconds(${random.pick([10, 15, 30])}),
      vpc: props.vpc,
      environment: {
        DATABASE_URL: \`\${engine}://\${user}:\${password}@\${host}:\${port}/\${db}\${option}\`,
        NODE_OPTIONS: '--enable-source-maps',
        STAGE: Stack.of(this).stackName,
      },
    });
    props.cluster.connections.allowDefaultPortFrom(this.handler);
  }
}
`;
}

/** A CDK construct with no database (queues, buckets, alarms): prefilter skips it. */
export function plainConstruct(random: Random): string {
  const noun = random.pick(ENTITIES);
  const Noun = pascal(noun);
  const retention = random.pick([1, 3, 7, 14]);
  return `import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ${Noun}PipelineProps {
  retentionDays?: number;
  alarmThreshold?: number;
}

export class ${Noun}Pipeline extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ${Noun}PipelineProps = {}) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(props.retentionDays ?? ${retention}),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(${random.pick([30, 60, 180])}),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: ${random.int(2, 5)} },
    });
    this.bucket = new s3.Bucket(this, 'Archive', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(${random.pick([30, 90, 365])}) }],
    });
    new cloudwatch.Alarm(this, 'BacklogAlarm', {
      metric: this.deadLetters.metricApproximateNumberOfMessagesVisible(),
      threshold: props.alarmThreshold ?? ${random.int(1, 20)},
      evaluationPeriods: 1,
    });
  }
}
`;
}
