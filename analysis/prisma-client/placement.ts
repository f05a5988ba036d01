import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { dottedName, isCommonJsExportsObject, isModuleExports, memberNameOf, parameterNames, propertyKeyName } from '../ast/names.js';
import { isFunctionNode, type FunctionNode } from '../ast/node-kinds.js';
import { parentOf } from '../ast/tree.js';
import { unwrapAwaitAndTypes } from '../ast/unwrap.js';
import { isHandlerExportName, isHandlerShapedExport } from '../lambda-scope/index.js';
import type { ModuleIndex } from './module-index.js';
import type { Placement } from './types.js';

/**
 * Where a construction runs relative to the Lambda handler: at module level (once per cold
 * start), memoised, per invocation (inside a handler, or a helper or class a handler calls,
 * through wrappers like `middy(fn)`), or in a function not seen to run per request.
 */

type Node = TSESTree.Node;

/** Exports frameworks call once per request, besides Lambda handler names. */
const PER_REQUEST_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'getServerSideProps']);

/** Functions that wrap a handler and return the handler Lambda calls. */
const HANDLER_WRAPPERS = /^(middy|wrapHandler|withSentry|lambdaHandler|withLambda\w*|withMiddlewares?|captureLambdaHandler)$/;

export class HandlerPlacement {
  private readonly perRequestCache = new Map<Node, { handlerName: string; helperName: string | undefined } | null>();

  constructor(private readonly index: ModuleIndex) {}

  /** Where a construction in `context` (its execution context) runs; `memoised`: it is stored somewhere that outlives the call. */
  placementOf(context: Node | undefined, memoised: boolean): Placement {
    if (context === undefined || this.index.isModuleLevelIife(context)) return { kind: 'module' };
    if (memoised) return { kind: 'memoised' };
    const perRequest = this.perRequest(context);
    if (perRequest) return { kind: 'per-invocation', ...perRequest };
    return { kind: 'function' };
  }

  /**
   * Whether an execution context runs per request: it is a handler, is nested in one, or is
   * a helper (function or class) called from one. `helperName` names the outermost helper.
   */
  private perRequest(context: Node): { handlerName: string; helperName: string | undefined } | null {
    const cached = this.perRequestCache.get(context);
    if (cached !== undefined) return cached;
    this.perRequestCache.set(context, null); // cycle guard
    let result: { handlerName: string; helperName: string | undefined } | null = null;
    const handlerName = this.handlerNameOf(context);
    if (handlerName !== undefined) {
      result = { handlerName, helperName: undefined };
    } else {
      const enclosing = this.index.executionContextOf(context);
      const viaEnclosing = enclosing ? this.perRequest(enclosing) : null;
      if (viaEnclosing) result = viaEnclosing;
      else {
        for (const site of this.index.callSitesOf(context)) {
          const siteContext = this.index.executionContextOf(site);
          const viaCaller = siteContext ? this.perRequest(siteContext) : null;
          if (viaCaller) {
            result = { handlerName: viaCaller.handlerName, helperName: viaCaller.helperName ?? this.nameOf(context) };
            break;
          }
        }
      }
    }
    this.perRequestCache.set(context, result);
    return result;
  }

  private nameOf(context: Node): string | undefined {
    const bindings = this.index.bindingsOf(context);
    if (bindings[0]) return bindings[0].name;
    if ((context.type === 'ClassDeclaration' || context.type === 'ClassExpression') && context.id) return context.id.name;
    return undefined;
  }

