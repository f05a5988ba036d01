import { AST_NODE_TYPES, simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';
import type { Range } from './ast/range.js';
import { DIRECTIVE_COMMENT, planStatementRemoval, type CommentLike, type RemovalPlan, type StatementRemoval } from './edit/statement-removal.js';
import { mayContainSecretLog } from './text-gates.js';
import { createNameMatcher, createSecretNameMatcher, credentialedUrlPasswordSpans, DYNAMIC_TEXT, type SecretNameOptions, type TextPiece } from './secret-names.js';

/**
 * Finds log calls whose arguments carry a credential: a connection-string or password
 * environment variable, the whole `process.env`, or a `scheme://user:password@` URL. The
 * value is followed inside the file through the scope manager (aliases, destructuring,
 * parameters of local functions and array callbacks, object literals, string building), and
 * dropped where it stops being secret (presence checks, `.length`, URL parts without the
 * password, masking helpers). Shared by the `no-database-url-logging` rule and the
 * `remove-url-logging` transform; everything returned is plain ranges and names.
 */

export type SecretSourceKind = 'env-variable' | 'environment' | 'credentialed-url';

/** What a secret is called in messages: the variable name, `process.env`, or a description (never the value). */
export interface SecretSource {
  source: string;
  sourceKind: SecretSourceKind;
}

/** The label used for literal and assembled `scheme://user:password@` URLs. */
export const CREDENTIALED_URL_SOURCE = 'a connection string with a password';

/**
 * One secret-carrying piece of a log call's arguments, in the shape that says how to
 * redact it in place:
 * - `expression`: replace `range` with a placeholder expression;
 * - `shorthand-property`: `{ url }`, `range` is the property: write `key: <placeholder>`;
 * - `template-slot`: `range` is a whole `${...}` of a template literal: replace it with text;
 * - `object-spread`: `...process.env` in an object literal: delete `removal` (element and comma);
 * - `password-text`: a string or template literal holding a credentialed URL: replace each
 *   of `passwords` (source ranges) with placeholder text.
 */
export type SecretPart = SecretSource &
  (
    | { kind: 'expression'; range: Range }
    | { kind: 'shorthand-property'; range: Range; key: string }
    | { kind: 'template-slot'; range: Range }
    | { kind: 'object-spread'; range: Range; removal: Range }
    | { kind: 'password-text'; range: Range; passwords: Range[] }
  );

/** How a log call can go away while leaving valid code (see {@link planLogStatementRemoval}). */
export type LogRemoval = StatementRemoval;

export interface SecretLogFinding extends SecretSource {
  /** The log call expression. */
  call: Range;
  /** The sink as written, normalised: `console.log`, `logger.info`, `process.stdout.write`. */
  sink: string;
  /** Present when the statement (or arrow body) is only the log call. */
  removal: LogRemoval | undefined;
  /** The secret-carrying pieces of the arguments, in source order. */
  parts: SecretPart[];
  /**
   * True when the call prints nothing but the secret and labels for it (`'DATABASE_URL:'`,
   * object keys, JSON.stringify's indent): deleting the log loses no information. False when
   * the secret is part of a larger message, which should be redacted in place instead.
   */
  printsOnlySecret: boolean;
}

export interface SecretFlowOptions extends SecretNameOptions {
  /** Extra logger object names (glob patterns, case-insensitive) on top of {@link DEFAULT_LOGGER_NAMES}. */
  loggerNames?: readonly string[] | undefined;
  /** Extra logger method names on top of {@link DEFAULT_LOG_METHODS}. */
  logMethods?: readonly string[] | undefined;
  /** Extra names (glob patterns) of helpers whose result hides the secret, like `maskUrl`. */
  maskFunctions?: readonly string[] | undefined;
}

/**
 * Objects whose methods log: `logger` (pino, winston, Powertools, log4js), `log` (bunyan,
 * loglevel, `fastify.log`, `req.log`), anything ending in `logger` (`appLogger`, `this.logger`),
 * and the default instances of consola, signale and winston.
 */
export const DEFAULT_LOGGER_NAMES: readonly string[] = ['log', '*logger', 'consola', 'signale', 'winston'];

/**
 * Logger methods that write their arguments. `child` (pino, bunyan) and Powertools'
 * `appendKeys` family attach their argument to every later line, so they count too.
 */
export const DEFAULT_LOG_METHODS: readonly string[] = [
  'log',
  'trace',
  'debug',
  'info',
  'warn',
  'warning',
  'error',
  'fatal',
  'critical',
  'crit',
  'notice',
  'alert',
  'emerg',
  'verbose',
  'silly',
  'http',
  'success',
  'fail',
  'ready',
  'start',
  'box',
  'child',
  'appendKeys',
  'appendPersistentKeys',
  'addPersistentLogAttributes',
];

/** Every console method that prints its arguments (`console.assert` prints all but the first). */
const CONSOLE_METHODS = new Set([
  'log',
  'info',
  'warn',
  'error',
  'debug',
  'trace',
  'dir',
  'dirxml',
  'table',
  'group',
  'groupCollapsed',
  'assert',
  'timeLog',
]);

/** Helper names whose result hides the password: `maskUrl`, `redact`, `sanitizeConnectionString`, `stripPassword`. */
const MASK_NAME = /mask|redact|saniti[sz]|obfuscat|scrub|censor|anonymi[sz]|hide|hidden|(?:strip|remove|drop|omit|without)_?(?:password|passwd|pwd|secret|credential|auth|userinfo)/i;

/** A replacement text that hides something: `***`, `xxxx`, `[redacted]`, `<hidden>`. */
const MASKED_TEXT = /[*•]|x{3,}|redact|hidden|mask|\[[^\]]*\]|<[^>]*>/i;

/** Words that only label a secret in a log message (`'DATABASE_URL:'`, `'db url is'`), in lower case. */
const LABEL_WORDS = new Set([
  'url',
  'uri',
  'dsn',
  'db',
  'database',
  'connection',
  'conn',
  'string',
  'str',
  'env',
  'environment',
  'process',
  'variable',
  'variables',
  'vars',
  'var',
  'value',
  'values',
  'is',
  'the',
  'current',
  'secret',
  'secrets',
  'password',
  'pass',
  'credentials',
  'creds',
  'config',
  'configuration',
  'direct',
  'shadow',
  'postgres',
  'postgresql',
  'pg',
  'mysql',
  'prisma',
  'debug',
  'using',
]);

/** String methods whose result holds no part of the string (a boolean, an index, a comparison). */
const NON_LEAKING_STRING_METHODS = new Set([
  'includes',
  'startsWith',
  'endsWith',
  'indexOf',
  'lastIndexOf',
  'search',
  'localeCompare',
  'test',
  'charCodeAt',
  'codePointAt',
  'at',
  'charAt',
  'forEach',
  'findIndex',
  'findLastIndex',
  'some',
  'every',
  'has',
  'hasOwnProperty',
]);

/** Array methods whose callback's first parameter is an element of the receiver. */
const ELEMENT_CALLBACK_METHODS = new Set(['forEach', 'map', 'flatMap', 'filter', 'find', 'findLast', 'findIndex', 'findLastIndex', 'some', 'every']);

/** Calls that print what they are given: the secret inside them is the secret of the whole call. */
const TRANSPARENT_BUILTINS = new Set([
  'String',
  'JSON.stringify',
  'util.inspect',
  'util.format',
  'util.formatWithOptions',
  'encodeURIComponent',
  'encodeURI',
  'decodeURIComponent',
  'decodeURI',
  'escape',
  'unescape',
  'structuredClone',
  'Buffer.from',
]);

