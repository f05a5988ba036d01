import { lstat, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ownPackage } from '../analysis/package/own-package.js';
import { prismaMajorVersion } from '../analysis/package/prisma-version.js';
import { redactOutput } from './redact-output.js';
import { enableCompileCache } from './compile-cache.js';
import type { OriginalFile } from './atomic-write.js';
import { fixCommand, type RunArguments } from './cli-args.js';
import { discoverFiles, UsageError, type Root } from './discover.js';
import { gitDirtyFiles } from './git.js';
import { isModulePackage, nearestPackage, packageDependsOn } from '../analysis/package/nearest-package.js';
import { isGeneratedSource, mightNeedAFix } from './prefilter.js';
import { createProgress, formatHumanReport, type Report, type ReportedFile } from './report.js';
import { decodeSource, encodeSource, type SourceText } from './source-text.js';
import { DEFAULT_RUNTIME_IMPORT, type AuroraTransform, type AuroraTransformOptions } from '../codemods/lib/transform.js';
import { TRANSFORM_IDS } from '../codemods/transform-ids.js';
import { partsOf, rulesForTransforms, type RuleId } from '../rules/registry.js';
import { EslintConfigError, ProjectEslintConfigs, type RuleConfigForFile } from './eslint-config.js';
import type { Finding } from './lint-findings.js';
import { reportFindings } from './findings.js';
import { VENDOR_PLACEHOLDER, vendoredFileFor, vendoredRuntimeVersion, vendoredSpecifier, type VendorFormat } from './vendor.js';
import type { VerifyResult } from './verify.js';

/**
 * One run of the CLI: find the files, transform each in memory (a file that fails is left
 * untouched and reported), place the vendored runtime, type-check with `--verify`, then, only
 * when writing, check the git tree and write every changed file atomically. Heavy modules
 * (the transforms, jscodeshift, TypeScript, ts-morph) load only when a step needs them.
 */

