import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { getStaticValue } from '@typescript-eslint/utils/ast-utils';
import { propertyKeyName } from './names.js';
import { resolveIdentifierValue, scopeOf, type ScopeManager } from './scope.js';
import { skipTypeWrappers } from './unwrap.js';

/**
 * An options object as the function it is passed to sees it (`new PrismaPg({...})`,
 * `new PrismaClient(options)`): its effective entries through spreads of constant objects,
 * the properties written in the literal itself (where fixes go), and whether some entry is
 * hidden where the file does not show it.
 */

/** One option as the constructor will see it (the last definition wins). */
export interface OptionEntry {
  key: string;
  value: TSESTree.Node;
  /** The property in the written object; undefined when the option comes from a spread object. */
  property: TSESTree.Property | undefined;
}

export interface ObjectOptions {
  /** The object literal the options are written in (where fixes go). */
  object: TSESTree.ObjectExpression;
  /** Effective options, by key. */
  entries: Map<string, OptionEntry>;
  /** Properties written in the object itself, by key (the last one of each). */
  written: Map<string, TSESTree.Property>;
  /** Spreads of the object itself, with the keys they bring (undefined when the file does not show them). */
  spreads: { element: TSESTree.SpreadElement; keys: ReadonlySet<string> | undefined }[];
  /** A spread or computed key the file does not resolve: any option may hide there. */
  hasUnknownEntries: boolean;
  /**
   * Options a conditional spread may bring (`...(isProd && { ssl })`, `...(c ? { max: 1 } : {})`),
   * by key, each branch's entry: set only on some runs, so neither present nor absent for sure.
   * Not in {@link entries}, which holds what every run sees.
   */
  maybeEntries: Map<string, OptionEntry[]>;
}

function spreadObjectOf(scopeManager: ScopeManager, node: TSESTree.Node): TSESTree.ObjectExpression | undefined {
  const argument = skipTypeWrappers(node);
  const value = argument.type === 'Identifier' ? resolveIdentifierValue(scopeManager, argument) : argument;
  const object = value ? skipTypeWrappers(value) : undefined;
  return object?.type === 'ObjectExpression' ? object : undefined;
}

/** Spreading it adds nothing: `{}`, `false`, `null`, `undefined`, `''`, `0`. */
function spreadsNothing(node: TSESTree.Node): boolean {
  const inner = skipTypeWrappers(node);
  if (inner.type === 'ObjectExpression') return inner.properties.length === 0;
  if (inner.type === 'Identifier') return inner.name === 'undefined';
  return inner.type === 'Literal' && !inner.value;
}

/**
 * The objects a conditional spread may bring: `...(cond && { ssl })` brings `{ ssl }` or
 * nothing; `...(cond ? a : b)` either branch (`{}`, `null`, `undefined`, `false` bring nothing).
 * Undefined when a branch is not an object the file shows.
 */
function conditionalSpreadObjects(scopeManager: ScopeManager, spread: TSESTree.SpreadElement): TSESTree.ObjectExpression[] | undefined {
  const argument = skipTypeWrappers(spread.argument);
  let branches: TSESTree.Node[];
  if (argument.type === 'LogicalExpression' && argument.operator === '&&') branches = [argument.right];
  else if (argument.type === 'ConditionalExpression') branches = [argument.consequent, argument.alternate];
  else return undefined;
  const objects: TSESTree.ObjectExpression[] = [];
  for (const branch of branches) {
    if (spreadsNothing(branch)) continue;
    const object = spreadObjectOf(scopeManager, branch);
    if (!object || object.properties.some((property) => property.type === 'SpreadElement' || propertyKeyName(property) === undefined))
      return undefined;
    objects.push(object);
  }
  return objects;
}

