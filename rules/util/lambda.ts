import type { TSESLint } from '@typescript-eslint/utils';
import { isAbsolute } from 'node:path';
import {
  deployedByConfigReason,
  deploymentTextsAbove,
  fileLooksLikeLambda,
  isDeploymentConfig,
  lambdaSignalsOf,
  localCodeOf,
  packageLooksLikeLambda,
  type LocalCode,
} from '../../analysis/lambda-scope/index.js';
import { localDotenvReason } from '../../analysis/dotenv/index.js';
import { readSettings } from './settings.js';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const verdictBySourceCode = new WeakMap<object, boolean>();
const localCodeBySourceCode = new WeakMap<object, LocalCode | null>();

/**
 * The linted file's absolute path; `undefined` for `<input>` / `<text>` (stdin, editors
 * without a path) and relative names, which have no package to look at.
 */
function pathOnDisk(context: AnyContext): string | undefined {
  return isAbsolute(context.filename) ? context.filename : undefined;
}

/**
 * Whether the linted file is local code (a test, a seed, a script a package.json script runs:
 * analysis/lambda-scope/local-code.ts) that the Lambda advice leaves alone, and why.
 * `settings['prisma-aurora-fix'].includeLocalCode: true` (the CLI's `--include-local-code`)
 * makes every file count as deployable.
 */
export function localCodeOfContext(context: AnyContext): LocalCode | undefined {
  if (readSettings(context).includeLocalCode) return undefined;
  const sourceCode = context.sourceCode;
  const cached = localCodeBySourceCode.get(sourceCode);
  if (cached !== undefined) return cached ?? undefined;
  const path = pathOnDisk(context);
  const local = path === undefined ? undefined : localCodeOf(path, sourceCode.ast);
  localCodeBySourceCode.set(sourceCode, local ?? null);
  return local;
}

/** Whether the linted file is local code the Lambda advice leaves alone ({@link localCodeOfContext}). */
export function isLocalCode(context: AnyContext): boolean {
  return localCodeOfContext(context) !== undefined;
}

/**
 * Whether the linted file is Lambda code, per `settings['prisma-aurora-fix'].lambda`:
 * `'always'`, `'never'`, or `'auto'` (default): the file imports a Lambda-only package or
 * exports a handler, its package is deployed to Lambda, or a deployment config (SST,
 * Serverless, CDK) names it or its package (docs/lambda-scope.md). Local code
 * (tests, seeds, local scripts) is not, whatever the setting, unless `includeLocalCode`.
 * Computed once per file and shared by every rule that asks.
 */
export function isLambdaCode(context: AnyContext): boolean {
  const { lambda } = readSettings(context);
  if (lambda === 'never' || isLocalCode(context)) return false;
  if (lambda === 'always') return true;
  const sourceCode = context.sourceCode;
  const cached = verdictBySourceCode.get(sourceCode);
  if (cached !== undefined) return cached;
  const path = pathOnDisk(context);
  const verdict =
    fileLooksLikeLambda(lambdaSignalsOf(sourceCode.ast)) ||
    (path !== undefined && (packageLooksLikeLambda(path) || deployedByConfigReason(path) !== undefined));
  verdictBySourceCode.set(sourceCode, verdict);
  return verdict;
}

/**
 * Whether the linted file is Lambda code or the infrastructure code that writes a Lambda's
 * environment (CDK, SST, Serverless: analysis/lambda-scope/deployment-config.ts); a test of a
 * CDK stack is neither.
 */
export function isLambdaOrDeploymentCode(context: AnyContext): boolean {
  if (isLambdaCode(context)) return true;
  return !isLocalCode(context) && isDeploymentConfig(lambdaSignalsOf(context.sourceCode.ast).importSources, context.filename);
}

/**
 * Whether a dotenv file configures Lambda code (docs/lambda-scope.md, "Dotenv files"): its
 * package is deployed to Lambda (what the package shows, or a deployment config that deploys
 * it or names one of its handlers), and neither its name (`.env.local`, `.env.test`,
 * `.env.development`) nor its folder (a test or seed folder) says it only configures local runs.
 * `lambda: 'always'` / `'never'` and `includeLocalCode` apply as to code.
 */
export function isLambdaDotenv(context: AnyContext): boolean {
  const { lambda, includeLocalCode } = readSettings(context);
  if (lambda === 'never') return false;
  const path = pathOnDisk(context);
  if (!includeLocalCode && path !== undefined && (localDotenvReason(path) !== undefined || localCodeOf(path) !== undefined)) return false;
  if (lambda === 'always') return true;
  return path !== undefined && (packageLooksLikeLambda(path) || deployedByConfigReason(path) !== undefined);
}

const infrastructureBySourceCode = new WeakMap<object, boolean>();

/**
 * Whether the linted file is infrastructure code that declares Lambda functions or databases:
 * it imports a deployment framework (CDK, SST, Serverless, Pulumi, CDKTF), is `sst.config.ts` /
 * `serverless.ts`, or is a local module a deployment config imports (SST v3's `infra/*.ts` use
 * the `sst` global and import nothing). Tests and local scripts are not, unless
 * `includeLocalCode`; the `lambda` setting does not apply (these files are not Lambda code).
 */
export function isInfrastructureCode(context: AnyContext): boolean {
  if (isLocalCode(context)) return false;
  const sourceCode = context.sourceCode;
  const cached = infrastructureBySourceCode.get(sourceCode);
  if (cached !== undefined) return cached;
  const path = pathOnDisk(context);
  const verdict =
    isDeploymentConfig(lambdaSignalsOf(sourceCode.ast).importSources, context.filename) ||
    (path !== undefined && deploymentTextsAbove(path).some((text) => text.path === path));
  infrastructureBySourceCode.set(sourceCode, verdict);
  return verdict;
}
