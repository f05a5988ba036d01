/**
 * Which pieces of a secret string still hold its credential. A password (`DB_PASSWORD`) is
 * secret in every piece: any slice, character or split part of it reveals some of it. A
 * connection URL (`scheme://user:password@host/db`) has landmarks that bound where the user
 * info can be, so some pieces provably hold none of it:
 * - the scheme: everything before the first `:`/`/` (`url.split('://')[0]`,
 *   `url.slice(0, url.indexOf(':'))`, `url.split(':')[0]`). A scheme is letters, digits and
 *   `+.-` (RFC 3986 §3.1), so the first `:` and the first `/` are part of `://`, and at
 *   least four characters (`x://`) come before the user info;
 * - the host side: everything from the first `@` on (`url.split('@')[1]`, `.pop()`,
 *   `url.slice(url.indexOf('@') + 1)`). A valid URL percent-encodes an `@` inside its user
 *   info (RFC 3986 §3.2.1), so the first `@` ends it.
 * Every other piece (`url.split('://')[1]`, `url.slice(0, 30)`, `url.slice(-10)`,
 * `url.split('@')[0]`, `url.match(...)`, `url.at(-1)`) may hold the user info and stays secret.
 */

/** What is known about the text of a secret value. */
export type SecretShape =
  /** The value is a connection URL, or a prefix of one: its landmarks apply. */
  | { kind: 'url' }
  /** The array `url.split(separator, limit)` of a connection URL (`separator` undefined: not static). */
  | { kind: 'url-pieces'; separator: string | undefined; limit: number | undefined };

/** Environment variable names that hold a connection URL (not a bare password or a key/value string). */
const URL_VARIABLE_NAME = /(?:^|_)(?:URL|URI|DSN)(?:_|$)/i;

/** The shape of an environment variable's value, judged by its name. */
export function shapeOfVariable(name: string): SecretShape | undefined {
  return URL_VARIABLE_NAME.test(name) ? { kind: 'url' } : undefined;
}

/**
 * A position in a connection URL, relative to a landmark: `start` (offset from the first
 * character), `scheme-end` (from the `:` of the first `://`), `at-sign` (from the first `@`
 * or a later one).
 */
export interface UrlPosition {
  anchor: 'start' | 'scheme-end' | 'at-sign';
  offset: number;
}

/** The smallest offset from the start at which the user info can begin: a one-letter scheme and `://`. */
const EARLIEST_USERINFO = 'x://'.length;

/** Where `url.indexOf(search)` (or `lastIndexOf`) lands, when a landmark pins it down. */
export function positionOfSearch(search: string, method: 'indexOf' | 'lastIndexOf'): UrlPosition | undefined {
  if (search === '') return undefined;
  // The first `:` or `/` of a URL is part of its `://`; a later one (the port, the path) is not.
  if (method === 'indexOf' && '://'.includes(search)) return { anchor: 'scheme-end', offset: '://'.indexOf(search) };
  // Any `@` sits at or after the one that ends the user info.
  if (search.includes('@')) return { anchor: 'at-sign', offset: -search.indexOf('@') };
  return undefined;
}

/** A position moved by a static number of characters. */
export function shifted(position: UrlPosition | undefined, by: number): UrlPosition | undefined {
  return position && Number.isFinite(by) ? { anchor: position.anchor, offset: position.offset + by } : undefined;
}

/** True when the cut `[start, end)` of a connection URL may overlap its user info (`undefined` end: to the end). */
export function cutMayHoldUserinfo(start: UrlPosition | undefined, end: UrlPosition | undefined): boolean {
  if (start?.anchor === 'at-sign' && start.offset >= 0) return false;
  if (end?.anchor === 'start' && end.offset <= EARLIEST_USERINFO) return false;
  if (end?.anchor === 'scheme-end' && end.offset <= '://'.length) return false;
  return true;
}

/** True when piece `index` (`'last'`: the last one) of `url.split(separator, limit)` may hold user info. */
export function pieceMayHoldUserinfo(pieces: SecretShape & { kind: 'url-pieces' }, index: number | 'last'): boolean {
  const { separator, limit } = pieces;
  if (separator === undefined || separator === '') return true;
  const position = index === 'last' ? (limit !== undefined ? limit - 1 : 'last') : index;
  // The text before the first `:`, `/`, `:/`, `//` or `://` is the scheme.
  if (position === 0 && '://'.includes(separator)) return false;
  // Every piece after one holding an `@` is on the host side.
  if (position !== 0 && separator.includes('@')) return false;
  return true;
}

/** True when `pieces.slice(start, end)` (static bounds) holds only pieces without user info. */
export function pieceRangeMayHoldUserinfo(
  pieces: SecretShape & { kind: 'url-pieces' },
  start: number | undefined,
  end: number | undefined,
): boolean {
  const from = start ?? 0;
  if (from < 0 || (end !== undefined && end < 0)) return true;
  if (end !== undefined && end <= from) return false;
  if (pieceMayHoldUserinfo(pieces, from)) return true;
  // From an `@` piece on, every later piece is on the host side too.
  if (from >= 1) return false;
  return end === undefined || end > 1;
}
