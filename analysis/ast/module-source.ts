import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { stringLiteralValue } from './names.js';
import { skipTypeWrappers, unwrapAwaitAndTypes } from './unwrap.js';

/**
 * Which module an expression loads. `import ... from 'x'` says so in its own node
 * (`declaration.source.value`); these read the call forms, with a static specifier.
 */

type Node = TSESTree.Node;

/** A call of `require`, whatever it loads (the callee by name: a shadowed `require` is the caller's to rule out). */
export function isRequireCall(node: Node | null | undefined): node is TSESTree.CallExpression {
  return node?.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require';
}

/** `require('x')` -> `'x'`. */
export function requireCallSource(node: Node | null | undefined): string | undefined {
  return isRequireCall(node) ? stringLiteralValue(node.arguments[0]) : undefined;
}

/** `import('x')` -> `'x'`. */
export function importCallSource(node: Node | null | undefined): string | undefined {
  return node?.type === 'ImportExpression' ? stringLiteralValue(node.source) : undefined;
}

/**
 * The module an expression evaluates to: `require('x')` or `await import('x')`, through type
 * wrappers. A bare `import('x')` is a promise, not the module.
 */
export function requiredModuleSource(node: Node | null | undefined): string | undefined {
  const inner = skipTypeWrappers(node);
  if (inner?.type === 'AwaitExpression') {
    const awaited = unwrapAwaitAndTypes(inner.argument);
    return requireCallSource(awaited) ?? importCallSource(awaited);
  }
  return requireCallSource(inner);
}

/**
 * Any module an expression loads, whatever it reads off it: `require('x')`, `import('x')`,
 * awaited or not, cast, with members (`require('x').member`, `(await import('x')).default`).
 */
export function loadedModuleSource(node: Node | null | undefined): string | undefined {
  let current = unwrapAwaitAndTypes(node);
  while (current?.type === 'MemberExpression') current = unwrapAwaitAndTypes(current.object);
  return requireCallSource(current) ?? importCallSource(current);
}
