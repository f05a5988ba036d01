// Not from '@typescript-eslint/utils' (its index loads ESLint): see string-flow.ts.
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/typescript-estree';
import { getStaticValue } from '@typescript-eslint/utils/ast-utils';
import { memberPropertyName, propertyKeyName, resolveIdentifierValue, scopeOf, unwrapExpression, variableOf, type ModuleContext } from './string-flow.js';

/**
 * Recognising Prisma driver adapters and node-postgres pools in a file: which module a
 * constructor comes from (under any alias, namespace or `require`), whether the file runs
 * Prisma through a driver adapter, and what a `PrismaPg`/`Pool` options object says.
 */

/** The module and exported name a local binding comes from (`'*'` for a namespace or a whole `require`). */
export interface ImportedBinding {
  source: string;
  name: string;
}

function requiredSource(node: TSESTree.Node): string | undefined {
  const call = unwrapExpression(node);
  if (
    call.type === AST_NODE_TYPES.CallExpression &&
    call.callee.type === AST_NODE_TYPES.Identifier &&
    call.callee.name === 'require' &&
    call.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof call.arguments[0].value === 'string'
  ) {
    return call.arguments[0].value;
  }
  if (call.type === AST_NODE_TYPES.AwaitExpression) {
    const awaited = unwrapExpression(call.argument);
    if (awaited.type === AST_NODE_TYPES.ImportExpression && awaited.source.type === AST_NODE_TYPES.Literal && typeof awaited.source.value === 'string') {
      return awaited.source.value;
    }
  }
  return undefined;
}

function keyOfPatternValue(pattern: TSESTree.ObjectPattern, local: TSESTree.Identifier): string | undefined {
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value === local || (value.type === AST_NODE_TYPES.Identifier && value.range[0] === local.range[0])) return propertyKeyName(property);
  }
  return undefined;
}

/**
 * Where the binding an identifier reads was imported from: `import { Pool as P } from 'pg'`,
 * `import pg from 'pg'` (`default`), `import * as pg from 'pg'` (`*`), `import pg = require('pg')`,
 * `const { Pool } = require('pg')`, `const pg = require('pg')`, `const { Pool } = pg`.
 */
export function importedBindingOf(context: ModuleContext, identifier: TSESTree.Identifier): ImportedBinding | undefined {
  const variable = variableOf(context, identifier);
  const definition = variable?.defs[0];
  if (!definition) return undefined;
  if (definition.type === 'ImportBinding') {
    const specifier = definition.node as TSESTree.Node;
    if (specifier.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const reference = specifier.moduleReference;
      return reference.type === AST_NODE_TYPES.TSExternalModuleReference && reference.expression.type === AST_NODE_TYPES.Literal && typeof reference.expression.value === 'string'
        ? { source: reference.expression.value, name: '*' }
        : undefined;
    }
    const declaration = specifier.parent;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration || declaration.importKind === 'type') return undefined;
    const source = declaration.source.value;
    if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
      if (specifier.importKind === 'type') return undefined;
      const imported = specifier.imported;
      return { source, name: imported.type === AST_NODE_TYPES.Identifier ? imported.name : String(imported.value) };
    }
    if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { source, name: 'default' };
    if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { source, name: '*' };
    return undefined;
  }
  if (definition.type === 'Variable') {
    const declarator = definition.node as TSESTree.VariableDeclarator;
    if (!declarator.init) return undefined;
    const init = unwrapExpression(declarator.init);
    const source = requiredSource(init);
    if (declarator.id.type === AST_NODE_TYPES.Identifier) {
      if (source !== undefined) return { source, name: '*' };
      // `const Pool = require('pg').Pool`
      if (init.type === AST_NODE_TYPES.MemberExpression) return memberBinding(context, init);
      return undefined;
    }
    if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
      const key = keyOfPatternValue(declarator.id, definition.name as TSESTree.Identifier);
      if (key === undefined) return undefined;
      if (source !== undefined) return { source, name: key };
      // `const { Pool } = pg` where pg is the module object.
      if (init.type === AST_NODE_TYPES.Identifier) {
        const module = importedBindingOf(context, init);
        if (module && (module.name === '*' || module.name === 'default')) return { source: module.source, name: key };
      }
    }
  }
  return undefined;
}

