import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { basename } from 'node:path';
import type { ParsedFile } from '../ast/parsed-file.js';
import { memberName, propertyKeyName, stringLiteralValue } from '../ast/names.js';
import { readObjectOptions, type ObjectOptions } from '../ast/object-options.js';
import { lookUpVariable, resolveIdentifierValue, type ScopeManager, type Variable } from '../ast/scope.js';
import { parentOf, visitNodes } from '../ast/tree.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { constructClassOf } from './construct-class.js';
import { pinnedDuration, type PinnedDuration } from './durations.js';

/**
 * The Lambda functions an infrastructure file declares, with what their timeout is: CDK's
 * `lambda.Function`, `DockerImageFunction`, `NodejsFunction` and `TriggerFunction` (the 3 s
 * default when `timeout` is absent), SST v2's `new Function(stack, id, props)`, SST v3's
 * `new sst.aws.Function(name, props)`, and the functions of a `serverless.ts` (their own
 * `timeout` or the provider's). An SST or Serverless function without a written timeout is
 * left alone: their defaults are not CDK's and not in FACTS.md.
 */

export type FunctionFramework = 'cdk' | 'sst' | 'serverless';

export interface LambdaFunctionSite {
  framework: FunctionFramework;
  /** For messages: `` `NodejsFunction` "Api" ``, `` `sst.aws.Function` "Api" ``, `` function `api` ``. */
  label: string;
  /** The `new ...` expression, or the Serverless function's object. */
  node: TSESTree.Node;
  /** The props object literal as written (where a missing `timeout` goes), when inline. */
  props: ObjectOptions;
  /** The timeout as written, or the framework's default (`written: false`). */
  timeout: { ms: number; written: PinnedDuration | undefined };
  /** Environment entries the function gets (own and, for Serverless, the provider's), by key. */
  environment: Map<string, TSESTree.Node>;
  /** The binding that holds the construct (`const fn = new NodejsFunction(...)`, `this.fn = ...`). */
  handle: FunctionHandle;
  /** Serverless: an `http`/`httpApi` event puts the function behind API Gateway. */
  hasApiEvent: boolean;
}

/** How other code in the file refers to a function construct. */
export interface FunctionHandle {
  variable?: Variable | undefined;
  /** `this.migration`: a class field assigned the construct. */
  thisMember?: string | undefined;
}

/** CDK's default Lambda timeout (FACTS.md, "Deployment facts"). */
export const CDK_DEFAULT_TIMEOUT_MS = 3_000;

const CDK_FUNCTION_CLASSES: Readonly<Record<string, readonly string[]>> = {
  'aws-lambda': ['Function', 'DockerImageFunction'],
  'aws-lambda-nodejs': ['NodejsFunction'],
  triggers: ['TriggerFunction'],
};

const SERVERLESS_CONFIG_FILE = /^serverless\.[cm]?[jt]s$/;

/** An object argument as the callee sees it: written inline, or a constant holding one. */
export function objectArgument(scopeManager: ScopeManager, node: TSESTree.Node | undefined): ObjectOptions | undefined {
  if (node === undefined || node.type === 'SpreadElement') return undefined;
  let value: TSESTree.Node | undefined = skipTypeWrappers(node);
  if (value.type === 'Identifier') value = resolveIdentifierValue(scopeManager, value);
  value = value === undefined ? undefined : skipTypeWrappers(value);
  return value?.type === 'ObjectExpression' ? readObjectOptions(scopeManager, value) : undefined;
}

/** The handle of the construct `node` creates: the variable or `this.x` it is assigned to. */
function handleOf(scopeManager: ScopeManager, node: TSESTree.Node): FunctionHandle {
  let parent = parentOf(node);
  while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSNonNullExpression' || parent.type === 'TSSatisfiesExpression'))
    parent = parentOf(parent);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier')
    return { variable: lookUpVariable(scopeManager, parent.id) };
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression' && parent.left.object.type === 'ThisExpression') {
    return { thisMember: memberName(parent.left) };
  }
  if (parent?.type === 'PropertyDefinition' && parent.key.type === 'Identifier') return { thisMember: parent.key.name };
  return {};
}

/** Whether `node` refers to the construct behind `handle` (`fn`, `this.fn`, `fn!`). */
export function refersTo(scopeManager: ScopeManager, node: TSESTree.Node | undefined, handle: FunctionHandle): boolean {
  if (node === undefined) return false;
  const inner = skipTypeWrappers(node);
  if (inner.type === 'Identifier' && handle.variable !== undefined) return lookUpVariable(scopeManager, inner) === handle.variable;
  if (inner.type === 'MemberExpression' && inner.object.type === 'ThisExpression' && handle.thisMember !== undefined)
    return memberName(inner) === handle.thisMember;
  return false;
}

function environmentOf(scopeManager: ScopeManager, options: ObjectOptions | undefined, into: Map<string, TSESTree.Node>): void {
  const entry = options?.entries.get('environment');
  const environment = entry === undefined ? undefined : objectArgument(scopeManager, entry.value);
  for (const [key, value] of environment?.entries ?? []) into.set(key, value.value);
}

