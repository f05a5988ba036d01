// Not from '@typescript-eslint/utils' itself: its index loads all of ESLint (~200 ms), which
// the CLI, sharing these modules with the rules, would pay on every run.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { TSESLint } from '@typescript-eslint/utils';
import { findVariable } from '@typescript-eslint/utils/ast-utils';
import { parentOf } from './tree.js';

/**
 * The one scope-manager type every analysis reads: typescript-eslint's, as ESLint hands it to
 * a rule for TypeScript (`context.sourceCode.scopeManager`) and `parseModule` builds it for a
 * codemod. For JavaScript ESLint hands over eslint-scope's manager instead: the analyses only
 * use what both have (scopes with their variables and references, `acquire`,
 * `getDeclaredVariables`, definitions by `type`).
 */
export type ScopeManager = TSESLint.Scope.ScopeManager;
export type Scope = TSESLint.Scope.Scope;
export type Variable = TSESLint.Scope.Variable;
export type Reference = TSESLint.Scope.Reference;
export type Definition = TSESLint.Scope.Definition;

type Node = TSESTree.Node;

/** The innermost scope around `node`, exactly as ESLint's `sourceCode.getScope(node)` finds it. */
export function scopeOf(scopeManager: ScopeManager, node: Node): Scope {
  const inner = node.type !== 'Program';
  for (let current: Node | undefined = node; current; current = parentOf(current)) {
    const scope = scopeManager.acquire(current, inner);
    if (scope) return scope.type === 'function-expression-name' ? (scope.childScopes[0] ?? scope) : scope;
  }
  return scopeManager.scopes[0]!;
}

/** The variable `identifier`'s name means where it stands (a reference or a declaration alike). */
export function lookUpVariable(scopeManager: ScopeManager, identifier: TSESTree.Identifier): Variable | undefined {
  return findVariable(scopeOf(scopeManager, identifier), identifier) ?? undefined;
}

function isReassigned(variable: Variable): boolean {
  return variable.references.some((reference) => reference.isWrite() && !reference.init);
}

/** The declarator of a variable that holds one value for its whole life (`const`, or a never-reassigned `let`/`var`). */
export function singleValueDeclarator(variable: Variable): TSESTree.VariableDeclarator | undefined {
  if (variable.defs.length !== 1) return undefined;
  const definition = variable.defs[0]!;
  if (definition.type !== 'Variable') return undefined;
  const declarator = definition.node as TSESTree.VariableDeclarator;
  if (declarator.id.type !== 'Identifier' || declarator.init === null || isReassigned(variable)) return undefined;
  return declarator;
}

/**
 * The scope reference each identifier is: looked up in the innermost scope around it, then
 * outwards; each scope's references are indexed on first use, so a file pays only for the
 * scopes an analysis asks about. Needs parent pointers.
 */
export class ReferenceIndex {
  private readonly referencesByScope = new Map<Scope, Map<Node, Reference>>();

  constructor(private readonly scopeManager: ScopeManager) {}

  referenceOf(identifier: Node): Reference | undefined {
    let scope: Scope | null = null;
    for (let node: Node | undefined = identifier; node && !scope; node = parentOf(node)) {
      // `inner`: a module's Program holds the global and the module scope; start from the module.
      scope = this.scopeManager.acquire(node, true);
    }
    if (scope?.type === 'function-expression-name') scope = scope.childScopes[0] ?? scope;
    for (; scope; scope = scope.upper) {
      let references = this.referencesByScope.get(scope);
      if (!references) {
        references = new Map(scope.references.map((reference) => [reference.identifier as Node, reference]));
        this.referencesByScope.set(scope, references);
      }
      const reference = references.get(identifier);
      if (reference) return reference;
    }
    return undefined;
  }

  /** The variable a reference resolves to (undefined for a global the file does not declare, or a declaring identifier). */
  resolvedVariableOf(identifier: Node): Variable | undefined {
    return this.referenceOf(identifier)?.resolved ?? undefined;
  }
}

const indexByScopeManager = new WeakMap<ScopeManager, ReferenceIndex>();

/** The {@link ReferenceIndex} of a scope manager, shared by every analysis of the file. */
export function referenceIndexOf(scopeManager: ScopeManager): ReferenceIndex {
  let index = indexByScopeManager.get(scopeManager);
  if (!index) {
    index = new ReferenceIndex(scopeManager);
    indexByScopeManager.set(scopeManager, index);
  }
  return index;
}

/** Names declared in the module (or script) scope and the global scope: a new top-level binding must not take one. */
export function topLevelNames(scopeManager: ScopeManager): Set<string> {
  return new Set(
    scopeManager.scopes.filter((scope) => scope.type === 'module' || scope.type === 'global').flatMap((scope) => [...scope.set.keys()]),
  );
}

/** The expression an identifier always holds, when the file shows it (`const url = ...`). */
export function resolveIdentifierValue(scopeManager: ScopeManager, identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = lookUpVariable(scopeManager, identifier);
  return variable ? (singleValueDeclarator(variable)?.init ?? undefined) : undefined;
}