/** `pg.Pool` / `require('pg').Pool` / `adapter['PrismaPg']` when the object is a whole module. */
function memberBinding(context: ModuleContext, member: TSESTree.MemberExpression): ImportedBinding | undefined {
  const name = memberPropertyName(member);
  if (name === undefined) return undefined;
  const object = unwrapExpression(member.object);
  const source = requiredSource(object);
  if (source !== undefined) return { source, name };
  if (object.type === AST_NODE_TYPES.Identifier) {
    const module = importedBindingOf(context, object);
    if (module && (module.name === '*' || module.name === 'default')) return { source: module.source, name };
  }
  return undefined;
}

/** What a callee refers to, when it comes from a module. */
export function calleeBinding(context: ModuleContext, callee: TSESTree.Node): ImportedBinding | undefined {
  const node = unwrapExpression(callee);
  if (node.type === AST_NODE_TYPES.Identifier) return importedBindingOf(context, node);
  if (node.type === AST_NODE_TYPES.MemberExpression) return memberBinding(context, node);
  return undefined;
}

/** `@prisma/adapter-pg`, `@prisma/adapter-neon`, `@prisma/adapter-planetscale`, `@prisma/adapter-mariadb`, ... */
export function isDriverAdapterSource(source: string): boolean {
  return source.startsWith('@prisma/adapter-');
}

/** `@prisma/client` or a generated client (`./generated/prisma`, `@/generated/prisma/client`, `.prisma/client`). */
export function isPrismaClientSource(source: string): boolean {
  return source === '@prisma/client' || source.startsWith('@prisma/client/') || /(?:^|\/)(?:generated\/prisma|\.prisma\/client)(?:\/|$)/.test(source);
}

/** The node-postgres constructors whose options this package checks. */
export type PgConstructorKind = 'PrismaPg' | 'Pool' | 'Client';

/** Which pg/PrismaPg constructor a `new` expression calls, if any. */
export function pgConstructorKind(context: ModuleContext, expression: TSESTree.NewExpression): PgConstructorKind | undefined {
  const binding = calleeBinding(context, expression.callee);
  if (!binding) return undefined;
  if (binding.source === '@prisma/adapter-pg' && binding.name === 'PrismaPg') return 'PrismaPg';
  if (binding.source === 'pg' && (binding.name === 'Pool' || binding.name === 'Client')) return binding.name;
  return undefined;
}

/** `new PrismaClient(...)` under any alias, from any module (its options are what matter here). */
export function isPrismaClientConstruction(context: ModuleContext, expression: TSESTree.NewExpression): boolean {
  const binding = calleeBinding(context, expression.callee);
  if (binding) return binding.name === 'PrismaClient';
  const callee = unwrapExpression(expression.callee);
  return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'PrismaClient';
}

/** One option as the constructor will see it (the last definition wins). */
export interface PoolOptionEntry {
  key: string;
  value: TSESTree.Node;
  /** The property in the written object; undefined when the option comes from a spread object. */
  property: TSESTree.Property | undefined;
}

export interface PoolOptions {
  /** The object literal the options are written in (where fixes go). */
  object: TSESTree.ObjectExpression;
  /** Effective options, by key. */
  entries: Map<string, PoolOptionEntry>;
  /** Properties written in the object itself, by key (the last one of each). */
  written: Map<string, TSESTree.Property>;
  /** Spreads of the object itself, with the keys they bring (undefined when the file does not show them). */
  spreads: { element: TSESTree.SpreadElement; keys: ReadonlySet<string> | undefined }[];
  /** A spread or computed key the file does not resolve: any option may hide there. */
  hasUnknownEntries: boolean;
}

