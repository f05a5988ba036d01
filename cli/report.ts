import type { RunArguments } from './cli-args.js';
import { type Colours, NO_COLOURS } from './colour.js';
import type { ReportedFinding } from './findings.js';
import { redactOutput } from './redact-output.js';
import { escapeForTerminal, escapeName } from './terminal-text.js';

/**
 * What a run reports. `--json` prints a `Report` as is (schemaVersion 1); the human summary
 * below is made from the same object, so the two never disagree.
 */
export interface ReportedFile {
  /** Relative to the current directory, '/'-separated. */
  path: string;
  status: 'changed' | 'unchanged' | 'skipped' | 'failed';
  /** Ids of the transforms that changed the file ('vendor' for the vendored runtime). */
  transforms: string[];
  /** Why a file was skipped or failed. */
  reason?: string;
  /** Where a file failed to parse (1-based). */
  line?: number;
  column?: number;
  /** A skip listed only with --verbose (no Prisma text, not a source file, generated code). */
  quiet?: boolean;
  /**
   * Skipped unread though its text may hold a hazard (not UTF-8, yet it mentions Prisma or a
   * database): fails --check.
   */
  unchecked?: boolean;
  /** For a changed file: created by the run (the vendored runtime), and written to disk. */
  created?: boolean;
  written?: boolean;
  /** With --dry: the unified diff. */
  diff?: string;
  /**
   * What the plugin's rules report for the file as it is on disk (the same findings ESLint
   * gives with the project's config), each marked fixed or not. Absent for files not linted.
   */
  findings?: ReportedFinding[];
}

export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  mode: 'write' | 'dry' | 'check';
  transforms: string[];
  files: ReportedFile[];
  verify: {
    tsconfigs: string[];
    newDiagnostics: { path: string; line: number; column: number; code: number; message: string }[];
  } | null;
  notes: string[];
  /** A problem with the run as a whole (dirty git tree, --verify found new errors). */
  error: string | null;
  /** The command that applies the fix with the same paths and choices. */
  fixCommand: string;
  /** `findings`: every rule finding in the checked files; `unfixed`: those the fix leaves for a hand fix. */
  /** `unchecked`: skipped files that may hold a hazard (not UTF-8): they fail --check. */
  totals: {
    files: number;
    changed: number;
    unchanged: number;
    skipped: number;
    failed: number;
    findings: number;
    unfixed: number;
    unchecked: number;
  };
  elapsedMs: number;
  /** 0 done, 1 --check found work (a change, a hand fix, or a file it could not check), 2 a file failed, --verify found errors, or the tree was dirty. */
  exitCode: 0 | 1 | 2;
}

const MAX_LISTED_UNCHANGED = 30;

/** How a file's status label is painted, as ESLint and git paint theirs. */
const STATUS_COLOUR: Record<ReportedFile['status'], (colours: Colours) => (text: string) => string> = {
  changed: (colours) => colours.green,
  unchanged: (colours) => colours.dim,
  skipped: (colours) => colours.yellow,
  failed: (colours) => colours.red,
};

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Text from the report made safe to print: credentials redacted, control characters escaped. */
const safe = (text: string): string => escapeForTerminal(redactOutput(text));

/**
 * The diff (for stdout, redacted; a patch, so its names are quoted as git quotes them) and the
 * per-file summary with totals and what to do next, redacted and escaped. Colour is painted on
 * the safe text, around labels and whole sentences, never inside a name.
 */
