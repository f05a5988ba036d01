import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/**
 * What makes code "Lambda code" for the rules whose hazard only matters inside a Lambda.
 * docs/lambda-scope.md lists exactly what counts; keep the two in sync.
 */

/** Import sources that only Lambda code uses. */
const LAMBDA_MODULE_SOURCES = new Set([
  'aws-lambda',
  '@types/aws-lambda',
  'middy',
  'serverless-http',
  '@codegenie/serverless-express',
  '@vendia/serverless-express',
  'aws-serverless-express',
  'lambda-api',
  '@hono/aws-lambda',
  'hono/aws-lambda',
  '@fastify/aws-lambda',
  'aws-lambda-fastify',
]);

/** `@aws-lambda-powertools/logger`, `@middy/core`, `@middy/http-json-body-parser`, ... */
const LAMBDA_MODULE_PREFIXES = ['@aws-lambda-powertools/', '@middy/'];

/**
 * package.json dependencies that deploy the package to Lambda without the code importing
 * anything Lambda-specific: the Serverless Framework, OpenNext (Next.js on Lambda) and the
 * Lambda runtime interface client a container image starts.
 */
const LAMBDA_DEPLOY_PACKAGES = new Set([
  'serverless',
  'osls',
  'serverless-offline',
  'serverless-esbuild',
  'serverless-webpack',
  'serverless-plugin-typescript',
  '@opennextjs/aws',
  'open-next',
  'aws-lambda-ric',
]);

/** True for an import/require source that marks its file as Lambda code. */
export function isLambdaModuleSource(source: string): boolean {
  return LAMBDA_MODULE_SOURCES.has(source) || LAMBDA_MODULE_PREFIXES.some((prefix) => source.startsWith(prefix));
}

/**
 * Export names that make a file a handler whatever their shape: `handler` is what Lambda's
 * Node.js runtime is pointed at by default (`index.handler`, CDK's `NodejsFunction`, SAM).
 */
export function isHandlerExportName(name: string): boolean {
  return name === 'handler' || name === 'lambdaHandler';
}

/** `event`, `_event`, `evt`: the first parameter of a Lambda handler. */
const EVENT_PARAMETER = /^_*(?:event|evt|lambdaEvent)$/;
/** `context`, `_context`, `ctx`: its second parameter. */
const CONTEXT_PARAMETER = /^_*(?:context|ctx|lambdaContext)$/;

/** An exported function as Lambda would see it: its export name and its parameter names. */
export interface ExportedFunctionSignal {
  name: string;
  /** Parameter names in order; `undefined` for a destructured or otherwise unnamed parameter. */
  parameterNames: readonly (string | undefined)[];
}

/**
 * Whether an exported function has a handler's shape: `main` or `...Handler` taking an
 * `event` first (SST's `main`, `createUserHandler(event)`), or any name taking `(event,
 * context)` (Serverless Framework handlers are named freely). Express's `errorHandler(err,
 * req, res, next)` and React's `onClick(event)` do not match.
 */
export function isHandlerShapedExport(fn: ExportedFunctionSignal): boolean {
  const [first, second] = fn.parameterNames;
  if (first === undefined || !EVENT_PARAMETER.test(first)) return false;
  if (fn.name === 'main' || /^[a-z][A-Za-z0-9]*Handler$/.test(fn.name)) return true;
  return second !== undefined && CONTEXT_PARAMETER.test(second);
}

/** What a file itself shows, gathered by the caller from its AST. */
export interface LambdaFileSignals {
  /** Sources of `import ... from`, `export ... from`, `import x = require()`, `require()` and `import()` with a literal. */
  importSources: readonly string[];
  /** Names the module exports (`export const handler`, `exports.handler = ...`). */
  exportedNames: readonly string[];
  /** Exported functions with their parameter names, for the handler-shape test. */
  exportedFunctions?: readonly ExportedFunctionSignal[];
  /** Packages named by `/// <reference types="..." />` directives. */
  referencedTypes?: readonly string[];
}

export function fileLooksLikeLambda(signals: LambdaFileSignals): boolean {
  return (
    signals.importSources.some(isLambdaModuleSource) ||
    (signals.referencedTypes ?? []).some((name) => name === 'aws-lambda') ||
    signals.exportedNames.some(isHandlerExportName) ||
    (signals.exportedFunctions ?? []).some(isHandlerShapedExport)
  );
}

