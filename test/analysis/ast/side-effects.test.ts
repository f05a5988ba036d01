import { describe, expect, it } from 'vitest';
import { isSideEffectFree } from '../../../analysis/ast/side-effects.js';
import { nodeOf, parse } from './parse.js';

const init = (code: string) => nodeOf(parse(code), 'VariableDeclarator').init!;

describe('isSideEffectFree', () => {
  it.each([
    'const x = process.env.DATABASE_URL;',
    'const x = `postgres://${host}/db` as string;',
    "const x = a ?? b ? c : 'd';",
    'const x = { a, b: [1, ...rest], ...c };',
    'const x = !a.b?.c;',
  ])('%s reads without effects', (code) => {
    expect(isSideEffectFree(init(code))).toBe(true);
  });

  it.each([
    'const x = read();',
    'const x = new URL(u);',
    'const x = a[b()];',
    'const x = { [k()]: 1 };',
    'const x = delete a.b;',
    'const x = (a = 1);',
  ])('%s has effects', (code) => {
    expect(isSideEffectFree(init(code))).toBe(false);
  });
});
