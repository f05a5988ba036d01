import type { TSESTree } from '@typescript-eslint/types';
import { simpleTraverse } from '../ast/simple-traverse.js';
import { requiredModuleSource } from '../ast/module-source.js';
import { isCommonJsExportsObject, isModuleExports, memberNameOf, moduleExportName, propertyKeyName } from '../ast/names.js';
import { isFunctionNode } from '../ast/node-kinds.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { referenceIndexOf, type ReferenceIndex, type ScopeManager, type Variable } from '../ast/scope.js';
import { parentOf } from '../ast/tree.js';
import { isTypeWrapper } from '../ast/unwrap.js';
import type { NamedImport } from './types.js';

/**
 * What the PrismaClient analysis asks of a module, indexed in one walk: its `new`
 * expressions, type references, imports and declarators, its exports by variable, where
 * functions are called from and what they are bound to. Shared per AST by every analysis
 * that needs it ({@link moduleIndexOf}).
 */

type Node = TSESTree.Node;

export class ModuleIndex {
  readonly newExpressions: TSESTree.NewExpression[] = [];
  readonly importDeclarations: TSESTree.ImportDeclaration[] = [];
  readonly variableDeclarators: TSESTree.VariableDeclarator[] = [];
  readonly moduleScopeNames = new Set<string>();
  /** Local variables exported under these names (`export { a as handler }`, `exports.handler = a`). */
  readonly exportNamesByVariable = new Map<Variable, string[]>();
  readonly namedImports: NamedImport[] = [];
  private readonly references: ReferenceIndex;
  private readonly callSitesCache = new Map<Node, Node[]>();

  constructor(
    readonly program: TSESTree.Program,
    readonly scopeManager: ScopeManager,
  ) {
    // One walk: what the analysis looks at, and the parent pointers it climbs.
    simpleTraverse(
      program,
      {
        enter: (node) => {
          if (node.type === 'NewExpression') this.newExpressions.push(node);
          else if (node.type === 'ImportDeclaration') this.importDeclarations.push(node);
          else if (node.type === 'VariableDeclarator') this.variableDeclarators.push(node);
        },
      },
      true,
    );
    this.references = referenceIndexOf(scopeManager);
    const moduleScope = scopeManager.scopes.find((scope) => scope.type === 'module') ?? scopeManager.globalScope;
    for (const variable of moduleScope?.variables ?? []) this.moduleScopeNames.add(variable.name);
    this.collectExportsAndImports();
  }

  variableOf(identifier: Node): Variable | undefined {
    return this.references.resolvedVariableOf(identifier);
  }

  /** The variable an `Identifier` in a declaring position (declarator id, param, import) declares. */
  declaredVariable(identifier: TSESTree.Identifier): Variable | undefined {
    let node: Node | undefined = identifier;
    while (node) {
      const variables = this.scopeManager.getDeclaredVariables(node);
      const found = variables.find((variable) => variable.identifiers.includes(identifier));
      if (found) return found;
      if (node.type === 'VariableDeclarator' || node.type === 'ImportDeclaration' || isFunctionNode(node)) break;
      node = parentOf(node);
    }
    return undefined;
  }

  isModuleScopeVariable(variable: Variable): boolean {
    return variable.scope.type === 'module' || variable.scope.type === 'global';
  }

  /** The innermost function (or class, for instance fields) whose execution runs `node`. */
  executionContextOf(node: Node): Node | undefined {
    let child: Node = node;
    let current = parentOf(node);
    while (current) {
      if (isFunctionNode(current)) return current;
      if (current.type === 'PropertyDefinition' && child === current.value && !current.static) {
        return parentOf(parentOf(current) ?? current);
      }
      child = current;
      current = parentOf(current);
    }
    return undefined;
  }

  /** The module-level statement containing `node`. */
  topLevelStatementOf(node: Node): Node {
    let current: Node = node;
    for (;;) {
      const parent = parentOf(current);
      if (!parent || parent.type === 'Program') return current;
      current = parent;
    }
  }

  /** Places where a function (or class, for its constructor) is called. */
  callSitesOf(context: Node): Node[] {
    const cached = this.callSitesCache.get(context);
    if (cached) return cached;
    const sites: Node[] = [];
    this.callSitesCache.set(context, sites);
    const outer = this.climbWrappers(context);
    const parent = parentOf(outer);
    // An IIFE: `(() => new PrismaClient())()`.
    if (parent?.type === 'CallExpression' && parent.callee === outer) sites.push(parent);
    for (const variable of this.bindingsOf(context)) {
      for (const reference of variable.references) {
        if (reference.init) continue;
        const site = this.climbWrappers(reference.identifier);
        const siteParent = parentOf(site);
        if ((siteParent?.type === 'CallExpression' || siteParent?.type === 'NewExpression') && siteParent.callee === site) {
          sites.push(siteParent);
        }
      }
    }
    return sites;
  }