export interface RunIo {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * A file's state through the run: what the report says of it (with an absolute path), plus
 * the texts; `afterText` is set for a file the fix changes.
 */
interface FileState extends Omit<ReportedFile, 'diff'> {
  source?: SourceText;
  original?: OriginalFile;
  /** LF text before and after (for diffs and --verify). */
  beforeText?: string;
  afterText?: string;
  /** What goes to disk: the file's own BOM and line endings. */
  afterBytes?: string;
  /** The config that names none of our rules, when the file was checked with the recommended defaults. */
  usedRecommendedDefaults?: string | undefined;
}

export interface RunOptions {
  /** The transforms by id, in order; the registry (codemods/index.ts) unless a test passes its own. */
  transforms?: Record<string, AuroraTransform>;
}

/**
 * The transforms, loaded on first use: they load TypeScript's parser (~0.7 s), which a run
 * whose files all fail the text prefilter (a pre-commit hook on unrelated files) never needs.
 */
export interface TransformRegistry {
  ids: readonly string[];
  load(): Promise<Record<string, AuroraTransform>>;
  /**
   * True for the package's own transforms: they fix the findings of the rules (rules/registry.ts),
   * which the run gets by linting each candidate. A test's own registry runs without findings.
   */
  fixesRuleFindings: boolean;
}

function registryOf(transforms: Record<string, AuroraTransform> | undefined): TransformRegistry {
  if (transforms !== undefined) return { ids: Object.keys(transforms), load: async () => transforms, fixesRuleFindings: false };
  let loaded: Promise<Record<string, AuroraTransform>> | undefined;
  return {
    ids: TRANSFORM_IDS,
    load: () => (loaded ??= import('../codemods/index.js').then((module) => module.transforms)),
    fixesRuleFindings: true,
  };
}

/** What a run lints each candidate with: the rules its transforms fix (and, in a full run, the rest), per the project's config. */
interface RuleCheck {
  ruleIds: readonly RuleId[];
  configs: ProjectEslintConfigs;
}

/**
 * The atomic writer, loaded when a run writes (a `--check` hook never does): kept here so an
 * interrupt can remove its pending temporary files synchronously.
 */
let atomicWrite: typeof import('./atomic-write.js') | undefined;

export async function runCli(args: RunArguments, io: RunIo, options: RunOptions = {}): Promise<number> {
  const cleanUp = (signal: NodeJS.Signals): void => {
    atomicWrite?.removePendingTemporaryFiles();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', cleanUp);
  process.once('SIGTERM', cleanUp);
  try {
    return await run(args, io, registryOf(options.transforms));
  } finally {
    process.removeListener('SIGINT', cleanUp);
    process.removeListener('SIGTERM', cleanUp);
  }
}

async function run(args: RunArguments, io: RunIo, transforms: TransformRegistry): Promise<number> {
  const started = Date.now();
  const usageError = (message: string): number => {
    if (args.json) io.stdout.write(`${toJson({ schemaVersion: 1, error: message, exitCode: 2 })}\n`);
    else io.stderr.write(`prisma-aurora-fix: ${redactOutput(message)}\n`);
    return 2;
  };

  const allIds = transforms.ids;
  if (args.transformIds !== undefined) {
    const unknown = args.transformIds.filter((id) => !allIds.includes(id));
    if (unknown.length > 0) {
      return usageError(
        `unknown transform${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `'${id}'`).join(', ')}. Valid transforms: ${allIds.join(', ') || '(none registered)'}`,
      );
    }
  }
  // Registry order, whatever order they were typed in: log removal must run first.
  const selectedIds = args.transformIds === undefined ? allIds : allIds.filter((id) => args.transformIds!.includes(id));

  let discovery;
  try {
    discovery = await discoverFiles(args.paths, io.cwd);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    throw error;
  }

  const states: FileState[] = discovery.skipped.map((skip) => ({ path: skip.path, status: 'skipped', transforms: [], reason: skip.reason, quiet: skip.quiet }));
  const vendoredByPackage = new Map<string, string>();
  const ruleCheck: RuleCheck | undefined = transforms.fixesRuleFindings
    ? { ruleIds: rulesForTransforms(selectedIds, allIds), configs: new ProjectEslintConfigs(args.eslintConfig) }
    : undefined;
  const progress = createProgress(io.stderr, discovery.files.length, (path) => displayPath(io.cwd, path));
  const configsUsingDefaults = new Set<string>();
  try {
    for (const [index, candidate] of discovery.files.entries()) {
      progress.update(index, candidate.path);
      const state = await transformFile(candidate.path, selectedIds, transforms, args.vendor, ruleCheck, io.cwd);
      if (state.reason === VENDORED_REASON) vendoredByPackage.set(nearestPackage(state.path).dir, state.path);
      if (state.usedRecommendedDefaults !== undefined) configsUsingDefaults.add(state.usedRecommendedDefaults);
      states.push(state);
    }
  } catch (error) {
    if (!(error instanceof EslintConfigError)) throw error;
    progress.done();
    return usageError(`cannot load the ESLint config ${displayPath(io.cwd, error.configPath)}: ${error.reason}. Fix it, or rerun with --no-eslint-config to check with the recommended rule settings; nothing was written`);
  }
  progress.done();

  const notes: string[] = [];
  for (const configPath of configsUsingDefaults) {
    notes.push(
      `${displayPath(io.cwd, configPath)} turns on none of prisma-aurora-fix's rules: the files it configures were checked with the recommended settings (add prismaAuroraFix.configs.recommended to it, so ESLint reports what the CLI fixes)`,
    );
  }
  if (args.vendor) {
    try {
      await placeVendoredRuntime(states, vendoredByPackage, io.cwd);
    } catch (error) {
      return usageError((error as Error).message);
    }
  } else {
    notes.push(...missingRuntimeNotes(states, io.cwd));
  }

  const changed = states.filter((state) => state.status === 'changed');
  let verify: VerifyResult | undefined;
  let runError: string | undefined;
  if (args.verify && changed.length > 0) {
    enableCompileCache();
    const { verifyChanges } = await import('./verify.js');
    try {
      verify = await verifyChanges(changed.map((state) => ({ path: state.path, before: state.created ? undefined : state.beforeText!, after: state.afterText! })));
    } catch (error) {
      // A tsconfig.json TypeScript cannot load, say: the fix is unverified, so nothing is written.
      runError = `--verify could not type-check the project: ${(error as Error).message.split('\n')[0]}; nothing was written`;
    }
    if (verify !== undefined && verify.checkedWithoutTsconfig.length > 0) {
      notes.push(`--verify: no tsconfig.json for ${verify.checkedWithoutTsconfig.map((path) => displayPath(io.cwd, path)).join(', ')}; checked with default options`);
    }
  }

  const writing = !args.dry && !args.check;
  if (runError !== undefined) {
    // --verify failed to run: reported as is.
  } else if (verify !== undefined && verify.newDiagnostics.length > 0) {
    const count = verify.newDiagnostics.length;
    runError = `--verify: the fix would add ${count} type error${count === 1 ? '' : 's'} (listed above)${writing ? '; nothing was written' : ''}.${args.dry ? '' : ' See the change with --dry.'}`;
  } else if (writing && changed.length > 0) {
    runError = await refuseOnDirtyTree(args, discovery.roots, io.cwd);
    if (runError === undefined) await writeChanges(changed);
    if ((await Promise.all(discovery.roots.map((root) => root.workTree()))).includes(undefined)) {
      notes.push('not inside a git repository: there is no git history to review or undo the changes with');
    }
  }

  // --check and --dry print the command that applies the fix. In a pre-commit hook the files
  // are staged, not committed, so the plain command would refuse: include --force there.
  let fixNeedsForce = false;
  if (!writing && !args.force && changed.length > 0 && (await uncommittedFiles(discovery.roots)).length > 0) {
    fixNeedsForce = true;
    notes.push('the paths have uncommitted changes (staged files in a pre-commit hook, say): the fix command includes --force; review its result with git diff before committing');
  }

  const diffOf = args.dry ? (await import('./line-diff.js')).unifiedDiff : undefined;
  const report = buildReport(args, io.cwd, states, selectedIds, verify, notes, runError, Date.now() - started, fixNeedsForce, diffOf);
  if (args.json) {
    io.stdout.write(`${toJson(report)}\n`);
  } else {
    const { diff, summary } = formatHumanReport(report, args);
    if (diff !== '') io.stdout.write(redactOutput(diff));
    // With --dry the diff alone goes to stdout, so `--dry > fix.patch` is a patch.
    (args.dry ? io.stderr : io.stdout).write(redactOutput(summary));
  }
  return report.exitCode;
}

/** JSON with every string redacted before escaping (a pattern cannot see through `\"`). */
function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? redactOutput(item) : item), 2);
}