export function formatHumanReport(
  report: Report,
  args: RunArguments,
  {
    reviewWithGit = true,
    colours = NO_COLOURS,
  }: {
    /** False when a written file is outside git: there is no `git diff` to review the fix with. */
    reviewWithGit?: boolean;
    colours?: Colours;
  } = {},
): { diff: string; summary: string } {
  const diff = redactOutput(report.files.map((file) => file.diff ?? '').join(''));
  const lines: string[] = [];
  const width = 11;
  const labelled = (label: string, paint: (text: string) => string, text: string): void => {
    lines.push(`${paint(label.padEnd(width))}${safe(text)}`);
  };
  const sentence = (text: string, paint: (text: string) => string = String): void => {
    lines.push(paint(safe(text)));
  };
  // Unchanged files are listed while they are few; --verbose lists everything.
  const unchangedCount = report.files.filter((file) => file.status === 'unchanged').length;
  const listUnchanged = args.verbose || unchangedCount <= MAX_LISTED_UNCHANGED;
  // A write that was refused changed nothing: its files are listed as still to change.
  const refused = report.mode === 'write' && report.files.some((file) => file.status === 'changed' && !file.written);
  for (const file of report.files) {
    if (file.quiet && !args.verbose) continue;
    if (file.status === 'unchanged' && !listUnchanged) continue;
    const label =
      file.status === 'changed'
        ? refused
          ? file.created
            ? 'to create'
            : 'to change'
          : file.created
            ? 'created'
            : 'changed'
        : file.status;
    const name = escapeName(file.path);
    const where = file.line !== undefined ? `${name}:${file.line}:${file.column ?? 1}` : name;
    const detail =
      file.status === 'changed'
        ? file.transforms.includes('vendor')
          ? 'vendored runtime'
          : file.transforms.join(', ')
        : (file.reason ?? '');
    labelled(label, STATUS_COLOUR[file.status](colours), `${where}${detail !== '' ? `  ${detail}` : ''}`);
  }
  if (!listUnchanged) sentence(`(${plural(unchangedCount, 'unchanged file')} not listed: --verbose lists them)`, colours.dim);
  if (report.verify !== null) {
    for (const diagnostic of report.verify.newDiagnostics) {
      labelled(
        'type error',
        colours.red,
        `${escapeName(diagnostic.path)}:${diagnostic.line}:${diagnostic.column}  TS${diagnostic.code}: ${diagnostic.message.split('\n').join(' ')}`,
      );
    }
  }

  for (const file of report.files) {
    for (const finding of file.findings ?? []) {
      if (finding.fixed) continue;
      labelled(
        'hand fix',
        colours.yellow,
        `${escapeName(file.path)}:${finding.line}:${finding.column}  ${finding.ruleId}: ${finding.message}`,
      );
      if (finding.reason !== undefined) lines.push(`${' '.repeat(width)}  ${colours.dim(safe(finding.reason))}`);
    }
  }
  const { totals } = report;
  const changedWord = report.mode === 'write' && !refused ? 'changed' : report.mode === 'write' ? 'would change' : 'to change';
  const counts = `${totals.changed} ${changedWord}, ${totals.unchanged} unchanged, ${totals.skipped} skipped, ${totals.failed} failed (${plural(totals.files, 'file')}, ${(report.elapsedMs / 1000).toFixed(1)}s)`;
  sentence(refused ? `${counts}; nothing was written because of the error below` : counts, colours.bold);
  if (report.verify !== null && report.verify.newDiagnostics.length === 0)
    sentence('--verify: the fix adds no type errors.', colours.green);
  for (const note of report.notes) lines.push(`${colours.cyan('note:')} ${safe(note)}`);
  if (report.error !== null) lines.push(`${colours.red(colours.bold('error:'))} ${safe(report.error)}`);
  if (totals.failed > 0)
    sentence(
      `${plural(totals.failed, 'file')} failed (listed above) and ${totals.failed === 1 ? 'was' : 'were'} left untouched.`,
      colours.red,
    );
  if (totals.unfixed > 0) {
    sentence(
      `${plural(totals.unfixed, 'finding')} need${totals.unfixed === 1 ? 's' : ''} a hand fix (listed above): ESLint reports ${totals.unfixed === 1 ? 'it' : 'them'} until then.`,
      colours.yellow,
    );
  }
  if (totals.unchecked > 0) {
    sentence(
      `${plural(totals.unchecked, 'file')} could not be checked (not UTF-8 text, listed above): convert ${totals.unchecked === 1 ? 'it' : 'them'} to UTF-8 and rerun${report.mode === 'check' ? '; --check fails until then' : ''}.`,
      colours.yellow,
    );
  }

  if (report.error === null) {
    if (report.mode === 'check') {
      if (totals.changed > 0)
        sentence(
          `${plural(totals.changed, 'file')} need${totals.changed === 1 ? 's' : ''} the fix. Apply it with: ${report.fixCommand}`,
          colours.yellow,
        );
      else if (totals.unfixed === 0 && totals.unchecked === 0) sentence('Nothing to fix.', colours.green);
    } else if (report.mode === 'dry') {
      if (totals.changed > 0) sentence(`Dry run: nothing written. Apply with: ${report.fixCommand}`);
      else if (totals.unfixed === 0 && totals.unchecked === 0) sentence('Dry run: nothing to fix.', colours.green);
      else sentence('Dry run: nothing the CLI can fix.');
    } else {
      const written = report.files.filter((file) => file.written).length;
      if (written > 0) sentence(`Wrote ${plural(written, 'file')}.${reviewWithGit ? ' Review the fix with git diff.' : ''}`, colours.green);
      else if (totals.failed > 0 || totals.unfixed > 0 || totals.unchecked > 0) sentence('Nothing written.');
      else sentence('Nothing to fix.', colours.green);
    }
  }
  return { diff, summary: `${lines.join('\n')}\n` };
}

export interface Progress {
  update(index: number, path: string): void;
  done(): void;
}

/** Files to look at before a progress line is worth showing. */
const PROGRESS_THRESHOLD = 200;

/** Narrower than this, `[n/total]` alone does not fit: no progress line. */
const MIN_PROGRESS_COLUMNS = 20;

/** A one-line `[n/total] path` on stderr, only on a terminal and only for large trees. */
export function createProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
  total: number,
  display: (path: string) => string,
): Progress {
  if (stream.isTTY !== true || total < PROGRESS_THRESHOLD) return { update: () => {}, done: () => {} };
  let lastDrawn = 0;
  let drawn = false;
  return {
    update(index, path) {
      // A terminal that reports no width (0 under some CI runners and emulators, undefined
      // for a stream that is no tty.WriteStream) gets no progress line: one cut to an unknown
      // width loses characters, and one that wraps cannot be redrawn in place.
      const columns = stream.columns;
      if (columns === undefined || !(columns >= MIN_PROGRESS_COLUMNS)) return;
      const now = Date.now();
      if (now - lastDrawn < 80) return;
      lastDrawn = now;
      drawn = true;
      const line = `[${index + 1}/${total}] ${display(path)}`;
      // Read each time: the terminal may be resized during the run.
      stream.write(`\r\u001b[2K${line.length >= columns ? `${line.slice(0, columns - 2)}…` : line}`);
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
