import { describe, expect, it } from 'vitest';
import dotenv from 'dotenv';
import { dotenvValues, parseDotenv } from '../../../analysis/dotenv/index.js';

/** Hand-written cases: each rule of dotenv's grammar, and the shapes real .env files have. */
const CASES = [
  'A=1',
  'A=1\nB=2',
  'export A=1',
  'export  A = 1 ',
  'export=1',
  'A: 1',
  'A:1',
  'A = "x y" # c',
  "A='x # not a comment'",
  'A=x#comment',
  'A=x #comment',
  'A="a\\nb"',
  "A='a\\nb'",
  'A="line1\nline2"',
  "A='line1\nline2'\nB=2",
  'A=`back\ntick`',
  'A="unterminated\nB=2',
  'A="has \\" escaped"',
  'A=\nB=2',
  'A=',
  'A=  ',
  '# comment\nA=1\n  # indented\nB=2',
  'A=1\r\nB=2\r\n',
  'A="multi\r\nline"\r\nB=3',
  'A=1\rB=2',
  '\uFEFFA=1',
  'garbage line\nA=1',
  'A.B-C=dotted',
  'A="x"y',
  "A='x' y",
  'A=\n"quoted on the next line"',
  'A\n=split',
  'A="#hash"',
  'DATABASE_URL="postgresql://u:p@h:5432/db?connection_limit=1"',
  "DATABASE_OPTION=''",
  'DATABASE_URL="${DATABASE_ENGINE}://${DATABASE_USER}:${DATABASE_PASSWORD}@${DATABASE_HOST}:${DATABASE_PORT}/${DATABASE_NAME}${DATABASE_OPTION}"',
  'A=1\nA=2',
  'A=" spaced "',
  '  A=1',
  'A=\'\'\nB=""\nC=``',
  'A="\\r\\n"',
  'A="a\\\\nb"',
];

/** Random files from the characters and words dotenv's grammar turns on, mostly in `KEY=value` lines. */
function randomFile(seed: number): string {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const starts = ['A=', 'B_1 = ', 'export C=', 'D: ', 'E.F-G=', '  H=', '# ', '', 'export=', 'I'];
  const pieces = [' ', '\t', '"', "'", '`', '#', '\\', 'n', 'r', 'x', '$', '{', '}', '=', ':', 'é', '?&', '\n', '\r\n', '\r'];
  const breaks = ['\n', '\r\n', '\r', '\n\n'];
  let text = '';
  const lines = 1 + Math.floor(next() * 5);
  for (let line = 0; line < lines; line += 1) {
    text += pick(starts);
    const length = Math.floor(next() * 12);
    for (let index = 0; index < length; index += 1) text += pick(pieces);
    text += pick(breaks);
  }
  return text;
}

function checkOffsets(text: string): void {
  for (const entry of parseDotenv(text).entries) {
    expect(text.slice(entry.keyRange[0], entry.keyRange[1])).toBe(entry.key);
    [...entry.value].forEach((char, index) => {
      const offset = entry.valueOffsets[index]!;
      if (offset >= 0) expect(text[offset]).toBe(char);
    });
    expect(entry.valueOffsets).toHaveLength(entry.value.length);
  }
}

describe('parseDotenv against dotenv.parse()', () => {
  it.each(CASES)('reads %j as dotenv does', (text) => {
    expect(dotenvValues(parseDotenv(text))).toEqual(dotenv.parse(text));
    checkOffsets(text);
  });

  it('agrees with dotenv on 5,000 random files', () => {
    const disagreements: string[] = [];
    let withEntries = 0;
    for (let seed = 1; seed <= 5000; seed += 1) {
      const text = randomFile(seed);
      if (Object.keys(dotenv.parse(text)).length > 0) withEntries += 1;
      const ours = JSON.stringify(dotenvValues(parseDotenv(text)));
      if (ours !== JSON.stringify(dotenv.parse(text))) disagreements.push(JSON.stringify(text));
      checkOffsets(text);
    }
    expect(disagreements).toEqual([]);
    // The generator must exercise the grammar, not only produce lines dotenv ignores.
    expect(withEntries).toBeGreaterThan(1000);
  });
});

describe('parseDotenv positions', () => {
  it('gives each entry its key, value range, quote and line', () => {
    const text = '# db\r\nexport DATABASE_URL="postgres://h/db" # main\r\nDATABASE_OPTION=\'\'\r\n';
    const document = parseDotenv(text);
    const [url, option] = document.entries;
    expect(url).toMatchObject({
      key: 'DATABASE_URL',
      quote: '"',
      exported: true,
      value: 'postgres://h/db',
      loc: { start: { line: 2, column: 7 } },
    });
    expect(text.slice(...url!.valueRange)).toBe('"postgres://h/db"');
    expect(option).toMatchObject({ key: 'DATABASE_OPTION', quote: "'", value: '', loc: { start: { line: 3, column: 0 } } });
    expect(text.slice(...option!.valueRange)).toBe("''");
    expect(document.comments.map((comment) => [comment.value, comment.loc.start.line])).toEqual([
      [' db', 1],
      [' main', 2],
    ]);
  });

  it('does not read a # inside a quoted multi-line value as a comment', () => {
    const document = parseDotenv('KEY="first\n# still the value\n"\n# a comment');
    expect(document.entries[0]!.value).toBe('first\n# still the value\n');
    expect(document.comments.map((comment) => comment.value)).toEqual([' a comment']);
  });

  it('puts the empty value of `KEY=` right after the separator', () => {
    const text = 'KEY= # nothing\nNEXT=1';
    const entry = parseDotenv(text).entries[0]!;
    expect(entry.value).toBe('');
    expect(entry.valueRange).toEqual([4, 4]);
  });
});
