import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName } from '../ast/names.js';
import { isFunctionNode, isLoopStatement, type FunctionNode } from '../ast/node-kinds.js';
import { rangeOf } from '../ast/range.js';
import type { ScopeManager, Variable } from '../ast/scope.js';
import { parentOf, valueChildrenOf } from '../ast/tree.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { RUN_MIGRATION_NAME } from '../runtime-api.js';
import type { RetryEvidence } from './spawn-types.js';
import type { ValueOrigins } from './value-origins.js';

/**
 * Whether a retry surrounds a spawn: a retry function taking a function that spawns
 * (`withRetry`, `pRetry`, `backOff`, `runMigration`), a loop that waits between attempts,
 * a function that waits and calls itself again, looking through local helpers to their
 * callers. Needs parent pointers.
 */

type Node = TSESTree.Node;
type Fn = FunctionNode;

const RETRY_MODULES = new Set([
  'p-retry',
  'async-retry',
  'promise-retry',
  'exponential-backoff',
  'retry',
  'ts-retry',
  'ts-retry-promise',
  '@lifeomic/attempt',
  'retry-as-promised',
]);
const RETRY_NAME = /retry|backoff/i;
const WAIT_NAME = /sleep|delay|wait|settimeout|backoff|pause/i;
/** Helpers deeper than this are not followed: the canonical shape needs one, a second is cheap. */
const MAX_HELPER_DEPTH = 2;

export class RetryDetection {
  constructor(
    private readonly origins: ValueOrigins,
    private readonly scopeManager: ScopeManager,
    private readonly extraRetryNames: ReadonlySet<string>,
  ) {}

  private isRetryCall(call: Node): boolean {
    if (call.type !== 'CallExpression') return false;
    const name = calleeName(call.callee);
    if (name !== undefined && (RETRY_NAME.test(name) || name === RUN_MIGRATION_NAME || this.extraRetryNames.has(name))) return true;
    const origin = this.origins.originOf(call.callee);
    if (origin !== undefined && RETRY_MODULES.has(origin.module)) return true;
    // node-retry: `const operation = retry.operation(); operation.attempt(fn)`
    const callee = skipTypeWrappers(call.callee);
    if (name === 'attempt' && callee?.type === 'MemberExpression' && skipTypeWrappers(callee.object)?.type === 'Identifier') {
      const definition = this.origins.definitionOf(skipTypeWrappers(callee.object)!);
      if (definition !== undefined && 'init' in definition) {
        const init = skipTypeWrappers(definition.init);
        return (
          init?.type === 'CallExpression' &&
          init.callee.type === 'MemberExpression' &&
          RETRY_NAME.test(calleeName(init.callee.object) ?? '')
        );
      }
    }
    return false;
  }

  /** A call that waits: `sleep(ms)`, `setTimeout(r, ms)`, `delay()`, `Atomics.wait(...)`, `backoff(n)`. */
  private containsWait(node: Node): boolean {
    return this.someDescendant(node, (child) => child.type === 'CallExpression' && WAIT_NAME.test(calleeName(child.callee) ?? ''));
  }

