import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { nearestPackage } from '../package/nearest-package.js';
import { filesRunByCommand } from './script-command.js';

/**
 * Files a deployment config points Lambda at, read from the config's text: the handler strings
 * of SST (v2 and v3: `handler: "packages/functions/src/api.handler"`,
 * `api.route("GET /", "src/get.handler")`), the Serverless Framework (`handler:
 * src/users.create`) and CDK (`entry: 'lambda/api.ts'`), and the server-rendered sites SST
 * deploys to Lambda (`new sst.aws.Nextjs("Web", { path: "packages/web" })`, `NextjsSite`). A
 * handler's package is deployed with it; a site's whole package is. Only strings that name an
 * existing file count, so `"rate(1 minute)"` or a domain name never does.
 * docs/lambda-scope.md ("What a deployment config names") lists what counts.
 */

const SST_CONFIG = /^sst\.config\.[cm]?[jt]s$/;
const SERVERLESS_CONFIG = /^serverless\.(?:ya?ml|ts|js|cjs|mjs|json)$/;
const CDK_CONFIG = 'cdk.json';

/** SST components that serve a framework's server side from Lambda (v3 `sst.aws.*`, v2 `*Site`). */
const LAMBDA_SITE =
  /\b(?:sst\.aws\.(?:Nextjs|Remix|Astro|SvelteKit|SolidStart|Nuxt|Analog|TanStackStart|React)|(?:Nextjs|Remix|Astro|SvelteKit|SolidStart)Site)\s*\(/g;

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** `src/api.handler`, `./packages/functions/src/users/[id].get.main`: a module path and an export name. */
const HANDLER_STRING = /^((?:\.{1,2}\/)?[\w@$[\]-][\w@$[\].\/-]*)\.([A-Za-z_$][\w$]*)$/;
const SOURCE_PATH = /\.[cm]?[jt]sx?$/;
/** Local modules a config pulls in (SST's `await import("./infra/api")`, `from './stacks'`). */
const LOCAL_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)(["'])(\.{1,2}\/[^"']+)\1/gm;
/** How many files of one app a config's imports are followed to (an `infra/` folder, a CDK app's stacks). */
const MAX_CONFIG_FILES = 60;

export interface DeployedTargets {
  /** Handler files, absolute. */
  handlerFiles: Set<string>;
  /** Package folders deployed to Lambda: a handler's package, a site's folder. */
  packageDirs: Set<string>;
}

type Fingerprint = [path: string, mtimeMs: number][];

function mtimeOf(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? -1;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The source file a module path names: as written, with a source extension, or its `index`. */
function resolveModule(base: string): string | undefined {
  if (SOURCE_PATH.test(base) && isFile(base)) return base;
  // `./stacks/db.js` written for a `.ts` file (TypeScript's ESM convention).
  const withoutJs = base.replace(/\.[cm]?js$/, '');
  for (const candidate of [base, withoutJs]) {
    for (const extension of SOURCE_EXTENSIONS) {
      if (isFile(candidate + extension)) return candidate + extension;
      if (isFile(join(candidate, `index${extension}`))) return join(candidate, `index${extension}`);
    }
  }
  return undefined;
}

function isInside(dir: string, path: string): boolean {
  const inside = relative(dir, path);
  return inside !== '' && !inside.startsWith(`..${sep}`) && inside !== '..' && !/^[a-zA-Z]:|^\//.test(inside);
}

/** The config's own text and the local modules it imports, inside the app folder, depth first. */
function configTexts(entry: string, appDir: string, fingerprint: Fingerprint): { path: string; text: string }[] {
  const texts: { path: string; text: string }[] = [];
  const pending = [entry];
  const seen = new Set<string>();
  while (pending.length > 0 && texts.length < MAX_CONFIG_FILES) {
    const path = pending.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    fingerprint.push([path, mtimeOf(path)]);
    const text = readText(path);
    if (text === undefined) continue;
    texts.push({ path, text });
    for (const match of text.matchAll(LOCAL_IMPORT)) {
      const target = resolveModule(resolve(dirname(path), match[2]!));
      if (target !== undefined && isInside(appDir, target) && !target.split(sep).includes('node_modules')) pending.push(target);
    }
  }
  return texts;
}

/**
 * String literals of a text that are not import specifiers, with no `${}` in them, and the
 * unquoted `handler:` values of a YAML config (`handler: src/users.create`).
 */
function stringLiterals(text: string): string[] {
  const values = [...text.matchAll(/^\s*-?\s*handler:\s*([^"'`\s#]+)\s*(?:#.*)?$/gm)].map((match) => match[1]!);
  for (const match of text.matchAll(/(["'`])([^"'`\n]{1,300})\1/g)) {
    const before = text.slice(Math.max(0, match.index - 10), match.index);
    if (/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)$/.test(before)) continue;
    if (match[1] === '`' && match[2]!.includes('${')) continue;
    values.push(match[2]!);
  }
  return values;
}

/**
 * What one config text names. A handler string (`src/api.handler`) is read against the app
 * folder, as SST and the Serverless Framework resolve it; a path with an extension (CDK's
 * `entry: path.join(__dirname, '../functions/api.ts')`) against the text's own folder too. A
 * handler's package is deployed with it, unless it is the config's own package: CDK apps keep
 * small handlers beside their stacks, which does not make the stacks Lambda code.
 */
function collectTargets(text: string, textPath: string, appDir: string, targets: DeployedTargets): void {
  const configPackage = nearestPackage(join(appDir, 'package.json')).dir;
  for (const value of stringLiterals(text)) {
    const isPath = SOURCE_PATH.test(value);
    const modulePath = isPath ? value : HANDLER_STRING.exec(value)?.[1];
    if (modulePath === undefined || modulePath.includes('node_modules')) continue;
    for (const base of isPath ? [appDir, dirname(textPath)] : [appDir]) {
      const file = resolveModule(resolve(base, modulePath));
      // `handler: 'index.handler'` beside `Code.fromInline(...)` in a construct's own index.ts.
      if (file === undefined || file === textPath) continue;
      targets.handlerFiles.add(file);
      const handlerPackage = nearestPackage(file).dir;
      if (handlerPackage !== configPackage) targets.packageDirs.add(handlerPackage);
      break;
    }
  }
  for (const match of text.matchAll(LAMBDA_SITE)) {
    // The component's own arguments: up to the next `new ` (the next component) or 800 characters.
    const rest = text.slice(match.index + match[0].length, match.index + match[0].length + 800);
    const own = rest.split(/\bnew\s/)[0]!;
    const path = /\bpath\s*:\s*(["'`])([^"'`$]+)\1/.exec(own)?.[2] ?? '.';
    targets.packageDirs.add(resolve(appDir, path));
  }
}

interface ConfigVerdict {
  targets: DeployedTargets;
  /** The config's own text and the local modules it imports (the app's infrastructure code). */
  texts: readonly ConfigText[];
  fingerprint: Fingerprint;
}

/** One file of a deployment config's app: the config or a local module it imports. */
export interface ConfigText {
  path: string;
  text: string;
}

const verdictByConfig = new Map<string, ConfigVerdict>();

/** What a config file (sst.config.*, serverless.*, cdk.json) deploys to Lambda, and the texts it was read from. */
function verdictOfConfig(configPath: string): ConfigVerdict {
  const cached = verdictByConfig.get(configPath);
  if (cached !== undefined && cached.fingerprint.every(([path, mtimeMs]) => mtimeOf(path) === mtimeMs)) return cached;
  const appDir = dirname(configPath);
  const fingerprint: Fingerprint = [[configPath, mtimeOf(configPath)]];
  const targets: DeployedTargets = { handlerFiles: new Set(), packageDirs: new Set() };
  let entries: string[] = [configPath];
  if (configPath.endsWith(CDK_CONFIG)) {
    // cdk.json's `app` is the command that runs the CDK app: its entry file and what it imports hold the stacks.
    let app: unknown;
    try {
      app = (JSON.parse(readText(configPath) ?? '{}') as { app?: unknown }).app;
    } catch {
      app = undefined;
    }
    entries = typeof app === 'string' ? filesRunByCommand(app).map((file) => resolve(appDir, file)) : [];
  }
  const texts: ConfigText[] = [];
  for (const entry of entries) {
    for (const configText of configTexts(entry, appDir, fingerprint)) {
      texts.push(configText);
      collectTargets(configText.text, configText.path, appDir, targets);
    }
  }
  const verdict = { targets, texts, fingerprint };
  verdictByConfig.set(configPath, verdict);
  return verdict;
}

/** Deployment configs in `dir` (by name). */
function configsIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => SST_CONFIG.test(name) || SERVERLESS_CONFIG.test(name) || name === CDK_CONFIG)
    .map((name) => join(dir, name));
}

const configsByDir = new Map<string, { mtimeMs: number; configs: string[] }>();

function cachedConfigsIn(dir: string): string[] {
  const mtimeMs = mtimeOf(dir);
  const cached = configsByDir.get(dir);
  if (cached !== undefined && cached.mtimeMs === mtimeMs) return cached.configs;
  const configs = configsIn(dir);
  configsByDir.set(dir, { mtimeMs, configs });
  return configs;
}

/**
 * Why a deployment config makes the file Lambda code, or `undefined`: a config in the file's
 * folder or any folder above it, up to the repository root, names it as a handler, names a
 * handler in the same package, or deploys the package as a server-rendered site.
 */
export function deployedByConfigReason(filePath: string): string | undefined {
  const found = deploymentOf(filePath);
  if (found === undefined) return undefined;
  return `${found.config} ${found.kind === 'handler' ? 'names it as a Lambda handler' : 'deploys its package to Lambda'}`;
}

/**
 * The deployment config that names this very file as a Lambda handler, if any: such a file is
 * deployed whatever its name says (a `seed.ts` a `serverless.yml` function points at).
 */
export function configNamingHandler(filePath: string): string | undefined {
  const found = deploymentOf(filePath, true);
  return found?.kind === 'handler' ? found.config : undefined;
}

function deploymentOf(filePath: string, handlersOnly = false): { kind: 'handler' | 'package'; config: string } | undefined {
  const packageDir = nearestPackage(filePath).dir;
  let dir = dirname(filePath);
  for (;;) {
    for (const config of cachedConfigsIn(dir)) {
      const { targets } = verdictOfConfig(config);
      const name = relative(dirname(filePath), config).split(sep).join('/');
      if (targets.handlerFiles.has(filePath)) return { kind: 'handler', config: name };
      if (!handlersOnly && targets.packageDirs.has(packageDir)) return { kind: 'package', config: name };
    }
    const parent = dirname(dir);
    if (parent === dir || mtimeOf(join(dir, '.git')) !== -1) return undefined;
    dir = parent;
  }
}

/**
 * The infrastructure code of the deployment configs in the file's folder and the folders above
 * it, up to the repository root: each config and the local modules it imports, as read for
 * {@link deployedByConfigReason} (so an infrastructure check can look at the whole app, e.g.
 * for the database cluster a stack in another file defines).
 */
export function deploymentTextsAbove(filePath: string): readonly ConfigText[] {
  const texts: ConfigText[] = [];
  let dir = dirname(filePath);
  for (;;) {
    for (const config of cachedConfigsIn(dir)) texts.push(...verdictOfConfig(config).texts);
    const parent = dirname(dir);
    if (parent === dir || mtimeOf(join(dir, '.git')) !== -1) return texts;
    dir = parent;
  }
}

/** Forgets cached configs (tests that rewrite configs in place call it). */
export function clearDeployedByConfigCache(): void {
  verdictByConfig.clear();
  configsByDir.clear();
}
