import type { Range } from '../ast/range.js';

/**
 * A replacement of `[start, end)` (UTF-16 offsets, end exclusive) by `text`; an insertion when
 * `start === end`. Detection code describes every fix this way, so an ESLint suggestion
 * (`fixer.replaceTextRange`) and a codemod apply exactly the same change.
 */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** The edit that replaces `range` by `text`. */
export function replaceRange(range: Range, text: string): TextEdit {
  return { start: range[0], end: range[1], text };
}

export function sameTextEdit(a: TextEdit, b: TextEdit): boolean {
  return a.start === b.start && a.end === b.end && a.text === b.text;
}

/** Edits in application order (by start, insertions before replacements that start at the same offset), duplicates dropped. */
export function sortTextEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  return sorted.filter((edit, index) => index === 0 || !sameTextEdit(edit, sorted[index - 1]!));
}

/** Whether any two (distinct) edits overlap, which would make the result depend on their order. */
export function textEditsOverlap(edits: readonly TextEdit[]): boolean {
  const sorted = sortTextEdits(edits);
  for (let index = 1; index < sorted.length; index += 1) {
    const previous = sorted[index - 1]!;
    const current = sorted[index]!;
    const bothInsertAtOneOffset = previous.start === previous.end && current.start === current.end && current.start === previous.start;
    if (current.start < previous.end || bothInsertAtOneOffset) return true;
  }
  return false;
}

/** Applies non-overlapping edits to `text`. Throws on overlapping edits: that is a bug in the caller. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  if (textEditsOverlap(edits)) throw new Error('applyTextEdits: overlapping edits');
  let result = '';
  let cursor = 0;
  for (const edit of sortTextEdits(edits)) {
    result += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/**
 * Joins edit lists into one, merging insertions at the same offset (in list order) so the
 * result can go to `applyTextEdits` or one ESLint suggestion.
 */
export function combineTextEdits(...lists: readonly (readonly TextEdit[])[]): TextEdit[] {
  const combined: TextEdit[] = [];
  for (const edit of lists.flat()) {
    const sameInsertion =
      edit.start === edit.end ? combined.find((other) => other.start === edit.start && other.end === edit.end) : undefined;
    if (sameInsertion) sameInsertion.text += edit.text;
    else combined.push({ ...edit });
  }
  return combined;
}
