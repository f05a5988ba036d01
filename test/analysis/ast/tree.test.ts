import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { ensureParentPointers, parentOf, valueChildrenOf, visitNodes } from '../../../analysis/ast/tree.js';

describe('parent pointers', () => {
  it('typescript-estree leaves them unset; ensureParentPointers sets them once', () => {
    const { program } = parseModule('const a = f(b);', '/p/fresh-tree.ts');
    const call = (program.body[0] as TSESTree.VariableDeclaration).declarations[0]!.init!;
    expect(parentOf(call)).toBeUndefined();
    ensureParentPointers(program);
    expect(parentOf(call)?.type).toBe('VariableDeclarator');
    expect(parentOf(program)).toBeUndefined();
  });

  it('visitNodes walks in source order and can set them on the way', () => {
    const { program } = parseModule('a(1); b(2);', '/p/walk.ts');
    const seen: string[] = [];
    visitNodes(
      program,
      (node) => {
        if (node.type === 'Identifier') seen.push(node.name);
      },
      true,
    );
    expect(seen).toEqual(['a', 'b']);
    expect(parentOf(program.body[1]!)).toBe(program);
  });
});

describe('valueChildrenOf', () => {
  it('gives the value children, not type annotations', () => {
    const { program } = parseModule('function f(a: Promise<T>): Promise<T> { return a; }', '/p/types.ts');
    const fn = program.body[0] as TSESTree.FunctionDeclaration;
    expect(
      valueChildrenOf(fn)
        .map((child) => child.type)
        .sort(),
    ).toEqual(['BlockStatement', 'Identifier', 'Identifier']);
  });
});
