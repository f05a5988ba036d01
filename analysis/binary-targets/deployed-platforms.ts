import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { NON_SOURCE_DIRECTORIES } from '../source-scope.js';
import { DOCKERFILE_NAME, dockerfileInstructions } from '../lambda-scope/package-verdict.js';

/**
 * What the project's infrastructure code says about the Lambda functions it deploys: their
 * CPU architectures and Node.js runtimes, read from the text of the CDK, SST, Serverless
 * Framework, SAM/CloudFormation and Terraform files of the repository. The schema does not
 * say where it runs; these files do.
 *
 * Read below {@link infrastructureRootOf}, cached per folder for the life of the process (an
 * editor restart reads edits), bounded in files and depth.
 */

export type Architecture = 'x86_64' | 'arm64';

export interface DeployedPlatforms {
  /** The architectures the functions run on; both when the code does not say. */
  architectures: Architecture[];
  /** The Node.js majors the code names for its functions (`nodejs18.x`, `Runtime.NODEJS_20_X`), sorted. */
  nodeMajors: number[];
  /** Where the architectures were read: the files, relative to the root, or why both are assumed. */
  evidence: string;
  /**
   * The file that points the functions at an engine it ships itself (`PRISMA_QUERY_ENGINE_LIBRARY`
   * or `_BINARY` in their environment, say to a Lambda layer built in the runtime's image): then
   * the client's own targets are not what runs.
   */
  engineShippedBy?: string;
}

/** Names of infrastructure files whatever their contents. */
const IAC_FILE_NAME =
  /^(?:serverless\.(?:ya?ml|ts|js|cjs|mjs|json)|sst\.config\.[cm]?[jt]s|template\.(?:ya?ml|json)|.+\.template\.(?:ya?ml|json)|.+\.tf)$/;
/** Source files that are infrastructure code: a CDK app, SST (v2 constructs, v3 components), a Pulumi Lambda. */
const IAC_SOURCE_TEXT = /aws-cdk-lib|@aws-cdk\/|sst\/constructs|\bsst\.aws\.|\$config\s*\(|@pulumi\/aws/;
const SOURCE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);
const TEST_FILE = /\.(?:test|spec)\.[cm]?[jt]s$/;

