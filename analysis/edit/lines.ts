/** Positions of lines in a text, for edits that take whole lines or match a line's indentation. */

/** Offset of the first character of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the `\n` ending the line holding `offset` (the text's length on the last line). */
export function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline;
}

/** The text of the line holding `offset`, up to `offset`. */
export function linePrefix(text: string, offset: number): string {
  return text.slice(lineStartOf(text, offset), offset);
}

/** The leading spaces and tabs of the line holding `offset`. */
export function indentationOfLine(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartOf(text, offset)))![0];
}
