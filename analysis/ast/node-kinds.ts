import type { TSESTree } from '@typescript-eslint/typescript-estree';

/** Kinds of nodes the analyses treat alike. */

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** A function with a body: declaration, expression or arrow. */
export function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return node?.type === 'FunctionDeclaration' || node?.type === 'FunctionExpression' || node?.type === 'ArrowFunctionExpression';
}

export type LoopStatement =
  TSESTree.ForStatement | TSESTree.ForInStatement | TSESTree.ForOfStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement;

/** `for`, `for...in`, `for...of`, `while` or `do...while`. */
export function isLoopStatement(node: TSESTree.Node | null | undefined): node is LoopStatement {
  switch (node?.type) {
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'WhileStatement':
    case 'DoWhileStatement':
      return true;
    default:
      return false;
  }
}
