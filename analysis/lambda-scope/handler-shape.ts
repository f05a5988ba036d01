/**
 * What a Lambda handler looks like from its export: the names Lambda's Node.js runtime is
 * pointed at, and the `(event, context)` parameters it is called with. The one recogniser of
 * handler parameters: the Lambda-scope verdict, the PrismaClient placement and the
 * `wrap-migration-runner` transform (which hands `context` to `runMigration`) all use it.
 */

/**
 * Export names that make a file a handler whatever their shape: `handler` is what Lambda's
 * Node.js runtime is pointed at by default (`index.handler`, CDK's `NodejsFunction`, SAM).
 */
export function isHandlerExportName(name: string): boolean {
  return name === 'handler' || name === 'lambdaHandler';
}

/** `event`, `_event`, `evt`: the first parameter of a Lambda handler. */
const EVENT_PARAMETER = /^_*(?:event|evt|lambdaEvent)$/;
/** `context`, `_context`, `ctx`: its second parameter. */
const CONTEXT_PARAMETER = /^_*(?:context|ctx|lambdaContext)$/;

/** Whether a parameter name is a Lambda handler's first, the event (`event`, `_event`, `evt`, `lambdaEvent`). */
export function isEventParameterName(name: string | undefined): boolean {
  return name !== undefined && EVENT_PARAMETER.test(name);
}

/**
 * Whether parameters (by name, `undefined` for a destructured one) are a Lambda handler's
 * `(event, context)`: an event name first, a context name (`context`, `_context`, `ctx`,
 * `lambdaContext`) second.
 */
export function isEventAndContext(parameterNames: readonly (string | undefined)[]): boolean {
  const [first, second] = parameterNames;
  return isEventParameterName(first) && second !== undefined && CONTEXT_PARAMETER.test(second);
}

/** An exported function as Lambda would see it: its export name and its parameter names. */
export interface ExportedFunctionSignal {
  name: string;
  /** Parameter names in order; `undefined` for a destructured or otherwise unnamed parameter. */
  parameterNames: readonly (string | undefined)[];
}

/**
 * Whether an exported function has a handler's shape: `main` or `...Handler` taking an
 * `event` first (SST's `main`, `createUserHandler(event)`), or any name taking `(event,
 * context)` (Serverless Framework handlers are named freely). Express's `errorHandler(err,
 * req, res, next)` and React's `onClick(event)` do not match.
 */
export function isHandlerShapedExport(fn: ExportedFunctionSignal): boolean {
  if (!isEventParameterName(fn.parameterNames[0])) return false;
  if (fn.name === 'main' || /^[a-z][A-Za-z0-9]*Handler$/.test(fn.name)) return true;
  return isEventAndContext(fn.parameterNames);
}
