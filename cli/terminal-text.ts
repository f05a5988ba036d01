/**
 * What the CLI prints for people goes through here last: a file name (or anything read from
 * the project) may hold control characters, and an ANSI escape sequence in a name would
 * otherwise reach the terminal and be obeyed (recolour, move the cursor, hide lines, set the
 * window title). C0 controls other than tab and newline, DEL, C1 controls and the Unicode
 * bidirectional controls (which reorder what a line shows) are printed as `\xNN` / `\u{NNNN}`.
 * The `--json` report is escaped by JSON itself (`toJson` adds what JSON leaves raw).
 */

/** Everything a terminal may act on, newline and tab excepted. */
const UNSAFE_FOR_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The same, newline and tab included: for one path or name on one line. */
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** True when a name holds a character a terminal may act on (newline and tab included). */
export function hasUnsafeCharacter(name: string): boolean {
  return new RegExp(UNSAFE_IN_NAME.source).test(name);
}

const escapeCharacter = (character: string): string => {
  const code = character.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
};

/** Text for a terminal: its lines stay lines, nothing in them is a control sequence. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE_FOR_TERMINAL, escapeCharacter);
}

/** A file name for one line of output: a newline in it is shown as `\x0a` too. */
export function escapeName(name: string): string {
  return name.replace(UNSAFE_IN_NAME, escapeCharacter);
}

/** For JSON text: what `JSON.stringify` leaves raw (DEL, C1 and bidi controls) as `\uXXXX` escapes, the value unchanged. */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(UNSAFE_FOR_TERMINAL, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
