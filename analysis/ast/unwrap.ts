import type { TSESTree } from '@typescript-eslint/typescript-estree';

/**
 * Looking through the syntax around an expression that does not change its value. Two
 * meanings, two names:
 * - {@link skipTypeWrappers}: what TypeScript adds (`x as T`, `x!`, `x satisfies T`, `<T>x`,
 *   `f<T>`) and the `ChainExpression` an optional chain (`a?.b`) is wrapped in: the value is
 *   the expression's own.
 * - {@link unwrapAwaitAndTypes}: the same, and `await`: the value a promise settles to
 *   (`await import('x')`, `await createClient()`), where the analysis does not care whether
 *   it was awaited.
 */

type Node = TSESTree.Node;

/** `x as T`, `x!`, `x satisfies T`, `<T>x`, `f<T>`, or an optional chain's `ChainExpression`. */
export function isTypeWrapper(
  node: Node,
): node is
  | TSESTree.TSAsExpression
  | TSESTree.TSNonNullExpression
  | TSESTree.TSSatisfiesExpression
  | TSESTree.TSTypeAssertion
  | TSESTree.TSInstantiationExpression
  | TSESTree.ChainExpression {
  switch (node.type) {
    case 'TSAsExpression':
    case 'TSNonNullExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
    case 'TSInstantiationExpression':
    case 'ChainExpression':
      return true;
    default:
      return false;
  }
}

/** The expression inside any {@link isTypeWrapper} wrappers. */
export function skipTypeWrappers(node: Node): Node;
export function skipTypeWrappers(node: Node | null | undefined): Node | null | undefined;
export function skipTypeWrappers(node: Node | null | undefined): Node | null | undefined {
  let current = node;
  while (current != null && isTypeWrapper(current)) current = current.expression;
  return current;
}

/** The expression inside any type wrappers and `await`s. */
export function unwrapAwaitAndTypes(node: Node): Node;
export function unwrapAwaitAndTypes(node: Node | null | undefined): Node | null | undefined;
export function unwrapAwaitAndTypes(node: Node | null | undefined): Node | null | undefined {
  let current = node;
  while (current != null && (isTypeWrapper(current) || current.type === 'AwaitExpression')) {
    current = current.type === 'AwaitExpression' ? current.argument : current.expression;
  }
  return current;
}
