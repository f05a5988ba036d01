import type { TSESTree } from '@typescript-eslint/types';
import { simpleTraverse } from '../ast/simple-traverse.js';
import { requiredModuleSource } from '../ast/module-source.js';
import { dottedName, memberNameOf, moduleExportName, propertyKeyName } from '../ast/names.js';
import { isFunctionNode, isLoopStatement, type FunctionNode } from '../ast/node-kinds.js';
import { rangeOf } from '../ast/range.js';
import { parentOf } from '../ast/tree.js';
import { unwrapAwaitAndTypes } from '../ast/unwrap.js';
import type { ModuleIndex } from './module-index.js';
import type { ExtensionUse, PrismaClientConstruction } from './types.js';

/**
 * What an `$extends(...)` argument is (the names it goes by, where they are imported from,
 * an inline `$allOperations` that retries), and whether that makes it a retry extension.
 */

type Node = TSESTree.Node;

export class ExtensionReader {
  private readonly extensionCache = new Map<Node, ExtensionUse>();

  constructor(private readonly index: ModuleIndex) {}

  describeExtension(call: TSESTree.CallExpression): ExtensionUse {
    const cached = this.extensionCache.get(call);
    if (cached) return cached;
    const argument = call.arguments[0];
    const use: ExtensionUse = {
      callRange: rangeOf(call),
      argumentRange: argument ? rangeOf(argument) : undefined,
      names: [],
      importSources: [],
      inlineRetry: false,
    };
    this.extensionCache.set(call, use);
    if (argument) this.describeExtensionValue(argument, use, new Set());
    return use;
  }

  private describeExtensionValue(value: Node, use: ExtensionUse, seen: Set<Node>): void {
    if (seen.has(value)) return;
    seen.add(value);
    const node = unwrapAwaitAndTypes(value);
    if (node.type === 'Identifier') {
      this.noteName(node, use, seen);
      return;
    }
    if (node.type === 'MemberExpression') {
      const dotted = dottedName(node);
      if (dotted !== undefined) use.names.push(dotted);
      const property = memberNameOf(node);
      if (property !== undefined) use.names.push(property);
      let root: Node = node;
      while (root.type === 'MemberExpression') root = unwrapAwaitAndTypes(root.object);
      if (root.type === 'Identifier') this.noteName(root, use, seen);
      return;
    }
    if (node.type === 'CallExpression') {
      const callee = unwrapAwaitAndTypes(node.callee);
      // Prisma.defineExtension({...}) / Prisma.defineExtension((client) => client.$extends({...}))
      if (memberNameOf(callee) === 'defineExtension' || (callee.type === 'Identifier' && callee.name === 'defineExtension')) {
        if (node.arguments[0]) this.describeExtensionValue(node.arguments[0], use, seen);
        return;
      }
      this.describeExtensionValue(callee, use, seen);
      return;
    }
    if (node.type === 'ObjectExpression') {
      if (this.objectRetriesInLoop(node)) use.inlineRetry = true;
      return;
    }
    if (isFunctionNode(node)) {
      // (client) => client.$extends({...})
      simpleTraverse(node.body, {
        visitors: {
          ObjectExpression: (object) => {
            if (this.objectRetriesInLoop(object as TSESTree.ObjectExpression)) use.inlineRetry = true;
          },
        },
      });
    }
  }

  /** Records an identifier's names and, for a local constant, what it is bound to. */
  private noteName(identifier: TSESTree.Identifier, use: ExtensionUse, seen: Set<Node>): void {
    use.names.push(identifier.name);
    const variable = this.index.variableOf(identifier);
    const definition = variable?.defs[0];
    if (!definition) return;
    if (definition.type === 'ImportBinding') {
      const specifier = definition.node;
      if (specifier.type === 'ImportSpecifier') {
        const imported = moduleExportName(specifier.imported);
        use.names.push(imported);
      }
      const declaration = definition.parent;
      if (declaration?.type === 'ImportDeclaration') use.importSources.push(declaration.source.value);
      return;
    }
    if (definition.type === 'Variable' && definition.node.type === 'VariableDeclarator') {
      const declarator = definition.node;
      const source = requiredModuleSource(declarator.init);
      if (source !== undefined) {
        use.importSources.push(source);
        if (declarator.id.type === 'ObjectPattern') {
          for (const property of declarator.id.properties) {
            if (property.type === 'Property' && property.value === identifier) {
              const key = propertyKeyName(property);
              if (key !== undefined) use.names.push(key);
            }
          }
        }
        return;
      }
      if (declarator.id.type === 'Identifier' && declarator.init) this.describeExtensionValue(declarator.init, use, seen);
    }
  }

