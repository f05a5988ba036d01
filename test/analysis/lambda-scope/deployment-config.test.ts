import { describe, expect, it } from 'vitest';
import { isDeploymentConfig, isDeploymentModuleSource } from '../../../analysis/lambda-scope/deployment-config.js';

describe('deployment config', () => {
  it.each([
    'aws-cdk-lib',
    'aws-cdk-lib/aws-lambda',
    '@aws-cdk/aws-rds',
    'constructs',
    'sst',
    'sst/constructs',
    '@serverless/typescript',
    '@pulumi/aws',
    'cdktf',
    '@cdktf/provider-aws',
  ])('%s deploys Lambda functions', (source) => {
    expect(isDeploymentModuleSource(source)).toBe(true);
  });

  it.each(['aws-lambda', '@aws-sdk/client-rds', 'constructs-extra', 'sstable', '@pulumi/random'])('%s does not', (source) => {
    expect(isDeploymentModuleSource(source)).toBe(false);
  });

  it('knows the config files by name', () => {
    expect(isDeploymentConfig([], '/p/sst.config.ts')).toBe(true);
    expect(isDeploymentConfig([], '/p/serverless.mjs')).toBe(true);
    expect(isDeploymentConfig([], '/p/src/db.ts')).toBe(false);
    expect(isDeploymentConfig(['aws-cdk-lib'], '/p/lib/stack.ts')).toBe(true);
  });
});
