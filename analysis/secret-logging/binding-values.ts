import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { Definition, ScopeManager, Variable } from '../ast/scope.js';
import { parentOf } from '../ast/tree.js';
import {
  BUFFER_MODULES,
  ELEMENT_CALLBACK_METHODS,
  isTypedEnvModule,
  PROCESS_MODULES,
  TYPED_ENV_EXPORT,
  URL_MODULES,
  UTIL_MODULES,
} from './known-names.js';
import type { StaticText } from './static-text.js';
import { union, type Evaluation, type Value } from './value.js';

/**
 * What a variable holds: the union of what each of its bindings receives (declarations,
 * assignments, destructuring, loop heads, parameters of local functions and array
 * callbacks), and what an import of a builtin module gives.
 */

const MAX_CALL_SITES = 50;

export class BindingValues {
  private readonly variableCache = new Map<Variable, Value | undefined>();
  private readonly inProgress = new Set<Variable>();

  constructor(
    private readonly evaluation: Evaluation,
    private readonly statics: StaticText,
    private readonly scopeManager: ScopeManager,
  ) {}

  variableValue(variable: Variable): Value | undefined {
    if (this.variableCache.has(variable)) return this.variableCache.get(variable);
    if (this.inProgress.has(variable)) return undefined;
    this.inProgress.add(variable);
    let value: Value | undefined;
    try {
      const bindings = new Set<TSESTree.Node>();
      for (const definition of variable.defs) {
        if (definition.type === 'ImportBinding') value = union(value, this.importValue(definition));
        else bindings.add(definition.name);
      }
      for (const reference of variable.references) {
        if (reference.isWrite()) bindings.add(reference.identifier);
      }
      for (const binding of bindings) value = union(value, this.bindingValue(binding));
    } finally {
      this.inProgress.delete(variable);
    }
    this.variableCache.set(variable, value);
    return value;
  }

  private importValue(definition: Definition): Value | undefined {
    const specifier = definition.node;
    if (specifier.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const reference = specifier.moduleReference;
      if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return undefined;
      const source = this.statics.staticString(reference.expression);
      return source === undefined ? undefined : this.moduleValue(source, '*');
    }
    const declaration = definition.parent;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
    const source = declaration.source.value;
    switch (specifier.type) {
      case AST_NODE_TYPES.ImportDefaultSpecifier:
      case AST_NODE_TYPES.ImportNamespaceSpecifier:
        return this.moduleValue(source, '*');
      case AST_NODE_TYPES.ImportSpecifier: {
        const imported = specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : String(specifier.imported.value);
        return this.moduleValue(source, imported);
      }
      default:
        return undefined;
    }
  }

  /** What `import x from source` (`'*'`) or `import { name } from source` gives. */
  moduleValue(source: string, name: string): Value | undefined {
    if (isTypedEnvModule(source)) {
      const typedEnv: Value = { kind: 'typedEnv', origin: `'${source}'` };
      // `import { env } from '~/env'`, `import { DATABASE_URL } from '$env/static/private'`.
      if (name === '*' || name === 'default' || TYPED_ENV_EXPORT.test(name)) return typedEnv;
      return this.evaluation.member(typedEnv, name, undefined);
    }
    let module: Value | undefined;
    if (PROCESS_MODULES.has(source)) module = { kind: 'process' };
    else if (UTIL_MODULES.has(source)) module = { kind: 'builtin', name: 'util' };
    else if (URL_MODULES.has(source)) module = { kind: 'builtin', name: 'url' };
    else if (BUFFER_MODULES.has(source)) module = { kind: 'builtin', name: 'buffer' };
    if (!module || name === '*' || name === 'default') return module;
    return this.evaluation.member(module, name, undefined);
  }

