import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { memberNameOf, propertyKeyName } from '../ast/names.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { isTypeWrapper } from '../ast/unwrap.js';
import type { FlowSink } from './string-flow.js';

/**
 * What the place a string ends up in does with it, for strings that look like connection URLs
 * but are not connection settings: a value only compared (`value.startsWith(PLACEHOLDER_URL)`,
 * `url === DEFAULT_URL`, an array of insecure defaults used with `.includes`), or a URL handed
 * straight to node-postgres (`new Client({ connectionString })`, `new Pool(url)`), which reads
 * none of Prisma's URL parameters.
 */

/** String methods whose argument is only compared with the receiver. */
const COMPARING_STRING_METHODS: ReadonlySet<string> = new Set([
  'startsWith',
  'endsWith',
  'includes',
  'indexOf',
  'lastIndexOf',
  'localeCompare',
]);

/** Array/Set methods that only test their elements (never hand one on: no `find`, `filter`, `map`). */
const TESTING_COLLECTION_METHODS: ReadonlySet<string> = new Set([
  'includes',
  'indexOf',
  'lastIndexOf',
  'some',
  'every',
  'findIndex',
  'has',
]);

const EQUALITY_OPERATORS: ReadonlySet<string> = new Set(['===', '!==', '==', '!=']);

/** The node that holds `node`'s value once type wrappers (`as const`, `!`) are skipped. */
function holderOf(node: TSESTree.Node): TSESTree.Node {
  let holder = node;
  while (holder.parent && isTypeWrapper(holder.parent)) holder = holder.parent;
  return holder;
}

/** `collection.includes(x)`, `collection.some(...)`: the collection's elements are only tested. */
function isTestedCollection(node: TSESTree.Node): boolean {
  const member = node.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== node) return false;
  const call = member.parent;
  return (
    call?.type === AST_NODE_TYPES.CallExpression && call.callee === member && TESTING_COLLECTION_METHODS.has(memberNameOf(member) ?? '')
  );
}

/** Every use of a collection (an array literal, or `new Set([...])`) only tests its elements, through `const`s in this file. */
function isOnlyTested(file: ParsedFile, collection: TSESTree.Node, depth = 0): boolean {
  if (depth > 3) return false;
  const holder = holderOf(collection);
  if (isTestedCollection(holder)) return true;
  const parent = holder.parent;
  if (
    parent?.type === AST_NODE_TYPES.NewExpression &&
    parent.arguments[0] === holder &&
    parent.callee.type === AST_NODE_TYPES.Identifier &&
    parent.callee.name === 'Set'
  )
    return isOnlyTested(file, parent, depth + 1);
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== holder || parent.id.type !== AST_NODE_TYPES.Identifier)
    return false;
  if (parent.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return false;
  const name = parent.id.name;
  const variable = file.scopeManager.getDeclaredVariables(parent).find((candidate) => candidate.name === name);
  if (!variable || variable.references.some((reference) => reference.isWrite() && reference.identifier !== parent.id)) return false;
  const reads = variable.references.filter((reference) => reference.isRead());
  return reads.length > 0 && reads.every((reference) => isTestedCollection(holderOf(reference.identifier as TSESTree.Node)));
}

/** The string is only compared where it ends up: it configures nothing. */
export function isComparisonSink(file: ParsedFile, sink: FlowSink): boolean {
  const { consumer, value } = sink;
  if (!consumer) return false;
  switch (consumer.type) {
    case AST_NODE_TYPES.BinaryExpression:
      return EQUALITY_OPERATORS.has(consumer.operator);
    case AST_NODE_TYPES.SwitchCase:
      return consumer.test === value;
    case AST_NODE_TYPES.CallExpression: {
      const callee = consumer.callee;
      return (
        callee.type === AST_NODE_TYPES.MemberExpression &&
        consumer.arguments.includes(value as TSESTree.CallExpressionArgument) &&
        COMPARING_STRING_METHODS.has(memberNameOf(callee) ?? '')
      );
    }
    case AST_NODE_TYPES.ArrayExpression:
      return isOnlyTested(file, consumer);
    default:
      return false;
  }
}

/**
 * The string is the connection string of a node-postgres `Client`/`Pool`: the constructor's
 * argument itself, or the `connectionString` of its options object (`pgTargets` holds those
 * arguments and objects).
 */
export function isPgConnectionStringSink(sink: FlowSink, pgTargets: ReadonlySet<TSESTree.Node>): boolean {
  const { consumer, value } = sink;
  if (pgTargets.has(value)) return true;
  return (
    consumer?.type === AST_NODE_TYPES.Property &&
    consumer.value === value &&
    propertyKeyName(consumer) === 'connectionString' &&
    pgTargets.has(consumer.parent)
  );
}