const VENDORED_REASON = 'the vendored prisma-aurora-fix runtime';

async function transformFile(
  path: string,
  transformIds: readonly string[],
  transforms: TransformRegistry,
  vendor: boolean,
  ruleCheck: RuleCheck | undefined,
  cwd: string,
): Promise<FileState> {
  const state: FileState = { path, status: 'unchanged', transforms: [] };
  const skip = (reason: string, quiet: boolean): FileState => Object.assign(state, { status: 'skipped' as const, reason, quiet });
  const fail = (reason: string, line?: number, column?: number): FileState => Object.assign(state, { status: 'failed' as const, reason, line, column });

  let bytes: Buffer;
  let info;
  try {
    info = await lstat(path);
    bytes = await readFile(path);
  } catch (error) {
    return fail(`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (bytes.includes(0)) return skip('binary content: left alone', false);
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) return skip('not UTF-8 text: left alone', false);
  if (vendoredRuntimeVersion(text) !== undefined) return skip(VENDORED_REASON, true);
  if (isGeneratedSource(text)) return skip('generated code (@generated / Prisma client output)', true);

  const source = decodeSource(text);
  if (!mightNeedAFix(source.text, transformIds)) return skip('nothing Prisma- or database-related in the text', true);
  state.source = source;
  state.original = { bytes, mode: info.mode, uid: info.uid, gid: info.gid };
  state.beforeText = source.text;

  // What the project's ESLint config sets for the file, first: a file it does not lint is left
  // alone unparsed, and ESLint's config loader must load before the compile cache below (on
  // Node 20 the v8-compile-cache package breaks `import()` in the CommonJS modules it compiles).
  let ruleConfig: RuleConfigForFile | undefined;
  if (ruleCheck !== undefined) {
    ruleConfig = await ruleCheck.configs.configFor(path);
    if (ruleConfig.ignored === true) {
      return skip(`not linted by ${displayPath(cwd, ruleConfig.configPath!)} (ignored, or no config object matches it): left alone`, true);
    }
    if (ruleConfig.usedRecommendedDefaults === true) state.usedRecommendedDefaults = ruleConfig.configPath;
    const enabled = ruleConfig.rules;
    ruleConfig = { ...ruleConfig, rules: Object.fromEntries(ruleCheck.ruleIds.filter((id) => enabled[id] !== undefined).map((id) => [id, enabled[id]!])) };
  }

  // Parse once up front: a syntax error is the user's to fix, reported with its position.
  // With the rules, their lint is that parse (and its tree serves the transforms).
  enableCompileCache();
  let findings: Finding[] | undefined;
  let lintFindings: typeof import('./lint-findings.js').lintFindings | undefined;
  try {
    if (ruleConfig !== undefined) {
      ({ lintFindings } = await import('./lint-findings.js'));
      findings = await lintFindings(path, source.text, ruleConfig);
    } else {
      const { parseModule } = await import('../analysis/ast/parse-module.js');
      parseModule(source.text, path);
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'RuleCrashError') {
      return fail(`${error.message} (a bug in prisma-aurora-fix ${ownPackage().version}: please report it); left untouched`);
    }
    const location = syntaxErrorLocation(error);
    if (location !== undefined) return fail(`cannot parse: ${location.message}`, location.line, location.column);
    return fail(`cannot parse: ${(error as Error).message}`);
  }
  if (findings !== undefined) {
    state.findings = [];
    if (findings.length === 0) return state;
  }

  const { runTransform } = await import('../codemods/lib/transform.js');
  const transformsById = await transforms.load();
  const options: AuroraTransformOptions = {
    runtimeImport: vendor ? VENDOR_PLACEHOLDER : DEFAULT_RUNTIME_IMPORT,
    // The nearest package.json's Prisma major (undefined when it pins none: transforms then
    // decide from the code, a driver adapter import meaning Prisma 7).
    prismaMajor: prismaMajorVersion(path),
    ruleOptions: ruleConfig === undefined ? undefined : Object.fromEntries(Object.entries(ruleConfig.rules).map(([id, ruleOptions]) => [id, ruleOptions[0]])),
  };
  let current = source.text;
  let currentFindings = findings;
  for (const id of transformIds) {
    if (currentFindings !== undefined && !currentFindings.some((finding) => partsOf(finding.ruleId).transform === id)) continue;
    let output: string | undefined;
    try {
      output = await runTransform(transformsById[id]!, { path, source: current }, { ...options, findings: currentFindings });
    } catch (error) {
      const location = syntaxErrorLocation(error);
      if (location !== undefined) return fail(`cannot parse (${id}): ${location.message}`, location.line, location.column);
      const message = error instanceof Error ? error.message : String(error);
      return fail(`transform ${id} failed: ${message.split('\n')[0]} (a bug in prisma-aurora-fix ${ownPackage().version}: please report it)`);
    }
    if (output !== undefined && output !== current) {
      state.transforms.push(id);
      current = output;
      // The next transform fixes findings of this text, with this text's ranges.
      if (lintFindings !== undefined && ruleConfig !== undefined) {
        try {
          currentFindings = await lintFindings(path, current, ruleConfig);
        } catch (error) {
          const what = error instanceof Error && error.name === 'RuleCrashError' ? error.message : `code that does not parse: ${(error as Error).message.split('\n')[0]}`;
          return fail(`after transform ${id}, ${what} (a bug in prisma-aurora-fix ${ownPackage().version}: please report it); left untouched`);
        }
      }
    }
  }
  if (findings !== undefined) state.findings = reportFindings(findings, currentFindings ?? []);
  if (state.transforms.length === 0) return state;
  state.status = 'changed';
  state.afterText = current;
  state.afterBytes = encodeSource(source, current);
  return state;
}

function syntaxErrorLocation(error: unknown): { message: string; line: number; column: number } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { message?: string; lineNumber?: number; column?: number; loc?: { line?: number; column?: number } };
  const message = (candidate.message ?? '').replace(/\s*\(\d+:\d+\)$/, '');
  // typescript-estree's TSError: 1-based line, 0-based column.
  if (typeof candidate.lineNumber === 'number' && typeof candidate.column === 'number') {
    return { message, line: candidate.lineNumber, column: candidate.column + 1 };
  }
  // Babel's SyntaxError: loc.line 1-based, loc.column 0-based.
  if (error instanceof SyntaxError && typeof candidate.loc?.line === 'number' && typeof candidate.loc.column === 'number') {
    return { message, line: candidate.loc.line, column: candidate.loc.column + 1 };
  }
  return undefined;
}

/**
 * `--vendor`: transforms imported the runtime from a placeholder; now each package gets one
 * vendored file (the existing one, or a new one next to its Prisma module) and every
 * placeholder becomes a relative import of it.
 */
async function placeVendoredRuntime(states: FileState[], existingByPackage: Map<string, string>, cwd: string): Promise<void> {
  const users = states.filter((state) => state.status === 'changed' && state.afterText!.includes(VENDOR_PLACEHOLDER));
  const packages = new Map<string, FileState[]>();
  for (const state of users) {
    const dir = nearestPackage(state.path).dir;
    packages.set(dir, [...(packages.get(dir) ?? []), state]);
  }
  for (const dir of existingByPackage.keys()) if (!packages.has(dir)) packages.set(dir, []);
  if (packages.size === 0) return;

  const { ts } = await import('ts-morph');
  const { buildVendoredRuntime, vendoredRuntimeIn } = await import('./vendor.js');
  const typescriptSource = buildVendoredRuntime(ts);

  for (const [packageDir, importers] of packages) {
    const packageInfo = nearestPackage(join(packageDir, 'package.json'));
    const moduleType = isModulePackage(packageInfo);
    let vendoredPath = existingByPackage.get(packageDir);
    let format: VendorFormat;
    if (vendoredPath !== undefined) {
      // Keep the format the existing copy has: TypeScript, CommonJS (TypeScript's `exports.x =`
      // output) or an ES module.
      format = /\.[cm]?ts$/.test(vendoredPath) ? 'ts' : /^exports\.\w+ = /m.test(await readFile(vendoredPath, 'utf8')) ? 'cjs' : 'esm';
    } else {
      const anchor = prismaModuleOf(importers, states, packageDir);
      const placed = vendoredFileFor(anchor.path, anchor.afterText ?? anchor.beforeText ?? '', moduleType);
      vendoredPath = placed.path;
      format = placed.format;
      const present = await readFile(vendoredPath, 'utf8').catch(() => undefined);
      if (present !== undefined && vendoredRuntimeVersion(present) === undefined) {
        throw new Error(`--vendor: ${displayPath(cwd, vendoredPath)} already exists and is not a vendored prisma-aurora-fix runtime; rename it and rerun`);
      }
    }

    for (const importer of importers) {
      const specifier = vendoredSpecifier(importer.path, importer.beforeText ?? '', vendoredPath, moduleType);
      importer.afterText = importer.afterText!.split(VENDOR_PLACEHOLDER).join(specifier);
      importer.afterBytes = encodeSource(importer.source!, importer.afterText);
    }

    const content = vendoredRuntimeIn(ts, format, typescriptSource);
    const existing = states.find((state) => state.path === vendoredPath);
    let onDisk: Buffer | undefined;
    try {
      onDisk = await readFile(vendoredPath);
    } catch {
      onDisk = undefined;
    }
    if (onDisk !== undefined && onDisk.toString('utf8') === content) continue;
    const info = onDisk === undefined ? undefined : await lstat(vendoredPath);
    const state: FileState = existing ?? { path: vendoredPath, status: 'changed', transforms: [] };
    Object.assign(state, {
      status: 'changed',
      transforms: ['vendor'],
      reason: undefined,
      quiet: false,
      created: onDisk === undefined,
      beforeText: onDisk?.toString('utf8'),
      afterText: content,
      afterBytes: content,
      original: onDisk === undefined || info === undefined ? undefined : { bytes: onDisk, mode: info.mode, uid: info.uid, gid: info.gid },
    });
    if (existing === undefined) states.push(state);
  }
}

/** The package's Prisma module: where the retry extension went, else where a client is made. */
function prismaModuleOf(importers: readonly FileState[], states: readonly FileState[], packageDir: string): FileState {
  const byDepth = (a: FileState, b: FileState): number => a.path.split(sep).length - b.path.split(sep).length || a.path.localeCompare(b.path);
  const constructs = (text: string | undefined): boolean => text !== undefined && /\bnew\s+PrismaClient\b/.test(text);
  const retried = importers.filter((state) => /\bauroraRetry\b/.test(state.afterText ?? '')).sort(byDepth);
  if (retried[0] !== undefined) return retried[0];
  const clients = states
    .filter((state) => nearestPackage(state.path).dir === packageDir && constructs(state.afterText ?? state.beforeText))
    .sort(byDepth);
  return clients[0] ?? [...importers].sort(byDepth)[0]!;
}

/** Without --vendor the fixed files import `prisma-aurora-fix/runtime`: say so when the package lacks it. */
function missingRuntimeNotes(states: readonly FileState[], cwd: string): string[] {
  const notes = new Map<string, string>();
  for (const state of states) {
    if (state.status !== 'changed' || !state.afterText!.includes(DEFAULT_RUNTIME_IMPORT) || (state.beforeText ?? '').includes(DEFAULT_RUNTIME_IMPORT)) continue;
    const info = nearestPackage(state.path);
    if (info.manifest === undefined || packageDependsOn(info, ownPackage().name) || notes.has(info.dir)) continue;
    const manifestPath = displayPath(cwd, join(info.dir, 'package.json'));
    notes.set(
      info.dir,
      `${displayPath(cwd, state.path)} now imports ${DEFAULT_RUNTIME_IMPORT}, which ${manifestPath} does not list: run \`npm install ${ownPackage().name}\` there, or rerun with --vendor to copy the runtime into the project`,
    );
  }
  return [...notes.values()];
}

