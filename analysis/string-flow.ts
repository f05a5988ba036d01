// Not from '@typescript-eslint/utils' itself: its index loads all of ESLint (~200 ms), which
// the CLI, sharing this module with the rules, would pay on every run.
import { AST_NODE_TYPES, simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { findVariable, getStaticValue } from '@typescript-eslint/utils/ast-utils';
import type { TSESLint } from '@typescript-eslint/utils';

/**
 * Following string values inside one file, on the ESTree + scope manager that ESLint hands a
 * rule (typescript-estree or espree + eslint-scope) and that `parseModule` gives a codemod:
 * which string a literal ends up in (through concatenation, templates, `const`s), under which
 * names it is stored, and what text an expression folds to, with the source offset of every
 * character so fixes can edit the literal that wrote it.
 */

export type ScopeManager = TSESLint.Scope.ScopeManager;
export type Scope = TSESLint.Scope.Scope;
export type Variable = TSESLint.Scope.Variable;

/** What every analysis of one file needs. */
export interface ModuleContext {
  program: TSESTree.Program;
  scopeManager: ScopeManager;
  sourceText: string;
}

/** typescript-estree's `parse` leaves `parent` unset; ESLint sets it. Analyses need it either way. */
export function ensureParentPointers(program: TSESTree.Program): void {
  const first = program.body[0] as (TSESTree.Node & { parent?: TSESTree.Node }) | undefined;
  if (first !== undefined && first.parent === undefined) simpleTraverse(program, { enter: () => {} }, true);
}

/** Visits every node (typescript-eslint's visitor keys cover espree's node types too). */
export function visitNodes(program: TSESTree.Program, enter: (node: TSESTree.Node) => void): void {
  simpleTraverse(program, { enter: (node) => enter(node) }, false);
}

/** The innermost scope around `node`, exactly as ESLint's `sourceCode.getScope(node)` finds it. */
export function scopeOf(scopeManager: ScopeManager, node: TSESTree.Node): Scope {
  const inner = node.type !== AST_NODE_TYPES.Program;
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    const scope = scopeManager.acquire(current, inner);
    if (scope) return scope.type === 'function-expression-name' ? (scope.childScopes[0] ?? scope) : scope;
  }
  return scopeManager.scopes[0]!;
}

export function variableOf(context: ModuleContext, identifier: TSESTree.Identifier): Variable | undefined {
  return findVariable(scopeOf(context.scopeManager, identifier), identifier) ?? undefined;
}

/** Type-only wrappers that do not change the value: `x as T`, `x!`, `x satisfies T`, `<T>x`. */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion
  ) {
    current = current.expression;
  }
  return current;
}

function isTypeWrapper(node: TSESTree.Node): boolean {
  return unwrapExpression(node) !== node;
}

function isReassigned(variable: Variable): boolean {
  return variable.references.some((reference) => reference.isWrite() && !reference.init);
}

/** The declarator of a variable that holds one value for its whole life (`const`, or a never-reassigned `let`/`var`). */
export function singleValueDeclarator(variable: Variable): TSESTree.VariableDeclarator | undefined {
  if (variable.defs.length !== 1) return undefined;
  const definition = variable.defs[0]!;
  if (definition.type !== 'Variable') return undefined;
  const declarator = definition.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || declarator.init === null || isReassigned(variable)) return undefined;
  return declarator;
}

/** The expression an identifier always holds, when the file shows it (`const url = ...`). */
export function resolveIdentifierValue(context: ModuleContext, identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = variableOf(context, identifier);
  return variable ? (singleValueDeclarator(variable)?.init ?? undefined) : undefined;
}

/** The property a member expression reads, when static: `a.b` -> `b`, `a['b']` -> `b`. */
export function memberPropertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === AST_NODE_TYPES.Identifier) return member.property.name;
  if (member.property.type === AST_NODE_TYPES.Literal && typeof member.property.value === 'string') return member.property.value;
  return undefined;
}

/** A readable name for an expression: `databaseUrl`, `props.dbName` -> `dbName`, `process.env.X` -> `X`. */
export function describeExpression(node: TSESTree.Node): string {
  const inner = unwrapExpression(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Identifier:
      return inner.name;
    case AST_NODE_TYPES.MemberExpression:
      return memberPropertyName(inner) ?? describeExpression(inner.object);
    case AST_NODE_TYPES.ChainExpression:
      return describeExpression(inner.expression);
    case AST_NODE_TYPES.CallExpression:
      return describeExpression(inner.callee);
    default:
      return 'value';
  }
}