/** `lambda.Architecture.ARM_64`, `architecture: arm64` (Serverless, SST v3), `"arm_64"` (SST v2), SAM/CloudFormation `Architectures: [arm64]`, Terraform `architectures = ["arm64"]`. */
const ARM64 = /Architecture\.ARM_64\b|\barchitectures?['"]?\s*[:=]\s*(?:\[\s*|\r?\n\s*-\s*)?['"]?arm_?64\b/i;
const X86_64 = /Architecture\.X86_64\b|\barchitectures?['"]?\s*[:=]\s*(?:\[\s*|\r?\n\s*-\s*)?['"]?x86_64\b/i;
const NODE_RUNTIME = /Runtime\.NODEJS_(\d+)_X\b|\bnodejs(\d+)\.x\b/g;
/** The environment variables that hand Prisma Client the path of its engine (Prisma's environment variable reference). */
const ENGINE_PATH_VARIABLE = /\bPRISMA_QUERY_ENGINE_(?:LIBRARY|BINARY)\b/;
/** CDK's `Runtime.NODEJS_LATEST` is at least Node 20 in every aws-cdk-lib that still deploys. */
const NODE_LATEST = /Runtime\.NODEJS_LATEST\b/;

const MAX_FILES = 4000;
const MAX_DEPTH = 8;
const MAX_BYTES = 300_000;

interface Scan {
  root: string;
  files: { relative: string; text: string }[];
}

const scanByRoot = new Map<string, Scan>();

/** The entries of a folder, none when it cannot be read. */
function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The folder whose infrastructure code deploys the schema's functions: the nearest folder up
 * from the schema that holds an infrastructure file by name (serverless.yml, sst.config.ts,
 * cdk.json, a SAM template, Terraform), else the repository (the folder holding `.git`), else
 * the topmost folder with a package.json.
 */
export function infrastructureRootOf(filePath: string): string {
  let topPackage: string | undefined;
  for (let dir = dirname(filePath); ; dir = dirname(dir)) {
    const names = namesIn(dir);
    if (names.some((name) => name === 'cdk.json' || IAC_FILE_NAME.test(name))) return dir;
    if (names.includes('.git')) return dir;
    if (names.includes('package.json')) topPackage = dir;
    if (dirname(dir) === dir) return topPackage ?? dirname(filePath);
  }
}

/** Without comments, so `// architecture: lambda.Architecture.ARM_64` does not count. */
function withoutComments(relative: string, text: string): string {
  const yamlLike = /\.(?:ya?ml|tf)$/.test(relative);
  return yamlLike ? text.replace(/^\s*#.*$/gm, '') : text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function scanRepository(root: string): Scan {
  const cached = scanByRoot.get(root);
  if (cached !== undefined) return cached;
  const files: Scan['files'] = [];
  let seen = 0;
  const visit = (dir: string, relative: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (seen++ > MAX_FILES) return;
      const path = join(dir, entry.name);
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        // Dot folders too (Terraform in `.aws/`, seen on a real repository), not git's or build output's.
        if (depth < MAX_DEPTH && entry.name !== '.git' && !NON_SOURCE_DIRECTORIES.has(entry.name)) visit(path, rel, depth + 1);
        continue;
      }
      if (!entry.isFile()) continue;
      const byName = IAC_FILE_NAME.test(entry.name);
      if (!byName && (!SOURCE_EXTENSIONS.has(extname(entry.name)) || TEST_FILE.test(entry.name) || entry.name.endsWith('.d.ts'))) continue;
      if ((statSync(path, { throwIfNoEntry: false })?.size ?? MAX_BYTES + 1) > MAX_BYTES) continue;
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      if (byName || IAC_SOURCE_TEXT.test(text)) files.push({ relative: rel, text: withoutComments(rel, text) });
    }
  };
  visit(root, '', 0);
  const scan = { root, files };
  scanByRoot.set(root, scan);
  return scan;
}

/** The architectures and runtimes the repository holding `filePath` deploys its functions with. */
export function deployedPlatformsOf(filePath: string): DeployedPlatforms {
  const { files } = scanRepository(infrastructureRootOf(filePath));
  const arm = files.filter((file) => ARM64.test(file.text));
  const x86 = files.filter((file) => X86_64.test(file.text));
  const majors = new Set<number>();
  for (const file of files) {
    for (const match of file.text.matchAll(NODE_RUNTIME)) majors.add(Number(match[1] ?? match[2]));
    if (NODE_LATEST.test(file.text)) majors.add(20);
  }
  const nodeMajors = [...majors].sort((a, b) => a - b);
  const names = (list: typeof files): string => list.map((file) => file.relative).join(', ');
  const engineShippedBy = files.find((file) => ENGINE_PATH_VARIABLE.test(file.text))?.relative;
  if (engineShippedBy !== undefined)
    return { architectures: [], nodeMajors, evidence: `engine path set in ${engineShippedBy}`, engineShippedBy };
  if (files.length === 0) {
    return { architectures: ['x86_64', 'arm64'], nodeMajors, evidence: 'no infrastructure code found: both architectures assumed' };
  }
  if (arm.length === 0) {
    // A function without an architecture runs on x86_64, the default of every tool.
    return { architectures: ['x86_64'], nodeMajors, evidence: `x86_64 (the default) in ${names(files.slice(0, 3))}` };
  }
  if (x86.length === 0) return { architectures: ['arm64'], nodeMajors, evidence: `arm64 in ${names(arm)}` };
  return { architectures: ['x86_64', 'arm64'], nodeMajors, evidence: `arm64 in ${names(arm)}, x86_64 in ${names(x86)}` };
}

/**
 * The Dockerfile that installs or generates the client inside a Linux image, beside the
 * schema's package.json or in a folder between it and the schema: there `prisma generate`
 * runs on the platform the function runs on (a container-image Lambda), so `native` is the
 * right target and nothing is missing.
 */
export function imageBuildOf(schemaPath: string, packageDir: string): string | undefined {
  for (let dir = dirname(schemaPath); ; dir = dirname(dir)) {
    const names = namesIn(dir);
    for (const name of names.filter((entry) => DOCKERFILE_NAME.test(entry))) {
      let text: string;
      try {
        text = dockerfileInstructions(readFileSync(join(dir, name), 'utf8'));
      } catch {
        continue;
      }
      if (
        /^\s*FROM\s/im.test(text) &&
        /^\s*RUN\b.*\b(?:npm\s+(?:ci|install|i)\b|yarn\b|pnpm\s+(?:install|i)\b|prisma\s+generate)/im.test(text)
      ) {
        return join(dir, name);
      }
    }
    if (dir === packageDir || dirname(dir) === dir) return undefined;
  }
}

/** Forgets what was read (tests that write projects call it). */
export function clearDeployedPlatformsCache(): void {
  scanByRoot.clear();
}
