import { REDACTED_DIFF_NOTE, redactOutput } from './redact-output.js';
import { enableCompileCache } from './compile-cache.js';
import type { RunArguments } from './cli-args.js';
import { discoverFiles, UsageError } from './discover.js';
import { isPrismaSchemaPath } from '../analysis/prisma-schema/schema-files.js';
import { nearestPackage } from '../analysis/package/nearest-package.js';
import { createProgress } from './report.js';
import type { AuroraTransform } from '../codemods/lib/transform.js';
import { TRANSFORM_IDS } from '../codemods/transform-ids.js';
import { rulesForTransforms } from '../rules/registry.js';
import { EslintConfigError, ProjectEslintConfigs } from './eslint-config.js';
import type { VerifyResult } from './verify.js';
import { type FileState, type RuleCheck, type TransformRegistry, VENDORED_REASON, displayPath } from './file-state.js';
import { transformFile } from './file-work.js';
import { missingRuntimeNotes, placeVendoredRuntime } from './vendor-placement.js';
import {
  allInGit,
  refuseOnDirtyTree,
  refuseOutsideBoundary,
  refuseWithoutGit,
  removeLeftoverTemporaryFiles,
  treeStatus,
  uncommittedFiles,
  writeBoundary,
} from './git-guard.js';
import { escapeName } from './terminal-text.js';
import { writeUsageError } from './usage-error.js';
import { atomicWrite, writeChanges } from './write-changes.js';
import { buildReport } from './build-report.js';
import { writeReport } from './report-output.js';

/**
 * One run of the CLI: find the files, transform each in memory (a file that fails is left
 * untouched and reported), place the vendored runtime, type-check with `--verify`, then, only
 * when writing, check the git tree and write every changed file atomically. Heavy modules
 * (the transforms, jscodeshift, TypeScript) load only when a step needs them.
 */

export interface RunIo {
  cwd: string;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export interface RunOptions {
  /** The transforms by id, in order; the registry (codemods/index.ts) unless a test passes its own. */
  transforms?: Record<string, AuroraTransform>;
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
  const usageError = (message: string): number => writeUsageError(message, { format: args.format }, io);

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
    discovery = await discoverFiles(args.paths, io.cwd, args.ignorePatterns);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.message);
    throw error;
  }
  const writing = !args.dry && !args.check;
  // Checked before any file is read: a writing run never writes outside its repository.
  const boundary = writing ? await writeBoundary(io.cwd) : undefined;
  if (boundary !== undefined) {
    const outside = refuseOutsideBoundary(discovery.roots, boundary);
    if (outside !== undefined) return usageError(outside);
  }

  const states: FileState[] = discovery.skipped.map((skip) => ({
    path: skip.path,
    status: 'skipped',
    transforms: [],
    reason: skip.reason,
    quiet: skip.quiet,
  }));
  const vendoredByPackage = new Map<string, string>();
  const ruleCheck: RuleCheck | undefined = transforms.fixesRuleFindings
    ? {
        ruleIds: rulesForTransforms(selectedIds, allIds),
        configs: new ProjectEslintConfigs(args.eslintConfig),
        includeLocalCode: args.includeLocalCode,
      }
    : undefined;
  const progress = createProgress(io.stderr, discovery.files.length, (path) => escapeName(displayPath(io.cwd, path)));
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
    return usageError(
      `cannot load the ESLint config ${displayPath(io.cwd, error.configPath)}: ${error.reason}. Fix it, or rerun with --no-eslint-config to check with the recommended rule settings; nothing was written`,
    );
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
  // A schema is not part of any TypeScript program: --verify type-checks the code changes.
  const changedCode = changed.filter((state) => !isPrismaSchemaPath(state.path));
  if (args.verify && changedCode.length > 0) {
    enableCompileCache();
    const { verifyChanges } = await import('./verify.js');
    try {
      verify = await verifyChanges(
        changedCode.map((state) => ({ path: state.path, before: state.created ? undefined : state.beforeText!, after: state.afterText! })),
      );
    } catch (error) {
      // A tsconfig.json TypeScript cannot load, say: the fix is unverified, so nothing is written.
      runError = `--verify could not type-check the project: ${(error as Error).message.split('\n')[0]}; nothing was written`;
    }
    if (verify !== undefined && verify.checkedWithoutTsconfig.length > 0) {
      notes.push(
        `--verify: no tsconfig.json for ${verify.checkedWithoutTsconfig.map((path) => displayPath(io.cwd, path)).join(', ')}; checked with default options`,
      );
    }
  }

  let reviewWithGit = true;
  if (runError !== undefined) {
    // --verify failed to run: reported as is.
  } else if (verify !== undefined && verify.newDiagnostics.length > 0) {
    const count = verify.newDiagnostics.length;
    runError = `--verify: the fix would add ${count} type error${count === 1 ? '' : 's'} (listed above)${writing ? '; nothing was written' : ''}.${args.dry ? '' : ' See the change with --dry.'}`;
  } else if (writing && changed.length > 0) {
    const status = await treeStatus(discovery.roots);
    runError = (await refuseWithoutGit(args, discovery.roots, io.cwd)) ?? refuseOnDirtyTree(args, status.dirty, io.cwd);
    if (runError === undefined) {
      const removed = await removeLeftoverTemporaryFiles(status.temporaryFiles);
      if (removed > 0) {
        notes.push(
          `removed ${removed} temporary file${removed === 1 ? '' : 's'} left by an interrupted prisma-aurora-fix run (*.prisma-aurora-fix.tmp)`,
        );
      }
      await writeChanges(changed, boundary!);
    }
    reviewWithGit = await allInGit(discovery.roots);
    if (runError === undefined && !reviewWithGit) {
      notes.push('not inside a git repository (written because of --force): there is no git history to review or undo the changes with');
    }
  }

  if (!writing && changed.length > 0 && !(await allInGit(discovery.roots))) {
    notes.push(
      'not inside a git repository: writing the fix refuses without --force; put the project under git first (git init && git add -A && git commit) so the fix can be reviewed with git diff',
    );
  }

  // --check and --dry print the command that applies the fix. In a pre-commit hook the files
  // are staged, not committed, so the plain command would refuse: include --force there.
  let fixNeedsForce = false;
  if (!writing && !args.force && changed.length > 0 && (await uncommittedFiles(discovery.roots)).length > 0) {
    fixNeedsForce = true;
    notes.push(
      'the paths have uncommitted changes (staged files in a pre-commit hook, say): the fix command includes --force; review its result with git diff before committing',
    );
  }

  const diffOf = args.dry ? (await import('./line-diff.js')).unifiedDiff : undefined;
  const report = buildReport(args, io.cwd, states, selectedIds, verify, notes, runError, Date.now() - started, fixNeedsForce, diffOf);
  // A diff line that lost a credential no longer matches the file: say so, once (docs/output.md).
  if (report.files.some((file) => file.diff !== undefined && redactOutput(file.diff) !== file.diff)) report.notes.push(REDACTED_DIFF_NOTE);
  await writeReport(report, args, io, { reviewWithGit });
  return report.exitCode;
}