/** Files with uncommitted changes under the given roots (dirty manifests and lockfiles excepted). */
async function uncommittedFiles(roots: readonly Root[]): Promise<string[]> {
  const byWorkTree = new Map<string, string[]>();
  const workTrees = await Promise.all(roots.map((root) => root.workTree()));
  for (const [index, root] of roots.entries()) {
    const workTree = workTrees[index];
    if (workTree === undefined) continue;
    byWorkTree.set(workTree, [...(byWorkTree.get(workTree) ?? []), root.path]);
  }
  const dirty: string[] = [];
  for (const [workTree, paths] of byWorkTree) dirty.push(...(await gitDirtyFiles(workTree, paths)));
  return dirty;
}

async function refuseOnDirtyTree(args: RunArguments, roots: readonly Root[], cwd: string): Promise<string | undefined> {
  if (args.force) return undefined;
  const dirty = await uncommittedFiles(roots);
  if (dirty.length === 0) return undefined;
  const shown = dirty.slice(0, 5).map((path) => displayPath(cwd, path));
  const more = dirty.length > shown.length ? ` and ${dirty.length - shown.length} more` : '';
  return (
    `refusing to write: uncommitted changes in ${shown.join(', ')}${more}. ` +
    'Commit or stash them first so the fix can be reviewed (and undone) with git, or rerun with --force. Nothing was written.'
  );
}

