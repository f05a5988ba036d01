import type {
  ArrayValue,
  Assignment,
  Block,
  Comment,
  ConfigBlock,
  DeclarationBlock,
  Name,
  Member,
  Position,
  PrismaSchema,
  SourceLocation,
  Value,
} from './schema-ast.js';
import { positionAt as linePositionAt } from '../ast/line-position.js';

/**
 * A Prisma schema parser small enough to load in no measurable time, written for this package
 * because the published ones cost more than they give here (measured, Node 20, 2 cores; see
 * docs/prisma-schema.md): `@mrleebo/prisma-ast` 0.16 does not load on Node 20 (its chevrotain
 * 12 calls `Object.groupBy`), 0.13 loads in 170–220 ms and keeps no source positions;
 * `@loancrate/prisma-schema-parser` 3.0 keeps positions but loads in 120–140 ms (it pulls in
 * `es-abstract`); Prisma's own `prisma-schema-wasm` compiles 3.1 MB of WebAssembly (31–39 ms)
 * before the first call and reports generator settings without positions. This one is four
 * small modules with no dependencies (on a loaded machine it loaded in 13–60 ms where a bare
 * `import('node:path')` took 11–16 ms, and the packages above 480–900 ms) and keeps a range on
 * every node, which the editor needs to underline a setting and the fix needs to edit it.
 *
 * It reads the grammar Prisma's own parser accepts (prisma-engines `schema.pest`): top-level
 * blocks `generator`, `datasource`, `model`, `view`, `type`, `enum`, each `keyword name { … }`,
 * `//` and `///` comments. Inside `generator` and `datasource`, `key = value` lines with
 * strings, numbers, bare names, arrays and function calls (`env("URL")`). Inside the other
 * blocks a member is kept as its line's text: no check reads fields yet.
 */

