import { parse } from '@typescript-eslint/typescript-estree';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWithOxc } from '../../../analysis/ast/oxc-parse.js';

/**
 * oxc-parser's tree, laid out by parseWithOxc, must be typescript-estree's tree: every rule,
 * detection and transform reads it, so any difference could change a finding. Compared over
 * every fixture (the transforms' inputs and outputs, the rule corpora, the no-crash syntax
 * torture files), property for property, `loc` and `range` included.
 */
const SOURCE = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);
const JSX = new Set(['.tsx', '.jsx', '.js', '.mjs', '.cjs']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return SOURCE.has(extname(entry.name)) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** A tree as plain data: undefined properties left out, as typescript-estree leaves them. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof RegExp) return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, item]) => key !== 'parent' && item !== undefined)
      .map(([key, item]) => [key, plain(item)]),
  );
}

const estree = (code: string, path: string) =>
  parse(code, { range: true, loc: true, comment: true, tokens: false, jsx: JSX.has(extname(path)), filePath: path });

describe('parseWithOxc', () => {
  const files = sourceFiles(join(import.meta.dirname, '../../../fixtures'));

  it('has fixtures to compare', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(files.map((path) => [path.slice(path.indexOf('fixtures/'))!, path]))('gives typescript-estree’s tree for %s', (_, path) => {
    const code = readFileSync(path, 'utf8');
    let expected;
    try {
      expected = estree(code, path);
    } catch {
      // typescript-estree rejects it: oxc must leave it to typescript-estree too.
      expect(parseWithOxc(code, path)).toBeUndefined();
      return;
    }
    const program = parseWithOxc(code, path);
    if (program === undefined) return; // left to typescript-estree (an entity in JSX text)
    expect(plain(program)).toEqual(plain(expected));
  });

  it('leaves a syntax error to typescript-estree, whose error users see', () => {
    expect(parseWithOxc('const = 1;', '/p/a.ts')).toBeUndefined();
  });

  it('leaves JSX with an HTML entity to typescript-estree, which decodes it', () => {
    expect(parseWithOxc('const a = <p>don&apos;t</p>;', '/p/a.tsx')).toBeUndefined();
    expect(parseWithOxc('const a = <p>do</p>;', '/p/a.tsx')).toBeDefined();
  });

  it('reads .ts without JSX: `<T>value` is a type assertion', () => {
    const program = parseWithOxc('const a = <number>b;', '/p/a.ts')!;
    expect(plain(program)).toEqual(plain(estree('const a = <number>b;', '/p/a.ts')));
  });

  it.each([
    ['a regular expression’s flags as written', 'const r = /a/mg;', '/p/a.ts'],
    ['a script’s source type', 'module.exports = 1;', '/p/a.cjs'],
    ['a hashbang and comments', '#!/usr/bin/env node\n// one\n/* two */\nexport {};', '/p/a.mjs'],
    ['lines ending in \\r\\n and U+2028', 'const a = 1;\r\nconst b = "\u2028";\r\nlet c;', '/p/a.ts'],
    ['non-ASCII text before the code', 'const s = "é𝒳";\nconst t = 1;', '/p/a.ts'],
    ['an import type’s missing type arguments', "type T = import('x').Y;", '/p/a.ts'],
  ])('keeps %s', (_, code, path) => {
    expect(plain(parseWithOxc(code, path))).toEqual(plain(estree(code, path)));
  });
});