/**
 * Dockerfile instructions that deploy the package to Lambda: an AWS Lambda base image (also
 * its Docker Hub mirror), the Lambda Web Adapter (image, extension path or its `AWS_LWA_`
 * settings: a Next.js or Express app served from Lambda) or the runtime interface client.
 */
const LAMBDA_DOCKERFILE =
  /public\.ecr\.aws\/lambda\/|amazon\/aws-lambda-|public\.ecr\.aws\/awsguru\/aws-lambda-adapter|aws-lambda-adapter|\/opt\/extensions\/lambda-adapter|\bAWS_LWA_|aws-lambda-ric|awslambdaric/;

const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.(?:Dockerfile|Containerfile)$/i;
const SERVERLESS_CONFIG_NAME = /^serverless\.(?:ya?ml|ts|js|cjs|mjs|json)$/;
const SAM_TEMPLATE_NAME = /^template\.(?:ya?ml|json)$/;
const OPEN_NEXT_CONFIG_NAME = /^open-next\.config\.(?:ts|js|mjs|cjs)$/;

/** A Dockerfile's text without its comment lines, so `# FROM public.ecr.aws/lambda/...` does not count. */
function dockerfileInstructions(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
}

interface Manifest {
  name?: unknown;
  workspaces?: unknown;
  [field: string]: unknown;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

function readManifest(manifestPath: string): Manifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(manifestPath, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A package.json that only marks a folder's module format (`{"type": "module"}` in `src/` or
 * `dist/`) is not a package: the files below it belong to the package above.
 */
function isPackageManifest(manifest: Manifest): boolean {
  return typeof manifest.name === 'string' || manifest.workspaces !== undefined || DEPENDENCY_FIELDS.some((field) => field in manifest);
}

function dependencyNames(manifest: Manifest): string[] {
  return DEPENDENCY_FIELDS.flatMap((field) => {
    const deps = manifest[field];
    return typeof deps === 'object' && deps !== null ? Object.keys(deps) : [];
  });
}

function manifestLooksLikeLambda(manifest: Manifest): boolean {
  return dependencyNames(manifest).some((name) => isLambdaModuleSource(name) || LAMBDA_DEPLOY_PACKAGES.has(name));
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every file whose change can flip a package's verdict, with its modification time. */
type Fingerprint = [path: string, mtimeMs: number][];

function mtimeOf(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;
}

/**
 * Whether files beside the manifest deploy the package to Lambda: a Lambda Dockerfile, a
 * Serverless Framework config, a SAM template with a Lambda function, an OpenNext config.
 * Every file read is added to `fingerprint`.
 */
function siblingsLookLikeLambda(dir: string, fingerprint: Fingerprint): boolean {
  let verdict = false;
  for (const name of listDir(dir)) {
    const path = join(dir, name);
    if (SERVERLESS_CONFIG_NAME.test(name) || OPEN_NEXT_CONFIG_NAME.test(name)) {
      verdict = true;
    } else if (DOCKERFILE_NAME.test(name)) {
      fingerprint.push([path, mtimeOf(path)]);
      const text = readText(path);
      if (text !== undefined && LAMBDA_DOCKERFILE.test(dockerfileInstructions(text))) verdict = true;
    } else if (SAM_TEMPLATE_NAME.test(name)) {
      fingerprint.push([path, mtimeOf(path)]);
      const text = readText(path);
      if (text !== undefined && /AWS::Serverless::Function|AWS::Lambda::Function/.test(text)) verdict = true;
    }
  }
  return verdict;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A monorepo often builds an app's image from a Dockerfile at the workspace root
 * (`COPY apps/web ./`, `turbo prune web --docker`). Such a Dockerfile counts for the package
 * only when it is a Lambda Dockerfile and names the package's folder or its name.
 */
function ancestorDockerfilesNamePackage(packageDir: string, packageName: string | undefined, fingerprint: Fingerprint): boolean {
  const workspaceRoot = findWorkspaceRoot(packageDir);
  if (workspaceRoot === undefined) return false;
  let dir = dirname(packageDir);
  for (;;) {
    fingerprint.push([dir, mtimeOf(dir)]);
    const packagePath = relative(dir, packageDir).split(sep).join('/');
    const namesPackage = new RegExp(
      `(?:^|[\\s"'=/])\\.?/?${escapeRegExp(packagePath)}(?:$|[\\s"'/])` +
        (packageName === undefined
          ? ''
          : `|\\bprune\\s+(?:--\\S+\\s+)*${escapeRegExp(packageName)}(?:$|\\s)|(?:--filter[=\\s]|-F\\s)["']?${escapeRegExp(packageName)}(?:$|[\\s"'.])`),
      'm',
    );
    for (const name of listDir(dir).filter((entry) => DOCKERFILE_NAME.test(entry))) {
      const path = join(dir, name);
      fingerprint.push([path, mtimeOf(path)]);
      const text = readText(path);
      if (text === undefined) continue;
      const instructions = dockerfileInstructions(text);
      if (LAMBDA_DOCKERFILE.test(instructions) && namesPackage.test(instructions)) return true;
    }
    if (dir === workspaceRoot) return false;
    dir = dirname(dir);
  }
}

/** The nearest ancestor folder that declares workspaces (npm/yarn `workspaces`, pnpm, Lerna). */
function findWorkspaceRoot(packageDir: string): string | undefined {
  let dir = dirname(packageDir);
  for (;;) {
    const names = listDir(dir);
    if (names.includes('pnpm-workspace.yaml') || names.includes('lerna.json')) return dir;
    if (names.includes('package.json')) {
      const manifest = readManifest(join(dir, 'package.json'));
      if (manifest?.workspaces !== undefined) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

interface PackageVerdict {
  lambda: boolean;
  fingerprint: Fingerprint;
}

/** Folder -> folder of the package it belongs to (`null`: none up to the filesystem root). */
const packageDirByDir = new Map<string, string | null>();
/** Package folder -> verdict, valid while its fingerprint is unchanged. */
const verdictByPackageDir = new Map<string, PackageVerdict>();

function findPackageDir(startDir: string): string | null {
  const visited: string[] = [];
  let dir = startDir;
  let found: string | null = null;
  for (;;) {
    const cached = packageDirByDir.get(dir);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(dir);
    const manifest = readManifest(join(dir, 'package.json'));
    if (manifest !== undefined && isPackageManifest(manifest)) {
      found = dir;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const visitedDir of visited) packageDirByDir.set(visitedDir, found);
  return found;
}

function fingerprintUnchanged(fingerprint: Fingerprint): boolean {
  return fingerprint.every(([path, mtimeMs]) => mtimeOf(path) === mtimeMs);
}

function judgePackage(packageDir: string): PackageVerdict {
  const manifestPath = join(packageDir, 'package.json');
  const fingerprint: Fingerprint = [
    [manifestPath, mtimeOf(manifestPath)],
    [packageDir, mtimeOf(packageDir)],
  ];
  const manifest = readManifest(manifestPath) ?? {};
  const packageName = typeof manifest.name === 'string' ? manifest.name : undefined;
  // Evaluate every source, so the fingerprint covers each file that could flip the verdict.
  const byManifest = manifestLooksLikeLambda(manifest);
  const bySiblings = siblingsLookLikeLambda(packageDir, fingerprint);
  const byAncestors = !byManifest && !bySiblings && ancestorDockerfilesNamePackage(packageDir, packageName, fingerprint);
  return { lambda: byManifest || bySiblings || byAncestors, fingerprint };
}

/**
 * Whether the package a file belongs to (its nearest package.json that names a package or
 * lists dependencies) is deployed to Lambda: it depends on a Lambda-only or Lambda-deploying
 * package, or a file beside its package.json deploys it (a Dockerfile with a Lambda base
 * image or the Lambda Web Adapter, serverless.yml, a SAM template, open-next.config), or a
 * Lambda Dockerfile up to the workspace root names its folder. A workspace root's own
 * dependencies do not spill into its packages.
 *
 * Cached per package folder, as ESLint lints many files of one package; the cache
 * revalidates against the modification times of the files it read, so a long-running
 * editor integration sees an edited package.json or Dockerfile.
 */
export function packageLooksLikeLambda(filePath: string): boolean {
  const packageDir = findPackageDir(dirname(filePath));
  if (packageDir === null) return false;
  const cached = verdictByPackageDir.get(packageDir);
  if (cached !== undefined && fingerprintUnchanged(cached.fingerprint)) return cached.lambda;
  const judged = judgePackage(packageDir);
  verdictByPackageDir.set(packageDir, judged);
  return judged.lambda;
}

/** Forgets cached package folders and verdicts (tests that create or move package.json files call it). */
export function clearLambdaPackageCache(): void {
  packageDirByDir.clear();
  verdictByPackageDir.clear();
}
