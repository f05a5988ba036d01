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
}

function spreadObjectOf(scopeManager: ScopeManager, spread: TSESTree.SpreadElement): TSESTree.ObjectExpression | undefined {
  const argument = skipTypeWrappers(spread.argument);
  const value = argument.type === 'Identifier' ? resolveIdentifierValue(scopeManager, argument) : argument;
  const object = value ? skipTypeWrappers(value) : undefined;
  return object?.type === 'ObjectExpression' ? object : undefined;
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
      const spreadObject = spreadObjectOf(scopeManager, property);
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
    if (topLevel) options.written.set(key, property);
  }
  return keys;
}

/** Reads an options object, following `const config = {...}` and spreads of such constants. */
export function readObjectOptions(scopeManager: ScopeManager, object: TSESTree.ObjectExpression): ObjectOptions {
  const options: ObjectOptions = { object, entries: new Map(), written: new Map(), spreads: [], hasUnknownEntries: false };
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
