import type { Range } from '../ast/range.js';
import { lineEndOf, lineStartOf } from './lines.js';
import type { TextEdit } from './text-edit.js';

/** What removing one statement takes: whole lines, or a splice inside a line. */
export type RemovalPlan = { kind: 'lines'; range: Range } | { kind: 'splice'; range: Range; text: string };

/**
 * Where a statement sits, which decides how it can go and leave valid code:
 * - `statement`: an expression statement in a block/program: delete it;
 * - `lone-body`: the single statement of an `if`/loop/label body: replace `range` with `{}`;
 * - `arrow-body`: the expression body of an arrow function: replace `range` with `{}`.
 */
export interface StatementRemoval {
  kind: 'statement' | 'lone-body' | 'arrow-body';
  range: Range;
}

export interface CommentLike {
  type: string;
  value: string;
  range: readonly [number, number];
}

/** Comments that steer tools about the next line: they go with the line they steer. */
export const DIRECTIVE_COMMENT =
  /^\s*(?:eslint-disable-next-line|eslint-disable-line|@ts-ignore|@ts-expect-error|prettier-ignore|(?:istanbul|c8|v8)\s+ignore\s+next|biome-ignore|deno-lint-ignore|oxlint-disable-next-line|noinspection|NOSONAR)\b/;

/** True when `[from, to)` holds only whitespace and comments lying entirely inside it. */
function onlyWhitespaceAndComments(text: string, comments: readonly CommentLike[], from: number, to: number): boolean {
  let cursor = from;
  for (const comment of comments) {
    const [start, end] = comment.range;
    if (end <= from || start >= to) continue;
    if (start < from || end > to) return false;
    if (!/^\s*$/.test(text.slice(cursor, start))) return false;
    cursor = end;
  }
  return /^\s*$/.test(text.slice(cursor, to));
}

/**
 * How to remove a statement (or arrow body), leaving valid code and a sane layout:
 * - a lone `if`/loop body or an arrow's expression body becomes `{}`;
 * - a statement alone on its line(s) takes its whole lines, with a trailing comment on the
 *   same line and the comments directly above it for which `goesWithStatement` holds (by
 *   default the directives that steer it: `eslint-disable-next-line`, `@ts-expect-error`...);
 *   any other comment above is kept, because it may document the code that follows;
 * - a statement sharing its line with other code is cut out with its adjoining spaces.
 * Blank lines are settled when the plans are turned into edits ({@link removalEdits}).
 */
export function planStatementRemoval(
  text: string,
  comments: readonly CommentLike[],
  removal: StatementRemoval,
  goesWithStatement: (comment: CommentLike) => boolean = (comment) => DIRECTIVE_COMMENT.test(comment.value),
): RemovalPlan {
  if (removal.kind !== 'statement') return { kind: 'splice', range: removal.range, text: '{}' };
  const [start, end] = removal.range;
  const lineStart = lineStartOf(text, start);
  const lineEnd = lineEndOf(text, end);
  const ownsLineStart = onlyWhitespaceAndComments(text, comments, lineStart, start);
  const ownsLineEnd = onlyWhitespaceAndComments(text, comments, end, lineEnd);
  if (ownsLineStart && ownsLineEnd) {
    let first = lineStart;
    // Take the comments directly above that belong to this line (no blank line between).
    while (first > 0) {
      const previousLineEnd = first - 1;
      const above = [...comments]
        .reverse()
        .find((comment) => comment.range[1] <= previousLineEnd && /^[ \t\r]*$/.test(text.slice(comment.range[1], previousLineEnd)));
      if (!above || above.range[1] < lineStartOf(text, previousLineEnd)) break;
      const commentLineStart = lineStartOf(text, above.range[0]);
      if (!/^[ \t]*$/.test(text.slice(commentLineStart, above.range[0]))) break;
      if (!goesWithStatement(above)) break;
      first = commentLineStart;
    }
    return { kind: 'lines', range: [first, lineEnd < text.length ? lineEnd + 1 : lineEnd] };
  }
  let cutStart = start;
  let cutEnd = end;
  if (!ownsLineEnd) {
    while (cutEnd < text.length && (text[cutEnd] === ' ' || text[cutEnd] === '\t')) cutEnd += 1;
  } else {
    while (cutStart > lineStart && (text[cutStart - 1] === ' ' || text[cutStart - 1] === '\t')) cutStart -= 1;
  }
  // `{ console.log(url); }` → `{}`.
  let before = cutStart - 1;
  while (before >= lineStart && (text[before] === ' ' || text[before] === '\t')) before -= 1;
  let after = cutEnd;
  while (after < lineEnd && (text[after] === ' ' || text[after] === '\t')) after += 1;
  if (text[before] === '{' && text[after] === '}') return { kind: 'splice', range: [before + 1, after], text: '' };
  return { kind: 'splice', range: [cutStart, cutEnd], text: '' };
}

