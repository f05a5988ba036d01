import { hasUnsafeCharacter } from './terminal-text.js';
/**
 * Line diffs for the CLI: Myers' O(ND) algorithm ("An O(ND) Difference Algorithm and Its
 * Variations", 1986) on the lines between a common prefix and suffix, which is all a codemod
 * edit ever touches. Used to print `--dry` patches and to give untouched lines of a
 * mixed-line-ending file their original ending back.
 */

export type LineEdit =
  { kind: 'equal'; oldIndex: number; newIndex: number } | { kind: 'delete'; oldIndex: number } | { kind: 'insert'; newIndex: number };

/** The edit script turning `oldLines` into `newLines`, in order. */
export function diffLines(oldLines: readonly string[], newLines: readonly string[]): LineEdit[] {
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) {
    suffix += 1;
  }

  const edits: LineEdit[] = [];
  for (let index = 0; index < prefix; index += 1) edits.push({ kind: 'equal', oldIndex: index, newIndex: index });
  const middle = myers(oldLines.slice(prefix, oldLines.length - suffix), newLines.slice(prefix, newLines.length - suffix));
  for (const edit of middle) {
    if (edit.kind === 'equal') edits.push({ kind: 'equal', oldIndex: edit.oldIndex + prefix, newIndex: edit.newIndex + prefix });
    else if (edit.kind === 'delete') edits.push({ kind: 'delete', oldIndex: edit.oldIndex + prefix });
    else edits.push({ kind: 'insert', newIndex: edit.newIndex + prefix });
  }
  for (let index = 0; index < suffix; index += 1) {
    edits.push({ kind: 'equal', oldIndex: oldLines.length - suffix + index, newIndex: newLines.length - suffix + index });
  }
  return edits;
}

/** Past this many saved frontier cells (200 MB) a minimal diff is not worth it: the block is replaced wholesale. */
const MAX_TRACE_CELLS = 50_000_000;

function replaceAll(oldCount: number, newCount: number): LineEdit[] {
  const edits: LineEdit[] = [];
  for (let index = 0; index < oldCount; index += 1) edits.push({ kind: 'delete', oldIndex: index });
  for (let index = 0; index < newCount; index += 1) edits.push({ kind: 'insert', newIndex: index });
  return edits;
}

function myers(a: readonly string[], b: readonly string[]): LineEdit[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  // Updated in place: step d writes the diagonals of d's parity and reads only the other's.
  const frontier = new Int32Array(2 * max + 3);
  // trace[d]: the frontier on diagonals -d-1..d+1 as step d found it, all the walk back reads.
  // Saving only those 2d + 3 cells keeps the cost O(D^2 + N) for D edits: a whole frontier per
  // step made it O(D * N), which for a large file with an edit every few dozen lines grew with
  // the square of its size and fell back to a wholesale diff (issue 13).
  const trace: Int32Array[] = [];
  let savedCells = 0;
  let found = n === 0 && m === 0;
  for (let d = 0; d <= max && !found; d += 1) {
    savedCells += 2 * d + 3;
    if (savedCells > MAX_TRACE_CELLS) return replaceAll(n, m);
    trace.push(frontier.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!)
          ? frontier[offset + k + 1]!
          : frontier[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }

  // Walk the trace back from (n, m) to (0, 0).
  const reversed: LineEdit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0 && (x > 0 || y > 0); d -= 1) {
    const saved = trace[d]!;
    const at = (diagonal: number): number => saved[diagonal + d + 1]!;
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : at(previousK);
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x -= 1;
      y -= 1;
      reversed.push({ kind: 'equal', oldIndex: x, newIndex: y });
    }
    if (d > 0) {
      if (x === previousX) reversed.push({ kind: 'insert', newIndex: previousY });
      else reversed.push({ kind: 'delete', oldIndex: previousX });
    }
    x = previousX;
    y = previousY;
  }
  return reversed.reverse();
}

/** Splits text into lines without their terminators; `trailingNewline` says whether the last line had one. */
export function splitLines(text: string): { lines: string[]; trailingNewline: boolean } {
  if (text === '') return { lines: [], trailingNewline: false };
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, trailingNewline };
}

const CONTEXT_LINES = 3;

