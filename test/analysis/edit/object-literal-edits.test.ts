import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { lineBreakOf } from '../../../analysis/edit/code-style.js';
import { appendPropertiesEdits, removePropertyEdits } from '../../../analysis/edit/object-literal-edits.js';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { applyTextEdits } from '../../../analysis/edit/text-edit.js';

/** The object literal assigned by `const o = {...}` (the first declaration). */
function objectOf(source: string): TSESTree.ObjectExpression {
  const { program: ast } = parseModule(source, '/x/o.ts');
  const declaration = ast.body[0] as TSESTree.VariableDeclaration;
  const init = declaration.declarations[0]!.init!;
  if (init.type !== AST_NODE_TYPES.ObjectExpression) throw new Error('no object');
  return init;
}

function append(source: string, ...properties: string[]): string {
  return applyTextEdits(source, appendPropertiesEdits(source, objectOf(source), properties));
}

function remove(source: string, key: string): string {
  const object = objectOf(source);
  const property = object.properties.find(
    (candidate) =>
      candidate.type === AST_NODE_TYPES.Property && candidate.key.type === AST_NODE_TYPES.Identifier && candidate.key.name === key,
  )!;
  return applyTextEdits(source, removePropertyEdits(source, object, property));
}

describe('appendPropertiesEdits', () => {
  it.each([
    ['const o = {};', 'const o = { max: 1, t: 2 };'],
    ['const o = {\n};', 'const o = { max: 1, t: 2 };'],
    ['const o = { a };', 'const o = { a, max: 1, t: 2 };'],
    ['const o = {a: 1};', 'const o = {a: 1, max: 1, t: 2};'],
    ['const o = { a, };', 'const o = { a, max: 1, t: 2, };'],
    ['const o = { a /* why */ };', 'const o = { a, max: 1, t: 2 /* why */ };'],
    ['const o = {\n  a: 1,\n};', 'const o = {\n  a: 1,\n  max: 1,\n  t: 2,\n};'],
    ['const o = {\n  a: 1, // note\n};', 'const o = {\n  a: 1, // note\n  max: 1,\n  t: 2,\n};'],
    ['const o = {\n  a: 1\n};', 'const o = {\n  a: 1,\n  max: 1,\n  t: 2\n};'],
    ['const o = {\n  a: 1 // note\n};', 'const o = {\n  a: 1, // note\n  max: 1,\n  t: 2\n};'],
    ['const o = {\n\ta: 1,\n};', 'const o = {\n\ta: 1,\n\tmax: 1,\n\tt: 2,\n};'],
    ['const o = {\n    a: 1 };', 'const o = {\n    a: 1, max: 1, t: 2 };'],
    ['const o = {\r\n  a: 1,\r\n};', 'const o = {\r\n  a: 1,\r\n  max: 1,\r\n  t: 2,\r\n};'],
    ['const o = { ...base };', 'const o = { ...base, max: 1, t: 2 };'],
  ])('%j', (source, expected) => {
    expect(append(source, 'max: 1', 't: 2')).toBe(expected);
  });

  it('adds nothing for no properties', () => {
    expect(appendPropertiesEdits('const o = {};', objectOf('const o = {};'), [])).toEqual([]);
  });
});

describe('removePropertyEdits', () => {
  it.each([
    ['const o = { a, poolSize: 5, b };', 'const o = { a, b };'],
    ['const o = { poolSize: 5, b };', 'const o = { b };'],
    ['const o = { a, poolSize: 5 };', 'const o = { a };'],
    ['const o = { poolSize: 5 };', 'const o = {  };'],
    ['const o = {\n  a: 1,\n  poolSize: 5,\n  b: 2,\n};', 'const o = {\n  a: 1,\n  b: 2,\n};'],
    ['const o = {\n  a: 1,\n  poolSize: 5\n};', 'const o = {\n  a: 1,\n};'],
    ['const o = {\r\n  a: 1,\r\n  poolSize: 5,\r\n};', 'const o = {\r\n  a: 1,\r\n};'],
  ])('%j', (source, expected) => {
    expect(remove(source, 'poolSize')).toBe(expected);
  });
});

it('lineBreakOf follows the file', () => {
  expect(lineBreakOf('a\r\nb')).toBe('\r\n');
  expect(lineBreakOf('a\nb')).toBe('\n');
});
