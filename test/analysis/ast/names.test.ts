import { describe, expect, it } from 'vitest';
import {
  calleeName,
  dottedName,
  isCommonJsExportsObject,
  isModuleExports,
  memberName,
  memberNameOf,
  moduleExportName,
  parameterNames,
  propertyKeyName,
  stringLiteralValue,
} from '../../../analysis/ast/names.js';
import { nodeOf, parse } from './parse.js';

const init = (code: string) => nodeOf(parse(code), 'VariableDeclarator').init!;

describe('stringLiteralValue', () => {
  it.each([
    ["const x = 'a';", 'a'],
    ['const x = "a";', 'a'],
    ['const x = `a`;', 'a'],
    ["const x = 'a' as const;", 'a'],
    ['const x = `a${b}`;', undefined],
    ['const x = 1;', undefined],
    ['const x = a;', undefined],
  ])('%s -> %s', (code, expected) => {
    expect(stringLiteralValue(init(code))).toBe(expected);
  });
});

describe('memberName', () => {
  it.each([
    ['const x = a.b;', 'b'],
    ['const x = a?.b;', 'b'],
    ["const x = a['b'];", 'b'],
    ['const x = a[`b`];', 'b'],
    ["const x = a['b' as const];", 'b'],
    ['const x = a[b];', undefined],
    ['const x = a[0];', undefined],
    ['const x = this.#b;', undefined],
  ])('%s -> %s', (code, expected) => {
    expect(memberName(nodeOf(parse(code), 'MemberExpression'))).toBe(expected);
  });

  it('memberNameOf answers for any node', () => {
    expect(memberNameOf(init('const x = a.b;'))).toBe('b');
    expect(memberNameOf(init('const x = a;'))).toBeUndefined();
    expect(memberNameOf(undefined)).toBeUndefined();
  });
});

describe('propertyKeyName', () => {
  it.each([
    ['const x = { a: 1 };', 'a'],
    ["const x = { 'a-b': 1 };", 'a-b'],
    ["const x = { ['a']: 1 };", 'a'],
    ['const x = { [`a`]: 1 };', 'a'],
    ['const x = { 1: 1 };', '1'],
    ['const x = { [a]: 1 };', undefined],
    ['const x = { [`a${b}`]: 1 };', undefined],
  ])('%s -> %s', (code, expected) => {
    expect(propertyKeyName(nodeOf(parse(code), 'Property'))).toBe(expected);
  });
});

describe('dotted and callee names', () => {
  it('dottedName spells a static path, through casts and await', () => {
    expect(dottedName(init('const x = P.PrismaClient;'))).toBe('P.PrismaClient');
    expect(dottedName(init("const x = (await m)['ext'].retry;"))).toBe('m.ext.retry');
    expect(dottedName(init('const x = this.client;'))).toBe('this.client');
    expect(dottedName(init('const x = f().retry;'))).toBe('retry');
    expect(dottedName(init('const x = f();'))).toBeUndefined();
  });

  it('calleeName is the last name of the callee', () => {
    expect(calleeName(nodeOf(parse('withRetry(run);'), 'CallExpression').callee)).toBe('withRetry');
    expect(calleeName(nodeOf(parse('retry.withRetry(run);'), 'CallExpression').callee)).toBe('withRetry');
    expect(calleeName(nodeOf(parse('(f as F)(run);'), 'CallExpression').callee)).toBe('f');
    expect(calleeName(nodeOf(parse('f()(run);'), 'CallExpression').callee)).toBeUndefined();
  });
});

describe('export names and CommonJS exports', () => {
  it('moduleExportName reads identifiers and string names', () => {
    expect(moduleExportName(nodeOf(parse("export { a as 'b-c' };"), 'ExportSpecifier').exported)).toBe('b-c');
    expect(moduleExportName(nodeOf(parse("import { x as y } from 'm';"), 'ImportSpecifier').imported)).toBe('x');
  });

  it('knows module.exports and exports', () => {
    const left = (code: string) => nodeOf(parse(code, '/p/a.js'), 'AssignmentExpression').left;
    expect(isModuleExports(left('module.exports = {};'))).toBe(true);
    expect(isModuleExports(left("module['exports'] = {};"))).toBe(true);
    expect(isModuleExports(left('module.exported = {};'))).toBe(false);
    expect(isCommonJsExportsObject(nodeOf(parse('exports.handler = h;', '/p/a.js'), 'MemberExpression').object)).toBe(true);
    expect(
      isCommonJsExportsObject(nodeOf(parse('module.exports.handler = h;', '/p/a.js'), 'MemberExpression', 'module.exports.handler').object),
    ).toBe(true);
    expect(isCommonJsExportsObject(nodeOf(parse('other.handler = h;', '/p/a.js'), 'MemberExpression').object)).toBe(false);
  });
});

describe('parameterNames', () => {
  it('names plain and defaulted parameters, not patterns', () => {
    const fn = nodeOf(parse('function f(event, context = {}, { a }, ...rest) {}'), 'FunctionDeclaration');
    expect(parameterNames(fn)).toEqual(['event', 'context', undefined, undefined]);
  });
});
