import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { skipTypeWrappers, unwrapAwaitAndTypes } from './unwrap.js';

/**
 * Names the source spells out: the text of a string literal, the property a member
 * expression reads, a property key, a dotted path, an export name. Only what is written
 * (no constant folding: the analyses that follow values do that themselves).
 */

type Node = TSESTree.Node;

/** `'x'`, `"x"` or `` `x` `` (a template without `${}`), also cast (`'x' as const`): its value. */
export function stringLiteralValue(node: Node | null | undefined): string | undefined {
  const inner = skipTypeWrappers(node);
  if (inner?.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner?.type === 'TemplateLiteral' && inner.expressions.length === 0) return inner.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** The property a member expression reads, when static: `a.b`, `a?.b`, `a['b']`, `` a[`b`] `` -> `b`. */
export function memberName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed) return member.property.type === 'Identifier' ? member.property.name : undefined;
  return stringLiteralValue(member.property);
}

/** {@link memberName} of `node` when it is a member expression. */
export function memberNameOf(node: Node | null | undefined): string | undefined {
  return node?.type === 'MemberExpression' ? memberName(node) : undefined;
}

/** The name a property key spells, when static (`DATABASE_URL`, `'DATABASE_URL'`, `['DATABASE_URL']`, `1`). */
export function propertyKeyName(property: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition): string | undefined {
  const key = property.key;
  if (!property.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) return String(key.value);
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** An import or export name, which ES2022 allows to be a string: `import { 'a-b' as c }`. */
export function moduleExportName(name: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return name.type === 'Identifier' ? name.name : String(name.value);
}

/** The text of a callee or reference like `P.PrismaClient` or `ext.retry` (through casts and `await`). */
export function dottedName(node: Node): string | undefined {
  const inner = unwrapAwaitAndTypes(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'ThisExpression') return 'this';
  if (inner.type === 'MemberExpression') {
    const property = memberName(inner);
    const object = dottedName(inner.object);
    return property !== undefined && object !== undefined ? `${object}.${property}` : property;
  }
  return undefined;
}

/** The name a call's callee goes by: `withRetry`, `retry.withRetry` -> `withRetry`. */
export function calleeName(callee: Node): string | undefined {
  const inner = skipTypeWrappers(callee);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'MemberExpression') return memberName(inner);
  return undefined;
}

/** `module.exports` (also `module['exports']`). */
export function isModuleExports(node: Node): boolean {
  return (
    node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.object.name === 'module' && memberName(node) === 'exports'
  );
}

/** The object CommonJS exports are written on: `exports` or `module.exports`. */
export function isCommonJsExportsObject(node: Node): boolean {
  return (node.type === 'Identifier' && node.name === 'exports') || isModuleExports(node);
}

/** A function's parameter names in order (`x = 1` counts as `x`); `undefined` for a destructured or rest parameter. */
export function parameterNames(fn: TSESTree.FunctionLike): (string | undefined)[] {
  return fn.params.map((parameter) => {
    const target = parameter.type === 'AssignmentPattern' ? parameter.left : parameter;
    return target.type === 'Identifier' ? target.name : undefined;
  });
}
