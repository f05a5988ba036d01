import { docsPathOf, partsOf } from '../rules/registry.js';
import type { Finding } from './lint-findings.js';

/**
 * A finding as the report gives it: where ESLint reports it in the file as it is on disk,
 * and whether the run's fix removes it. One that stays is a hand fix, with the reason.
 */
export interface ReportedFinding {
  ruleId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixed: boolean;
  /** For a finding the fix leaves: why, and where to read how to fix it by hand. */
  reason?: string;
  /** Reported only in the fixed text (a fix that creates a finding: a bug, reported as such). */
  inFixedText?: true;
}

/** A finding a transform left on purpose (codemods/lib/transform.ts `onSkip`), where it was then. */
export interface SkippedFindingNote {
  ruleId: Finding['ruleId'];
  message: string;
  line: number;
  reason: string;
}

function handFixReason(finding: Finding, skipped: readonly SkippedFindingNote[]): string {
  const parts = partsOf(finding.ruleId);
  const docs = docsPathOf(finding.ruleId);
  if (parts.transform === undefined) return `no automatic fix: ${parts.handFixReason ?? 'the fix needs a decision'} (${docs})`;
  const own = closest(
    skipped.filter((note) => note.ruleId === finding.ruleId && note.message === finding.message),
    finding.line,
  );
  if (own !== undefined) return `left by ${parts.transform}: ${own.reason} (${docs})`;
  return `the ${parts.transform} transform cannot fix this shape safely: fix it by hand (${docs})`;
}

/** The first of `items` nearest to `line`. */
function closest<T extends { line: number }>(items: readonly T[], line: number): T | undefined {
  let best: T | undefined;
  for (const item of items) if (best === undefined || Math.abs(item.line - line) < Math.abs(best.line - line)) best = item;
  return best;
}

/**
 * The original findings, each marked fixed unless one like it (same rule, same message)
 * remains after the fix. Positions stay those of the original text, the one on disk; a
 * remaining finding with no original is listed in the fixed text's position.
 */
export function reportFindings(
  original: readonly Finding[],
  remaining: readonly Finding[],
  skipped: readonly SkippedFindingNote[] = [],
): ReportedFinding[] {
  const unmatched = [...remaining];
  const reported: ReportedFinding[] = original.map((finding) => {
    // The closest remaining finding of the same rule and message: edits above shift lines.
    const left = closest(
      unmatched.filter((candidate) => candidate.ruleId === finding.ruleId && candidate.message === finding.message),
      finding.line,
    );
    if (left !== undefined) unmatched.splice(unmatched.indexOf(left), 1);
    return { ...withoutRange(finding), fixed: left === undefined, ...(left ? { reason: handFixReason(left, skipped) } : {}) };
  });
  for (const finding of unmatched) {
    reported.push({
      ...withoutRange(finding),
      fixed: false,
      reason: `${handFixReason(finding, skipped)}; reported in the fixed text`,
      inFixedText: true,
    });
  }
  return reported.sort((a, b) => a.line - b.line || a.column - b.column);
}

function withoutRange(finding: Finding): Omit<ReportedFinding, 'fixed'> {
  const { ruleId, line, column, endLine, endColumn, message } = finding;
  return { ruleId, line, column, endLine, endColumn, message };
}