  private someDescendant(root: Node, predicate: (node: Node) => boolean): boolean {
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (predicate(node)) return true;
      stack.push(...valueChildrenOf(node));
    }
    return false;
  }

  /** A `break`/`return` that leaves `loop` on success (not one inside a nested function or loop). */
  private hasSuccessExit(loop: Node): boolean {
    const body = (loop as { body: Node }).body;
    const stack: Node[] = [body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'ReturnStatement' || (node.type === 'BreakStatement' && node.label === null)) return true;
      if (isFunctionNode(node) || isLoopStatement(node) || node.type === 'SwitchStatement') continue;
      stack.push(...valueChildrenOf(node));
    }
    return false;
  }

  /**
   * A retry loop: a `for`/`while`/`do` loop that waits between attempts. A `for...of` over a
   * list (of schemas, say) that waits is a retry only when it leaves on success
   * (`break`/`return`), as a loop over delays (`for (const ms of [0, 3000, 6000])`) does.
   * A loop that does not wait is no retry: instant attempts end before Aurora resumes.
   */
  private isRetryLoop(loop: Node, pathChild: Node): boolean {
    const body = (loop as { body: Node }).body;
    if (body !== pathChild || !this.containsWait(body)) return false;
    if (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') return this.hasSuccessExit(loop);
    return true;
  }

  /** Whether `fn` retries by calling itself after a wait. */
  private isRetryingRecursion(fn: Fn): boolean {
    const variable = this.functionVariable(fn);
    if (variable === undefined) return false;
    const callsItself = variable.references.some(
      (reference) => !reference.init && fn.range[0] <= reference.identifier.range![0] && reference.identifier.range![1] <= fn.range[1],
    );
    return callsItself && this.containsWait(fn.body);
  }

  /** The variable a named function is bound to: `function f() {}`, `const f = () => {}`. */
  private functionVariable(fn: Fn): Variable | undefined {
    if (fn.type === 'FunctionDeclaration' && fn.id) return this.scopeManager.getDeclaredVariables(fn as never)[0];
    const parent = parentOf(fn);
    if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
      return this.scopeManager
        .getDeclaredVariables(parent as never)
        .find((variable) => variable.name === (parent.id as TSESTree.Identifier).name);
    }
    return undefined;
  }

  /** A Promise executor `new Promise((resolve, reject) => ...)`: it runs right away, so it is no boundary. */
  private isPromiseExecutor(fn: Fn): boolean {
    const parent = parentOf(fn);
    return (
      parent?.type === 'NewExpression' &&
      parent.arguments[0] === fn &&
      skipTypeWrappers(parent.callee)?.type === 'Identifier' &&
      (skipTypeWrappers(parent.callee) as TSESTree.Identifier).name === 'Promise'
    );
  }

  private isExported(fn: Fn, variable: Variable): boolean {
    let node: Node | undefined = parentOf(fn);
    if (node?.type === 'VariableDeclarator') node = parentOf(parentOf(node)!);
    if (node?.type === 'ExportNamedDeclaration' || node?.type === 'ExportDefaultDeclaration') return true;
    if (fn.type === 'FunctionDeclaration' && parentOf(fn)?.type === 'ExportNamedDeclaration') return true;
    return variable.references.some((reference) => {
      const parent = parentOf(reference.identifier as Node);
      if (parent?.type === 'ExportSpecifier' || parent?.type === 'ExportDefaultDeclaration') return true;
      if (parent?.type === 'AssignmentExpression' && parent.right === reference.identifier) return true;
      return parent?.type === 'Property' && parent.value === reference.identifier;
    });
  }

  /** The retry around `node`, looking outward and through up to MAX_HELPER_DEPTH local helpers. */
  retryAround(node: Node, depth = 0, visited = new Set<Node>()): RetryEvidence | undefined {
    let child = node;
    let parent = parentOf(node);
    while (parent !== undefined) {
      if (parent.type === 'CallExpression' && parent.callee !== child && isFunctionNode(child) && this.isRetryCall(parent)) {
        return { kind: 'wrapper', range: rangeOf(parent) };
      }
      if (isLoopStatement(parent) && this.isRetryLoop(parent, child)) return { kind: 'loop', range: rangeOf(parent) };
      if (isFunctionNode(parent) && !this.isPromiseExecutor(parent)) {
        if (this.isRetryingRecursion(parent)) return { kind: 'recursion', range: rangeOf(parent) };
        const variable = this.functionVariable(parent);
        // A named local helper: its callers decide (an inline callback is no boundary).
        if (variable !== undefined) {
          if (depth >= MAX_HELPER_DEPTH || visited.has(parent) || this.isExported(parent, variable)) return undefined;
          visited.add(parent);
          return this.retryThroughCallers(variable, depth, visited);
        }
      }
      child = parent;
      parent = parentOf(parent);
    }
    return undefined;
  }

  /** A helper is retried when it is used at least once and every use is retried. */
  private retryThroughCallers(variable: Variable, depth: number, visited: Set<Node>): RetryEvidence | undefined {
    const uses = variable.references.filter((reference) => !reference.init);
    if (uses.length === 0) return undefined;
    let evidence: RetryEvidence | undefined;
    for (const reference of uses) {
      const identifier = reference.identifier as Node;
      const parent = parentOf(identifier);
      let found: RetryEvidence | undefined;
      if (parent?.type === 'CallExpression' && parent.callee === identifier) {
        found = this.retryAround(parent, depth + 1, visited);
      } else if (
        parent?.type === 'CallExpression' &&
        parent.arguments.includes(identifier as TSESTree.Expression) &&
        this.isRetryCall(parent)
      ) {
        // `pRetry(runMigrations, { retries: 5 })`
        found = { kind: 'wrapper', range: rangeOf(parent) };
      }
      if (found === undefined) return undefined;
      evidence ??= found;
    }
    return evidence;
  }
}
