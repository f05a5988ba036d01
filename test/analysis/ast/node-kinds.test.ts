import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import { isFunctionNode, isLoopStatement } from '../../../analysis/ast/node-kinds.js';
import { parse } from './parse.js';

describe('node kinds', () => {
  it('functions and loops', () => {
    const { program } = parse('function f() {}\nconst g = () => 1;\nfor (;;) {}\nwhile (x) {}\nif (x) {}');
    const [fn, arrow, forLoop, whileLoop, ifStatement] = program.body;
    expect(isFunctionNode(fn)).toBe(true);
    expect(isFunctionNode((arrow as TSESTree.VariableDeclaration).declarations[0]!.init)).toBe(true);
    expect(isFunctionNode(forLoop)).toBe(false);
    expect(isLoopStatement(forLoop)).toBe(true);
    expect(isLoopStatement(whileLoop)).toBe(true);
    expect(isLoopStatement(ifStatement)).toBe(false);
    expect(isFunctionNode(undefined)).toBe(false);
  });
});