/** Records a conditional spread's keys as maybe-set; returns them. */
function collectMaybeEntries(objects: readonly TSESTree.ObjectExpression[], options: ObjectOptions): Set<string> {
  const keys = new Set<string>();
  for (const object of objects) {
    for (const property of object.properties) {
      if (property.type === 'SpreadElement') continue;
      const key = propertyKeyName(property)!;
      keys.add(key);
      const branchEntries = options.maybeEntries.get(key) ?? [];
      branchEntries.push({ key, value: property.value, property: undefined });
      options.maybeEntries.set(key, branchEntries);
    }
  }
  return keys;
}

/** Adds the options an object literal defines, in order; returns the keys it defined, or undefined when some are unknown. */
function collectEntries(
  scopeManager: ScopeManager,
  object: TSESTree.ObjectExpression,
  options: ObjectOptions,
  topLevel: boolean,
  seen: Set<TSESTree.Node>,
): Set<string> | undefined {
  seen.add(object);
  let keys: Set<string> | undefined = new Set();
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') {
      const conditional = conditionalSpreadObjects(scopeManager, property);
      if (conditional) {
        // Maybe-set keys: a later write still wins; an earlier one may be replaced (isOverriddenBySpread).
        const maybeKeys = collectMaybeEntries(conditional, options);
        if (topLevel) options.spreads.push({ element: property, keys: maybeKeys });
        if (keys !== undefined) for (const key of maybeKeys) keys.add(key);
        continue;
      }
      const spreadObject = spreadObjectOf(scopeManager, property.argument);
      const spreadKeys =
        spreadObject && !seen.has(spreadObject) ? collectEntries(scopeManager, spreadObject, options, false, seen) : undefined;
      if (spreadKeys === undefined) options.hasUnknownEntries = true;
      if (topLevel) options.spreads.push({ element: property, keys: spreadKeys });
      if (keys !== undefined && spreadKeys !== undefined) for (const key of spreadKeys) keys.add(key);
      else keys = undefined;
      continue;
    }
    const key = propertyKeyName(property);
    if (key === undefined) {
      options.hasUnknownEntries = true;
      keys = undefined;
      continue;
    }
    keys?.add(key);
    options.entries.set(key, { key, value: property.value, property: topLevel ? property : undefined });
    // Written after a conditional spread: every run sees this value.
    options.maybeEntries.delete(key);
    if (topLevel) options.written.set(key, property);
  }
  return keys;
}

/** Reads an options object, following `const config = {...}` and spreads of such constants. */
export function readObjectOptions(scopeManager: ScopeManager, object: TSESTree.ObjectExpression): ObjectOptions {
  const options: ObjectOptions = {
    object,
    entries: new Map(),
    written: new Map(),
    spreads: [],
    hasUnknownEntries: false,
    maybeEntries: new Map(),
  };
  collectEntries(scopeManager, object, options, true, new Set());
  return options;
}

/** A spread after `property` may replace its key (it brings that key, or keys the file does not show). */
export function isOverriddenBySpread(options: ObjectOptions, property: TSESTree.Property, key: string): boolean {
  return options.spreads.some(
    (spread) => spread.element.range[0] > property.range[0] && (spread.keys === undefined || spread.keys.has(key)),
  );
}

/** The options object a call's first argument is: written inline, or a constant holding one. */
export function optionsArgumentOf(
  scopeManager: ScopeManager,
  call: TSESTree.NewExpression | TSESTree.CallExpression,
): ObjectOptions | undefined {
  const first = call.arguments[0];
  if (first === undefined || first.type === 'SpreadElement') return undefined;
  let argument = skipTypeWrappers(first);
  if (argument.type === 'Identifier') {
    const value = resolveIdentifierValue(scopeManager, argument);
    if (value === undefined) return undefined;
    argument = skipTypeWrappers(value);
  }
  return argument.type === 'ObjectExpression' ? readObjectOptions(scopeManager, argument) : undefined;
}

/** The static value of an option (`max: 1`, `ssl: false`, `max: POOL_MAX` with a const), when the file pins it. */
export function staticOptionValue(scopeManager: ScopeManager, entry: OptionEntry): unknown {
  const folded = getStaticValue(entry.value as TSESTree.Expression, scopeOf(scopeManager, entry.value));
  return folded ? folded.value : undefined;
}