/** The name a property key spells, when static (`DATABASE_URL`, `'DATABASE_URL'`, `['DATABASE_URL']`). */
export function propertyKeyName(property: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition): string | undefined {
  const key = property.key;
  if (!property.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === AST_NODE_TYPES.TemplateLiteral && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
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
}

const MAX_FLATTEN_DEPTH = 12;
const MAX_FLAT_LENGTH = 20_000;

class FlatStringBuilder implements FlatString {
  text = '';
  offsets: number[] = [];
  owners: (readonly LiteralCarrier[])[] = [];
  placeholderNames: string[] = [];

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
    this.push(`\${${name}}`, undefined, owners);
  }
}

/** Folds `node` to text: literals, templates (and interpolate tags), `+`, `String(x)`, `const`s, and whatever `getStaticValue` can evaluate. */
export function flattenString(context: ModuleContext, node: TSESTree.Node): FlatString {
  const builder = new FlatStringBuilder();
  flattenInto(context, builder, node, [], 0, new Set());
  return builder;
}

function flattenInto(
  context: ModuleContext,
  builder: FlatStringBuilder,
  original: TSESTree.Node,
  owners: readonly LiteralCarrier[],
  depth: number,
  resolving: Set<TSESTree.Node>,
): void {
  const node = unwrapExpression(original);
  if (depth > MAX_FLATTEN_DEPTH || builder.text.length > MAX_FLAT_LENGTH) {
    builder.pushPlaceholder(node, owners);
    return;
  }
  switch (node.type) {
    case AST_NODE_TYPES.Literal: {
      const literalOwners = [...owners, node];
      if (typeof node.value === 'string') {
        const rawContent = context.sourceText.slice(node.range[0] + 1, node.range[1] - 1);
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
        if (expression) flattenInto(context, builder, expression, templateOwners, depth + 1, resolving);
      });
      return;
    }
    case AST_NODE_TYPES.TaggedTemplateExpression:
      if (isInterpolateTag(node.tag)) {
        flattenInto(context, builder, node.quasi, owners, depth + 1, resolving);
        return;
      }
      break;
    case AST_NODE_TYPES.BinaryExpression:
      if (node.operator === '+') {
        const folded = getStaticValue(node, scopeOf(context.scopeManager, node));
        if (folded && typeof folded.value === 'number') {
          builder.push(String(folded.value), undefined, owners);
          return;
        }
        flattenInto(context, builder, node.left, owners, depth + 1, resolving);
        flattenInto(context, builder, node.right, owners, depth + 1, resolving);
        return;
      }
      break;
    case AST_NODE_TYPES.CallExpression:
      if (node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'String' && node.arguments.length === 1 && node.arguments[0]!.type !== AST_NODE_TYPES.SpreadElement) {
        flattenInto(context, builder, node.arguments[0]!, owners, depth + 1, resolving);
        return;
      }
      break;
    case AST_NODE_TYPES.Identifier: {
      const value = resolveIdentifierValue(context, node);
      if (value && !resolving.has(value)) {
        resolving.add(value);
        flattenInto(context, builder, value, owners, depth + 1, resolving);
        resolving.delete(value);
        return;
      }
      builder.pushPlaceholder(node, owners);
      return;
    }
    default:
      break;
  }
  const folded = getStaticValue(node, scopeOf(context.scopeManager, node));
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
function consumerNames(context: ModuleContext, consumer: TSESTree.Node, child: TSESTree.Node): string[] {
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
        const folded = getStaticValue(key, scopeOf(context.scopeManager, key));
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
export function flowSinks(context: ModuleContext, start: TSESTree.Node): FlowSink[] {
  const sinks: FlowSink[] = [];
  walkUp(context, start, [], sinks, new Set(), undefined);
  return sinks;
}

function walkUp(
  context: ModuleContext,
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
      const variable = context.scopeManager.getDeclaredVariables(parent).find((candidate) => candidate.name === (parent.id as TSESTree.Identifier).name);
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
        walkUp(context, reference.identifier as TSESTree.Identifier, declaredNames, sinks, visited, fixedValue);
      }
      return;
    }
    sinks.push({ value, names: [...names, ...consumerNames(context, parent, current)], consumer: parent });
    return;
  }
}
