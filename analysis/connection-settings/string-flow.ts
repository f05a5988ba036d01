import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getStaticValue } from '@typescript-eslint/utils/ast-utils';
import { memberName, propertyKeyName } from '../ast/names.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { resolveIdentifierValue, scopeOf, singleValueDeclarator, type Variable } from '../ast/scope.js';
import { isTypeWrapper, skipTypeWrappers } from '../ast/unwrap.js';

/**
 * Following string values inside one file, on the ESTree + scope manager that ESLint hands a
 * rule (typescript-estree or espree + eslint-scope) and that `parseModule` gives a codemod:
 * which string a literal ends up in (through concatenation, templates, `const`s), under which
 * names it is stored, and what text an expression folds to, with the source offset of every
 * character so fixes can edit the literal that wrote it. Needs parent pointers.
 */

/** A readable name for an expression: `databaseUrl`, `props.dbName` -> `dbName`, `process.env.X` -> `X`. */
export function describeExpression(node: TSESTree.Node): string {
  const inner = skipTypeWrappers(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier:
      return inner.name;
    case AST_NODE_TYPES.MemberExpression:
      return memberName(inner) ?? describeExpression(inner.object);
    case AST_NODE_TYPES.ChainExpression:
      return describeExpression(inner.expression);
    case AST_NODE_TYPES.CallExpression:
      return describeExpression(inner.callee);
    default:
      return 'value';
  }
}

/** `$interpolate\`...\`` (SST) and `pulumi.interpolate\`...\``: build a string from their parts. */
export function isInterpolateTag(tag: TSESTree.Node): boolean {
  const name = describeExpression(tag);
  return name === '$interpolate' || name === 'interpolate';
}

export type LiteralCarrier = TSESTree.Literal | TSESTree.TemplateLiteral;

/**
 * An expression folded to text. Parts the file does not pin down become `${name}`
 * placeholders. Each character keeps its source offset when it is written literally (no
 * escape sequence) in a string, number or template literal (-1 otherwise), and the literals
 * it was read through, outermost first, so a fix can target the literal that wrote it.
 */
export interface FlatString {
  text: string;
  offsets: number[];
  owners: (readonly LiteralCarrier[])[];
  /** Names of the placeholders, in order (`DATABASE_URL` for `${process.env.DATABASE_URL}`). */
  placeholderNames: string[];
  /** The expression behind each placeholder, with the `[start, end)` it takes in {@link text}, in order. */
  placeholders: FlatPlaceholder[];
}

export interface FlatPlaceholder {
  node: TSESTree.Node;
  start: number;
  end: number;
}

const MAX_FLATTEN_DEPTH = 12;
const MAX_FLAT_LENGTH = 20_000;

class FlatStringBuilder implements FlatString {
  text = '';
  offsets: number[] = [];
  owners: (readonly LiteralCarrier[])[] = [];
  placeholderNames: string[] = [];
  placeholders: FlatPlaceholder[] = [];

  push(text: string, firstOffset: number | undefined, owners: readonly LiteralCarrier[]): void {
    this.text += text;
    for (let index = 0; index < text.length; index += 1) {
      this.offsets.push(firstOffset === undefined ? -1 : firstOffset + index);
      this.owners.push(owners);
    }
  }

  pushPlaceholder(node: TSESTree.Node, owners: readonly LiteralCarrier[]): void {
    const name = describeExpression(node).replace(/[^\w$.:-]/g, '');
    this.placeholderNames.push(name);
    const start = this.text.length;
    this.push(`\${${name}}`, undefined, owners);
    this.placeholders.push({ node, start, end: this.text.length });
  }
}

/** Folds `node` to text: literals, templates (and interpolate tags), `+`, `String(x)`, `const`s, and whatever `getStaticValue` can evaluate. */
export function flattenString(file: ParsedFile, node: TSESTree.Node): FlatString {
  const builder = new FlatStringBuilder();
  flattenInto(file, builder, node, [], 0, new Set());
  return builder;
}

