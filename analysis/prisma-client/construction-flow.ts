import type { TSESTree } from '@typescript-eslint/types';
import { simpleTraverse } from '../ast/simple-traverse.js';
import { dottedName, memberNameOf, stringLiteralValue } from '../ast/names.js';
import { isFunctionNode, type FunctionNode } from '../ast/node-kinds.js';
import { rangeOf, type Range } from '../ast/range.js';
import type { Variable } from '../ast/scope.js';
import { parentOf } from '../ast/tree.js';
import { isTypeWrapper, unwrapAwaitAndTypes } from '../ast/unwrap.js';
import { clientTypeKeepingOf } from './client-type.js';
import { ExtensionReader } from './extensions.js';
import { LogOptionReader } from './log-option.js';
import type { ModuleIndex } from './module-index.js';
import { HandlerPlacement } from './placement.js';
import type { ClientHolder, ExtensionUse, PrismaClientConstruction } from './types.js';

/**
 * Follows one construction to everything that uses the client: the `$extends` calls it goes
 * through (directly, through variables, returns and local helpers), the variable that holds
 * it, whether it is memoised, `$on`/`$use` on the base client, and the factory that returns
 * it; then asks where it runs (placement.ts) and what its `log` option says (log-option.ts).
 */

type Node = TSESTree.Node;

/** Methods of the base client that extended clients do not have. */
const BASE_ONLY_METHODS = new Set(['$on', '$use']);

const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

/** What a reachability probe calls: no query, so nothing for a query extension to retry. */
const CONNECTION_METHODS = new Set(['$connect', '$disconnect']);

/** Collection methods that keep a value beyond the call (`cache.set(key, client)`). */
const STORING_METHODS = new Set(['set', 'add', 'push', 'unshift', 'put']);

/** What the flow of one construction found. */
interface FlowState {
  extensions: ExtensionUse[];
  memoised: boolean;
  holder: ClientHolder | undefined;
  eventApiUses: { method: string; range: Range; firstArgument: string | undefined }[];
  visited: Set<unknown>;
  /** The execution context of the construction (for "stored outside the function"). */
  context: Node | undefined;
  /** Members read or called on the client (`$connect`, `user`, `$transaction`). */
  usedMembers: Set<string>;
  /** The client reaches code this flow does not follow: exported, passed on, stored in an object. */
  escapes: boolean;
}

/** What one path from the construction has been through so far. */
interface PathState {
  /** Through an `$extends(...)`: `$on`/`$use` beyond it are not on the base client. */
  extended: boolean;
  /** Through a variable or an assignment. */
  stored: boolean;
  /** Passed into a local helper at `site`: its return goes back there. */
  callFrame?: { fn: Node; site: Node };
}

export class ConstructionAnalyzer {
  private readonly placement: HandlerPlacement;
  private readonly extensions: ExtensionReader;
  private readonly logOptions: LogOptionReader;

  constructor(private readonly index: ModuleIndex) {
    this.placement = new HandlerPlacement(index);
    this.extensions = new ExtensionReader(index);
    this.logOptions = new LogOptionReader(index);
  }