function timeoutOf(
  file: ParsedFile,
  options: ObjectOptions,
  defaultMs: number | undefined,
): { ms: number; written: PinnedDuration | undefined } | undefined {
  const entry = options.entries.get('timeout');
  if (entry !== undefined) {
    const written = pinnedDuration(file.scopeManager, file.sourceText, entry.value);
    return written === undefined ? undefined : { ms: written.ms, written };
  }
  // A spread the file does not show, or a conditional one, may set it.
  if (defaultMs === undefined || options.hasUnknownEntries || options.maybeEntries.has('timeout')) return undefined;
  return { ms: defaultMs, written: undefined };
}

function idText(node: TSESTree.Node | undefined): string {
  const id = node === undefined ? undefined : stringLiteralValue(node);
  return id === undefined ? '' : ` "${id}"`;
}

function constructSite(file: ParsedFile, node: TSESTree.NewExpression): LambdaFunctionSite | undefined {
  const found = constructClassOf(file.scopeManager, node.callee);
  if (found === undefined) return undefined;
  let framework: FunctionFramework;
  let propsArgument: TSESTree.Node | undefined;
  let idArgument: TSESTree.Node | undefined;
  let defaultMs: number | undefined;
  if (CDK_FUNCTION_CLASSES[found.module]?.includes(found.name)) {
    [framework, idArgument, propsArgument, defaultMs] = ['cdk', node.arguments[1], node.arguments[2], CDK_DEFAULT_TIMEOUT_MS];
  } else if (found.module === 'sst/constructs' && found.name === 'Function') {
    [framework, idArgument, propsArgument] = ['sst', node.arguments[1], node.arguments[2]];
  } else if (found.module === 'sst' && found.name === 'aws.Function') {
    [framework, idArgument, propsArgument] = ['sst', node.arguments[0], node.arguments[1]];
  } else {
    return undefined;
  }
  const props = objectArgument(file.scopeManager, propsArgument);
  if (props === undefined) return undefined;
  const timeout = timeoutOf(file, props, defaultMs);
  if (timeout === undefined) return undefined;
  const environment = new Map<string, TSESTree.Node>();
  environmentOf(file.scopeManager, props, environment);
  const className = found.module === 'sst' ? 'sst.aws.Function' : found.name;
  return {
    framework,
    label: `\`${className}\`${idText(idArgument)}`,
    node,
    props,
    timeout,
    environment,
    handle: handleOf(file.scopeManager, node),
    hasApiEvent: false,
  };
}

/** `functions: { api: { handler, timeout, events: [{ httpApi: ... }] } }` of a serverless.ts config object. */
function serverlessSites(file: ParsedFile, config: ObjectOptions): LambdaFunctionSite[] {
  const provider = objectArgument(file.scopeManager, config.entries.get('provider')?.value);
  const functions = objectArgument(file.scopeManager, config.entries.get('functions')?.value);
  if (functions === undefined) return [];
  const providerEnvironment = new Map<string, TSESTree.Node>();
  environmentOf(file.scopeManager, provider, providerEnvironment);
  const sites: LambdaFunctionSite[] = [];
  for (const [name, entry] of functions.entries) {
    const props = objectArgument(file.scopeManager, entry.value);
    if (props === undefined) continue;
    const timeout = props.entries.has('timeout') ? timeoutOf(file, props, undefined) : provider && timeoutOf(file, provider, undefined);
    if (timeout === undefined) continue;
    const environment = new Map(providerEnvironment);
    environmentOf(file.scopeManager, props, environment);
    const events = props.entries.get('events')?.value;
    const hasApiEvent =
      events?.type === 'ArrayExpression' &&
      events.elements.some(
        (event) =>
          event?.type === 'ObjectExpression' &&
          event.properties.some((property) => property.type === 'Property' && /^(?:http|httpApi)$/.test(propertyKeyName(property) ?? '')),
      );
    sites.push({
      framework: 'serverless',
      label: `function \`${name}\``,
      node: entry.value,
      props,
      timeout,
      environment,
      handle: {},
      hasApiEvent,
    });
  }
  return sites;
}

/** The object a serverless.ts exports: `module.exports = {...}`, `export default config`, `export = config`. */
function serverlessConfigObject(file: ParsedFile): ObjectOptions | undefined {
  for (const statement of file.program.body) {
    let value: TSESTree.Node | undefined;
    if (statement.type === 'ExportDefaultDeclaration') value = statement.declaration;
    else if (statement.type === 'TSExportAssignment') value = statement.expression;
    else if (
      statement.type === 'ExpressionStatement' &&
      statement.expression.type === 'AssignmentExpression' &&
      statement.expression.left.type === 'MemberExpression' &&
      statement.expression.left.object.type === 'Identifier' &&
      statement.expression.left.object.name === 'module'
    )
      value = statement.expression.right;
    const config = value === undefined ? undefined : objectArgument(file.scopeManager, value);
    if (config?.entries.has('functions')) return config;
  }
  return undefined;
}

/** Every Lambda function the file declares whose timeout it shows (written, or CDK's default). */
export function findLambdaFunctions(file: ParsedFile, filePath: string): LambdaFunctionSite[] {
  const sites: LambdaFunctionSite[] = [];
  visitNodes(file.program, (node) => {
    if (node.type !== 'NewExpression') return;
    const site = constructSite(file, node);
    if (site !== undefined) sites.push(site);
  });
  if (SERVERLESS_CONFIG_FILE.test(basename(filePath))) {
    const config = serverlessConfigObject(file);
    if (config !== undefined) sites.push(...serverlessSites(file, config));
  }
  return sites;
}