  /** The variables a function or class is bound to (`function f`, `const f = () => ...`, `class C`). */
  bindingsOf(context: Node): Variable[] {
    const target: Node =
      context.type === 'FunctionExpression' && this.isConstructorMethod(context) ? (this.classOfMethod(context) ?? context) : context;
    if ((target.type === 'FunctionDeclaration' || target.type === 'ClassDeclaration') && target.id) {
      const variable = this.declaredVariable(target.id);
      return variable ? [variable] : [];
    }
    const outer = this.climbWrappers(target);
    const parent = parentOf(outer);
    if (parent?.type === 'VariableDeclarator' && parent.init === outer && parent.id.type === 'Identifier') {
      const variable = this.declaredVariable(parent.id);
      return variable ? [variable] : [];
    }
    if (parent?.type === 'AssignmentExpression' && parent.right === outer && parent.left.type === 'Identifier') {
      const variable = this.variableOf(parent.left);
      return variable ? [variable] : [];
    }
    return [];
  }

  isConstructorMethod(fn: Node): boolean {
    const parent = parentOf(fn);
    return parent?.type === 'MethodDefinition' && parent.kind === 'constructor';
  }

  classOfMethod(fn: Node): Node | undefined {
    const method = parentOf(fn);
    const body = method && parentOf(method);
    return body && parentOf(body);
  }

  /** Climbs from a node through casts and optional-chain wrappers. */
  climbWrappers(node: Node): Node {
    let current = node;
    for (;;) {
      const parent = parentOf(current);
      if (parent && isTypeWrapper(parent)) current = parent;
      else return current;
    }
  }

  /** A function called right where it is written, at module level: `(() => ...)()`. */
  isModuleLevelIife(context: Node): boolean {
    if (!isFunctionNode(context)) return false;
    const outer = this.climbWrappers(context);
    const parent = parentOf(outer);
    return parent?.type === 'CallExpression' && parent.callee === outer && this.executionContextOf(parent) === undefined;
  }

  private noteExport(variable: Variable | undefined, exportedName: string): void {
    if (!variable) return;
    const names = this.exportNamesByVariable.get(variable) ?? [];
    names.push(exportedName);
    this.exportNamesByVariable.set(variable, names);
  }

  private collectExportsAndImports(): void {
    for (const statement of this.program.body) {
      if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
        for (const specifier of statement.specifiers) {
          if (specifier.type !== 'ExportSpecifier' || specifier.local.type !== 'Identifier') continue;
          const exported = moduleExportName(specifier.exported);
          this.noteExport(this.variableOf(specifier.local), exported);
        }
      } else if (statement.type === 'ImportDeclaration') {
        for (const specifier of statement.specifiers) {
          if (specifier.type !== 'ImportSpecifier') continue;
          const imported = moduleExportName(specifier.imported);
          this.namedImports.push({ importedName: imported, localName: specifier.local.name, source: statement.source.value });
        }
      } else if (statement.type === 'VariableDeclaration') {
        for (const declarator of statement.declarations) {
          const source = requiredModuleSource(declarator.init);
          if (source === undefined || declarator.id.type !== 'ObjectPattern') continue;
          for (const property of declarator.id.properties) {
            if (property.type !== 'Property') continue;
            const imported = propertyKeyName(property);
            const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
            if (imported !== undefined && value.type === 'Identifier')
              this.namedImports.push({ importedName: imported, localName: value.name, source });
          }
        }
      } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
        const { left, right } = statement.expression;
        // exports.handler = handler / module.exports.handler = handler / module.exports = { handler }
        const name = left.type === 'MemberExpression' && isCommonJsExportsObject(left.object) ? memberNameOf(left) : undefined;
        if (name !== undefined && right.type === 'Identifier') this.noteExport(this.variableOf(right), name);
        if (isModuleExports(left) && right.type === 'ObjectExpression') {
          for (const property of right.properties) {
            if (property.type !== 'Property') continue;
            const key = propertyKeyName(property);
            if (key !== undefined && property.value.type === 'Identifier') this.noteExport(this.variableOf(property.value), key);
          }
        }
      }
    }
  }
}

const indexByProgram = new WeakMap<TSESTree.Program, ModuleIndex>();

/** The file's {@link ModuleIndex}, built once per AST. */
export function moduleIndexOf(file: ParsedFile): ModuleIndex {
  let index = indexByProgram.get(file.program);
  if (!index) {
    index = new ModuleIndex(file.program, file.scopeManager);
    indexByProgram.set(file.program, index);
  }
  return index;
}
