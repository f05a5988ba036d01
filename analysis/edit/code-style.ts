/**
 * The file's own code style, so inserted code looks as if it had been there: its line
 * breaks, whether it ends statements with semicolons, its quotes and its indentation unit.
 */

/** The line break the file uses. */
export function lineBreakOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Whether the file ends its statements with semicolons (some line ends with one). */
export function usesSemicolons(text: string): boolean {
  return /;[ \t]*\r?$/m.test(text);
}

/** The quote the file uses most: `"` when it has more double than single quotes, else `'`. */
export function preferredQuote(text: string): string {
  const singles = (text.match(/'/g) ?? []).length;
  const doubles = (text.match(/"/g) ?? []).length;
  return doubles > singles ? '"' : "'";
}

/** The quote a string literal starting at `offset` is written with (`'` unless it is `"`). */
export function quoteAt(text: string, offset: number): string {
  return text[offset] === '"' ? '"' : "'";
}

/** One level of indentation: a tab when any line is tab-indented, else 4 spaces when every indentation is a multiple of 4 (2 by default). */
export function indentUnitOf(text: string): string {
  const indents = [...text.matchAll(/^( +|\t+)\S/gm)].map((match) => match[1]!);
  if (indents.some((indent) => indent.startsWith('\t'))) return '\t';
  const widths = indents.map((indent) => indent.length).filter((width) => width > 0);
  return ' '.repeat(widths.length === 0 ? 2 : Math.min(...widths) >= 4 && widths.every((width) => width % 4 === 0) ? 4 : 2);
}

/** `text` as a string literal in `quote`. */
export function stringLiteralText(value: string, quote: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\n/g, '\\n');
  return `${quote}${escaped}${quote}`;
}
