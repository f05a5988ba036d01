import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';

describe('parseModule', () => {
  it('gives the program, its scope manager and the text, as a rule gets them', () => {
    const file = parseModule('export const a = 1;', '/p/a.ts');
    expect(file.program.type).toBe('Program');
    expect(file.sourceText).toBe('export const a = 1;');
    expect(file.scopeManager.scopes.map((scope) => scope.type)).toEqual(['global', 'module']);
  });

  it('parses JSX in JavaScript and .tsx, and `<T>x` as a cast in .ts', () => {
    expect(() => parseModule('const el = <div />;', '/p/a.jsx')).not.toThrow();
    expect(() => parseModule('const el = <div />;', '/p/a.js')).not.toThrow();
    expect(() => parseModule('const el = <div />;', '/p/a.tsx')).not.toThrow();
    const cast = parseModule('const n = <number>value;', '/p/a.ts');
    expect((cast.program.body[0] as { declarations: { init: { type: string } }[] }).declarations[0]!.init.type).toBe('TSTypeAssertion');
  });

  it('hands back the same tree for the same text and path, a new one otherwise', () => {
    const first = parseModule('const b = 2;', '/p/b.ts');
    expect(parseModule('const b = 2;', '/p/b.ts')).toBe(first);
    expect(parseModule('const b = 3;', '/p/b.ts')).not.toBe(first);
    expect(parseModule('const b = 2;', '/p/other.ts')).not.toBe(first);
  });

  it('throws the parser error, with its position', () => {
    expect(() => parseModule('const = ;', '/p/bad.ts')).toThrow(expect.objectContaining({ lineNumber: 1 }));
  });
});
