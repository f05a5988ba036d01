import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What makes code "Lambda code" for the rules whose hazard only matters inside a Lambda.
 * Documented in README ("What counts as Lambda code"); keep the two in sync.
 */

/** Import sources that only Lambda code uses. */
const LAMBDA_MODULE_SOURCES = new Set([
  'aws-lambda',
  '@types/aws-lambda',
  '@middy/core',
  'middy',
  'serverless-http',
  '@codegenie/serverless-express',
  '@vendia/serverless-express',
  'aws-serverless-express',
  'lambda-api',
]);

/** `@aws-lambda-powertools/logger`, `@aws-lambda-powertools/tracer`, ... */
const LAMBDA_MODULE_PREFIXES = ['@aws-lambda-powertools/', '@middy/'];

/** True for an import/require source that marks its file as Lambda code. */
export function isLambdaModuleSource(source: string): boolean {
  return LAMBDA_MODULE_SOURCES.has(source) || LAMBDA_MODULE_PREFIXES.some((prefix) => source.startsWith(prefix));
}

/** Export names Lambda's Node.js runtime is conventionally pointed at (`index.handler`). */
export function isHandlerExportName(name: string): boolean {
  return name === 'handler' || /^[a-z][A-Za-z0-9]*Handler$/.test(name) || name === 'lambdaHandler';
}

/** What a file itself shows, gathered by the caller from its AST. */
export interface LambdaFileSignals {
  /** Sources of `import ... from`, `export ... from`, `require()` and `import()` with a literal. */
  importSources: readonly string[];
  /** Names the module exports (`export const handler`, `exports.handler = ...`). */
  exportedNames: readonly string[];
}

export function fileLooksLikeLambda(signals: LambdaFileSignals): boolean {
  return signals.importSources.some(isLambdaModuleSource) || signals.exportedNames.some(isHandlerExportName);
}

/** Dockerfile lines that deploy the package to Lambda: an AWS Lambda base image or the Lambda Web Adapter. */
const LAMBDA_DOCKERFILE = /public\.ecr\.aws\/(?:lambda\/|awsguru\/aws-lambda-adapter)|aws-lambda-adapter|aws-lambda-ric|AWS_LWA_/;

const packageVerdictByDir = new Map<string, boolean>();

function manifestLooksLikeLambda(manifestPath: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
    const names = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((field) => {
      const deps = manifest[field];
      return typeof deps === 'object' && deps !== null ? Object.keys(deps) : [];
    });
    return names.some(isLambdaModuleSource);
  } catch {
    return false;
  }
}

function dockerfilesLookLikeLambda(dir: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return false;
  }
  return entries
    .filter((name) => /^Dockerfile(\..+)?$|\.Dockerfile$/i.test(name))
    .some((name) => {
      try {
        return LAMBDA_DOCKERFILE.test(readFileSync(join(dir, name), 'utf8'));
      } catch {
        return false;
      }
    });
}

/**
 * Whether the package a file belongs to (its nearest package.json) is deployed to Lambda:
 * it depends on Lambda-only packages, or a Dockerfile beside the package.json builds a
 * Lambda image or adds the Lambda Web Adapter (a Next.js app served from Lambda). Cached per
 * package folder for the life of the process, as ESLint lints many files of one package.
 */
export function packageLooksLikeLambda(filePath: string): boolean {
  let dir = dirname(filePath);
  for (;;) {
    const cached = packageVerdictByDir.get(dir);
    if (cached !== undefined) return cached;
    const manifestPath = join(dir, 'package.json');
    if (existsSync(manifestPath)) {
      const verdict = manifestLooksLikeLambda(manifestPath) || dockerfilesLookLikeLambda(dir);
      packageVerdictByDir.set(dir, verdict);
      return verdict;
    }
    const parent = dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}

/** Forgets cached package verdicts (tests that rewrite a package.json call it). */
export function clearLambdaPackageCache(): void {
  packageVerdictByDir.clear();
}
