import type { DotenvComment, DotenvDocument, DotenvEntry, DotenvLocation, DotenvPosition, DotenvQuote } from './dotenv-document.js';
import { positionAt } from '../ast/line-position.js';

/**
 * Reads a dotenv file as dotenv's own `parse()` reads it (dotenv 17, lib/main.js), so every
 * entry we check is one the application gets, with the value it gets:
 * - line breaks are normalised first (`\r\n` and `\r` become `\n`);
 * - one pattern, applied from each line start, finds `KEY=value` (or `KEY: value`), an optional
 *   `export ` before it, a value in `'`, `"` or backquotes that may span lines, else an unquoted
 *   value up to `#` or the line's end, then an optional `# comment`; lines it does not match
 *   are ignored; a later entry of the same key wins;
 * - the value is trimmed, loses its surrounding quotes, and when it starts with `"` (closed or
 *   not) only `\n` and `\r` are expanded (no other escape, `\"` stays as written).
 * The pattern is dotenv's grammar written out here (dotenv is not a runtime dependency of the
 * plugin); test/analysis/dotenv/parse-dotenv.test.ts compares this parser with the real
 * `dotenv.parse()` over a few thousand generated and hand-written files.
 */
const DOTENV_LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm;

const SURROUNDING_QUOTES = /^(['"`])([\s\S]*)\1$/gm;

/**
 * The line-break-normalised text, and where each of its characters starts in the original
 * (a `\n` that was `\r\n` or `\r` starts at the `\r`; `pairs` marks it: it is not that text there).
 */
function normalise(text: string): { normalised: string; starts: number[] | undefined; pairs: Set<number> } {
  const pairs = new Set<number>();
  if (!text.includes('\r')) return { normalised: text, starts: undefined, pairs };
  let normalised = '';
  const starts: number[] = [];
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    starts.push(index);
    if (char === '\r') {
      pairs.add(normalised.length);
      if (text[index + 1] === '\n') index += 1;
      normalised += '\n';
    } else {
      normalised += char;
    }
  }
  return { normalised, starts, pairs };
}

/** 1-based line, 0-based column of each offset, lines ending at `\r\n`, `\r` or `\n`. */
export function dotenvLocator(text: string): (offset: number) => DotenvPosition {
  const lineStarts = [0];
  for (const lineBreak of text.matchAll(/\r\n|\r|\n/g)) lineStarts.push(lineBreak.index + lineBreak[0].length);
  return (offset) => positionAt(lineStarts, offset);
}

function trimmedBounds(text: string, start: number, end: number): [number, number] {
  const raw = text.slice(start, end);
  const leading = raw.length - raw.trimStart().length;
  const trailing = raw.length - raw.trimEnd().length;
  return leading === raw.length ? [start, start] : [start + leading, end - trailing];
}

/** The value dotenv gives for the written value `written` (already trimmed), and each of its characters' offset in `written`. */
function decodeValue(written: string): { value: string; offsets: number[]; quote: DotenvQuote | undefined } {
  const unquoted = written.replace(SURROUNDING_QUOTES, '$2');
  const quoted = unquoted !== written;
  const quote = quoted ? (written[0] as DotenvQuote) : undefined;
  // The pattern above only ever strips one pair, the first and last character.
  const contentStart = quoted ? 1 : 0;
  // dotenv expands when the value starts with `"`, whether or not the quotes were stripped (`"a\n` unclosed).
  if (written[0] !== '"') return { value: unquoted, offsets: [...unquoted].map((_, index) => contentStart + index), quote };
  let value = '';
  const offsets: number[] = [];
  for (let index = 0; index < unquoted.length; index += 1) {
    const char = unquoted[index]!;
    const next = unquoted[index + 1];
    if (char === '\\' && (next === 'n' || next === 'r')) {
      value += next === 'n' ? '\n' : '\r';
      offsets.push(-1);
      index += 1;
    } else {
      value += char;
      offsets.push(contentStart + index);
    }
  }
  return { value, offsets, quote };
}

/** The comments of a document: whole-line `#` comments outside values, and a `#` comment after a value. */
function readComments(normalised: string, entries: readonly { valueEnd: number; valueStart: number }[]): [number, number][] {
  const comments: [number, number][] = [];
  const insideValue = (offset: number) => entries.some((entry) => offset > entry.valueStart && offset < entry.valueEnd);
  for (const line of normalised.matchAll(/^[^\S\n]*(#[^\n]*)/gm)) {
    const start = line.index + line[0].length - line[1]!.length;
    if (!insideValue(start)) comments.push([start, start + line[1]!.length]);
  }
  for (const entry of entries) {
    const after = /^[^\S\n]*(#[^\n]*)/.exec(normalised.slice(entry.valueEnd));
    if (after) {
      const start = entry.valueEnd + after[0].length - after[1]!.length;
      if (!comments.some(([commentStart]) => commentStart === start)) comments.push([start, start + after[1]!.length]);
    }
  }
  return comments.sort((a, b) => a[0] - b[0]);
}

export function parseDotenv(text: string): DotenvDocument {
  const { normalised, starts, pairs } = normalise(text);
  // A normalised offset (a character's start, or the end of the text) in the original text.
  const original = (offset: number): number => (starts === undefined ? offset : (starts[offset] ?? text.length));
  const locate = dotenvLocator(text);
  const loc = (range: [number, number]): DotenvLocation => ({ start: locate(range[0]), end: locate(range[1]) });

  const found: { key: string; keyStart: number; keyEnd: number; valueStart: number; valueEnd: number; exported: boolean }[] = [];
  for (const match of normalised.matchAll(DOTENV_LINE)) {
    const [keyStart, keyEnd] = match.indices![1]!;
    const valueGroup = match.indices![2];
    const [valueStart, valueEnd] = valueGroup ? trimmedBounds(normalised, valueGroup[0], valueGroup[1]) : [keyEnd, keyEnd];
    // Past a bare `KEY=`, the value is empty right after the separator.
    const emptyAt = valueGroup ? valueStart : keyEnd + /^\s*(?:=|:)/.exec(normalised.slice(keyEnd))![0].length;
    const exported = /^\s*export\s/.test(normalised.slice(match.index, keyStart));
    found.push({
      key: match[1]!,
      keyStart,
      keyEnd,
      valueStart: valueGroup ? valueStart : emptyAt,
      valueEnd: valueGroup ? valueEnd : emptyAt,
      exported,
    });
  }

  const entries: DotenvEntry[] = found.map((item) => {
    const written = normalised.slice(item.valueStart, item.valueEnd);
    const decoded = decodeValue(written);
    const valueOffsets = decoded.offsets.map((offset) =>
      offset < 0 || pairs.has(item.valueStart + offset) ? -1 : original(item.valueStart + offset),
    );
    const range: [number, number] = [original(item.keyStart), original(item.valueEnd)];
    const valueRange: [number, number] = [original(item.valueStart), original(item.valueEnd)];
    return {
      type: 'Entry',
      key: item.key,
      keyRange: [original(item.keyStart), original(item.keyEnd)],
      value: decoded.value,
      valueRange,
      quote: decoded.quote,
      valueOffsets,
      exported: item.exported,
      range,
      loc: loc(range),
    };
  });

  const comments: DotenvComment[] = readComments(normalised, found).map(([start, end]) => {
    const range: [number, number] = [original(start), original(end)];
    return { type: 'Line', value: normalised.slice(start + 1, end), range, loc: loc(range) };
  });
  const range: [number, number] = [0, text.length];
  return { type: 'Document', entries, comments, range, loc: loc(range) };
}

/** What dotenv's `parse()` returns for the document: each key's last value. */
export function dotenvValues(document: DotenvDocument): Record<string, string> {
  const values: Record<string, string> = {};
  for (const entry of document.entries) values[entry.key] = entry.value;
  return values;
}
