import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clearDeployedPlatformsCache,
  deployedPlatformsOf,
  imageBuildOf,
  requiredLambdaTargets,
} from '../../../analysis/binary-targets/index.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
beforeEach(clearDeployedPlatformsCache);

/** A repository (it holds `.git`) with these files; returns the path of its schema. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'paf-platforms-'));
  roots.push(root);
  mkdirSync(join(root, '.git'));
  for (const [path, text] of Object.entries({ 'packages/db/package.json': '{}', ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return join(root, 'packages/db/prisma/schema.prisma');
}

describe('deployedPlatformsOf', () => {
  it('assumes both architectures when the repository holds no infrastructure code', () => {
    expect(deployedPlatformsOf(repository({ 'src/app.ts': 'export const x = 1;' }))).toMatchObject({
      architectures: ['x86_64', 'arm64'],
      nodeMajors: [],
    });
  });

  it.each([
    [
      'CDK',
      'infra/lib/stack.ts',
      "import * as lambda from 'aws-cdk-lib/aws-lambda';\nnew lambda.Function(this, 'F', { architecture: lambda.Architecture.ARM_64, runtime: lambda.Runtime.NODEJS_20_X });",
    ],
    [
      'SST v2',
      'stacks/Api.ts',
      "import { Function } from 'sst/constructs';\nnew Function(stack, 'F', { handler: 'src/f.handler', architecture: 'arm_64', runtime: 'nodejs20.x' });",
    ],
    [
      'SST v3',
      'sst.config.ts',
      'export default $config({ async run() { new sst.aws.Function("F", { architecture: "arm64", runtime: "nodejs20.x" }); } });',
    ],
    ['Serverless', 'serverless.yml', 'provider:\n  name: aws\n  architecture: arm64\n  runtime: nodejs20.x\n'],
    ['SAM', 'template.yaml', 'Globals:\n  Function:\n    Runtime: nodejs20.x\n    Architectures:\n      - arm64\n'],
    ['CloudFormation JSON', 'stack.template.json', '{ "Properties": { "Architectures": ["arm64"], "Runtime": "nodejs20.x" } }'],
    [
      'Terraform',
      'infra/lambda.tf',
      'resource "aws_lambda_function" "api" {\n  architectures = ["arm64"]\n  runtime       = "nodejs20.x"\n}\n',
    ],
  ])('reads arm64 from %s', (_tool, path, text) => {
    const platforms = deployedPlatformsOf(repository({ [path]: text }));
    expect(platforms.architectures).toEqual(['arm64']);
    expect(platforms.nodeMajors).toEqual([20]);
  });

  it('takes a function without an architecture for x86_64, ignores commented code, and keeps both when both are named', () => {
    expect(
      deployedPlatformsOf(repository({ 'serverless.yml': 'provider:\n  name: aws\n  # architecture: arm64\n  runtime: nodejs18.x\n' })),
    ).toMatchObject({ architectures: ['x86_64'], nodeMajors: [18] });
    expect(
      deployedPlatformsOf(repository({ 'serverless.yml': 'functions:\n  a:\n    architecture: arm64\n  b:\n    architecture: x86_64\n' }))
        .architectures,
    ).toEqual(['x86_64', 'arm64']);
  });

  it('reads the infrastructure nearest the schema: a package of its own with serverless.yml, not the repository root', () => {
    const schema = repository({
      'packages/db/serverless.yml': 'provider:\n  architecture: arm64\n',
      'infra/lib/stack.ts': "import 'aws-cdk-lib';\nconst a = Architecture.X86_64;",
    });
    expect(deployedPlatformsOf(schema).architectures).toEqual(['arm64']);
  });
});

it('notes a deployment that points the client at an engine it ships itself', () => {
  const schema = repository({
    'stacks/layer.ts':
      "import { Function } from 'sst/constructs';\nconst environment = { PRISMA_QUERY_ENGINE_LIBRARY: '/opt/nodejs/node_modules/@prisma/engines/libquery_engine-rhel-openssl-1.0.x.so.node' };",
  });
  expect(deployedPlatformsOf(schema)).toMatchObject({ architectures: [], engineShippedBy: 'stacks/layer.ts' });
});

describe('requiredLambdaTargets', () => {
  it('gives one target per architecture and OpenSSL generation of the runtimes', () => {
    expect(requiredLambdaTargets(['x86_64', 'arm64'], [])).toEqual(['rhel-openssl-3.0.x', 'linux-arm64-openssl-3.0.x']);
    expect(requiredLambdaTargets(['x86_64'], [16, 20, 22])).toEqual(['rhel-openssl-1.0.x', 'rhel-openssl-3.0.x']);
    expect(requiredLambdaTargets(['arm64'], [18])).toEqual(['linux-arm64-openssl-1.0.x']);
  });
});

describe('imageBuildOf', () => {
  it('finds a Dockerfile that installs or generates the client in the image, not one that only copies', () => {
    const schema = repository({ 'packages/db/Dockerfile': 'FROM public.ecr.aws/lambda/nodejs:20\nCOPY . .\nRUN npm ci\n' });
    expect(imageBuildOf(schema, dirname(dirname(schema)))).toBe(join(dirname(dirname(schema)), 'Dockerfile'));
    const copies = repository({ 'packages/db/Dockerfile': 'FROM public.ecr.aws/lambda/nodejs:20\n# RUN npm ci\nCOPY dist .\n' });
    expect(imageBuildOf(copies, dirname(dirname(copies)))).toBeUndefined();
  });
});
