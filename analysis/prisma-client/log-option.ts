import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberNameOf, propertyKeyName, stringLiteralValue } from '../ast/names.js';
import { rangeOf, type Range } from '../ast/range.js';
import { unwrapAwaitAndTypes } from '../ast/unwrap.js';
import type { ModuleIndex } from './module-index.js';
import type { LogQueryEntry } from './types.js';

/**
 * The `'query'` entries of a PrismaClient's `log` option (strings and `{ level: 'query' }`
 * objects, through constants, spreads and conditionals that do not only run in development),
 * with what removing them needs.
 */

type Node = TSESTree.Node;

/** Values of NODE_ENV / STAGE-like variables that do not run on a deployed Lambda. */
const DEVELOPMENT_VALUES = new Set(['development', 'dev', 'test', 'local']);
const DEVELOPMENT_FLAG = /^(is)?(dev|development|local|test)(env|mode)?$/i;

export class LogOptionReader {
  constructor(private readonly index: ModuleIndex) {}

  logQueryEntries(construction: TSESTree.NewExpression): LogQueryEntry[] {
    const first = construction.arguments[0];
    if (!first) return [];
    const options = this.resolveConstant(first);
    if (options?.type !== 'ObjectExpression') return [];
    const logProperty = this.effectiveLogProperty(options, new Set());
    if (!logProperty) return [];
    const entries: LogQueryEntry[] = [];
    const inlineArray = unwrapAwaitAndTypes(logProperty.value);
    const logPropertyInfo =
      inlineArray.type === 'ArrayExpression' && unwrapAwaitAndTypes(first) === options && options.properties.includes(logProperty)
        ? {
            range: rangeOf(logProperty),
            siblingRanges: options.properties.map(rangeOf),
            objectRange: rangeOf(options),
            objectIsOnlyArgument: construction.arguments.length === 1,
            callArgumentsRange: [first.range[0], construction.arguments[construction.arguments.length - 1]!.range[1]] as Range,
          }
        : undefined;
    this.collectQueryEntries(logProperty.value, entries, logPropertyInfo, new Set());
    return entries;
  }

  private collectQueryEntries(value: Node, entries: LogQueryEntry[], logProperty: LogQueryEntry['logProperty'], seen: Set<Node>): void {
    if (seen.has(value)) return;
    seen.add(value);
    const node = unwrapAwaitAndTypes(value);
    if (node.type === 'Identifier') {
      const resolved = this.resolveConstant(node);
      if (resolved && resolved !== node) this.collectQueryEntries(resolved, entries, undefined, seen);
      return;
    }
    if (node.type === 'ConditionalExpression') {
      const developmentBranch = developmentOnlyBranch(node.test, (identifier) => this.resolveConstant(identifier));
      if (developmentBranch !== 'consequent') this.collectQueryEntries(node.consequent, entries, undefined, seen);
      if (developmentBranch !== 'alternate') this.collectQueryEntries(node.alternate, entries, undefined, seen);
      return;
    }
    if (node.type !== 'ArrayExpression') return;
    const siblings = node.elements.filter((element): element is NonNullable<typeof element> => element !== null);
    for (const element of siblings) {
      if (element.type === 'SpreadElement') {
        this.collectQueryEntries(element.argument, entries, undefined, seen);
        continue;
      }
      const inner = unwrapAwaitAndTypes(element);
      const resolved = inner.type === 'Identifier' ? this.resolveConstant(inner) : inner;
      if (stringLiteralValue(resolved) === 'query') {
        entries.push({
          range: rangeOf(element),
          form: 'string',
          emit: undefined,
          arrayRange: rangeOf(node),
          siblingRanges: siblings.map(rangeOf),
          logProperty,
        });
      } else if (resolved?.type === 'ObjectExpression') {
        const level = resolved.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === 'level');
        const emit = resolved.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === 'emit');
        if (level && stringLiteralValue(this.resolveConstant(level.value)) === 'query') {
          entries.push({
            range: rangeOf(element),
            form: 'object',
            emit: emit ? stringLiteralValue(this.resolveConstant(emit.value)) : undefined,
            arrayRange: rangeOf(node),
            siblingRanges: siblings.map(rangeOf),
            logProperty,
          });
        }
      }
    }
  }

  /**
   * The `log` property that wins in an object literal: the last one, where a spread of a local
   * constant object (`{ ...options }`, `{ ...baseOptions, datasources }`) counts as its own
   * properties at that place, so `{ log: ['error'], ...options }` takes `options.log`.
   */
  private effectiveLogProperty(object: TSESTree.ObjectExpression, seen: Set<Node>): TSESTree.Property | undefined {
    if (seen.has(object)) return undefined;
    seen.add(object);
    let logProperty: TSESTree.Property | undefined;
    for (const property of object.properties) {
      if (property.type === 'Property') {
        if (propertyKeyName(property) === 'log') logProperty = property;
        continue;
      }
      const spread = this.resolveConstant(property.argument);
      if (spread?.type === 'ObjectExpression') logProperty = this.effectiveLogProperty(spread, seen) ?? logProperty;
    }
    return logProperty;
  }

  /** An identifier bound once to a constant (`const logLevels = [...]`) resolves to its initialiser. */
  private resolveConstant(node: Node): Node | undefined {
    let current = unwrapAwaitAndTypes(node);
    const seen = new Set<Node>();
    while (current.type === 'Identifier' && !seen.has(current)) {
      seen.add(current);
      const variable = this.index.variableOf(current);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type !== 'Variable' || definition.node.type !== 'VariableDeclarator') return current;
      const declaration = definition.parent;
      if (declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const' || !definition.node.init) return current;
      current = unwrapAwaitAndTypes(definition.node.init);
    }
    return current;
  }
}

/**
 * Which branch of `cond ? a : b` only runs in development: `NODE_ENV === 'development'`
 * (consequent), `STAGE !== 'dev'` (alternate), `isDev ? ...`. A Lambda rarely sets NODE_ENV,
 * so `NODE_ENV !== 'production' ? [...'query'] : ...` is not development-only: it logs there.
 */
function developmentOnlyBranch(test: Node, resolve: (node: Node) => Node | undefined): 'consequent' | 'alternate' | undefined {
  const inner = unwrapAwaitAndTypes(test);
  if (inner.type === 'UnaryExpression' && inner.operator === '!') {
    const branch = developmentOnlyBranch(inner.argument, resolve);
    return branch === 'consequent' ? 'alternate' : branch === 'alternate' ? 'consequent' : undefined;
  }
  if (inner.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(inner.operator)) {
    const value = stringLiteralValue(inner.right) ?? stringLiteralValue(inner.left as Node);
    if (value === undefined || !DEVELOPMENT_VALUES.has(value.toLowerCase())) return undefined;
    return inner.operator.startsWith('=') ? 'consequent' : 'alternate';
  }
  if (inner.type === 'Identifier') {
    const resolved = resolve(inner);
    if (resolved && resolved !== inner) return developmentOnlyBranch(resolved, resolve);
    return DEVELOPMENT_FLAG.test(inner.name) ? 'consequent' : undefined;
  }
  if (inner.type === 'MemberExpression') {
    const name = memberNameOf(inner);
    return name !== undefined && DEVELOPMENT_FLAG.test(name) ? 'consequent' : undefined;
  }
  return undefined;
}