function flattenInto(
  file: ParsedFile,
  builder: FlatStringBuilder,
  original: TSESTree.Node,
  owners: readonly LiteralCarrier[],
  depth: number,
  resolving: Set<TSESTree.Node>,
): void {
  const node = skipTypeWrappers(original);
  if (depth > MAX_FLATTEN_DEPTH || builder.text.length > MAX_FLAT_LENGTH) {
    builder.pushPlaceholder(node, owners);
    return;
  }
  switch (node.type) {
    case AST_NODE_TYPES.Literal: {
      const literalOwners = [...owners, node];
      if (typeof node.value === 'string') {
        const rawContent = file.sourceText.slice(node.range[0] + 1, node.range[1] - 1);
        builder.push(node.value, rawContent === node.value ? node.range[0] + 1 : undefined, literalOwners);
        return;
      }
      if (typeof node.value === 'number') {
        const text = String(node.value);
        builder.push(text, node.raw === text ? node.range[0] : undefined, literalOwners);
        return;
      }
      break;
    }
    case AST_NODE_TYPES.TemplateLiteral: {
      const templateOwners = [...owners, node];
      node.quasis.forEach((quasi, index) => {
        const cooked = quasi.value.cooked ?? quasi.value.raw;
        builder.push(cooked, cooked === quasi.value.raw ? quasi.range[0] + 1 : undefined, templateOwners);
        const expression = node.expressions[index];
        if (expression) flattenInto(file, builder, expression, templateOwners, depth + 1, resolving);
      });
      return;
    }
    case AST_NODE_TYPES.TaggedTemplateExpression:
      if (isInterpolateTag(node.tag)) {
        flattenInto(file, builder, node.quasi, owners, depth + 1, resolving);
        return;
      }
      break;
    case AST_NODE_TYPES.BinaryExpression:
      if (node.operator === '+') {
        const folded = getStaticValue(node, scopeOf(file.scopeManager, node));
        if (folded && typeof folded.value === 'number') {
          builder.push(String(folded.value), undefined, owners);
          return;
        }
        flattenInto(file, builder, node.left, owners, depth + 1, resolving);
        flattenInto(file, builder, node.right, owners, depth + 1, resolving);
        return;
      }
      break;
    case AST_NODE_TYPES.CallExpression:
      if (
        node.callee.type === AST_NODE_TYPES.Identifier &&
        node.callee.name === 'String' &&
        node.arguments.length === 1 &&
        node.arguments[0]!.type !== AST_NODE_TYPES.SpreadElement
      ) {
        flattenInto(file, builder, node.arguments[0]!, owners, depth + 1, resolving);
        return;
      }
      break;
    case AST_NODE_TYPES.Identifier: {
      const value = resolveIdentifierValue(file.scopeManager, node);
      if (value && !resolving.has(value)) {
        resolving.add(value);
        flattenInto(file, builder, value, owners, depth + 1, resolving);
        resolving.delete(value);
        return;
      }
      builder.pushPlaceholder(node, owners);
      return;
    }
    default:
      break;
  }
  const folded = getStaticValue(node, scopeOf(file.scopeManager, node));
  if (folded && (typeof folded.value === 'string' || typeof folded.value === 'number')) {
    builder.push(String(folded.value), undefined, owners);
    return;
  }
  builder.pushPlaceholder(node, owners);
}

/** Where a string value ends up: the whole string it becomes part of, and what it is stored under on the way. */
export interface FlowSink {
  /** The largest expression that still is this string (a concatenation or template around it, or a branch of `a ? b : c`). */
  value: TSESTree.Node;
  /** Variable names, property keys and environment keys the value passes through, in order. */
  names: string[];
  /** The node that takes the value (a property, a call, a declarator...). */
  consumer: TSESTree.Node | undefined;
}

function isStringBuildingParent(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.BinaryExpression:
      return parent.operator === '+';
    case AST_NODE_TYPES.TemplateLiteral:
      return true;
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return parent.quasi === child && isInterpolateTag(parent.tag);
    case AST_NODE_TYPES.CallExpression:
      return parent.callee.type === AST_NODE_TYPES.Identifier && parent.callee.name === 'String' && parent.arguments[0] === child;
    default:
      return false;
  }
}

/** `datasources: { db: { url: ... } }` on a PrismaClient: the `url` is the datasource URL. */
function isDatasourceUrlProperty(property: TSESTree.Property): boolean {
  if (propertyKeyName(property) !== 'url') return false;
  const dbObject = property.parent;
  const dbProperty = dbObject?.parent;
  const datasources = dbProperty?.parent?.parent;
  return (
    dbProperty?.type === AST_NODE_TYPES.Property &&
    datasources?.type === AST_NODE_TYPES.Property &&
    propertyKeyName(datasources) === 'datasources'
  );
}

