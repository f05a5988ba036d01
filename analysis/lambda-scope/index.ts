/**
 * Lambda scope: whether a file is Lambda code (by itself, or because its package is deployed
 * to Lambda), whether it is local code (tests, seeds, local scripts) the Lambda advice leaves
 * alone, whether it deploys Lambda functions, and what a handler looks like. The rules whose
 * hazard only matters in a Lambda ask this (through `rules/util/lambda.ts`), the PrismaClient
 * placement and the migration transform read handlers with it.
 */
export { clearDeployedByConfigCache, deployedByConfigReason, deploymentTextsAbove, type ConfigText } from './deployed-by-config.js';
export { isDeploymentConfig, isDeploymentModuleSource } from './deployment-config.js';
export { fileLooksLikeLambda, isLambdaModuleSource, lambdaSignalsOf, type LambdaFileSignals } from './file-signals.js';
export {
  isEventAndContext,
  isEventParameterName,
  isHandlerExportName,
  isHandlerShapedExport,
  type ExportedFunctionSignal,
} from './handler-shape.js';
export { clearLocalCodeCache, localCodeOf, type LocalCode, type LocalCodeKind } from './local-code.js';
export { filesRunByCommand } from './script-command.js';
export { clearLambdaPackageCache, packageLooksLikeLambda } from './package-verdict.js';
