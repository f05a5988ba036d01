import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { ReferenceIndex } from '../ast/scope.js';
import { parentOf } from '../ast/tree.js';
import { skipTypeWrappers } from '../ast/unwrap.js';

/**
 * Text a file pins down, as the secret evaluator reads it: property names and keys (also
 * computed from constants), strings folded from literals, `+` and `const`s, numbers, regex
 * sources.
 */
export class StaticText {
  constructor(private readonly references: ReferenceIndex) {}

  propertyName(member: TSESTree.MemberExpression): string | undefined {
    if (!member.computed) return member.property.type === AST_NODE_TYPES.Identifier ? member.property.name : undefined;
    return this.staticString(member.property);
  }

  /** The name a callee goes by: `f`, `x.f`, `x['f']` (a computed key the file pins) -> `f`. */
  calleeName(callee: TSESTree.Node): string | undefined {
    const inner = skipTypeWrappers(callee);
    if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
    return inner.type === AST_NODE_TYPES.MemberExpression ? this.propertyName(inner) : undefined;
  }

  propertyKey(property: TSESTree.Property): string | undefined {
    if (!property.computed) {
      if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
      if (property.key.type === AST_NODE_TYPES.Literal) return String(property.key.value);
      return undefined;
    }
    return this.staticString(property.key);
  }

  staticString(node: TSESTree.Node, depth = 0): string | undefined {
    const inner = skipTypeWrappers(node);
    switch (inner.type) {
      case AST_NODE_TYPES.Literal:
        return typeof inner.value === 'string' || typeof inner.value === 'number' ? String(inner.value) : undefined;
      case AST_NODE_TYPES.TemplateLiteral:
        return inner.expressions.length === 0 ? (inner.quasis[0]?.value.cooked ?? undefined) : undefined;
      case AST_NODE_TYPES.BinaryExpression: {
        if (inner.operator !== '+') return undefined;
        const left = this.staticString(inner.left, depth + 1);
        const right = left === undefined ? undefined : this.staticString(inner.right, depth + 1);
        return left === undefined || right === undefined ? undefined : left + right;
      }
      case AST_NODE_TYPES.UnaryExpression:
        return inner.operator === '-' && inner.argument.type === AST_NODE_TYPES.Literal && typeof inner.argument.value === 'number'
          ? String(-inner.argument.value)
          : undefined;
      case AST_NODE_TYPES.Identifier: {
        if (depth > 5) return undefined;
        const variable = this.references.resolvedVariableOf(inner);
        const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        if (definition?.type !== 'Variable' || definition.node.type !== AST_NODE_TYPES.VariableDeclarator) return undefined;
        const declarator = definition.node;
        const declaration = parentOf(declarator);
        if (
          declaration?.type !== AST_NODE_TYPES.VariableDeclaration ||
          declaration.kind !== 'const' ||
          declarator.id !== definition.name ||
          !declarator.init
        )
          return undefined;
        return this.staticString(declarator.init, depth + 1);
      }
      default:
        return undefined;
    }
  }

  staticNumber(node: TSESTree.Node): number | undefined {
    const text = this.staticString(node);
    return text === undefined || text.trim() === '' ? undefined : Number(text);
  }

  regexSource(node: TSESTree.Node): string | undefined {
    const inner = skipTypeWrappers(node);
    return inner.type === AST_NODE_TYPES.Literal && 'regex' in inner && inner.regex ? inner.regex.pattern : undefined;
  }
}
