import { ownPackage } from '../analysis/package/own-package.js';
import { redactOutput } from './redact-output.js';
import { fixCommand, type RunArguments } from './cli-args.js';
import type { Report, ReportedFile } from './report.js';
import type { VerifyResult } from './verify.js';
import { type FileState, displayPath } from './file-state.js';

/** The run's report (`--json` prints it as is; the human summary is made from it). */

/** JSON with every string redacted before escaping (a pattern cannot see through `\"`). */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? redactOutput(item) : item), 2);
}

export function buildReport(
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
      if (state.unchecked === true) file.unchecked = true;
      if (state.status === 'changed' || state.afterText !== undefined) {
        file.created = state.created === true;
        file.written = state.written === true;
      }
      if (diffOf !== undefined && state.afterText !== undefined)
        file.diff = diffOf(file.path, state.created ? undefined : state.beforeText, state.afterText);
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
    unchecked: files.filter((file) => file.unchecked === true).length,
  };
  const failedVerify = verify !== undefined && verify.newDiagnostics.length > 0;
  let exitCode: Report['exitCode'] = 0;
  if (totals.failed > 0 || failedVerify || error !== undefined) exitCode = 2;
  else if (args.check && (totals.changed > 0 || totals.unfixed > 0 || totals.unchecked > 0)) exitCode = 1;

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