const PROCESS_MODULES = new Set(['process', 'node:process']);
const UTIL_MODULES = new Set(['util', 'node:util']);
const URL_MODULES = new Set(['url', 'node:url']);
const BUFFER_MODULES = new Set(['buffer', 'node:buffer']);

/** Globals the evaluator knows by name (when no local declaration shadows them). */
const KNOWN_GLOBALS = new Set([
  'console',
  'JSON',
  'Object',
  'URL',
  'String',
  'Buffer',
  'require',
  'encodeURIComponent',
  'encodeURI',
  'decodeURIComponent',
  'decodeURI',
  'escape',
  'unescape',
  'structuredClone',
]);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

/** The value of an expression as far as secrets go; `undefined` means "carries nothing we track". */
type Value =
  | ({ kind: 'secret'; splitOn?: string | undefined } & SecretSource)
  | ({ kind: 'url' } & SecretSource)
  | { kind: 'searchParams' }
  | { kind: 'env' }
  | { kind: 'process' }
  | { kind: 'object'; props: Map<string, Value>; others: Value[] }
  | { kind: 'envKeys' }
  | { kind: 'envKey' }
  | { kind: 'envEntries' }
  | { kind: 'envEntry' }
  | { kind: 'builtin'; name: string }
  | { kind: 'stream'; name: string }
  | { kind: 'logger'; name: string }
  | { kind: 'sink'; name: string; skipFirst: boolean; returnsLogger: boolean };

const ENVIRONMENT: SecretSource = { source: 'process.env', sourceKind: 'environment' };

function secret(source: SecretSource, splitOn?: string): Value {
  return { kind: 'secret', source: source.source, sourceKind: source.sourceKind, splitOn };
}

