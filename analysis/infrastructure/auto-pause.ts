import { isAbsolute } from 'node:path';
import { deploymentTextsAbove } from '../lambda-scope/index.js';

/**
 * Whether the app deploys an Aurora Serverless v2 cluster that pauses at 0 ACU: CDK's
 * `serverlessV2MinCapacity: 0`, CloudFormation's `ServerlessV2ScalingConfiguration` with
 * `MinCapacity: 0` (CDK's `CfnDBCluster` spells it `minCapacity`), SST v3's `sst.aws.Aurora`
 * with `scaling: { min: "0 ACU" }`. Read as text from the file and from the app its deployment
 * config imports (lambda-scope's `deploymentTextsAbove`), because the cluster is usually in
 * another stack than the function. Only such a cluster resumes, so only then does the resume
 * arithmetic of `no-short-lambda-timeout` apply.
 */
const AUTO_PAUSE_TEXT =
  /\bserverlessV2MinCapacity\s*:\s*0(?![.\d])|\bserverlessV2ScalingConfiguration\s*:\s*\{[^}]*\bminCapacity\s*:\s*0(?![.\d])|\bsst\.aws\.Aurora\s*\([^)]*?\bmin\s*:\s*(["'`])0 ACU\1/i;

export function textDeclaresAutoPause(text: string): boolean {
  return AUTO_PAUSE_TEXT.test(text);
}

/** The file, or the app its deployment config deploys, has an auto-pausing Aurora cluster. */
export function deploymentMayAutoPause(filePath: string | undefined, ownText: string): boolean {
  if (textDeclaresAutoPause(ownText)) return true;
  if (filePath === undefined || !isAbsolute(filePath)) return false;
  return deploymentTextsAbove(filePath).some(({ text }) => textDeclaresAutoPause(text));
}
