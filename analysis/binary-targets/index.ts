/**
 * Missing Lambda binary targets in a Prisma schema: which generators run the Rust engine,
 * which Lambda platforms the project deploys to (read from its infrastructure code), and the
 * edit that adds the missing targets. Shared by the rule require-lambda-binary-targets and the
 * CLI's add-binary-targets fix.
 */
export { findMissingLambdaTargets, type LambdaMode, type MissingTargetsFinding } from './analyze-binary-targets.js';
export {
  clearDeployedPlatformsCache,
  deployedPlatformsOf,
  imageBuildOf,
  type Architecture,
  type DeployedPlatforms,
} from './deployed-platforms.js';
export { hasDatasourceUrl, rustEngineGenerators, type EngineGenerator } from './generator-engine.js';
export { knowsOpenSsl3Targets, lambdaTargetOf, requiredLambdaTargets } from './lambda-targets.js';
export { planTargetEdit } from './target-edit.js';