function spreadObjectOf(context: ModuleContext, spread: TSESTree.SpreadElement): TSESTree.ObjectExpression | undefined {
  const argument = unwrapExpression(spread.argument);
  const value = argument.type === AST_NODE_TYPES.Identifier ? resolveIdentifierValue(context, argument) : argument;
  const object = value ? unwrapExpression(value) : undefined;
  return object?.type === AST_NODE_TYPES.ObjectExpression ? object : undefined;
}

/** Adds the options an object literal defines, in order; returns the keys it defined, or undefined when some are unknown. */
function collectEntries(context: ModuleContext, object: TSESTree.ObjectExpression, options: PoolOptions, topLevel: boolean, seen: Set<TSESTree.Node>): Set<string> | undefined {
  seen.add(object);
  let keys: Set<string> | undefined = new Set();
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spreadObject = spreadObjectOf(context, property);
      const spreadKeys = spreadObject && !seen.has(spreadObject) ? collectEntries(context, spreadObject, options, false, seen) : undefined;
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
export function readPoolOptions(context: ModuleContext, object: TSESTree.ObjectExpression): PoolOptions {
  const options: PoolOptions = { object, entries: new Map(), written: new Map(), spreads: [], hasUnknownEntries: false };
  collectEntries(context, object, options, true, new Set());
  return options;
}

/** A spread after `property` may replace its key (it brings that key, or keys the file does not show). */
export function isOverriddenBySpread(options: PoolOptions, property: TSESTree.Property, key: string): boolean {
  return options.spreads.some((spread) => spread.element.range[0] > property.range[0] && (spread.keys === undefined || spread.keys.has(key)));
}

/** What the first argument of `new PrismaPg(...)` / `new Pool(...)` is. */
export type PoolArgument =
  | { kind: 'options'; options: PoolOptions }
  | { kind: 'connectionString'; node: TSESTree.Node }
  | { kind: 'pool' }
  | { kind: 'none' }
  | { kind: 'unknown' };

function isProcessEnvRead(node: TSESTree.Node): boolean {
  const inner = unwrapExpression(node);
  if (inner.type === AST_NODE_TYPES.ChainExpression) return isProcessEnvRead(inner.expression);
  if (inner.type === AST_NODE_TYPES.LogicalExpression) return isProcessEnvRead(inner.left);
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return false;
  const object = unwrapExpression(inner.object);
  return (
    object.type === AST_NODE_TYPES.MemberExpression &&
    object.object.type === AST_NODE_TYPES.Identifier &&
    object.object.name === 'process' &&
    object.property.type === AST_NODE_TYPES.Identifier &&
    object.property.name === 'env'
  );
}

/** Classifies the first argument of a pg/PrismaPg constructor. */
export function poolArgumentOf(context: ModuleContext, expression: TSESTree.NewExpression): PoolArgument {
  const first = expression.arguments[0];
  if (first === undefined) return { kind: 'none' };
  if (first.type === AST_NODE_TYPES.SpreadElement) return { kind: 'unknown' };
  let argument = unwrapExpression(first);
  if (argument.type === AST_NODE_TYPES.Identifier) {
    const value = resolveIdentifierValue(context, argument);
    if (value === undefined) return { kind: 'unknown' };
    argument = unwrapExpression(value);
  }
  switch (argument.type) {
    case AST_NODE_TYPES.ObjectExpression:
      return { kind: 'options', options: readPoolOptions(context, argument) };
    case AST_NODE_TYPES.NewExpression:
      return pgConstructorKind(context, argument) === 'Pool' ? { kind: 'pool' } : { kind: 'unknown' };
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.BinaryExpression:
      return { kind: 'connectionString', node: first };
    default:
      return isProcessEnvRead(argument) ? { kind: 'connectionString', node: first } : { kind: 'unknown' };
  }
}

/** The static value of an option (`max: 1`, `ssl: false`, `max: POOL_MAX` with a const), when the file pins it. */
export function staticOptionValue(context: ModuleContext, entry: PoolOptionEntry): unknown {
  const folded = getStaticValue(entry.value as TSESTree.Expression, scopeOf(context.scopeManager, entry.value));
  return folded ? folded.value : undefined;
}
