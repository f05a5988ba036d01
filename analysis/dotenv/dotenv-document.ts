/**
 * The tree of a dotenv file (`.env`, `.env.production`, ...): one `Entry` per `KEY=value` that
 * dotenv's `parse()` reads, the `#` comments beside them, under a `Document` root. Offsets are
 * UTF-16 indexes into the file's text as given (CRLF kept), lines 1-based and columns 0-based
 * as ESLint's JavaScript tree has them, so rules report on either language the same way.
 */

export interface DotenvPosition {
  line: number;
  column: number;
}

export interface DotenvLocation {
  start: DotenvPosition;
  end: DotenvPosition;
}

interface DotenvNodeBase {
  range: [number, number];
  loc: DotenvLocation;
}

/** The quote a value is written in; dotenv strips it, and expands `\n` and `\r` only inside `"`. */
export type DotenvQuote = '"' | "'" | '`';

export interface DotenvEntry extends DotenvNodeBase {
  type: 'Entry';
  /** The name, as written (dotenv keeps its case). */
  key: string;
  keyRange: [number, number];
  /** The value exactly as dotenv's `parse()` gives it. */
  value: string;
  /** The value as written, quotes included, surrounding blanks excluded (empty at the end of `KEY=`). */
  valueRange: [number, number];
  quote: DotenvQuote | undefined;
  /**
   * For each character of {@link value}, its offset in the text; -1 for a character an escape
   * wrote (`\n` in double quotes). Where an edit of the value can be written back.
   */
  valueOffsets: readonly number[];
  /** `export KEY=value` (dotenv ignores the word). */
  exported: boolean;
}

/** A `#` comment: a whole line, or after a value. `value` is the text after `#`, as ESLint's `Line` comments hold it. */
export interface DotenvComment extends DotenvNodeBase {
  type: 'Line';
  value: string;
}

export interface DotenvDocument extends DotenvNodeBase {
  type: 'Document';
  entries: DotenvEntry[];
  comments: DotenvComment[];
}

export type DotenvNode = DotenvDocument | DotenvEntry;

/** What ESLint walks: the entries of the document (comments, as in JavaScript, are not visited). */
export const DOTENV_VISITOR_KEYS: Readonly<Record<DotenvNode['type'], readonly string[]>> = Object.freeze({
  Document: ['entries'],
  Entry: [],
});