  /** The value a binding identifier (in a declaration, assignment, parameter or loop head) receives. */
  private bindingValue(target: TSESTree.Node): Value | undefined {
    // Climb from the identifier to the root of its pattern.
    let root: TSESTree.Node = target;
    let parent = parentOf(root);
    while (
      parent &&
      (parent.type === AST_NODE_TYPES.ObjectPattern ||
        parent.type === AST_NODE_TYPES.ArrayPattern ||
        parent.type === AST_NODE_TYPES.RestElement ||
        (parent.type === AST_NODE_TYPES.AssignmentPattern && parent.left === root) ||
        (parent.type === AST_NODE_TYPES.Property && parent.value === root && parentOf(parent)?.type === AST_NODE_TYPES.ObjectPattern) ||
        parent.type === AST_NODE_TYPES.TSParameterProperty)
    ) {
      root = parent;
      parent = parentOf(root);
    }
    if (!parent) return undefined;
    let incoming: Value | undefined;
    switch (parent.type) {
      case AST_NODE_TYPES.VariableDeclarator: {
        if (parent.id !== root) return undefined;
        if (parent.init) {
          incoming = this.evaluation.valueOf(parent.init);
        } else {
          const declaration = parentOf(parent);
          const loop = declaration ? parentOf(declaration) : undefined;
          if (
            loop &&
            (loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement) &&
            loop.left === declaration
          ) {
            incoming = this.loopValue(loop);
          }
        }
        break;
      }
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.left !== root) return undefined;
        incoming = this.evaluation.valueOf(parent.right);
        break;
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.ForInStatement:
        if (parent.left !== root) return undefined;
        incoming = this.loopValue(parent);
        break;
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression: {
        const index = parent.params.indexOf(root as TSESTree.Parameter);
        if (index < 0) return undefined;
        incoming = this.parameterValue(parent, index, root.type === AST_NODE_TYPES.RestElement);
        break;
      }
      default:
        return undefined;
    }
    return this.destructure(root, incoming, target).value;
  }

  private loopValue(loop: TSESTree.ForOfStatement | TSESTree.ForInStatement): Value | undefined {
    const iterated = this.evaluation.valueOf(loop.right);
    if (loop.type === AST_NODE_TYPES.ForInStatement) return iterated?.kind === 'env' ? { kind: 'envKey' } : undefined;
    return this.evaluation.elementOf(iterated);
  }

  /** Walks a pattern down to `target`, narrowing `value` along the way. */
  private destructure(
    pattern: TSESTree.Node,
    value: Value | undefined,
    target: TSESTree.Node,
  ): { found: boolean; value: Value | undefined } {
    switch (pattern.type) {
      case AST_NODE_TYPES.Identifier:
        return { found: pattern === target, value };
      case AST_NODE_TYPES.ObjectPattern:
        for (const property of pattern.properties) {
          if (property.type === AST_NODE_TYPES.RestElement) {
            const result = this.destructure(property.argument, value, target);
            if (result.found) return result;
            continue;
          }
          const key = this.statics.propertyKey(property);
          const propertyValue =
            value === undefined ? undefined : this.evaluation.member(value, key, property.computed ? property.key : undefined);
          const result = this.destructure(property.value, propertyValue, target);
          if (result.found) return result;
        }
        return { found: false, value: undefined };
      case AST_NODE_TYPES.ArrayPattern:
        for (const [index, element] of pattern.elements.entries()) {
          if (element === null) continue;
          const elementValue =
            element.type === AST_NODE_TYPES.RestElement
              ? value
              : value === undefined
                ? undefined
                : value.kind === 'secret'
                  ? // A secret's element is its piece (or character) at that index, which may hold nothing.
                    this.evaluation.member(value, String(index), undefined)
                  : (this.evaluation.member(value, String(index), undefined) ?? this.evaluation.elementOf(value));
          const result = this.destructure(element, elementValue, target);
          if (result.found) return result;
        }
        return { found: false, value: undefined };
      case AST_NODE_TYPES.RestElement:
        return this.destructure(pattern.argument, value, target);
      case AST_NODE_TYPES.AssignmentPattern:
        return this.destructure(pattern.left, union(value, this.evaluation.valueOf(pattern.right)), target);
      case AST_NODE_TYPES.TSParameterProperty:
        return this.destructure(pattern.parameter, value, target);
      default:
        return { found: false, value: undefined };
    }
  }

  /** A parameter's value: the element for array callbacks, else what the file's call sites pass. */
  private parameterValue(fn: TSESTree.FunctionLike, index: number, isRest: boolean): Value | undefined {
    const parent = parentOf(fn);
    if (
      parent?.type === AST_NODE_TYPES.CallExpression &&
      parent.arguments[0] === fn &&
      parent.callee.type === AST_NODE_TYPES.MemberExpression
    ) {
      const method = this.statics.propertyName(parent.callee);
      if (method !== undefined && ELEMENT_CALLBACK_METHODS.has(method)) {
        return index === 0 ? this.evaluation.elementOf(this.evaluation.valueOf(parent.callee.object)) : undefined;
      }
      if (method === 'reduce' || method === 'reduceRight') {
        return index === 1 ? this.evaluation.elementOf(this.evaluation.valueOf(parent.callee.object)) : undefined;
      }
    }
    let declared: TSESTree.Node | undefined;
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) declared = fn;
    else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier)
      declared = parent;
    if (!declared) return undefined;
    const name =
      declared.type === AST_NODE_TYPES.FunctionDeclaration
        ? declared.id?.name
        : declared.type === AST_NODE_TYPES.VariableDeclarator && declared.id.type === AST_NODE_TYPES.Identifier
          ? declared.id.name
          : undefined;
    const variable = this.scopeManager.getDeclaredVariables(declared).find((candidate) => candidate.name === name);
    if (!variable) return undefined;
    let value: Value | undefined;
    let sites = 0;
    for (const reference of variable.references) {
      const call = parentOf(reference.identifier);
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== reference.identifier) continue;
      if (++sites > MAX_CALL_SITES) break;
      const spreadAt = call.arguments.findIndex((argument) => argument.type === AST_NODE_TYPES.SpreadElement);
      if (spreadAt >= 0 && spreadAt <= index) continue;
      const passed = isRest ? call.arguments.slice(index) : call.arguments.slice(index, index + 1);
      for (const argument of passed) value = union(value, this.evaluation.valueOf(argument));
    }
    return value;
  }
}