/** What printing the value (console.log, JSON.stringify, util.inspect) reveals. */
function carried(value: Value | undefined): SecretSource | undefined {
  if (value === undefined) return undefined;
  switch (value.kind) {
    case 'secret':
    case 'url':
      return { source: value.source, sourceKind: value.sourceKind };
    case 'env':
    case 'process':
    case 'envEntries':
    case 'envEntry':
      return ENVIRONMENT;
    case 'object': {
      for (const prop of value.props.values()) {
        const found = carried(prop);
        if (found) return found;
      }
      for (const other of value.others) {
        const found = carried(other);
        if (found) return found;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** What converting the value to a string reveals: objects become `[object Object]`. */
function stringified(value: Value | undefined): SecretSource | undefined {
  if (value === undefined || value.kind === 'env' || value.kind === 'process' || value.kind === 'object') return undefined;
  return carried(value);
}

/** The more revealing of two possible values of one expression (flow-insensitive union). */
function union(a: Value | undefined, b: Value | undefined): Value | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (carried(a)) return a;
  if (carried(b)) return b;
  return a;
}

/** Minimal shapes of eslint-scope / @typescript-eslint/scope-manager objects we read. */
interface ScopeDefinition {
  type: string;
  name: TSESTree.Node;
  node: TSESTree.Node;
  parent?: TSESTree.Node | null | undefined;
}
interface ScopeVariable {
  name: string;
  defs: readonly ScopeDefinition[];
  references: readonly ScopeReference[];
}
interface ScopeReference {
  identifier: TSESTree.Node;
  resolved: ScopeVariable | null;
  isWrite(): boolean;
}
interface ScopeLike {
  type: string;
  references: readonly ScopeReference[];
  childScopes: readonly ScopeLike[];
  upper: ScopeLike | null;
}
export interface ScopeManagerLike {
  acquire(node: TSESTree.Node, inner?: boolean): ScopeLike | null;
  getDeclaredVariables(node: TSESTree.Node): readonly ScopeVariable[];
}

export interface SecretFlowInput {
  ast: TSESTree.Program;
  scopeManager: ScopeManagerLike;
  /** The file's text (the AST's ranges index into it). */
  text: string;
  /**
   * Every call expression of the file, when the caller has walked the tree already (an ESLint
   * rule collects them in a `CallExpression` listener); the nodes must then have their
   * `parent` set, as ESLint sets it. Without it the analysis walks the tree itself and sets
   * `parent` on the nodes.
   */
  calls?: readonly TSESTree.CallExpression[] | undefined;
}


const findingsByAst = new WeakMap<TSESTree.Program, Map<string, readonly SecretLogFinding[]>>();

/**
 * Every log call in the file whose arguments carry a secret, in source order. Cached per
 * AST and options, so several rules (or a rule and a later pass) share one analysis.
 */
export function findSecretLogs(input: SecretFlowInput, options: SecretFlowOptions = {}): readonly SecretLogFinding[] {
  const key = JSON.stringify([options.secretNames, options.ignoredSecretNames, options.loggerNames, options.logMethods, options.maskFunctions]);
  let byOptions = findingsByAst.get(input.ast);
  const cached = byOptions?.get(key);
  if (cached) return cached;
  const findings = mayContainSecretLog(input.text) ? new SecretFlow(input, options).findings() : [];
  if (!byOptions) {
    byOptions = new Map();
    findingsByAst.set(input.ast, byOptions);
  }
  byOptions.set(key, findings);
  return findings;
}

function skipTypeWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

function parentOf(node: TSESTree.Node): TSESTree.Node | undefined {
  return (node as { parent?: TSESTree.Node }).parent;
}

/** Walks the tree once, setting `parent` (as ESLint does) and collecting the call expressions. */
function collectCalls(ast: TSESTree.Program): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  simpleTraverse(
    ast,
    {
      enter: (node) => {
        if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
      },
    },
    true,
  );
  return calls;
}

const MAX_DEPTH = 40;
const MAX_CALL_SITES = 50;

class SecretFlow {
  private readonly scopeManager: ScopeManagerLike;
  private readonly text: string;
  private readonly isSecretName: (name: string) => boolean;
  private readonly isLoggerName: (name: string) => boolean;
  private readonly logMethods: Set<string>;
  private readonly isExtraMaskName: (name: string) => boolean;
  private readonly calls: readonly TSESTree.CallExpression[];
  private readonly referencesByScope = new Map<ScopeLike, Map<TSESTree.Node, ScopeReference>>();
  private readonly valueCache = new Map<TSESTree.Node, Value | undefined>();
  private readonly variableCache = new Map<ScopeVariable, Value | undefined>();
  private readonly inProgress = new Set<ScopeVariable>();
  private depth = 0;

  constructor(input: SecretFlowInput, options: SecretFlowOptions) {
    this.scopeManager = input.scopeManager;
    this.text = input.text;
    this.calls = input.calls ?? collectCalls(input.ast);
    this.isSecretName = createSecretNameMatcher(options);
    this.isLoggerName = createNameMatcher([...DEFAULT_LOGGER_NAMES, ...(options.loggerNames ?? [])]);
    this.logMethods = new Set([...DEFAULT_LOG_METHODS, ...(options.logMethods ?? [])]);
    this.isExtraMaskName = createNameMatcher(options.maskFunctions ?? []);
  }

  findings(): SecretLogFinding[] {
    const findings: SecretLogFinding[] = [];
    for (const call of this.calls) {
      const finding = this.findingFor(call);
      if (finding) findings.push(finding);
    }
    return findings.sort((a, b) => a.call[0] - b.call[0]);
  }

  // ---------------------------------------------------------------- sinks and findings

  private findingFor(call: TSESTree.CallExpression): SecretLogFinding | undefined {
    if (!this.mayBeSink(call.callee)) return undefined;
    const sink = this.valueOf(call.callee);
    let skipFirst = false;
    if (sink?.kind === 'sink') skipFirst = sink.skipFirst;
    else if (sink?.kind !== 'logger') return undefined;
    const args = call.arguments.slice(skipFirst ? 1 : 0);
    const parts: SecretPart[] = [];
    for (const argument of args) {
      if (argument.type === AST_NODE_TYPES.SpreadElement) {
        const found = carried(this.valueOf(argument.argument));
        if (found) parts.push({ kind: 'expression', range: argument.range, ...found });
      } else {
        this.collectParts(argument, parts);
      }
    }
    if (parts.length === 0) return undefined;
    const first = parts[0]!;
    const labels = this.labelWords(parts);
    const partRanges = parts.map((part) => part.range);
    return {
      call: call.range,
      sink: this.sinkName(call.callee),
      source: first.source,
      sourceKind: first.sourceKind,
      removal: this.removalOf(call),
      parts,
      // A URL literal whose password is cut out in place still tells where it connects.
      printsOnlySecret: !parts.some((part) => part.kind === 'password-text') && args.every((argument) => !this.hasOtherContent(argument, partRanges, labels)),
    };
  }

  /** Cheap syntactic filter before evaluating a callee. */
  private mayBeSink(callee: TSESTree.Node): boolean {
    const inner = skipTypeWrappers(callee);
    if (inner.type === AST_NODE_TYPES.Identifier) return true;
    if (inner.type !== AST_NODE_TYPES.MemberExpression) return false;
    const name = this.propertyName(inner);
    return name !== undefined && (CONSOLE_METHODS.has(name) || this.logMethods.has(name) || name === 'write' || this.isLoggerName(name));
  }

  private sinkName(callee: TSESTree.Node): string {
    return this.text
      .slice(callee.range[0], callee.range[1])
      .replace(/\s+/g, '')
      .replace(/\?\./g, '.')
      .replace(/\[(['"`])([\w$]+)\1\]/g, '.$2')
      .replace(/^\(?(.*?)\)?$/, '$1');
  }

  private removalOf(call: TSESTree.CallExpression): LogRemoval | undefined {
    // Climb over wrappers that keep "this is only the log call": `console?.log()`, `await`, `void`.
    let node: TSESTree.Node = call;
    let parent = parentOf(node);
    while (
      parent &&
      (parent.type === AST_NODE_TYPES.ChainExpression ||
        parent.type === AST_NODE_TYPES.AwaitExpression ||
        (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') ||
        parent.type === AST_NODE_TYPES.TSNonNullExpression ||
        parent.type === AST_NODE_TYPES.TSAsExpression)
    ) {
      node = parent;
      parent = parentOf(node);
    }
    if (!parent) return undefined;
    if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === node) {
      return this.environmentLoopRemoval(parent) ?? { kind: 'arrow-body', range: this.rangeWithParentheses(node.range) };
    }
    if (parent.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
    const container = parentOf(parent);
    return this.environmentLoopRemoval(container?.type === AST_NODE_TYPES.BlockStatement && container.body.length === 1 ? container : parent) ?? this.statementRemoval(parent);
  }

  private statementRemoval(statement: TSESTree.Node): LogRemoval {
    const container = parentOf(statement);
    const inList =
      container?.type === AST_NODE_TYPES.Program ||
      container?.type === AST_NODE_TYPES.BlockStatement ||
      container?.type === AST_NODE_TYPES.StaticBlock ||
      container?.type === AST_NODE_TYPES.TSModuleBlock ||
      container?.type === AST_NODE_TYPES.SwitchCase;
    return { kind: inList ? 'statement' : 'lone-body', range: statement.range };
  }

  /**
   * A loop over the environment whose whole body is the log (`for (const [k, v] of
   * Object.entries(process.env)) console.log(k, v)`, `Object.keys(process.env).forEach((k) =>
   * console.log(k, process.env[k]))`) exists only to dump it: the whole loop goes.
   * `body` is the log statement, or the block or arrow that holds only it.
   */
  private environmentLoopRemoval(body: TSESTree.Node): LogRemoval | undefined {
    const isEnvironment = (node: TSESTree.Node): boolean => {
      const value = this.valueOf(node);
      // `process.env`, `Object.keys/entries/values(process.env)` and arrays mapped from them.
      return value?.kind === 'env' || value?.kind === 'envKeys' || value?.kind === 'envEntries' || (value?.kind === 'secret' && value.sourceKind === 'environment');
    };
    const loop = parentOf(body);
    if ((loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement) && loop.body === body && isEnvironment(loop.right)) {
      return this.statementRemoval(loop);
    }
    const callback = body.type === AST_NODE_TYPES.BlockStatement ? parentOf(body) : body;
    if (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback?.type !== AST_NODE_TYPES.FunctionExpression) return undefined;
    const call = parentOf(callback);
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== callback || call.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    if (this.propertyName(call.callee) !== 'forEach' || !isEnvironment(call.callee.object)) return undefined;
    const statement = parentOf(call);
    return statement?.type === AST_NODE_TYPES.ExpressionStatement ? this.statementRemoval(statement) : undefined;
  }

  /** `() => (console.log(url))`: the body's range including its parentheses. */
  private rangeWithParentheses(range: Range): Range {
    let [start, end] = range;
    for (;;) {
      let before = start - 1;
      while (before >= 0 && /\s/.test(this.text[before]!)) before -= 1;
      let after = end;
      while (after < this.text.length && /\s/.test(this.text[after]!)) after += 1;
      if (this.text[before] !== '(' || this.text[after] !== ')') return [start, end];
      // Only a parenthesised body, not the arrow's own parameter list.
      let arrow = before - 1;
      while (arrow >= 0 && /\s/.test(this.text[arrow]!)) arrow -= 1;
      if (this.text.slice(arrow - 1, arrow + 1) !== '=>') return [start, end];
      start = before;
      end = after + 1;
    }
  }

  // ---------------------------------------------------------------- parts for redaction

  /**
   * Collects the secret-carrying pieces of a printed expression. `asString`: the expression
   * is converted to a string (a template slot, a `+` operand), where an object prints as
   * `[object Object]` and reveals nothing.
   */
  private collectParts(node: TSESTree.Node, parts: SecretPart[], asString = false): void {
    const inner = skipTypeWrappers(node);
    const before = parts.length;
    switch (inner.type) {
      case AST_NODE_TYPES.ObjectExpression:
        if (asString) return;
        for (const property of inner.properties) {
          if (property.type === AST_NODE_TYPES.SpreadElement) {
            const found = carried(this.valueOf(property.argument));
            if (found) parts.push({ kind: 'object-spread', range: property.range, removal: this.elementRemoval(inner, inner.properties, property), ...found });
          } else if (property.kind === 'init' && !property.method) {
            const value = property.value;
            if (property.shorthand && value.type === AST_NODE_TYPES.Identifier) {
              const found = carried(this.valueOf(value));
              if (found) parts.push({ kind: 'shorthand-property', range: property.range, key: value.name, ...found });
            } else {
              this.collectParts(value, parts);
            }
          }
        }
        break;
      case AST_NODE_TYPES.ArrayExpression:
        for (const element of inner.elements) {
          if (element === null) continue;
          if (element.type === AST_NODE_TYPES.SpreadElement) {
            const found = carried(this.valueOf(element.argument));
            if (found) parts.push({ kind: 'expression', range: element.range, ...found });
          } else {
            this.collectParts(element, parts);
          }
        }
        break;
      case AST_NODE_TYPES.TemplateLiteral:
        for (const expression of inner.expressions) {
          const found = stringified(this.valueOf(expression));
          const slot = found && !this.isStructural(expression) ? this.templateSlot(expression) : undefined;
          if (found && slot) parts.push({ kind: 'template-slot', range: slot, ...found });
          else this.collectParts(expression, parts, true);
        }
        break;
      case AST_NODE_TYPES.BinaryExpression:
        if (inner.operator === '+') {
          this.collectParts(inner.left, parts, true);
          this.collectParts(inner.right, parts, true);
        }
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        this.collectParts(inner.consequent, parts, asString);
        this.collectParts(inner.alternate, parts, asString);
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (inner.operator !== '&&') this.collectParts(inner.left, parts, asString);
        this.collectParts(inner.right, parts, asString);
        break;
      case AST_NODE_TYPES.SequenceExpression:
        this.collectParts(inner.expressions[inner.expressions.length - 1]!, parts, asString);
        break;
      case AST_NODE_TYPES.AwaitExpression:
        this.collectParts(inner.argument, parts, asString);
        break;
      case AST_NODE_TYPES.CallExpression: {
        const builtin = this.transparentBuiltin(inner);
        if (builtin === undefined) break;
        const printed = builtin === 'util.format' || builtin === 'util.formatWithOptions' ? inner.arguments : inner.arguments.slice(0, 1);
        for (const argument of printed) {
          if (argument.type !== AST_NODE_TYPES.SpreadElement) this.collectParts(argument, parts);
        }
        // `JSON.stringify(url)`: the whole call is the secret, not its argument.
        const added = parts.slice(before);
        if (added.length === 1 && added[0]!.kind === 'expression' && printed.some((argument) => added[0]!.range[0] === argument.range[0] && added[0]!.range[1] === argument.range[1])) {
          parts.splice(before, 1, { ...added[0]!, range: node.range });
        }
        break;
      }
      default:
        break;
    }
    if (parts.length > before) return;
    const found = asString ? stringified(this.valueOf(node)) : carried(this.valueOf(node));
    if (!found) return;
    if (inner.type === AST_NODE_TYPES.Literal || inner.type === AST_NODE_TYPES.TemplateLiteral) {
      const passwords = found.sourceKind === 'credentialed-url' ? this.passwordRanges(inner) : [];
      if (passwords.length > 0) {
        parts.push({ kind: 'password-text', range: node.range, passwords, ...found });
        return;
      }
    }
    parts.push({ kind: 'expression', range: node.range, ...found });
  }

  private isStructural(node: TSESTree.Node): boolean {
    const inner = skipTypeWrappers(node);
    switch (inner.type) {
      case AST_NODE_TYPES.ObjectExpression:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.SequenceExpression:
        return true;
      case AST_NODE_TYPES.BinaryExpression:
        return inner.operator === '+';
      case AST_NODE_TYPES.CallExpression:
        return this.transparentBuiltin(inner) !== undefined;
      default:
        return false;
    }
  }

  private transparentBuiltin(call: TSESTree.CallExpression): string | undefined {
    const callee = this.valueOf(call.callee);
    return callee?.kind === 'builtin' && TRANSPARENT_BUILTINS.has(callee.name) ? callee.name : undefined;
  }

  /** The `${ ... }` around a template literal expression, found in the text. */
  private templateSlot(expression: TSESTree.Node): Range | undefined {
    let start = expression.range[0];
    while (start > 0 && /[\s(]/.test(this.text[start - 1]!)) start -= 1;
    let end = expression.range[1];
    while (end < this.text.length && /[\s)]/.test(this.text[end]!)) end += 1;
    if (this.text.slice(start - 2, start) !== '${' || this.text[end] !== '}') return undefined;
    return [start - 2, end + 1];
  }

  /** The range that deletes one element of a bracketed, comma-separated list, with its comma. */
  private elementRemoval(list: TSESTree.Node, elements: readonly TSESTree.Node[], element: TSESTree.Node): Range {
    const index = elements.indexOf(element);
    const next = elements[index + 1];
    if (next) return [element.range[0], next.range[0]];
    const previous = elements[index - 1];
    if (previous) return [previous.range[1], element.range[1]];
    // The only element: `{ ...process.env }` → `{}`.
    return [list.range[0] + 1, list.range[1] - 1];
  }

  /** Source ranges of the passwords in a string or template literal holding a credentialed URL. */
  private passwordRanges(node: TSESTree.Literal | TSESTree.TemplateLiteral): Range[] {
    // Pieces of the literal's source text, each mapped back to where it sits in the file.
    const pieces: Array<{ text: TextPiece; range: Range; exact: boolean }> = [];
    if (node.type === AST_NODE_TYPES.Literal) {
      if (typeof node.value !== 'string') return [];
      pieces.push({ text: this.text.slice(node.range[0] + 1, node.range[1] - 1), range: [node.range[0] + 1, node.range[1] - 1], exact: true });
    } else {
      let staticStart = node.range[0] + 1;
      for (const expression of node.expressions) {
        const slot = this.templateSlot(expression);
        if (!slot) return [];
        pieces.push({ text: this.text.slice(staticStart, slot[0]), range: [staticStart, slot[0]], exact: true });
        pieces.push({ text: this.staticPiece(expression), range: slot, exact: false });
        staticStart = slot[1];
      }
      pieces.push({ text: this.text.slice(staticStart, node.range[1] - 1), range: [staticStart, node.range[1] - 1], exact: true });
    }
    const spans = credentialedUrlPasswordSpans(pieces.map((piece) => piece.text));
    const locate = (offset: number, isEnd: boolean): number => {
      let position = 0;
      for (const piece of pieces) {
        const length = piece.text === DYNAMIC_TEXT ? 1 : piece.text.length;
        if (offset < position + length || (isEnd && offset === position + length)) {
          if (piece.exact) return piece.range[0] + (offset - position);
          return isEnd ? piece.range[1] : piece.range[0];
        }
        position += length;
      }
      return node.range[1] - 1;
    };
    return spans.map(([start, end]) => [locate(start, false), locate(end, true)] as Range);
  }

  // ---------------------------------------------------------------- "nothing but the secret"

  private labelWords(parts: readonly SecretPart[]): Set<string> {
    const labels = new Set(LABEL_WORDS);
    for (const part of parts) for (const word of words(part.source)) labels.add(word);
    return labels;
  }

  private hasOtherContent(node: TSESTree.Node, partRanges: readonly Range[], labels: ReadonlySet<string>): boolean {
    if (partRanges.some(([start, end]) => start <= node.range[0] && node.range[1] <= end)) return false;
    switch (node.type) {
      case AST_NODE_TYPES.SpreadElement:
        return this.hasOtherContent(node.argument, partRanges, labels);
      case AST_NODE_TYPES.Literal:
        return typeof node.value === 'string' && words(node.value).some((word) => !labels.has(word));
      case AST_NODE_TYPES.TemplateLiteral:
        return (
          node.quasis.some((quasi) => words(quasi.value.cooked ?? quasi.value.raw).some((word) => !labels.has(word))) ||
          node.expressions.some((expression) => this.hasOtherContent(expression, partRanges, labels))
        );
      case AST_NODE_TYPES.BinaryExpression:
        return node.operator !== '+' || this.hasOtherContent(node.left, partRanges, labels) || this.hasOtherContent(node.right, partRanges, labels);
      case AST_NODE_TYPES.ObjectExpression:
        return node.properties.some((property) =>
          property.type === AST_NODE_TYPES.SpreadElement
            ? this.hasOtherContent(property.argument, partRanges, labels)
            : property.kind !== 'init' || property.method || (property.computed && this.hasOtherContent(property.key, partRanges, labels)) || this.hasOtherContent(property.value, partRanges, labels),
        );
      case AST_NODE_TYPES.ArrayExpression:
        return node.elements.some((element) => element !== null && this.hasOtherContent(element, partRanges, labels));
      case AST_NODE_TYPES.ConditionalExpression:
        return this.hasOtherContent(node.consequent, partRanges, labels) || this.hasOtherContent(node.alternate, partRanges, labels);
      case AST_NODE_TYPES.LogicalExpression:
        return this.hasOtherContent(node.left, partRanges, labels) || this.hasOtherContent(node.right, partRanges, labels);
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        return this.hasOtherContent(node.expression, partRanges, labels);
      case AST_NODE_TYPES.CallExpression:
        return this.transparentBuiltin(node) === undefined || node.arguments.some((argument) => this.hasOtherContent(argument, partRanges, labels));
      case AST_NODE_TYPES.Identifier:
        // An environment variable's name labels its value (`for (const [key, value] of Object.entries(process.env))`).
        return node.name !== 'undefined' && this.valueOf(node)?.kind !== 'envKey';
      default:
        return true;
    }
  }

  // ---------------------------------------------------------------- evaluation

  private valueOf(node: TSESTree.Node): Value | undefined {
    if (this.valueCache.has(node)) return this.valueCache.get(node);
    if (this.depth > MAX_DEPTH) return undefined;
    this.depth += 1;
    let value: Value | undefined;
    try {
      value = this.evaluate(node);
    } finally {
      this.depth -= 1;
    }
    this.valueCache.set(node, value);
    return value;
  }

  private evaluate(node: TSESTree.Node): Value | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSInstantiationExpression:
      case AST_NODE_TYPES.ChainExpression:
        return this.valueOf(node.expression);
      case AST_NODE_TYPES.Identifier:
        return this.identifierValue(node);
      case AST_NODE_TYPES.ThisExpression:
        return undefined;
      case AST_NODE_TYPES.MemberExpression: {
        const name = this.propertyName(node);
        const object = this.valueOf(node.object);
        const value = object ? this.member(object, name, node.computed ? node.property : undefined) : undefined;
        if (value) return value;
        // `this.logger`, `req.log`, `fastify.log`: logger objects reached through another object.
        return name !== undefined && this.isLoggerName(name) ? { kind: 'logger', name } : undefined;
      }
      case AST_NODE_TYPES.CallExpression:
        return this.callValue(node);
      case AST_NODE_TYPES.NewExpression:
        return this.newValue(node);
      case AST_NODE_TYPES.Literal:
        return typeof node.value === 'string' && this.containsPassword([node.value])
          ? secret({ source: CREDENTIALED_URL_SOURCE, sourceKind: 'credentialed-url' })
          : undefined;
      case AST_NODE_TYPES.TemplateLiteral: {
        for (const expression of node.expressions) {
          const found = stringified(this.valueOf(expression));
          if (found) return secret(found);
        }
        const pieces: TextPiece[] = [];
        node.quasis.forEach((quasi, index) => {
          pieces.push(quasi.value.cooked ?? quasi.value.raw);
          const expression = node.expressions[index];
          if (expression) pieces.push(this.staticPiece(expression));
        });
        return this.containsPassword(pieces) ? secret({ source: CREDENTIALED_URL_SOURCE, sourceKind: 'credentialed-url' }) : undefined;
      }
      case AST_NODE_TYPES.TaggedTemplateExpression: {
        const tag = this.valueOf(node.tag);
        return tag?.kind === 'builtin' && tag.name === 'String.raw' ? this.valueOf(node.quasi) : undefined;
      }
      case AST_NODE_TYPES.BinaryExpression: {
        if (node.operator !== '+') return undefined;
        const found = stringified(this.valueOf(node.left)) ?? stringified(this.valueOf(node.right));
        if (found) return secret(found);
        return this.containsPassword(this.concatenationPieces(node)) ? secret({ source: CREDENTIALED_URL_SOURCE, sourceKind: 'credentialed-url' }) : undefined;
      }
      case AST_NODE_TYPES.LogicalExpression:
        // `url && url.host` is either a falsy string or the host.
        return node.operator === '&&' ? this.valueOf(node.right) : union(this.valueOf(node.left), this.valueOf(node.right));
      case AST_NODE_TYPES.ConditionalExpression:
        return union(this.valueOf(node.consequent), this.valueOf(node.alternate));
      case AST_NODE_TYPES.SequenceExpression:
        return this.valueOf(node.expressions[node.expressions.length - 1]!);
      case AST_NODE_TYPES.AssignmentExpression:
        return this.valueOf(node.right);
      case AST_NODE_TYPES.AwaitExpression:
        return this.valueOf(node.argument);
      case AST_NODE_TYPES.ObjectExpression:
        return this.objectValue(node);
      case AST_NODE_TYPES.ArrayExpression: {
        for (const element of node.elements) {
          if (element === null) continue;
          const found = carried(this.valueOf(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element));
          if (found) return secret(found);
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private containsPassword(pieces: readonly TextPiece[]): boolean {
    return pieces.some((piece) => piece !== DYNAMIC_TEXT && piece.includes('://')) && credentialedUrlPasswordSpans(pieces).length > 0;
  }

  /** An expression inside a URL being built: its text when static, `***` when masked, else dynamic. */
  private staticPiece(node: TSESTree.Node): TextPiece {
    const text = this.staticString(node);
    if (text !== undefined) return text;
    const inner = skipTypeWrappers(node);
    if (inner.type === AST_NODE_TYPES.CallExpression && this.isMaskCall(inner)) return '***';
    return DYNAMIC_TEXT;
  }

  private concatenationPieces(node: TSESTree.Node): TextPiece[] {
    const inner = skipTypeWrappers(node);
    if (inner.type === AST_NODE_TYPES.BinaryExpression && inner.operator === '+') {
      return [...this.concatenationPieces(inner.left), ...this.concatenationPieces(inner.right)];
    }
    if (inner.type === AST_NODE_TYPES.TemplateLiteral) {
      const pieces: TextPiece[] = [];
      inner.quasis.forEach((quasi, index) => {
        pieces.push(quasi.value.cooked ?? quasi.value.raw);
        const expression = inner.expressions[index];
        if (expression) pieces.push(this.staticPiece(expression));
      });
      return pieces;
    }
    return [this.staticPiece(inner)];
  }

  private identifierValue(node: TSESTree.Identifier): Value | undefined {
    const reference = this.referenceOf(node);
    const variable = reference?.resolved;
    if (variable && variable.defs.length > 0) {
      return this.variableValue(variable) ?? (this.isLoggerName(node.name) ? { kind: 'logger', name: node.name } : undefined);
    }
    // A global: not declared in this file (configured globals have no definitions).
    if (node.name === 'process') return { kind: 'process' };
    if (GLOBAL_OBJECTS.has(node.name)) return { kind: 'builtin', name: 'globalThis' };
    if (KNOWN_GLOBALS.has(node.name)) return { kind: 'builtin', name: node.name };
    return this.isLoggerName(node.name) ? { kind: 'logger', name: node.name } : undefined;
  }

  private member(object: Value, name: string | undefined, computedKey: TSESTree.Node | undefined): Value | undefined {
    switch (object.kind) {
      case 'process':
        if (name === 'env') return { kind: 'env' };
        if (name === 'stdout' || name === 'stderr') return { kind: 'stream', name: `process.${name}` };
        return undefined;
      case 'env':
        if (name !== undefined) return this.isSecretName(name) ? secret({ source: name, sourceKind: 'env-variable' }) : undefined;
        // `process.env[key]` while iterating over the environment's keys.
        return computedKey && this.valueOf(computedKey)?.kind === 'envKey' ? secret(ENVIRONMENT) : undefined;
      case 'builtin':
        return name === undefined ? undefined : this.builtinMember(object.name, name);
      case 'stream':
        return name === 'write' ? { kind: 'sink', name: `${object.name}.write`, skipFirst: false, returnsLogger: false } : undefined;
      case 'logger':
        if (name !== undefined && this.logMethods.has(name)) {
          return { kind: 'sink', name: `${object.name}.${name}`, skipFirst: false, returnsLogger: name === 'child' };
        }
        return undefined;
      case 'url':
        if (name === 'href' || name === 'password') return secret(object);
        if (name === 'searchParams') return { kind: 'searchParams' };
        return undefined;
      case 'secret': {
        if (name === 'length') return undefined;
        const index = name !== undefined && /^\d+$/.test(name) ? Number(name) : undefined;
        // `url.split('@')[1]` is the host part.
        if (index !== undefined && index >= 1 && object.splitOn?.includes('@')) return undefined;
        return secret(object);
      }
      case 'object': {
        if (name === undefined) {
          const found = carried(object);
          return found ? secret(found) : undefined;
        }
        if (object.props.has(name)) return object.props.get(name);
        for (const other of object.others) {
          const value = this.member(other, name, computedKey);
          if (value) return value;
        }
        return undefined;
      }
      case 'envEntry':
        if (name === '0') return { kind: 'envKey' };
        if (name === '1') return secret(ENVIRONMENT);
        return undefined;
      case 'envEntries':
        return name !== undefined && /^\d+$/.test(name) ? { kind: 'envEntry' } : undefined;
      case 'envKeys':
        return name !== undefined && /^\d+$/.test(name) ? { kind: 'envKey' } : undefined;
      default:
        return undefined;
    }
  }

  private builtinMember(builtin: string, name: string): Value | undefined {
    switch (builtin) {
      case 'globalThis':
        if (name === 'process') return { kind: 'process' };
        if (KNOWN_GLOBALS.has(name)) return { kind: 'builtin', name };
        return undefined;
      case 'console':
        return CONSOLE_METHODS.has(name) ? { kind: 'sink', name: `console.${name}`, skipFirst: name === 'assert', returnsLogger: false } : undefined;
      case 'JSON':
        return name === 'stringify' || name === 'parse' ? { kind: 'builtin', name: `JSON.${name}` } : undefined;
      case 'Object':
        return ['keys', 'values', 'entries', 'assign', 'fromEntries'].includes(name) ? { kind: 'builtin', name: `Object.${name}` } : undefined;
      case 'util':
        return name === 'inspect' || name === 'format' || name === 'formatWithOptions' ? { kind: 'builtin', name: `util.${name}` } : undefined;
      case 'url':
        return name === 'URL' ? { kind: 'builtin', name: 'URL' } : undefined;
      case 'buffer':
        return name === 'Buffer' ? { kind: 'builtin', name: 'Buffer' } : undefined;
      case 'String':
        return name === 'raw' ? { kind: 'builtin', name: 'String.raw' } : undefined;
      case 'Buffer':
        return name === 'from' ? { kind: 'builtin', name: 'Buffer.from' } : undefined;
      default:
        return undefined;
    }
  }

  private isMaskName(name: string): boolean {
    return MASK_NAME.test(name) || this.isExtraMaskName(name);
  }

  private isMaskCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
    const callee = skipTypeWrappers(call.callee);
    const name =
      callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? this.propertyName(callee) : undefined;
    return name !== undefined && this.isMaskName(name);
  }

  private callValue(call: TSESTree.CallExpression): Value | undefined {
    if (this.isMaskCall(call)) return undefined;
    const callee = skipTypeWrappers(call.callee);
    const calleeValue = this.valueOf(callee);
    if (calleeValue?.kind === 'builtin') return this.builtinCall(calleeValue.name, call.arguments);
    if (calleeValue?.kind === 'sink') return calleeValue.returnsLogger ? { kind: 'logger', name: calleeValue.name } : undefined;
    let methodName: string | undefined;
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      methodName = this.propertyName(callee);
      const receiver = this.valueOf(callee.object);
      if (receiver) return this.methodCall(receiver, methodName, call);
    } else if (callee.type === AST_NODE_TYPES.Identifier) {
      methodName = callee.name;
    }
    // `safeStringify(process.env)`, `yaml.stringify(config)`, `yaml.dump(env)`, an unresolved
    // `util.inspect(env)`: serialisers print everything.
    const first = call.arguments[0];
    if (methodName !== undefined && /stringify|^dump$|^inspect$/i.test(methodName) && first && first.type !== AST_NODE_TYPES.SpreadElement) {
      const found = carried(this.valueOf(first));
      return found ? secret(found) : undefined;
    }
    return undefined;
  }

  private methodCall(receiver: Value, method: string | undefined, call: TSESTree.CallExpression): Value | undefined {
    const args = call.arguments;
    switch (receiver.kind) {
      case 'secret': {
        if (method === undefined) return secret(receiver);
        if (NON_LEAKING_STRING_METHODS.has(method)) return undefined;
        if (method === 'split') {
          const separator = args[0];
          const text = separator ? (this.regexSource(separator) ?? this.staticString(separator)) : undefined;
          return secret(receiver, text);
        }
        if (method === 'pop' || (method === 'at' && args[0] && this.staticNumber(args[0]) === -1)) {
          return receiver.splitOn?.includes('@') ? undefined : secret(receiver);
        }
        if ((method === 'substring' || method === 'slice' || method === 'substr') && args[0] && this.findsAtSign(args[0])) return undefined;
        if ((method === 'replace' || method === 'replaceAll') && this.isMaskingReplace(call)) return undefined;
        if (method === 'map' || method === 'flatMap') return this.mappedValue(receiver, call);
        return secret(receiver);
      }
      case 'url':
        return method === 'toString' || method === 'toJSON' ? secret(receiver) : undefined;
      case 'searchParams': {
        if (method !== 'get' && method !== 'getAll') return undefined;
        const key = args[0] ? this.staticString(args[0]) : undefined;
        return key !== undefined && /pass|pwd|secret|token|key/i.test(key) ? secret({ source: CREDENTIALED_URL_SOURCE, sourceKind: 'credentialed-url' }) : undefined;
      }
      case 'envKeys':
      case 'envEntries':
        if (method === 'map' || method === 'flatMap') return this.mappedValue(receiver, call);
        if (method === 'filter' || method === 'slice' || method === 'sort' || method === 'reverse' || method === 'concat') return receiver;
        if (method === 'find' || method === 'findLast' || method === 'at' || method === 'pop' || method === 'shift') return this.elementOf(receiver);
        if (method === 'join' || method === 'toString') return receiver.kind === 'envEntries' ? secret(ENVIRONMENT) : undefined;
        return undefined;
      case 'logger':
        return undefined;
      case 'sink':
        // `console.log.bind(console)` is still console.log.
        return method === 'bind' ? receiver : undefined;
      default:
        return undefined;
    }
  }

  /** `.map(cb)` over a secret-carrying array: secret when the callback returns a secret. */
  private mappedValue(receiver: Value, call: TSESTree.CallExpression): Value | undefined {
    const callback = call.arguments[0];
    if (!callback || (callback.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback.type !== AST_NODE_TYPES.FunctionExpression)) {
      const found = carried(receiver);
      return found ? secret(found) : undefined;
    }
    for (const returned of this.returnedExpressions(callback)) {
      const found = carried(this.valueOf(returned));
      if (found) return secret(found);
    }
    return undefined;
  }

  /** The expressions a function returns: an arrow's expression body, or top-level `return`s of its block. */
  private returnedExpressions(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): TSESTree.Node[] {
    if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
    return fn.body.body.flatMap((statement) => (statement.type === AST_NODE_TYPES.ReturnStatement && statement.argument ? [statement.argument] : []));
  }

  private elementOf(value: Value | undefined): Value | undefined {
    switch (value?.kind) {
      case 'envKeys':
        return { kind: 'envKey' };
      case 'envEntries':
        return { kind: 'envEntry' };
      case 'secret':
        return secret(value);
      default:
        return undefined;
    }
  }

  private builtinCall(name: string, args: readonly TSESTree.CallExpressionArgument[]): Value | undefined {
    const first = args[0];
    const firstValue = first && first.type !== AST_NODE_TYPES.SpreadElement ? this.valueOf(first) : undefined;
    switch (name) {
      case 'String':
      case 'encodeURIComponent':
      case 'encodeURI':
      case 'decodeURIComponent':
      case 'decodeURI':
      case 'escape':
      case 'unescape': {
        const found = stringified(firstValue);
        return found ? secret(found) : undefined;
      }
      case 'JSON.stringify':
      case 'JSON.parse':
      case 'util.inspect':
      case 'structuredClone':
      case 'Buffer.from':
      case 'Object.fromEntries': {
        const found = carried(firstValue);
        return found ? secret(found) : undefined;
      }
      case 'util.format':
      case 'util.formatWithOptions': {
        for (const argument of args) {
          const found = carried(this.valueOf(argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument));
          if (found) return secret(found);
        }
        return undefined;
      }
      case 'Object.keys':
        return firstValue?.kind === 'env' ? { kind: 'envKeys' } : undefined;
      case 'Object.entries':
        if (firstValue?.kind === 'env') return { kind: 'envEntries' };
        return carried(firstValue) ? secret(carried(firstValue)!) : undefined;
      case 'Object.values':
        return carried(firstValue) ? secret(carried(firstValue)!) : undefined;
      case 'Object.assign': {
        const merged: Value = { kind: 'object', props: new Map(), others: [] };
        for (const argument of args) {
          const value = this.valueOf(argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument);
          if (value?.kind === 'object') {
            for (const [key, prop] of value.props) merged.props.set(key, prop);
            merged.others.push(...value.others);
          } else if (value) {
            merged.others.push(value);
          }
        }
        return merged.props.size > 0 || merged.others.length > 0 ? merged : undefined;
      }
      case 'require': {
        const source = first ? this.staticString(first) : undefined;
        return source === undefined ? undefined : this.moduleValue(source, '*');
      }
      default:
        return undefined;
    }
  }

  private newValue(node: TSESTree.NewExpression): Value | undefined {
    if (this.isMaskCall(node)) return undefined;
    const callee = this.valueOf(node.callee);
    if (callee?.kind !== 'builtin') return undefined;
    if (callee.name === 'URL') {
      // `new URL(url)` or `new URL(path, base)`: either may carry the credentials.
      for (const argument of node.arguments.slice(0, 2)) {
        if (argument.type === AST_NODE_TYPES.SpreadElement) continue;
        const found = stringified(this.valueOf(argument));
        if (found) return { kind: 'url', ...found };
      }
      return undefined;
    }
    if (callee.name === 'String') return this.builtinCall('String', node.arguments);
    return undefined;
  }

  private objectValue(node: TSESTree.ObjectExpression): Value | undefined {
    const value: Value & { kind: 'object' } = { kind: 'object', props: new Map(), others: [] };
    for (const property of node.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        const spread = this.valueOf(property.argument);
        if (spread?.kind === 'object') {
          for (const [key, prop] of spread.props) value.props.set(key, prop);
          value.others.push(...spread.others);
        } else if (spread) {
          value.others.push(spread);
        }
        continue;
      }
      if (property.kind !== 'init' || property.method) continue;
      const propValue = this.valueOf(property.value);
      if (!propValue) continue;
      const key = this.propertyKey(property);
      if (key === undefined) value.others.push(propValue);
      else value.props.set(key, propValue);
    }
    return value.props.size > 0 || value.others.length > 0 ? value : undefined;
  }

  /** `x.replace(...)` that hides the password: a masking replacement, or a pattern aimed at the user info. */
  private isMaskingReplace(call: TSESTree.CallExpression): boolean {
    const [pattern, replacement] = call.arguments;
    if (!pattern || !replacement) return false;
    if (replacement.type === AST_NODE_TYPES.ArrowFunctionExpression || replacement.type === AST_NODE_TYPES.FunctionExpression) return true;
    const replacementText = this.staticString(replacement);
    if (replacementText !== undefined && MASKED_TEXT.test(replacementText)) return true;
    const patternText = this.regexSource(pattern) ?? this.staticString(pattern);
    if (patternText !== undefined && patternText.includes('@')) return true;
    const patternInner = skipTypeWrappers(pattern);
    if (patternInner.type === AST_NODE_TYPES.Identifier && /pass|pwd|secret|cred/i.test(patternInner.name)) return true;
    if (patternInner.type === AST_NODE_TYPES.MemberExpression && /pass|pwd|secret|cred/i.test(this.propertyName(patternInner) ?? '')) return true;
    return false;
  }

  /** `url.slice(url.indexOf('@') + 1)`: a cut that starts at the `@` keeps only the host side. */
  private findsAtSign(node: TSESTree.Node): boolean {
    const inner = skipTypeWrappers(node);
    if (inner.type === AST_NODE_TYPES.BinaryExpression) {
      return (inner.left.type !== AST_NODE_TYPES.PrivateIdentifier && this.findsAtSign(inner.left)) || this.findsAtSign(inner.right);
    }
    if (inner.type !== AST_NODE_TYPES.CallExpression || inner.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = this.propertyName(inner.callee);
    const argument = inner.arguments[0];
    return (method === 'indexOf' || method === 'lastIndexOf') && argument !== undefined && this.staticString(argument)?.includes('@') === true;
  }

  // ---------------------------------------------------------------- variables and bindings

  private variableValue(variable: ScopeVariable): Value | undefined {
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

  private importValue(definition: ScopeDefinition): Value | undefined {
    const specifier = definition.node;
    if (specifier.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const reference = specifier.moduleReference;
      if (reference.type !== AST_NODE_TYPES.TSExternalModuleReference) return undefined;
      const source = this.staticString(reference.expression);
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
  private moduleValue(source: string, name: string): Value | undefined {
    let module: Value | undefined;
    if (PROCESS_MODULES.has(source)) module = { kind: 'process' };
    else if (UTIL_MODULES.has(source)) module = { kind: 'builtin', name: 'util' };
    else if (URL_MODULES.has(source)) module = { kind: 'builtin', name: 'url' };
    else if (BUFFER_MODULES.has(source)) module = { kind: 'builtin', name: 'buffer' };
    if (!module || name === '*' || name === 'default') return module;
    return this.member(module, name, undefined);
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
          incoming = this.valueOf(parent.init);
        } else {
          const declaration = parentOf(parent);
          const loop = declaration ? parentOf(declaration) : undefined;
          if (loop && (loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement) && loop.left === declaration) {
            incoming = this.loopValue(loop);
          }
        }
        break;
      }
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.left !== root) return undefined;
        incoming = this.valueOf(parent.right);
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
    const iterated = this.valueOf(loop.right);
    if (loop.type === AST_NODE_TYPES.ForInStatement) return iterated?.kind === 'env' ? { kind: 'envKey' } : undefined;
    return this.elementOf(iterated);
  }

  /** Walks a pattern down to `target`, narrowing `value` along the way. */
  private destructure(pattern: TSESTree.Node, value: Value | undefined, target: TSESTree.Node): { found: boolean; value: Value | undefined } {
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
          const key = this.propertyKey(property);
          const propertyValue = value === undefined ? undefined : this.member(value, key, property.computed ? property.key : undefined);
          const result = this.destructure(property.value, propertyValue, target);
          if (result.found) return result;
        }
        return { found: false, value: undefined };
      case AST_NODE_TYPES.ArrayPattern:
        for (const [index, element] of pattern.elements.entries()) {
          if (element === null) continue;
          const elementValue =
            element.type === AST_NODE_TYPES.RestElement ? value : value === undefined ? undefined : (this.member(value, String(index), undefined) ?? this.elementOf(value));
          const result = this.destructure(element, elementValue, target);
          if (result.found) return result;
        }
        return { found: false, value: undefined };
      case AST_NODE_TYPES.RestElement:
        return this.destructure(pattern.argument, value, target);
      case AST_NODE_TYPES.AssignmentPattern:
        return this.destructure(pattern.left, union(value, this.valueOf(pattern.right)), target);
      case AST_NODE_TYPES.TSParameterProperty:
        return this.destructure(pattern.parameter, value, target);
      default:
        return { found: false, value: undefined };
    }
  }

  /** A parameter's value: the element for array callbacks, else what the file's call sites pass. */
  private parameterValue(fn: TSESTree.FunctionLike, index: number, isRest: boolean): Value | undefined {
    const parent = parentOf(fn);
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === fn && parent.callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = this.propertyName(parent.callee);
      if (method !== undefined && ELEMENT_CALLBACK_METHODS.has(method)) {
        return index === 0 ? this.elementOf(this.valueOf(parent.callee.object)) : undefined;
      }
      if (method === 'reduce' || method === 'reduceRight') {
        return index === 1 ? this.elementOf(this.valueOf(parent.callee.object)) : undefined;
      }
    }
    let declared: TSESTree.Node | undefined;
    if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) declared = fn;
    else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) declared = parent;
    if (!declared) return undefined;
    const name = declared.type === AST_NODE_TYPES.FunctionDeclaration ? declared.id?.name : declared.type === AST_NODE_TYPES.VariableDeclarator && declared.id.type === AST_NODE_TYPES.Identifier ? declared.id.name : undefined;
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
      for (const argument of passed) value = union(value, this.valueOf(argument));
    }
    return value;
  }

  /**
   * The scope reference of an identifier: looked up in the innermost scope around it, then
   * outwards; each scope's references are indexed on first use.
   */
  private referenceOf(identifier: TSESTree.Node): ScopeReference | undefined {
    let scope: ScopeLike | null = null;
    for (let node: TSESTree.Node | undefined = identifier; node && !scope; node = parentOf(node)) {
      // `inner`: a module's Program holds the global and the module scope; start from the module.
      scope = this.scopeManager.acquire(node, true);
    }
    if (scope?.type === 'function-expression-name') scope = scope.childScopes[0] ?? scope;
    for (; scope; scope = scope.upper) {
      let references = this.referencesByScope.get(scope);
      if (!references) {
        references = new Map(scope.references.map((reference) => [reference.identifier, reference]));
        this.referencesByScope.set(scope, references);
      }
      const reference = references.get(identifier);
      if (reference) return reference;
    }
    return undefined;
  }

  // ---------------------------------------------------------------- static text

  private propertyName(member: TSESTree.MemberExpression): string | undefined {
    if (!member.computed) return member.property.type === AST_NODE_TYPES.Identifier ? member.property.name : undefined;
    return this.staticString(member.property);
  }

  private propertyKey(property: TSESTree.Property): string | undefined {
    if (!property.computed) {
      if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
      if (property.key.type === AST_NODE_TYPES.Literal) return String(property.key.value);
      return undefined;
    }
    return this.staticString(property.key);
  }

  private staticString(node: TSESTree.Node, depth = 0): string | undefined {
    const inner = skipTypeWrappers(node);
    switch (inner.type) {
      case AST_NODE_TYPES.Literal:
        return typeof inner.value === 'string' || typeof inner.value === 'number' ? String(inner.value) : undefined;
      case AST_NODE_TYPES.TemplateLiteral:
        return inner.expressions.length === 0 ? (inner.quasis[0]?.value.cooked ?? undefined) : undefined;
      case AST_NODE_TYPES.BinaryExpression: {
        if (inner.operator !== '+') return undefined;
        const left = this.staticString(inner.left, depth + 1);
        const right = left === undefined ? undefined : this.staticString(inner.right, depth + 1);
        return left === undefined || right === undefined ? undefined : left + right;
      }
      case AST_NODE_TYPES.UnaryExpression:
        return inner.operator === '-' && inner.argument.type === AST_NODE_TYPES.Literal && typeof inner.argument.value === 'number' ? String(-inner.argument.value) : undefined;
      case AST_NODE_TYPES.Identifier: {
        if (depth > 5) return undefined;
        const variable = this.referenceOf(inner)?.resolved;
        const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        if (definition?.type !== 'Variable' || definition.node.type !== AST_NODE_TYPES.VariableDeclarator) return undefined;
        const declarator = definition.node;
        const declaration = parentOf(declarator);
        if (declaration?.type !== AST_NODE_TYPES.VariableDeclaration || declaration.kind !== 'const' || declarator.id !== definition.name || !declarator.init) return undefined;
        return this.staticString(declarator.init, depth + 1);
      }
      default:
        return undefined;
    }
  }

  private staticNumber(node: TSESTree.Node): number | undefined {
    const text = this.staticString(node);
    return text === undefined || text.trim() === '' ? undefined : Number(text);
  }

  private regexSource(node: TSESTree.Node): string | undefined {
    const inner = skipTypeWrappers(node);
    return inner.type === AST_NODE_TYPES.Literal && 'regex' in inner && inner.regex ? inner.regex.pattern : undefined;
  }
}

/** Lower-case words of a text, camelCase and snake_case split: `databaseUrl:` → `database`, `url`. */
function words(text: string): string[] {
  return (text.match(/[A-Za-z0-9]+/g) ?? [])
    .flatMap((word) => word.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' '))
    .map((word) => word.toLowerCase())
    .filter((word) => /[a-z]/.test(word));
}

// ---------------------------------------------------------------- removing a log statement

/** A comment about the log line itself (`// debug: print the connection string`). */
const LOG_COMMENT = /\b(?:log|logs|logged|logging|print|prints|printed|printing|debug|debugging|dump|dumps|dumping|console)\b/i;

/**
 * How to remove a log statement (or arrow body) found by {@link findSecretLogs}
 * (`edit/statement-removal.ts`): the comments directly above that go with it are the
 * directives that steer it and the comments about logging, printing or debugging.
 */
export function planLogStatementRemoval(text: string, comments: readonly CommentLike[], removal: LogRemoval): RemovalPlan {
  return planStatementRemoval(text, comments, removal, (comment) => DIRECTIVE_COMMENT.test(comment.value) || LOG_COMMENT.test(comment.value));
}
