import { describe, expect, it } from 'vitest';
import { isTypeWrapper, skipTypeWrappers, unwrapAwaitAndTypes } from '../../../analysis/ast/unwrap.js';
import { nodeOf, parse, textOf } from './parse.js';

/** The initialiser of `const x = ...` in `code`, through each unwrapper. */
function unwrapped(code: string) {
  const file = parse(code);
  const init = nodeOf(file, 'VariableDeclarator').init!;
  return {
    types: textOf(file, skipTypeWrappers(init)),
    awaitAndTypes: textOf(file, unwrapAwaitAndTypes(init)),
    isWrapper: isTypeWrapper(init),
  };
}

describe('skipTypeWrappers and unwrapAwaitAndTypes', () => {
  it.each([
    ['const x = a as T;', 'a', 'a', true],
    ['const x = a!;', 'a', 'a', true],
    ['const x = a satisfies T;', 'a', 'a', true],
    ['const x = <T>a;', 'a', 'a', true],
    ['const x = f<string>;', 'f', 'f', true],
    ['const x = a?.b;', 'a?.b', 'a?.b', true],
    ['const x = ((a as unknown) as T)!;', 'a', 'a', true],
  ])('%s: both skip what keeps the value', (code, types, awaitAndTypes, isWrapper) => {
    expect(unwrapped(code)).toEqual({ types, awaitAndTypes, isWrapper });
  });

  it('only unwrapAwaitAndTypes goes through await, at any depth', () => {
    expect(unwrapped("const x = await import('x');")).toEqual({
      types: "await import('x')",
      awaitAndTypes: "import('x')",
      isWrapper: false,
    });
    // In an async function: at the top of a script, `await (p)` is a call of a function named await.
    expect(unwrapped('async function f() { const x = (await (p as Promise<T>))!; }')).toEqual({
      types: 'await (p as Promise<T>)',
      awaitAndTypes: 'p',
      isWrapper: true,
    });
  });

  it('leaves everything else, and passes null through', () => {
    expect(unwrapped('const x = (a, b);')).toEqual({ types: 'a, b', awaitAndTypes: 'a, b', isWrapper: false });
    expect(unwrapped('const x = a ?? b;')).toEqual({ types: 'a ?? b', awaitAndTypes: 'a ?? b', isWrapper: false });
    expect(skipTypeWrappers(null)).toBeNull();
    expect(unwrapAwaitAndTypes(undefined)).toBeUndefined();
  });
});