export class SchemaSyntaxError extends Error {
  override name = 'SchemaSyntaxError';
  constructor(
    message: string,
    /** 1-based line and column. */
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (${line}:${column})`);
  }
}

const BLOCK_TYPES: Readonly<Record<string, Block['type']>> = {
  generator: 'Generator',
  datasource: 'Datasource',
  model: 'Model',
  view: 'View',
  type: 'CompositeType',
  enum: 'Enum',
};

type TokenKind = 'name' | 'string' | 'number' | 'punct' | 'newline';

interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /** A string's value, escapes resolved. */
  value?: string;
}

const NAME = /[A-Za-z_][\w-]*/y;
const NUMBER = /-?\d+(?:\.\d+)?/y;
const PUNCTUATION = '{}[]()=,@.:?!';

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** 1-based line, 0-based column of an offset. */
export function positionAt(lineStarts: readonly number[], offset: number): Position {
  return linePositionAt(lineStarts, offset);
}

function tokenize(text: string, lineStarts: readonly number[], comments: Comment[]): Token[] {
  const tokens: Token[] = [];
  const fail = (message: string, offset: number): never => {
    const { line, column } = positionAt(lineStarts, offset);
    throw new SchemaSyntaxError(message, line, column + 1);
  };
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '\n') {
      tokens.push({ kind: 'newline', text: char, start: index, end: index + 1 });
      index += 1;
    } else if (char === ' ' || char === '\t' || char === '\r' || char === '\f' || char === '\v' || char === '\uFEFF') {
      index += 1;
    } else if (char === '/' && text[index + 1] === '/') {
      let end = text.indexOf('\n', index);
      if (end === -1) end = text.length;
      // A CR before the newline belongs to the line ending, not to the comment.
      const stop = text[end - 1] === '\r' ? end - 1 : end;
      comments.push({ type: 'Line', value: text.slice(index + 2, stop), range: [index, stop], loc: locOf(lineStarts, index, stop) });
      index = stop;
    } else if (char === '"') {
      let value = '';
      let cursor = index + 1;
      for (;;) {
        const current = text[cursor];
        if (current === undefined || current === '\n') fail('unterminated string', index);
        if (current === '"') break;
        if (current === '\\') {
          const escaped = text[cursor + 1];
          if (escaped === undefined) fail('unterminated string', index);
          value += escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped;
          cursor += 2;
        } else {
          value += current;
          cursor += 1;
        }
      }
      tokens.push({ kind: 'string', text: text.slice(index, cursor + 1), start: index, end: cursor + 1, value });
      index = cursor + 1;
    } else if (PUNCTUATION.includes(char)) {
      tokens.push({ kind: 'punct', text: char, start: index, end: index + 1 });
      index += 1;
    } else {
      NUMBER.lastIndex = index;
      NAME.lastIndex = index;
      const number = NUMBER.exec(text);
      const name = number === null ? NAME.exec(text) : null;
      const match = number ?? name;
      if (match === null) fail(`unexpected character '${char}'`, index);
      tokens.push({ kind: number !== null ? 'number' : 'name', text: match![0], start: index, end: index + match![0].length });
      index += match![0].length;
    }
  }
  return tokens;
}

function locOf(lineStarts: readonly number[], start: number, end: number): SourceLocation {
  return { start: positionAt(lineStarts, start), end: positionAt(lineStarts, end) };
}

/** Parses a Prisma schema; throws a {@link SchemaSyntaxError} with its position on text Prisma would reject. */
export function parseSchema(text: string): PrismaSchema {
  const lineStarts = lineStartsOf(text);
  const comments: Comment[] = [];
  const tokens = tokenize(text, lineStarts, comments);
  let cursor = 0;
  const loc = (start: number, end: number): SourceLocation => locOf(lineStarts, start, end);

  const fail = (message: string, token: Token | undefined): never => {
    const { line, column } = positionAt(lineStarts, token?.start ?? text.length);
    throw new SchemaSyntaxError(
      token === undefined ? `${message}, found the end of the file` : `${message}, found '${token.text}'`,
      line,
      column + 1,
    );
  };
  const skipNewlines = (): void => {
    while (tokens[cursor]?.kind === 'newline') cursor += 1;
  };
  const peek = (): Token | undefined => tokens[cursor];
  const expect = (kind: TokenKind, text?: string): Token => {
    const token = tokens[cursor];
    if (token === undefined || token.kind !== kind || (text !== undefined && token.text !== text)) {
      return fail(`expected ${text !== undefined ? `'${text}'` : kind === 'name' ? 'a name' : kind}`, token);
    }
    cursor += 1;
    return token;
  };
  const identifier = (token: Token): Name => ({
    type: 'Name',
    name: token.text,
    range: [token.start, token.end],
    loc: loc(token.start, token.end),
  });

  /**
   * The comma-separated items of a list up to `close` (not consumed), newlines allowed around
   * each: `item` reads one, given the token it starts at.
   */
  const listItems = (close: ']' | ')', item: (first: Token | undefined) => void): void => {
    for (;;) {
      skipNewlines();
      const first = peek();
      if (first?.kind === 'punct' && first.text === close) return;
      item(first);
      skipNewlines();
      const separator = peek();
      if (separator?.kind === 'punct' && separator.text === ',') cursor += 1;
      else if (!(separator?.kind === 'punct' && separator.text === close)) fail(`expected ',' or '${close}'`, separator);
    }
  };
  const value = (): Value => {
    skipNewlines();
    const token = peek();
    if (token === undefined) return fail('expected a value', token);
    if (token.kind === 'string') {
      cursor += 1;
      return { type: 'StringValue', value: token.value!, range: [token.start, token.end], loc: loc(token.start, token.end) };
    }
    if (token.kind === 'punct' && token.text === '[') {
      cursor += 1;
      const elements: Value[] = [];
      listItems(']', () => elements.push(value()));
      const close = expect('punct', ']');
      const array: ArrayValue = { type: 'ArrayValue', elements, range: [token.start, close.end], loc: loc(token.start, close.end) };
      return array;
    }
    if (token.kind === 'number' || token.kind === 'name') {
      cursor += 1;
      const next = peek();
      if (token.kind === 'name' && next?.kind === 'punct' && next.text === '(') {
        cursor += 1;
        const args: Value[] = [];
        listItems(')', (current) => {
          // A named argument (`uuid_ossp(map: "uuid-ossp")`) is kept as its value.
          if (current?.kind === 'name' && tokens[cursor + 1]?.text === ':') cursor += 2;
          args.push(value());
        });
        const close = expect('punct', ')');
        return {
          type: 'FunctionValue',
          callee: identifier(token),
          arguments: args,
          range: [token.start, close.end],
          loc: loc(token.start, close.end),
        };
      }
      return { type: 'BareValue', raw: token.text, range: [token.start, token.end], loc: loc(token.start, token.end) };
    }
    return fail('expected a value', token);
  };

  const configBlock = (type: ConfigBlock['type'], keyword: Token, name: Name): ConfigBlock => {
    const assignments: Assignment[] = [];
    for (;;) {
      skipNewlines();
      const token = peek();
      if (token?.kind === 'punct' && token.text === '}') break;
      const key = expect('name');
      expect('punct', '=');
      const assigned = value();
      assignments.push({
        type: 'Assignment',
        key: identifier(key),
        value: assigned,
        range: [key.start, assigned.range[1]],
        loc: loc(key.start, assigned.range[1]),
      });
      const end = peek();
      if (end !== undefined && end.kind !== 'newline' && !(end.kind === 'punct' && end.text === '}'))
        fail('expected the end of the line', end);
    }
    const close = expect('punct', '}');
    return { type, name, assignments, range: [keyword.start, close.end], loc: loc(keyword.start, close.end) };
  };

  const declarationBlock = (type: DeclarationBlock['type'], keyword: Token, name: Name): DeclarationBlock => {
    const members: Member[] = [];
    let depth = 0;
    let lineStart: Token | undefined;
    let lineEnd: Token | undefined;
    const endMember = (): void => {
      if (lineStart !== undefined && lineEnd !== undefined) {
        members.push({
          type: 'Member',
          text: text.slice(lineStart.start, lineEnd.end),
          range: [lineStart.start, lineEnd.end],
          loc: loc(lineStart.start, lineEnd.end),
        });
      }
      lineStart = undefined;
      lineEnd = undefined;
    };
    for (;;) {
      const token = peek();
      if (token === undefined) return fail("expected '}'", token);
      if (token.kind === 'punct' && token.text === '}' && depth === 0) break;
      cursor += 1;
      if (token.kind === 'newline') {
        if (depth === 0) endMember();
        continue;
      }
      if (token.kind === 'punct' && (token.text === '(' || token.text === '[' || token.text === '{')) depth += 1;
      if (token.kind === 'punct' && (token.text === ')' || token.text === ']' || token.text === '}')) depth -= 1;
      lineStart ??= token;
      lineEnd = token;
    }
    endMember();
    const close = expect('punct', '}');
    return { type, name, members, range: [keyword.start, close.end], loc: loc(keyword.start, close.end) };
  };

  const body: Block[] = [];
  for (;;) {
    skipNewlines();
    const keyword = peek();
    if (keyword === undefined) break;
    const type = keyword.kind === 'name' ? BLOCK_TYPES[keyword.text] : undefined;
    if (type === undefined) {
      fail(`expected a block (${Object.keys(BLOCK_TYPES).join(', ')})`, keyword);
      break;
    }
    cursor += 1;
    const name = identifier(expect('name'));
    expect('punct', '{');
    body.push(type === 'Generator' || type === 'Datasource' ? configBlock(type, keyword, name) : declarationBlock(type, keyword, name));
  }
  return { type: 'PrismaSchema', body, comments, range: [0, text.length], loc: loc(0, text.length) };
}
