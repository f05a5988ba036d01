import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/typescript-estree';
import type { TSESLint } from '@typescript-eslint/utils';
import { isAbsolute } from 'node:path';
import {
  fileLooksLikeLambda,
  packageLooksLikeLambda,
  type ExportedFunctionSignal,
  type LambdaFileSignals,
} from '../../analysis/lambda-scope.js';
import { readSettings } from './settings.js';

function literalSource(node: TSESTree.Node | null | undefined): string | undefined {
  if (node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node?.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function exportedNameOf(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  return undefined;
}

function unwrapExpression(node: TSESTree.Node | null | undefined): TSESTree.Node | null | undefined {
  let current = node;
  while (
    current?.type === AST_NODE_TYPES.TSAsExpression ||
    current?.type === AST_NODE_TYPES.TSSatisfiesExpression ||
    current?.type === AST_NODE_TYPES.TSNonNullExpression ||
    current?.type === AST_NODE_TYPES.TSTypeAssertion ||
    current?.type === AST_NODE_TYPES.AwaitExpression
  ) {
    current = current.type === AST_NODE_TYPES.AwaitExpression ? current.argument : current.expression;
  }
  return current;
}

/** Parameter names of a function node; `undefined` for a destructured parameter. */
function parameterNamesOf(node: TSESTree.Node | null | undefined): (string | undefined)[] | undefined {
  const fn = unwrapExpression(node);
  if (
    fn?.type !== AST_NODE_TYPES.ArrowFunctionExpression &&
    fn?.type !== AST_NODE_TYPES.FunctionExpression &&
    fn?.type !== AST_NODE_TYPES.FunctionDeclaration
  ) {
    return undefined;
  }
  return fn.params.map((param) => {
    const target = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    return target.type === AST_NODE_TYPES.Identifier ? target.name : undefined;
  });
}

/** The source of `require('x')` or `import('x')` (also awaited or cast), if `node` is one. */
function requiredSource(node: TSESTree.Node | null | undefined): string | undefined {
  let current = unwrapExpression(node);
  // `require('x').member` and `(await import('x')).default`
  while (current?.type === AST_NODE_TYPES.MemberExpression) current = unwrapExpression(current.object);
  if (current?.type === AST_NODE_TYPES.CallExpression && current.callee.type === AST_NODE_TYPES.Identifier && current.callee.name === 'require') {
    return literalSource(current.arguments[0]);
  }
  if (current?.type === AST_NODE_TYPES.ImportExpression) return literalSource(current.source);
  return undefined;
}

const isModuleExports = (node: TSESTree.Node): boolean =>
  node.type === AST_NODE_TYPES.MemberExpression &&
  node.object.type === AST_NODE_TYPES.Identifier &&
  node.object.name === 'module' &&
  node.property.type === AST_NODE_TYPES.Identifier &&
  node.property.name === 'exports';

const isExportsObject = (node: TSESTree.Node): boolean =>
  (node.type === AST_NODE_TYPES.Identifier && node.name === 'exports') || isModuleExports(node);

/** Static name of `a.b` / `a['b']`. */
function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) return node.property.name;
  return node.computed ? literalSource(node.property) : undefined;
}

/** Reads the Lambda signals off a module's top level (imports, requires, exports and `/// <reference types>`). */
export function lambdaSignalsOf(program: TSESTree.Program): LambdaFileSignals {
  const importSources: string[] = [];
  const exportedNames: string[] = [];
  const exportedFunctions: ExportedFunctionSignal[] = [];
  const referencedTypes: string[] = [];
  /** Top-level functions by name, so `export { main }` and `exports.main = main` see their parameters. */
  const functionsByName = new Map<string, TSESTree.Node>();

  const noteExport = (name: string | undefined, value: TSESTree.Node | null | undefined): void => {
    if (name === undefined) return;
    exportedNames.push(name);
    const resolved = value?.type === AST_NODE_TYPES.Identifier ? functionsByName.get(value.name) : value;
    const parameterNames = parameterNamesOf(resolved);
    if (parameterNames !== undefined) exportedFunctions.push({ name, parameterNames });
  };
  const noteSource = (node: TSESTree.Node | null | undefined): void => {
    const source = requiredSource(node);
    if (source !== undefined) importSources.push(source);
  };
  const noteCommonJsExport = (expression: TSESTree.Expression): void => {
    if (expression.type !== AST_NODE_TYPES.AssignmentExpression || expression.left.type !== AST_NODE_TYPES.MemberExpression) return;
    const target = expression.left;
    if (isExportsObject(target.object)) {
      noteExport(memberName(target), expression.right);
    } else if (isModuleExports(target) && expression.right.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of expression.right.properties) {
        if (property.type === AST_NODE_TYPES.Property && !property.computed) noteExport(exportedNameOf(property.key), property.value);
      }
    } else if (isModuleExports(target)) {
      noteExport('default', expression.right);
    }
  };

  for (const comment of program.comments ?? []) {
    const match = /^\/\s*<reference\s+types\s*=\s*["']([^"']+)["']/.exec(comment.value);
    if (comment.type === 'Line' && match) referencedTypes.push(match[1]!);
  }

  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.FunctionDeclaration && statement.id) functionsByName.set(statement.id.name, statement);
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init) functionsByName.set(declarator.id.name, declarator.init);
      }
    }
  }

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
          const local = specifier.local.type === AST_NODE_TYPES.Identifier && !statement.source ? specifier.local : undefined;
          noteExport(exportedNameOf(specifier.exported), local);
        }
        const declaration = statement.declaration;
        if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type === AST_NODE_TYPES.Identifier) noteExport(declarator.id.name, declarator.init);
            noteSource(declarator.init);
          }
        } else if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) {
          noteExport(declaration.id.name, declaration);
        } else if (declaration && 'id' in declaration && declaration.id?.type === AST_NODE_TYPES.Identifier) {
          exportedNames.push(declaration.id.name);
        }
        break;
      }
      case AST_NODE_TYPES.ExportDefaultDeclaration: {
        const declaration = statement.declaration;
        noteExport('default', declaration.type === AST_NODE_TYPES.Identifier ? declaration : (declaration as TSESTree.Node));
        break;
      }
      case AST_NODE_TYPES.VariableDeclaration:
        for (const declarator of statement.declarations) noteSource(declarator.init);
        break;
      case AST_NODE_TYPES.TSImportEqualsDeclaration:
        if (statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference) {
          const source = literalSource(statement.moduleReference.expression);
          if (source !== undefined) importSources.push(source);
        }
        break;
      case AST_NODE_TYPES.ExpressionStatement:
        noteSource(statement.expression);
        if (statement.expression.type === AST_NODE_TYPES.AssignmentExpression) noteSource(statement.expression.right);
        noteCommonJsExport(statement.expression);
        break;
      default:
        break;
    }
  }
  return { importSources, exportedNames, exportedFunctions, referencedTypes };
}

const verdictBySourceCode = new WeakMap<object, boolean>();

/**
 * Whether the linted file is Lambda code, per `settings['prisma-aurora-fix'].lambda`:
 * `'always'`, `'never'`, or `'auto'` (default): the file imports a Lambda-only package or
 * exports a handler, or its package is deployed to Lambda (docs/lambda-scope.md).
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
    // `<input>` / `<text>` (stdin, editors without a path) has no package to look at.
    (isAbsolute(filename) ? packageLooksLikeLambda(filename) : false);
  verdictBySourceCode.set(sourceCode, verdict);
  return verdict;
}
