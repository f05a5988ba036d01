import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { analyze } from 'eslint-scope';
import { describe, expect, it } from 'vitest';
import {
  lookUpVariable,
  referenceIndexOf,
  resolveIdentifierValue,
  scopeOf,
  singleValueDeclarator,
  topLevelNames,
  type ScopeManager,
} from '../../../analysis/ast/scope.js';
import { ensureParentPointers, visitNodes } from '../../../analysis/ast/tree.js';
import { parse, textOf } from './parse.js';

/** Every identifier named `name`, in source order. */
function identifiers(program: TSESTree.Program, name: string): TSESTree.Identifier[] {
  const found: TSESTree.Identifier[] = [];
  visitNodes(program, (node) => {
    if (node.type === 'Identifier' && node.name === name) found.push(node);
  });
  return found;
}

describe('ReferenceIndex', () => {
  it('finds the reference of an identifier in its own scope or outwards, and what it resolves to', () => {
    const file = parse('const url = 1;\nfunction f(url) { return () => url; }\nexport const g = () => url;');
    const [declared, parameter, inner, outer] = identifiers(file.program, 'url');
    const index = referenceIndexOf(file.scopeManager);
    expect(index.resolvedVariableOf(inner!)?.defs[0]?.name).toBe(parameter);
    expect(index.resolvedVariableOf(outer!)?.defs[0]?.name).toBe(declared);
    // A declaration with an initialiser is a write reference; a parameter is no reference at all.
    expect(index.referenceOf(declared!)?.isWrite()).toBe(true);
    expect(index.referenceOf(parameter!)).toBeUndefined();
    expect(referenceIndexOf(file.scopeManager)).toBe(index);
  });

  it('leaves globals unresolved, and works on eslint-scope', async () => {
    const espree = await import('espree');
    const code = "const { execFile } = require('child_process');\nexecFile('x');";
    const program = espree.parse(code, { ecmaVersion: 'latest', sourceType: 'script', range: true }) as unknown as TSESTree.Program;
    const scopeManager = analyze(program as never, { ecmaVersion: 2022, sourceType: 'script' }) as unknown as ScopeManager;
    ensureParentPointers(program);
    const index = referenceIndexOf(scopeManager);
    const [, call] = identifiers(program, 'execFile');
    expect(index.resolvedVariableOf(call!)?.name).toBe('execFile');
    expect(index.resolvedVariableOf(identifiers(program, 'require')[0]!)).toBeUndefined();
  });
});

describe('variables by name and their values', () => {
  it('lookUpVariable finds the variable a name means where it stands, declaration or reference', () => {
    const file = parse('const a = 1;\n{ const a = 2; use(a); }\nuse(a);');
    const [outerDeclaration, innerDeclaration, innerUse, outerUse] = identifiers(file.program, 'a');
    expect(lookUpVariable(file.scopeManager, innerUse!)?.identifiers).toEqual([innerDeclaration]);
    expect(lookUpVariable(file.scopeManager, outerUse!)?.identifiers).toEqual([outerDeclaration]);
    expect(lookUpVariable(file.scopeManager, outerDeclaration!)?.identifiers).toEqual([outerDeclaration]);
  });

  it('resolveIdentifierValue: what a never-reassigned variable always holds', () => {
    const file = parse("const url = 'postgres://h/db';\nlet once = 'x';\nlet twice = 'y';\ntwice = 'z';\nuse(url, once, twice);");
    const value = (name: string) => textOf(file, resolveIdentifierValue(file.scopeManager, identifiers(file.program, name).at(-1)!));
    expect(value('url')).toBe("'postgres://h/db'");
    expect(value('once')).toBe("'x'");
    expect(value('twice')).toBeUndefined();
    const [twice] = identifiers(file.program, 'twice');
    expect(singleValueDeclarator(lookUpVariable(file.scopeManager, twice!)!)).toBeUndefined();
  });

  it('scopeOf is the innermost scope, as ESLint finds it', () => {
    const file = parse('export function f() { const x = function g() { return 1; }; }');
    const [g] = identifiers(file.program, 'g');
    expect(scopeOf(file.scopeManager, g!).type).toBe('function');
    // ESLint's getScope(Program) is the global scope, not the module scope inside it.
    expect(scopeOf(file.scopeManager, file.program).type).toBe('global');
  });

  it('topLevelNames: what a new top-level binding must not take', () => {
    const file = parse("import { a } from 'm';\nconst b = 1;\nfunction c() { const d = 2; }");
    const names = topLevelNames(file.scopeManager);
    expect(['a', 'b', 'c'].every((name) => names.has(name))).toBe(true);
    expect(names.has('d')).toBe(false);
  });
});
