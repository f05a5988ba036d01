import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { calleeBinding } from '../ast/imported-binding.js';
import { readObjectOptions, type ObjectOptions } from '../ast/object-options.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { resolveIdentifierValue } from '../ast/scope.js';
import { skipTypeWrappers } from '../ast/unwrap.js';

/**
 * The node-postgres pools and Prisma's `PrismaPg` adapter a file constructs (under any
 * alias, namespace or `require`), and what their first argument is: an options object, a
 * connection string, a pool, nothing.
 */

/** The node-postgres constructors whose options this package checks. */
export type PgConstructorKind = 'PrismaPg' | 'Pool' | 'Client';

/** Which pg/PrismaPg constructor a `new` expression calls, if any. */
export function pgConstructorKind(file: ParsedFile, expression: TSESTree.NewExpression): PgConstructorKind | undefined {
  const binding = calleeBinding(file.scopeManager, expression.callee);
  if (!binding) return undefined;
  if (binding.source === '@prisma/adapter-pg' && binding.name === 'PrismaPg') return 'PrismaPg';
  if (binding.source === 'pg' && (binding.name === 'Pool' || binding.name === 'Client')) return binding.name;
  return undefined;
}

/** What the first argument of `new PrismaPg(...)` / `new Pool(...)` is. */
export type PoolArgument =
  | { kind: 'options'; options: ObjectOptions }
  | { kind: 'connectionString'; node: TSESTree.Node }
  | { kind: 'pool' }
  | { kind: 'none' }
  | { kind: 'unknown' };

function isProcessEnvRead(node: TSESTree.Node): boolean {
  const inner = skipTypeWrappers(node);
  if (inner.type === AST_NODE_TYPES.LogicalExpression) return isProcessEnvRead(inner.left);
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = skipTypeWrappers(inner.object);
  return (
    object.type === AST_NODE_TYPES.MemberExpression &&
    object.object.type === AST_NODE_TYPES.Identifier &&
    object.object.name === 'process' &&
    object.property.type === AST_NODE_TYPES.Identifier &&
    object.property.name === 'env'
  );
}

/** Classifies the first argument of a pg/PrismaPg constructor. */
export function poolArgumentOf(file: ParsedFile, expression: TSESTree.NewExpression): PoolArgument {
  const first = expression.arguments[0];
  if (first === undefined) return { kind: 'none' };
  if (first.type === AST_NODE_TYPES.SpreadElement) return { kind: 'unknown' };
  let argument = skipTypeWrappers(first);
  if (argument.type === AST_NODE_TYPES.Identifier) {
    const value = resolveIdentifierValue(file.scopeManager, argument);
    if (value === undefined) return { kind: 'unknown' };
    argument = skipTypeWrappers(value);
  }
  switch (argument.type) {
    case AST_NODE_TYPES.ObjectExpression:
      return { kind: 'options', options: readObjectOptions(file.scopeManager, argument) };
    case AST_NODE_TYPES.NewExpression:
      return pgConstructorKind(file, argument) === 'Pool' ? { kind: 'pool' } : { kind: 'unknown' };
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.BinaryExpression:
      return { kind: 'connectionString', node: first };
    default:
      return isProcessEnvRead(argument) ? { kind: 'connectionString', node: first } : { kind: 'unknown' };
  }
}