/**
 * Turns removal plans into non-overlapping edits: adjacent line removals merge, splices
 * inside removed lines are dropped, and one blank line goes with a removal when it would
 * otherwise double up (blank line above and below) or dangle (after an opening brace,
 * before a closing one, at the start or end of the file).
 */
export function removalEdits(text: string, plans: readonly RemovalPlan[]): TextEdit[] {
  const isBlank = (from: number, to: number): boolean => /^[ \t\r]*$/.test(text.slice(from, to));
  const lineRanges: [number, number][] = [];
  const splices: TextEdit[] = [];
  for (const plan of plans) {
    if (plan.kind === 'lines') lineRanges.push([...plan.range]);
    else splices.push({ start: plan.range[0], end: plan.range[1], text: plan.text });
  }
  // Two statements cut from one line can share the space between them: deletions that touch
  // or overlap become one, and one that leaves its line empty takes the whole line.
  const cuts = mergeEdits(splices.filter((splice) => splice.text === ''));
  for (const cut of cuts) {
    const lineStart = lineStartOf(text, cut.start);
    const lineEnd = lineEndOf(text, cut.end);
    if (isBlank(lineStart, cut.start) && isBlank(cut.end, lineEnd))
      lineRanges.push([lineStart, lineEnd < text.length ? lineEnd + 1 : lineEnd]);
  }
  lineRanges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of lineRanges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  const settled: TextEdit[] = merged.map(([start, end]) => {
    const previousStart = start > 0 ? lineStartOf(text, start - 1) : 0;
    const previousBlank = start > 0 && isBlank(previousStart, start - 1);
    const previousOpens = start === 0 || /[{([][ \t\r]*$/.test(text.slice(previousStart, start - 1));
    const nextEnd = lineEndOf(text, end);
    const nextBlank = end < text.length && isBlank(end, nextEnd);
    const nextCloses = end >= text.length || /^[ \t]*[})\]]/.test(text.slice(end, nextEnd));
    if (nextBlank && (previousBlank || previousOpens)) return { start, end: nextEnd < text.length ? nextEnd + 1 : nextEnd, text: '' };
    if (previousBlank && nextCloses) return { start: previousStart, end, text: '' };
    // `() => {\n  console.log(url);\n}` → `() => {}`.
    const opener = /\{[ \t\r]*$/.exec(text.slice(previousStart, start - 1));
    const closer = /^[ \t]*\}/.exec(text.slice(end, nextEnd));
    if (start > 0 && opener && closer) return { start: previousStart + opener.index + 1, end: end + closer[0].length - 1, text: '' };
    return { start, end, text: '' };
  });
  return mergeEdits([...settled, ...cuts, ...splices.filter((splice) => splice.text !== '')]);
}

/** Sorted, non-overlapping edits: touching or overlapping deletions merge, anything inside a deletion is dropped. */
function mergeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: TextEdit[] = [];
  for (const edit of sorted) {
    const last = merged[merged.length - 1];
    if (last && (edit.start < last.end || (edit.start === last.end && last.text === '' && edit.text === ''))) {
      if (edit.end > last.end && last.text === '' && edit.text === '') last.end = edit.end;
      continue;
    }
    merged.push({ ...edit });
  }
  return merged;
}
