import { describe, expect, it } from 'vitest';
import {
  indentUnitOf,
  lineBreakOf,
  preferredQuote,
  quoteAt,
  stringLiteralText,
  usesSemicolons,
} from '../../../analysis/edit/code-style.js';
import { indentationOfLine, lineEndOf, linePrefix, lineStartOf } from '../../../analysis/edit/lines.js';

describe('code style', () => {
  it('reads line breaks, semicolons and quotes', () => {
    expect(lineBreakOf('a\r\nb')).toBe('\r\n');
    expect(lineBreakOf('a\nb')).toBe('\n');
    expect(usesSemicolons('a()\nb();\n')).toBe(true);
    expect(usesSemicolons('a()\r\nb();\r\n')).toBe(true);
    expect(usesSemicolons("for (;;) a()\nconst s = ';'\n")).toBe(false);
    expect(preferredQuote(`a("x"); b('y'); c("z");`)).toBe('"');
    expect(preferredQuote(`a('x'); b("y");`)).toBe("'");
    expect(quoteAt(`x = "a"`, 4)).toBe('"');
  });

  it('reads the indentation unit', () => {
    expect(indentUnitOf('a\n\tb\n')).toBe('\t');
    expect(indentUnitOf('a\n    b\n        c\n')).toBe('    ');
    expect(indentUnitOf('a\n  b\n    c\n')).toBe('  ');
    expect(indentUnitOf('a\n')).toBe('  ');
  });

  it('writes string literals', () => {
    expect(stringLiteralText("it's\n", "'")).toBe("'it\\'s\\n'");
    expect(stringLiteralText('a\\b', '"')).toBe('"a\\\\b"');
  });
});

describe('line positions', () => {
  const text = 'one\n  two;\nthree';
  it('finds line starts, ends, prefixes and indentation', () => {
    expect(lineStartOf(text, 7)).toBe(4);
    expect(lineEndOf(text, 7)).toBe(10);
    expect(lineEndOf(text, 12)).toBe(text.length);
    expect(linePrefix(text, 7)).toBe('  t');
    expect(indentationOfLine(text, 9)).toBe('  ');
  });
});