/**
 * A unified diff (`diff -u` / `git diff` shape) of two LF texts. `oldText` undefined means a
 * new file. Returns '' when the texts are equal.
 */
/** A byte git quotes by its escape letter. */
const GIT_ESCAPES: Readonly<Record<number, string>> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 34: '"', 92: '\\' };

/**
 * A diff header's path as git writes it (and `git apply` reads it): as is, or, when it holds a
 * control character, a quote or a backslash (an ANSI escape in a file name, say), in double
 * quotes with C escapes and every other byte from 0x80 up in octal. Nothing in a name reaches
 * the terminal as a control sequence.
 */
export function gitQuotedPath(prefix: string, path: string): string {
  const name = prefix + path;
  if (!hasUnsafeCharacter(name) && !/["\\]/.test(name)) return name;
  let quoted = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const letter = GIT_ESCAPES[byte];
    if (letter !== undefined) quoted += `\\${letter}`;
    else if (byte < 0x20 || byte >= 0x7f) quoted += `\\${byte.toString(8).padStart(3, '0')}`;
    else quoted += String.fromCharCode(byte);
  }
  return `"${quoted}"`;
}

export function unifiedDiff(displayPath: string, oldText: string | undefined, newText: string): string {
  if (oldText === newText) return '';
  const before = splitLines(oldText ?? '');
  const after = splitLines(newText);
  // A missing final newline is a change of the last line, as in diff(1).
  const oldLines = before.lines.map((line, index) => (index === before.lines.length - 1 && !before.trailingNewline ? `${line}\0` : line));
  const newLines = after.lines.map((line, index) => (index === after.lines.length - 1 && !after.trailingNewline ? `${line}\0` : line));
  const edits = diffLines(oldLines, newLines);

  const out: string[] = [
    oldText === undefined ? '--- /dev/null' : `--- ${gitQuotedPath('a/', displayPath)}`,
    `+++ ${gitQuotedPath('b/', displayPath)}`,
  ];
  const changed = edits.map((edit) => edit.kind !== 'equal');
  // Line numbers where each edit sits, counted once (counting from the top per hunk made many hunks quadratic).
  const oldBefore = new Int32Array(edits.length + 1);
  const newBefore = new Int32Array(edits.length + 1);
  for (const [position, edit] of edits.entries()) {
    oldBefore[position + 1] = oldBefore[position]! + Number(edit.kind !== 'insert');
    newBefore[position + 1] = newBefore[position]! + Number(edit.kind !== 'delete');
  }
  let index = 0;
  while (index < edits.length) {
    if (!changed[index]) {
      index += 1;
      continue;
    }
    // Grow the hunk while the next change is within 2 * context lines.
    const start = Math.max(0, index - CONTEXT_LINES);
    let end = index;
    for (;;) {
      while (end < edits.length && changed[end]) end += 1;
      let look = end;
      while (look < edits.length && !changed[look] && look - end < 2 * CONTEXT_LINES) look += 1;
      if (look < edits.length && changed[look]) end = look;
      else break;
    }
    const stop = Math.min(edits.length, end + CONTEXT_LINES);
    const oldCount = oldBefore[stop]! - oldBefore[start]!;
    const newCount = newBefore[stop]! - newBefore[start]!;
    out.push(`@@ -${range(oldBefore[start]!, oldCount)} +${range(newBefore[start]!, newCount)} @@`);
    for (let position = start; position < stop; position += 1) {
      const edit = edits[position]!;
      if (edit.kind === 'equal') pushLine(out, ' ', oldLines[edit.oldIndex]!);
      else if (edit.kind === 'delete') pushLine(out, '-', oldLines[edit.oldIndex]!);
      else pushLine(out, '+', newLines[edit.newIndex]!);
    }
    index = stop;
  }
  return `${out.join('\n')}\n`;
}

function pushLine(out: string[], marker: string, line: string): void {
  if (line.endsWith('\0')) {
    out.push(`${marker}${line.slice(0, -1)}`, '\\ No newline at end of file');
  } else {
    out.push(`${marker}${line}`);
  }
}

function range(startIndex: number, count: number): string {
  // diff(1): an empty range names the line before it.
  const start = count === 0 ? startIndex : startIndex + 1;
  return count === 1 ? `${start}` : `${start},${count}`;
}
