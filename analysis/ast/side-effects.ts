import type { TSESTree } from '@typescript-eslint/typescript-estree';

/** Reading it has no effect worth keeping: names, literals, property reads and operators on them. */
export function isSideEffectFree(node: TSESTree.Node): boolean {
  switch (node.type) {
    case 'Identifier':
    case 'Literal':
    case 'ThisExpression':
      return true;
    case 'TemplateLiteral':
      return node.expressions.every(isSideEffectFree);
    case 'MemberExpression':
      return isSideEffectFree(node.object) && (!node.computed || isSideEffectFree(node.property));
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSNonNullExpression':
    case 'TSTypeAssertion':
    case 'ChainExpression':
      return isSideEffectFree(node.expression);
    case 'LogicalExpression':
    case 'BinaryExpression':
      return node.left.type !== 'PrivateIdentifier' && isSideEffectFree(node.left) && isSideEffectFree(node.right);
    case 'ConditionalExpression':
      return isSideEffectFree(node.test) && isSideEffectFree(node.consequent) && isSideEffectFree(node.alternate);
    case 'UnaryExpression':
      return node.operator !== 'delete' && isSideEffectFree(node.argument);
    case 'ObjectExpression':
      return node.properties.every((property) =>
        property.type === 'SpreadElement'
          ? isSideEffectFree(property.argument)
          : !property.computed && property.kind === 'init' && isSideEffectFree(property.value as TSESTree.Node),
      );
    case 'ArrayExpression':
      return node.elements.every(
        (element) => element === null || isSideEffectFree(element.type === 'SpreadElement' ? element.argument : element),
      );
    default:
      return false;
  }
}
