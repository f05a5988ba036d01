import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { isLambdaModuleSource } from './file-signals.js';

/**
 * Whether a file's package is deployed to Lambda, from what sits beside its package.json:
 * its dependencies, a Lambda Dockerfile, a Serverless or SAM config, an OpenNext config.
 * docs/lambda-scope.md lists exactly what counts; keep the two in sync.
 */

/**
 * package.json dependencies that deploy the package to Lambda without the code importing
 * anything Lambda-specific: the Serverless Framework, SST (v1 to v3: its functions and
 * server-rendered sites run on Lambda; an SST package imports `Resource` from `sst` at run
 * time), OpenNext (Next.js on Lambda) and the Lambda runtime interface client a container
 * image starts.
 */
const LAMBDA_DEPLOY_PACKAGES = new Set([
  'sst',
  '@serverless-stack/cli',
  '@serverless-stack/resources',
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

/**
 * Dockerfile instructions that deploy the package to Lambda: an AWS Lambda base image (also
 * its Docker Hub mirror), the Lambda Web Adapter (image, extension path or its `AWS_LWA_`
 * settings: a Next.js or Express app served from Lambda) or the runtime interface client.
 */
const LAMBDA_DOCKERFILE =
  /public\.ecr\.aws\/lambda\/|amazon\/aws-lambda-|public\.ecr\.aws\/awsguru\/aws-lambda-adapter|aws-lambda-adapter|\/opt\/extensions\/lambda-adapter|\bAWS_LWA_|aws-lambda-ric|awslambdaric/;

export const DOCKERFILE_NAME = /^(?:Dockerfile|Containerfile)(?:\..+)?$|\.(?:Dockerfile|Containerfile)$/i;
const SERVERLESS_CONFIG_NAME = /^serverless\.(?:ya?ml|ts|js|cjs|mjs|json)$/;
const SAM_TEMPLATE_NAME = /^template\.(?:ya?ml|json)$/;
const OPEN_NEXT_CONFIG_NAME = /^open-next\.config\.(?:ts|js|mjs|cjs)$/;

/** A Dockerfile's text without its comment lines, so `# FROM public.ecr.aws/lambda/...` does not count. */
export function dockerfileInstructions(text: string): string {
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