/** The names a consumer stores a value under: a property key, an assignment target, `addEnvironment('KEY', value)`. */
function consumerNames(file: ParsedFile, consumer: TSESTree.Node, child: TSESTree.Node): string[] {
  switch (consumer.type) {
    case AST_NODE_TYPES.Property:
      if (consumer.value !== child) return [];
      if (isDatasourceUrlProperty(consumer)) return ['datasourceUrl'];
      return [propertyKeyName(consumer)].filter((name): name is string => name !== undefined);
    case AST_NODE_TYPES.PropertyDefinition:
      return consumer.value === child ? [propertyKeyName(consumer)].filter((name): name is string => name !== undefined) : [];
    case AST_NODE_TYPES.AssignmentExpression:
    case AST_NODE_TYPES.AssignmentPattern:
      return consumer.right === child ? [describeExpression(consumer.left)] : [];
    case AST_NODE_TYPES.JSXAttribute:
      return consumer.name.type === AST_NODE_TYPES.JSXIdentifier ? [consumer.name.name] : [];
    case AST_NODE_TYPES.CallExpression: {
      // `fn.addEnvironment('DATABASE_URL', url)` (CDK), `env.set('DATABASE_URL', url)`.
      const index = consumer.arguments.indexOf(child as TSESTree.CallExpressionArgument);
      const key = consumer.arguments[0];
      if (index === 1 && key && key.type !== AST_NODE_TYPES.SpreadElement) {
        const folded = getStaticValue(key, scopeOf(file.scopeManager, key));
        if (folded && typeof folded.value === 'string') return [folded.value];
      }
      return [];
    }
    default:
      return [];
  }
}

/**
 * Follows a string value up the tree to where it is consumed: through `+`, template holes,
 * interpolate tags, `String(x)`, type wrappers, conditional branches, and `const`s (to each
 * place the constant is read). A constant nobody reads, or one that is exported, is a sink
 * itself.
 */
export function flowSinks(file: ParsedFile, start: TSESTree.Node): FlowSink[] {
  const sinks: FlowSink[] = [];
  walkUp(file, start, [], sinks, new Set(), undefined);
  return sinks;
}

function walkUp(
  file: ParsedFile,
  start: TSESTree.Node,
  names: string[],
  sinks: FlowSink[],
  visited: Set<Variable>,
  fixedValue: TSESTree.Node | undefined,
): void {
  let current = start;
  let value = fixedValue ?? start;
  for (;;) {
    const parent = current.parent;
    if (!parent) {
      sinks.push({ value, names, consumer: undefined });
      return;
    }
    if (isStringBuildingParent(parent, current)) {
      // A branch extended after the branch point is a different string: it is found from its own literals.
      if (fixedValue !== undefined) return;
      current = parent;
      value = parent;
      continue;
    }
    if (isTypeWrapper(parent)) {
      current = parent;
      if (fixedValue === undefined) value = parent;
      continue;
    }
    if (
      (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== current) ||
      parent.type === AST_NODE_TYPES.LogicalExpression
    ) {
      // The branch is the string; keep walking only to learn where it is stored.
      fixedValue = value;
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current && parent.id.type === AST_NODE_TYPES.Identifier) {
      const declaredNames = [...names, parent.id.name];
      const variable = file.scopeManager
        .getDeclaredVariables(parent)
        .find((candidate) => candidate.name === (parent.id as TSESTree.Identifier).name);
      if (!variable || singleValueDeclarator(variable) === undefined) {
        sinks.push({ value, names: declaredNames, consumer: parent });
        return;
      }
      const reads = variable.references.filter((reference) => reference.isRead() && reference.identifier !== parent.id);
      const exported = parent.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration;
      if (reads.length === 0 || exported) sinks.push({ value, names: declaredNames, consumer: parent });
      if (visited.has(variable)) return;
      visited.add(variable);
      for (const reference of reads) {
        walkUp(file, reference.identifier as TSESTree.Identifier, declaredNames, sinks, visited, fixedValue);
      }
      return;
    }
    sinks.push({ value, names: [...names, ...consumerNames(file, parent, current)], consumer: parent });
    return;
  }
}