  /** The construction `node`, followed; `sourceText` tells `new PrismaClient` from `new PrismaClient()`. */
  analyze(node: TSESTree.NewExpression, sourceText: string): PrismaClientConstruction {
    const index = this.index;
    const context = index.executionContextOf(node);
    const state: FlowState = {
      extensions: [],
      memoised: false,
      holder: undefined,
      eventApiUses: [],
      visited: new Set(),
      context,
      usedMembers: new Set(),
      escapes: false,
    };
    const chainEnd = this.follow(node, state, true, { extended: false, stored: false });
    const insideFunction = context !== undefined && !index.isModuleLevelIife(context);
    const calleeText = dottedName(node.callee) ?? sourceText.slice(node.callee.range[0], node.callee.range[1]);
    return {
      range: rangeOf(node),
      calleeText,
      hasArgumentList: node.arguments.length > 0 || /\)\s*$/.test(sourceText.slice(node.callee.range[1], node.range[1])),
      optionsRange: node.arguments[0] ? rangeOf(node.arguments[0]) : undefined,
      chainEnd,
      extensions: state.extensions,
      holder: state.holder,
      placement: this.placement.placementOf(context, state.memoised),
      logQueryEntries: this.logOptions.logQueryEntries(node),
      eventApiUses: state.eventApiUses,
      statementRange: rangeOf(index.topLevelStatementOf(node)),
      insideFunction,
      onlyConnects:
        !state.escapes && state.usedMembers.size > 0 && [...state.usedMembers].every((member) => CONNECTION_METHODS.has(member)),
      typeKeeping: clientTypeKeepingOf(index, node, calleeText, chainEnd, sourceText),
    };
  }

  /**
   * Follows the client from `start` to everything that uses it. Returns the end of the
   * `$extends` chain directly on `start` (only meaningful for the construction itself).
   */
  private follow(start: Node, state: FlowState, direct: boolean, path: PathState): number {
    const index = this.index;
    let { extended, stored } = path;
    let node: Node = start;
    let chainEnd = start.range[1];
    let stillDirect = direct;
    for (;;) {
      const parent = parentOf(node);
      if (!parent) return chainEnd;
      // client.$extends(arg)
      if (parent.type === 'MemberExpression' && parent.object === node) {
        const name = memberNameOf(parent);
        const call = parentOf(parent);
        if (name === '$extends' && call?.type === 'CallExpression' && call.callee === parent) {
          state.extensions.push(this.extensions.describeExtension(call));
          extended = true;
          node = call;
          if (stillDirect) chainEnd = call.range[1];
          continue;
        }
        if (name !== undefined && BASE_ONLY_METHODS.has(name) && call?.type === 'CallExpression' && call.callee === parent && !extended) {
          state.eventApiUses.push({ method: name, range: rangeOf(call), firstArgument: stringLiteralValue(call.arguments[0]) });
        }
        if (name === undefined) state.escapes = true;
        else state.usedMembers.add(name);
        return chainEnd;
      }
      if (isTypeWrapper(parent) || parent.type === 'AwaitExpression') {
        node = parent;
        continue;
      }
      stillDirect = false;
      if (parent.type === 'LogicalExpression' && parent.right === node && (parent.operator === '??' || parent.operator === '||')) {
        // `globalForPrisma.prisma ?? new PrismaClient()`: the singleton's fallback.
        node = parent;
        continue;
      }
      if (parent.type === 'ConditionalExpression' && parent.test !== node) {
        node = parent;
        continue;
      }
      if (parent.type === 'AssignmentExpression' && parent.right === node) {
        this.followAssignmentTarget(parent.left, state, { ...path, extended, stored: true });
        stored = true;
        node = parent;
        continue;
      }
      if (parent.type === 'VariableDeclarator' && parent.init === node) {
        if (parent.id.type === 'Identifier') {
          const variable = index.declaredVariable(parent.id);
          const declaration = parentOf(parent);
          const kind =
            declaration?.type === 'VariableDeclaration' && (declaration.kind === 'let' || declaration.kind === 'var')
              ? declaration.kind
              : 'const';
          this.noteHolder(state, parent.id.name, kind, variable);
          if (variable && this.isExported(variable)) state.escapes = true;
          if (variable) {
            if (this.storesOutsideContext(variable, state)) state.memoised = true;
            this.followVariable(variable, state, { ...path, extended, stored: true });
          }
        } else state.escapes = true; // destructured: members taken apart
        return chainEnd;
      }
      if (parent.type === 'ReturnStatement' || (parent.type === 'ArrowFunctionExpression' && parent.body === node)) {
        const fn = parent.type === 'ReturnStatement' ? index.executionContextOf(parent) : parent;
        if (fn) this.followReturn(fn, state, { ...path, extended, stored });
        return chainEnd;
      }
      if (parent.type === 'SequenceExpression' && parent.expressions[parent.expressions.length - 1] === node) {
        node = parent;
        continue;
      }
      if (parent.type === 'CallExpression' && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
        // `clients.set(tenant, client)` / `pool.push(client)` on a module-level cache.
        const callee = unwrapAwaitAndTypes(parent.callee);
        if (callee.type === 'MemberExpression' && STORING_METHODS.has(memberNameOf(callee) ?? ''))
          this.noteMemberStore(callee.object, state);
        // A helper of this file: `extendPrismaClient(new PrismaClient())` extends and returns it.
        const helper = callee.type === 'Identifier' ? this.localFunctionOf(callee) : undefined;
        const parameter = helper?.params[parent.arguments.indexOf(node as TSESTree.CallExpressionArgument)];
        const variable = helper && parameter?.type === 'Identifier' ? index.declaredVariable(parameter) : undefined;
        if (variable) this.followVariable(variable, state, { extended, stored, callFrame: { fn: helper!, site: parent } });
        else state.escapes = true;
        return chainEnd;
      }
      // A class field (`prisma = new PrismaClient()`, as long-lived as the instance), an
      // object property, an export: used where this flow does not follow.
      state.escapes = true;
      return chainEnd;
    }
  }

  private noteHolder(state: FlowState, name: string, kind: ClientHolder['kind'], variable: Variable | undefined): void {
    if (state.holder) return;
    state.holder = {
      name,
      kind,
      moduleScope: variable ? this.index.isModuleScopeVariable(variable) : false,
    };
  }

  /** A store into a variable or member that outlives the current call (memoisation). */
  private followAssignmentTarget(target: Node, state: FlowState, path: PathState): void {
    const index = this.index;
    if (target.type === 'Identifier') {
      const variable = index.variableOf(target);
      if (!variable) return;
      const declaration = variable.defs[0]?.parent;
      const kind =
        declaration?.type === 'VariableDeclaration' && (declaration.kind === 'let' || declaration.kind === 'var')
          ? declaration.kind
          : 'assignment';
      this.noteHolder(state, variable.name, kind, variable);
      if (this.storesOutsideContext(variable, state)) state.memoised = true;
      this.followVariable(variable, state, path);
      return;
    }
    if (target.type === 'MemberExpression') {
      this.noteMemberStore(target, state);
      state.escapes = true;
    }
  }

  /**
   * A store into `object` (or a member of it) memoises when the object outlives the call:
   * `globalThis`/`global`, or a module-level or closure variable (`globalForPrisma`, a cache
   * `Map`). `this.prisma = ...` lives as long as the instance: placement follows the class.
   */
  private noteMemberStore(object: Node, state: FlowState): void {
    let root: Node = unwrapAwaitAndTypes(object);
    while (root.type === 'MemberExpression') root = unwrapAwaitAndTypes(root.object);
    if (root.type !== 'Identifier') return;
    const variable = this.index.variableOf(root);
    if (GLOBAL_OBJECTS.has(root.name) && (!variable || variable.defs.length === 0)) state.memoised = true;
    else if (variable && this.storesOutsideContext(variable, state)) state.memoised = true;
  }

  /** Whether `variable` lives outside the construction's execution context (module or closure). */
  private storesOutsideContext(variable: Variable, state: FlowState): boolean {
    if (state.context === undefined) return true;
    if (this.index.isModuleScopeVariable(variable)) return true;
    const declaredAt = variable.identifiers[0];
    if (!declaredAt) return false;
    // A local or parameter of the construction's own function is not a cache; a variable of
    // a function enclosing it is (a closure cache).
    const declaringContext = this.index.executionContextOf(declaredAt);
    if (declaringContext === state.context) return false;
    for (let context = this.index.executionContextOf(state.context); context; context = this.index.executionContextOf(context)) {
      if (context === declaringContext) return true;
    }
    return false;
  }

  private followVariable(variable: Variable, state: FlowState, path: PathState): void {
    if (state.visited.has(variable)) return;
    state.visited.add(variable);
    for (const reference of variable.references) {
      if (reference.init || !reference.isRead()) continue;
      if ((reference as { isTypeReference?: boolean }).isTypeReference) continue;
      this.follow(reference.identifier, state, false, path);
    }
  }

  private followReturn(fn: Node, state: FlowState, path: PathState): void {
    // Returned from a helper the client was passed to: back to that one call.
    if (path.callFrame?.fn === fn) {
      this.follow(path.callFrame.site, state, false, { extended: path.extended, stored: path.stored });
      return;
    }
    if (state.visited.has(fn)) return;
    state.visited.add(fn);
    const sites = this.index.callSitesOf(fn);
    // Returned from an exported function, or one this file never calls: its callers are elsewhere.
    const exported = this.index.bindingsOf(fn).some((binding) => this.isExported(binding));
    if (sites.length === 0 || exported) state.escapes = true;
    for (const site of sites) this.follow(site, state, false, path);
  }

  /** Exported by name (`export { x }`, `exports.x = x`) or by its declaration (`export const x`, `export function x`). */
  private isExported(variable: Variable): boolean {
    if (this.index.exportNamesByVariable.has(variable)) return true;
    const definition = variable.defs[0];
    const declaration = definition?.type === 'Variable' ? definition.parent : definition?.node;
    const parent = declaration ? parentOf(declaration as Node) : undefined;
    return parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration';
  }

  /** The function a callee names, when this file declares it (`function f`, `const f = () => ...`). */
  private localFunctionOf(callee: TSESTree.Identifier): FunctionNode | undefined {
    const definition = this.index.variableOf(callee)?.defs[0];
    if (definition?.type === 'FunctionName' && isFunctionNode(definition.node)) return definition.node;
    if (definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator' && definition.node.init) {
      const init = unwrapAwaitAndTypes(definition.node.init);
      if (isFunctionNode(init)) return init;
    }
    return undefined;
  }
}