  /** `{ query: { $allOperations } }` (or `$allModels` / a model) that retries `query(args)`. */
  private objectRetriesInLoop(object: TSESTree.ObjectExpression): boolean {
    const query = object.properties.find(
      (property): property is TSESTree.Property => property.type === 'Property' && propertyKeyName(property) === 'query',
    );
    if (!query || unwrapAwaitAndTypes(query.value).type !== 'ObjectExpression') return false;
    const operationsOf = (container: TSESTree.ObjectExpression): Node[] =>
      container.properties.flatMap((property) => {
        if (property.type !== 'Property') return [];
        const key = propertyKeyName(property);
        const value = unwrapAwaitAndTypes(property.value);
        if (key === '$allOperations') return [value];
        if (value.type === 'ObjectExpression') return operationsOf(value);
        return [];
      });
    return operationsOf(unwrapAwaitAndTypes(query.value) as TSESTree.ObjectExpression).some(
      (operation) => isFunctionNode(operation) && this.retriesQuery(operation),
    );
  }

  /** The `$allOperations` body calls its `query` inside try/catch in a loop, or through a `*retry*` helper. */
  private retriesQuery(fn: FunctionNode): boolean {
    const queryName = queryParameterName(fn);
    if (queryName === undefined) return false;
    let retries = false;
    simpleTraverse(fn.body, {
      enter: (node) => {
        if (retries || node.type !== 'CallExpression') return;
        const callee = unwrapAwaitAndTypes(node.callee);
        if (callee.type !== 'Identifier' || callee.name !== queryName) return;
        let inTry = false;
        let inLoop = false;
        let viaRetryHelper = false;
        let child: Node = node;
        for (let current = parentOf(node); current && current !== fn; current = parentOf(current)) {
          if (current.type === 'TryStatement' && current.block === child) inTry = true;
          if (isLoopStatement(current)) inLoop = true;
          if (current.type === 'CallExpression' && current !== node && /retry/i.test(dottedName(current.callee) ?? ''))
            viaRetryHelper = true;
          child = current;
        }
        if ((inTry && inLoop) || viaRetryHelper) retries = true;
      },
    });
    return retries;
  }
}

/** The name `$allOperations` gives `query`: `({ args, query })`, `({ query: next })`, or `(params)` → `params.query`. */
function queryParameterName(fn: FunctionNode): string | undefined {
  const parameter = fn.params[0];
  if (parameter?.type !== 'ObjectPattern') return undefined;
  for (const property of parameter.properties) {
    if (property.type !== 'Property' || propertyKeyName(property) !== 'query') continue;
    const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
    if (value.type === 'Identifier') return value.name;
  }
  return undefined;
}

/** Options that decide what counts as a retry extension. */
export interface RetryRecognitionOptions {
  /** Extra names (local, imported or dotted) that are retry extensions. */
  retryExtensions?: readonly string[];
}

/**
 * Whether an `$extends` argument is a retry extension: `auroraRetry()` (from our runtime or a
 * vendored copy), any name containing "retry" (case-insensitive) — imported or local, called
 * or passed — a configured name, or an inline `$allOperations` that retries. A retry-less
 * extension such as `withAccelerate()` is not one.
 */
export function isRetryExtension(extension: ExtensionUse, options: RetryRecognitionOptions = {}): boolean {
  if (extension.inlineRetry) return true;
  const configured = new Set(options.retryExtensions ?? []);
  return extension.names.some((name) => /retry/i.test(name) || configured.has(name));
}

export function hasRetryExtension(construction: PrismaClientConstruction, options: RetryRecognitionOptions = {}): boolean {
  return construction.extensions.some((extension) => isRetryExtension(extension, options));
}
