import { basename } from 'node:path';

/**
 * Infrastructure code that deploys Lambda functions and writes their environment: AWS CDK
 * (`aws-cdk-lib`, `@aws-cdk/*`, `constructs`), SST (`sst`, `sst.config.ts`), the Serverless
 * Framework (`serverless.ts`, `@serverless/typescript`), Pulumi and CDK for Terraform. A
 * `DATABASE_URL` built there is the one the Lambda reads, although the file itself is not
 * Lambda code.
 */
const DEPLOYMENT_MODULE =
  /^(?:aws-cdk-lib(?:\/|$)|@aws-cdk\/|constructs$|sst(?:\/|$)|@serverless-stack\/|@serverless\/typescript$|serverless(?:\/|$)|@pulumi\/(?:aws|awsx|pulumi)(?:\/|$)|cdktf(?:\/|$)|@cdktf\/)/;

const DEPLOYMENT_FILE = /^(?:sst\.config|serverless)\.[cm]?[jt]s$/;

export function isDeploymentModuleSource(source: string): boolean {
  return DEPLOYMENT_MODULE.test(source);
}

/** The file deploys Lambda functions: it imports a deployment framework, or is `sst.config.ts` / `serverless.ts`. */
export function isDeploymentConfig(importSources: readonly string[], filePath: string): boolean {
  return importSources.some(isDeploymentModuleSource) || DEPLOYMENT_FILE.test(basename(filePath));
}
