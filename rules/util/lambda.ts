import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { fileLooksLikeLambda, packageLooksLikeLambda, type LambdaFileSignals } from '../../analysis/lambda-scope.js';
import { readSettings } from './settings.js';

function literalSource(node: TSESTree.Node | null | undefined): string | undefined {
  return node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' ? node.value : undefined;
}

function exportedNameOf(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  return undefined;
}

/** `exports.handler = ...` / `module.exports.handler = ...` / `module.exports = { handler }`. */
function commonJsExportNames(expression: TSESTree.Expression): string[] {
  if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.left.type !== AST_NODE_TYPES.MemberExpression) return [];
  const target = expression.left;
  const isModuleExports = (node: TSESTree.Node): boolean =>
    node.type === AST_NODE_TYPES.MemberExpression &&
    node.object.type === AST_NODE_TYPES.Identifier &&
    node.object.name === 'module' &&
    node.property.type === AST_NODE_TYPES.Identifier &&
    node.property.name === 'exports';
  const isExportsObject = (node: TSESTree.Node): boolean =>
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'exports') || isModuleExports(node);
  if (isExportsObject(target.object) && !target.computed && target.property.type === AST_NODE_TYPES.Identifier) {
    return [target.property.name];
  }
  if (isModuleExports(target) && expression.right.type === AST_NODE_TYPES.ObjectExpression) {
    return expression.right.properties.flatMap((property) =>
      property.type === AST_NODE_TYPES.Property && !property.computed ? [exportedNameOf(property.key)].filter((n): n is string => n !== undefined) : [],
    );
  }
  return [];
}

/** Reads the Lambda signals off a module's top level (imports, requires and exports). */
export function lambdaSignalsOf(program: TSESTree.Program): LambdaFileSignals {
  const importSources: string[] = [];
  const exportedNames: string[] = [];
  const noteRequire = (node: TSESTree.Node | null | undefined): void => {
    if (node?.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require') {
      const source = literalSource(node.arguments[0]);
      if (source !== undefined) importSources.push(source);
    }
  };
  for (const statement of program.body) {
    switch (statement.type) {
      case AST_NODE_TYPES.ImportDeclaration:
        importSources.push(statement.source.value);
        break;
      case AST_NODE_TYPES.ExportAllDeclaration:
        importSources.push(statement.source.value);
        break;
      case AST_NODE_TYPES.ExportNamedDeclaration: {
        if (statement.source) importSources.push(statement.source.value);
        for (const specifier of statement.specifiers) {
          const name = exportedNameOf(specifier.exported);
          if (name !== undefined) exportedNames.push(name);
        }
        const declaration = statement.declaration;
        if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type === AST_NODE_TYPES.Identifier) exportedNames.push(declarator.id.name);
          }
        } else if (declaration && 'id' in declaration && declaration.id?.type === AST_NODE_TYPES.Identifier) {
          exportedNames.push(declaration.id.name);
        }
        break;
      }
      case AST_NODE_TYPES.VariableDeclaration:
        for (const declarator of statement.declarations) noteRequire(declarator.init);
        break;
      case AST_NODE_TYPES.TSImportEqualsDeclaration:
        if (statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
          const source = literalSource(statement.moduleReference.expression);
          if (source !== undefined) importSources.push(source);
        }
        break;
      case AST_NODE_TYPES.ExpressionStatement:
        noteRequire(statement.expression);
        exportedNames.push(...commonJsExportNames(statement.expression));
        break;
      default:
        break;
    }
  }
  return { importSources, exportedNames };
}

const verdictBySourceCode = new WeakMap<object, boolean>();

/**
 * Whether the linted file is Lambda code, per `settings['prisma-aurora-fix'].lambda`:
 * `'always'`, `'never'`, or `'auto'` (default): the file imports a Lambda-only package or
 * exports a handler, or its package is deployed to Lambda (see analysis/lambda-scope.ts).
 * Computed once per file and shared by every rule that asks.
 */
export function isLambdaCode(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  const { lambda } = readSettings(context);
  if (lambda === 'always') return true;
  if (lambda === 'never') return false;
  const sourceCode = context.sourceCode;
  const cached = verdictBySourceCode.get(sourceCode);
  if (cached !== undefined) return cached;
  const filename = context.filename;
  const verdict =
    fileLooksLikeLambda(lambdaSignalsOf(sourceCode.ast)) ||
    (filename.startsWith('/') || /^[A-Za-z]:[\\/]/.test(filename) ? packageLooksLikeLambda(filename) : false);
  verdictBySourceCode.set(sourceCode, verdict);
  return verdict;
}
