import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { loadedModuleSource } from '../ast/module-source.js';
import {
  isCommonJsExportsObject,
  isModuleExports,
  memberName,
  moduleExportName,
  parameterNames,
  propertyKeyName,
  stringLiteralValue,
} from '../ast/names.js';
import { unwrapAwaitAndTypes } from '../ast/unwrap.js';
import { isHandlerExportName, isHandlerShapedExport, type ExportedFunctionSignal } from './handler-shape.js';

/**
 * What makes a file "Lambda code" by itself, for the rules whose hazard only matters inside a
 * Lambda: it imports a Lambda-only package, references the Lambda types, or exports a
 * handler. docs/lambda-scope.md lists exactly what counts; keep the two in sync.
 */

/** Import sources that only Lambda code uses. */
const LAMBDA_MODULE_SOURCES = new Set([
  'aws-lambda',
  '@types/aws-lambda',
  'middy',
  'serverless-http',
  '@codegenie/serverless-express',
  '@vendia/serverless-express',
  'aws-serverless-express',
  'lambda-api',
  '@hono/aws-lambda',
  'hono/aws-lambda',
  '@fastify/aws-lambda',
  'aws-lambda-fastify',
]);

/** `@aws-lambda-powertools/logger`, `@middy/core`, `@middy/http-json-body-parser`, ... */
const LAMBDA_MODULE_PREFIXES = ['@aws-lambda-powertools/', '@middy/'];

/** True for an import/require source that marks its file as Lambda code. */
export function isLambdaModuleSource(source: string): boolean {
  return LAMBDA_MODULE_SOURCES.has(source) || LAMBDA_MODULE_PREFIXES.some((prefix) => source.startsWith(prefix));
}

/** What a file itself shows, read from its AST by {@link lambdaSignalsOf}. */
export interface LambdaFileSignals {
  /** Sources of `import ... from`, `export ... from`, `import x = require()`, `require()` and `import()` with a literal. */
  importSources: readonly string[];
  /** Names the module exports (`export const handler`, `exports.handler = ...`). */
  exportedNames: readonly string[];
  /** Exported functions with their parameter names, for the handler-shape test. */
  exportedFunctions?: readonly ExportedFunctionSignal[];
  /** Packages named by `/// <reference types="..." />` directives. */
  referencedTypes?: readonly string[];
}

export function fileLooksLikeLambda(signals: LambdaFileSignals): boolean {
  return (
    signals.importSources.some(isLambdaModuleSource) ||
    (signals.referencedTypes ?? []).some((name) => name === 'aws-lambda') ||
    signals.exportedNames.some(isHandlerExportName) ||
    (signals.exportedFunctions ?? []).some(isHandlerShapedExport)
  );
}

/** Parameter names of a function node (through casts and `await`); `undefined` when `node` is no function. */
function parameterNamesOf(node: TSESTree.Node | null | undefined): (string | undefined)[] | undefined {
  const fn = unwrapAwaitAndTypes(node);
  if (fn?.type !== 'ArrowFunctionExpression' && fn?.type !== 'FunctionExpression' && fn?.type !== 'FunctionDeclaration') return undefined;
  return parameterNames(fn);
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
    const resolved = value?.type === 'Identifier' ? functionsByName.get(value.name) : value;
    const names = parameterNamesOf(resolved);
    if (names !== undefined) exportedFunctions.push({ name, parameterNames: names });
  };
  const noteSource = (node: TSESTree.Node | null | undefined): void => {
    const source = loadedModuleSource(node);
    if (source !== undefined) importSources.push(source);
  };
  const noteCommonJsExport = (expression: TSESTree.Expression): void => {
    if (expression.type !== 'AssignmentExpression' || expression.left.type !== 'MemberExpression') return;
    const target = expression.left;
    if (isCommonJsExportsObject(target.object)) {
      noteExport(memberName(target), expression.right);
    } else if (isModuleExports(target) && expression.right.type === 'ObjectExpression') {
      for (const property of expression.right.properties) {
        if (property.type === 'Property' && !property.computed) noteExport(propertyKeyName(property), property.value);
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
    if (statement.type === 'FunctionDeclaration' && statement.id) functionsByName.set(statement.id.name, statement);
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        if (declarator.id.type === 'Identifier' && declarator.init) functionsByName.set(declarator.id.name, declarator.init);
      }
    }
  }

  for (const statement of program.body) {
    switch (statement.type) {
      case 'ImportDeclaration':
        importSources.push(statement.source.value);
        break;
      case 'ExportAllDeclaration':
        importSources.push(statement.source.value);
        break;
      case 'ExportNamedDeclaration': {
        if (statement.source) importSources.push(statement.source.value);
        for (const specifier of statement.specifiers) {
          const local = specifier.local.type === 'Identifier' && !statement.source ? specifier.local : undefined;
          noteExport(moduleExportName(specifier.exported), local);
        }
        const declaration = statement.declaration;
        if (declaration?.type === 'VariableDeclaration') {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type === 'Identifier') noteExport(declarator.id.name, declarator.init);
            noteSource(declarator.init);
          }
        } else if (declaration?.type === 'FunctionDeclaration' && declaration.id) {
          noteExport(declaration.id.name, declaration);
        } else if (declaration && 'id' in declaration && declaration.id?.type === 'Identifier') {
          exportedNames.push(declaration.id.name);
        }
        break;
      }
      case 'ExportDefaultDeclaration':
        noteExport('default', statement.declaration as TSESTree.Node);
        break;
      case 'VariableDeclaration':
        for (const declarator of statement.declarations) noteSource(declarator.init);
        break;
      case 'TSImportEqualsDeclaration':
        if (statement.moduleReference.type === 'TSExternalModuleReference') {
          const source = stringLiteralValue(statement.moduleReference.expression);
          if (source !== undefined) importSources.push(source);
        }
        break;
      case 'ExpressionStatement':
        noteSource(statement.expression);
        if (statement.expression.type === 'AssignmentExpression') noteSource(statement.expression.right);
        noteCommonJsExport(statement.expression);
        break;
      default:
        break;
    }
  }
  return { importSources, exportedNames, exportedFunctions, referencedTypes };
}