  /** The name Lambda (or a framework) calls this function by, when it is a handler. */
  private handlerNameOf(context: Node): string | undefined {
    if (!isFunctionNode(context)) return undefined;
    const index = this.index;
    const direct = this.handlerNameFrom(context, context);
    if (direct !== undefined) return direct;
    // Handed over by name: `const lambdaHandler = async () => ...; export const handler = middy(lambdaHandler)`.
    for (const variable of index.bindingsOf(context)) {
      for (const reference of variable.references) {
        if (reference.init) continue;
        const site = index.climbWrappers(reference.identifier);
        const parent = parentOf(site);
        if ((parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.callee === site) continue;
        const name = this.handlerNameFrom(reference.identifier, context);
        if (name !== undefined) return name;
      }
    }
    return undefined;
  }

  /**
   * Climbs from a function (or a reference to it) through wrapper calls — `middy(fn)`,
   * `middy().handler(fn)`, `Sentry.wrapHandler(fn)`, `.use(...)` chains — to where it is
   * exported or declared, and names the handler that expression is.
   */
  private handlerNameFrom(start: Node, fn: FunctionNode): string | undefined {
    const index = this.index;
    const origin = index.climbWrappers(start);
    let expression: Node = origin;
    let wrapped = false;
    for (;;) {
      const parent = parentOf(expression);
      if (parent?.type === 'CallExpression' && parent.arguments.includes(expression as TSESTree.CallExpressionArgument)) {
        const lastName = dottedName(parent.callee)?.split('.').pop();
        if (lastName !== undefined && (HANDLER_WRAPPERS.test(lastName) || (lastName === 'handler' && isMiddyChain(parent.callee))))
          wrapped = true;
        expression = index.climbWrappers(parent);
        continue;
      }
      // middy(fn).use(...).before(...): the chain's result is the handler.
      if (parent?.type === 'MemberExpression' && parent.object === expression) {
        const call = parentOf(parent);
        if (call?.type === 'CallExpression' && call.callee === parent) {
          expression = index.climbWrappers(call);
          continue;
        }
      }
      break;
    }
    const exportedName = this.exportedNameOf(expression === origin ? start : expression, fn);
    if (exportedName !== undefined) return exportedName;
    if (wrapped) return this.declaredNameOf(expression) ?? 'handler';
    return undefined;
  }

  /** The name an expression is stored under: `const x = <expr>`, `exports.x = <expr>`, `{ x: <expr> }`. */
  private declaredNameOf(expression: Node): string | undefined {
    const parent = parentOf(expression);
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
    if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return memberNameOf(parent.left);
    if (parent?.type === 'Property') return propertyKeyName(parent);
    return undefined;
  }

  /**
   * The name an expression holding the function `fn` is exported under, when that export is
   * called per request: `handler`/`lambdaHandler`, a handler-shaped export (`main(event)`,
   * `fooHandler(event)`, any `(event, context)`: analysis/lambda-scope/handler-shape.ts), a Next.js route
   * handler or `getServerSideProps`, or a variable typed `...Handler` (`main: Handler`).
   */
  private exportedNameOf(expression: Node, fn: FunctionNode): string | undefined {
    const index = this.index;
    const names = parameterNames(fn);
    const isPerRequestName = (name: string): boolean =>
      isHandlerExportName(name) || PER_REQUEST_EXPORTS.has(name) || isHandlerShapedExport({ name, parameterNames: names });
    if (expression.type === 'FunctionDeclaration' && expression.id) {
      const parent = parentOf(expression);
      if (
        (parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration') &&
        isPerRequestName(expression.id.name)
      ) {
        return expression.id.name;
      }
      const variable = index.declaredVariable(expression.id);
      return variable ? index.exportNamesByVariable.get(variable)?.find(isPerRequestName) : undefined;
    }
    const outer = index.climbWrappers(expression);
    const parent = parentOf(outer);
    if (parent?.type === 'VariableDeclarator' && parent.init === outer && parent.id.type === 'Identifier') {
      const name = parent.id.name;
      const declaration = parentOf(parent);
      const exported = declaration && parentOf(declaration)?.type === 'ExportNamedDeclaration';
      const annotation = parent.id.typeAnnotation?.typeAnnotation;
      const typedAsHandler = annotation?.type === 'TSTypeReference' && /Handler$/.test(typeNameText(annotation.typeName));
      if (exported && (isPerRequestName(name) || typedAsHandler)) return name;
      if (typedAsHandler) return name;
      const variable = index.declaredVariable(parent.id);
      return variable ? index.exportNamesByVariable.get(variable)?.find(isPerRequestName) : undefined;
    }
    if (
      parent?.type === 'AssignmentExpression' &&
      parent.right === outer &&
      parent.left.type === 'MemberExpression' &&
      isCommonJsExportsObject(parent.left.object)
    ) {
      const name = memberNameOf(parent.left);
      return name !== undefined && isPerRequestName(name) ? name : undefined;
    }
    if (parent?.type === 'Property' && parent.value === outer) {
      const object = parentOf(parent);
      const assignment = object && parentOf(object);
      const key = propertyKeyName(parent);
      if (assignment?.type === 'AssignmentExpression' && isModuleExports(assignment.left) && key !== undefined && isPerRequestName(key))
        return key;
    }
    return undefined;
  }
}

function typeNameText(name: TSESTree.EntityName): string {
  if (name.type === 'Identifier') return name.name;
  if (name.type === 'TSQualifiedName') return `${typeNameText(name.left)}.${name.right.name}`;
  return '';
}

/** `middy(...).use(...).handler` style callee. */
function isMiddyChain(callee: Node): boolean {
  let node = unwrapAwaitAndTypes(callee);
  while (node.type === 'MemberExpression' || node.type === 'CallExpression') {
    if (node.type === 'CallExpression') {
      const name = dottedName(node.callee);
      if (name === 'middy') return true;
      node = unwrapAwaitAndTypes(node.callee);
    } else {
      node = unwrapAwaitAndTypes(node.object);
    }
  }
  return false;
}