async function writeChanges(changed: FileState[]): Promise<void> {
  atomicWrite ??= await import('./atomic-write.js');
  const { ChangedOnDiskError, writeFileAtomic } = atomicWrite;
  // The vendored runtime first: an interrupted run never leaves an import of a missing file.
  const ordered = [...changed].sort((a, b) => Number(b.transforms.includes('vendor')) - Number(a.transforms.includes('vendor')));
  for (const state of ordered) {
    if (state.original !== undefined && (state.original.mode & 0o222) === 0) {
      state.status = 'failed';
      state.reason = `read-only file (mode ${(state.original.mode & 0o777).toString(8).padStart(3, '0')}): not written; make it writable (chmod u+w) and rerun`;
      continue;
    }
    try {
      await writeFileAtomic(state.path, state.afterBytes!, state.original);
      state.written = true;
    } catch (error) {
      state.status = 'failed';
      state.reason =
        error instanceof ChangedOnDiskError
          ? 'changed on disk during the run: not written; rerun the command'
          : `cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    }
  }
}

export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

function buildReport(
  args: RunArguments,
  cwd: string,
  states: FileState[],
  transformIds: readonly string[],
  verify: VerifyResult | undefined,
  notes: readonly string[],
  error: string | undefined,
  elapsedMs: number,
  fixNeedsForce: boolean,
  /** `unifiedDiff`, passed with --dry only (loaded on demand). */
  diffOf: typeof import('./line-diff.js').unifiedDiff | undefined,
): Report {
  const files: ReportedFile[] = states
    .map((state): ReportedFile => {
      const file: ReportedFile = { path: displayPath(cwd, state.path), status: state.status, transforms: state.transforms };
      if (state.reason !== undefined) file.reason = state.reason;
      if (state.line !== undefined) file.line = state.line;
      if (state.column !== undefined) file.column = state.column;
      if (state.quiet) file.quiet = true;
      if (state.status === 'changed' || state.afterText !== undefined) {
        file.created = state.created === true;
        file.written = state.written === true;
      }
      if (diffOf !== undefined && state.afterText !== undefined) file.diff = diffOf(file.path, state.created ? undefined : state.beforeText, state.afterText);
      if (state.findings !== undefined && state.status !== 'skipped' && state.status !== 'failed') file.findings = state.findings;
      return file;
    })
    .sort((a, b) => a.path.localeCompare(b.path));

  const count = (status: ReportedFile['status']): number => files.filter((file) => file.status === status).length;
  const allFindings = files.flatMap((file) => file.findings ?? []);
  const totals = {
    files: files.length,
    changed: count('changed'),
    unchanged: count('unchanged'),
    skipped: count('skipped'),
    failed: count('failed'),
    findings: allFindings.length,
    unfixed: allFindings.filter((finding) => !finding.fixed).length,
  };
  const failedVerify = verify !== undefined && verify.newDiagnostics.length > 0;
  let exitCode: Report['exitCode'] = 0;
  if (totals.failed > 0 || failedVerify || error !== undefined) exitCode = 2;
  else if (args.check && (totals.changed > 0 || totals.unfixed > 0)) exitCode = 1;

  return {
    schemaVersion: 1,
    tool: { name: ownPackage().name, version: ownPackage().version },
    mode: args.check ? 'check' : args.dry ? 'dry' : 'write',
    transforms: [...transformIds],
    files,
    verify:
      verify === undefined
        ? null
        : {
            tsconfigs: verify.tsconfigs.map((path) => displayPath(cwd, path)),
            newDiagnostics: verify.newDiagnostics.map((diagnostic) => ({ ...diagnostic, path: displayPath(cwd, diagnostic.path) })),
          },
    notes: [...notes],
    error: error ?? null,
    fixCommand: fixCommand(args, { force: fixNeedsForce }),
    totals,
    elapsedMs,
    exitCode,
  };
}
