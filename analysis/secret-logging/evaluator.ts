import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { ParsedFile } from '../ast/parsed-file.js';
import { referenceIndexOf, type ReferenceIndex } from '../ast/scope.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { BindingValues } from './binding-values.js';
import { CallValues } from './call-values.js';
import { CREDENTIALED_URL_SOURCE } from './findings.js';
import { CONSOLE_METHODS, GLOBAL_OBJECTS, KNOWN_GLOBALS, MASK_NAME } from './known-names.js';
import { DEFAULT_LOG_METHODS, DEFAULT_LOGGER_NAMES, type SecretFlowOptions } from './log-options.js';
import { createNameMatcher, createSecretNameMatcher, credentialedUrlPasswordSpans, DYNAMIC_TEXT, type TextPiece } from './secret-names.js';
import { cutMayHoldUserinfo, pieceMayHoldUserinfo, shapeOfVariable } from './secret-cuts.js';
import { StaticText } from './static-text.js';
import { carried, ENVIRONMENT, secret, stringified, union, type Evaluation, type Value } from './value.js';

/**
 * What an expression carries, as far as secrets go: a credential (a secret environment
 * variable, `process.env`, a `scheme://user:password@` URL), something that logs, or
 * nothing we track. Flow-insensitive, cached per node, followed through the file's scopes
 * (bindings: binding-values.ts; calls: call-values.ts). Needs parent pointers.
 */

const MAX_DEPTH = 40;

/** A literal or assembled `scheme://user:password@host` URL. */
const CREDENTIALED_URL = secret({ source: CREDENTIALED_URL_SOURCE, sourceKind: 'credentialed-url' }, { kind: 'url' });

export class SecretEvaluator implements Evaluation {
  readonly statics: StaticText;
  readonly isLoggerName: (name: string) => boolean;
  readonly logMethods: Set<string>;
  private readonly isSecretName: (name: string) => boolean;
  private readonly isExtraMaskName: (name: string) => boolean;
  private readonly references: ReferenceIndex;
  private readonly bindings: BindingValues;
  private readonly calls: CallValues;
  private readonly valueCache = new Map<TSESTree.Node, Value | undefined>();
  private depth = 0;

  constructor(file: ParsedFile, options: SecretFlowOptions) {
    this.references = referenceIndexOf(file.scopeManager);
    this.statics = new StaticText(this.references);
    this.bindings = new BindingValues(this, this.statics, file.scopeManager);
    this.calls = new CallValues(this, this.statics);
    this.isSecretName = createSecretNameMatcher(options);
    this.isLoggerName = createNameMatcher([...DEFAULT_LOGGER_NAMES, ...(options.loggerNames ?? [])]);
    this.logMethods = new Set([...DEFAULT_LOG_METHODS, ...(options.logMethods ?? [])]);
    this.isExtraMaskName = createNameMatcher(options.maskFunctions ?? []);
  }

  valueOf(node: TSESTree.Node): Value | undefined {
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
        const name = this.statics.propertyName(node);
        const object = this.valueOf(node.object);
        const value = object ? this.member(object, name, node.computed ? node.property : undefined) : undefined;
        if (value) return value;
        // `this.logger`, `req.log`, `fastify.log`: logger objects reached through another object.
        return name !== undefined && this.isLoggerName(name) ? { kind: 'logger', name } : undefined;
      }
      case AST_NODE_TYPES.CallExpression:
        return this.calls.callValue(node);
      case AST_NODE_TYPES.NewExpression:
        return this.calls.newValue(node);
      case AST_NODE_TYPES.Literal:
        return typeof node.value === 'string' && this.containsPassword([node.value]) ? CREDENTIALED_URL : undefined;
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
        return this.containsPassword(pieces) ? CREDENTIALED_URL : undefined;
      }
      case AST_NODE_TYPES.TaggedTemplateExpression: {
        const tag = this.valueOf(node.tag);
        return tag?.kind === 'builtin' && tag.name === 'String.raw' ? this.valueOf(node.quasi) : undefined;
      }
      case AST_NODE_TYPES.BinaryExpression: {
        if (node.operator !== '+') return undefined;
        const found = stringified(this.valueOf(node.left)) ?? stringified(this.valueOf(node.right));
        if (found) return secret(found);
        return this.containsPassword(this.concatenationPieces(node)) ? CREDENTIALED_URL : undefined;
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
  staticPiece(node: TSESTree.Node): TextPiece {
    const text = this.statics.staticString(node);
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
    const reference = this.references.referenceOf(node);
    const variable = reference?.resolved;
    if (variable && variable.defs.length > 0) {
      return this.bindings.variableValue(variable) ?? (this.isLoggerName(node.name) ? { kind: 'logger', name: node.name } : undefined);
    }
    // A global: not declared in this file (configured globals have no definitions).
    if (node.name === 'process') return { kind: 'process' };
    if (GLOBAL_OBJECTS.has(node.name)) return { kind: 'builtin', name: 'globalThis' };
    if (KNOWN_GLOBALS.has(node.name)) return { kind: 'builtin', name: node.name };
    return this.isLoggerName(node.name) ? { kind: 'logger', name: node.name } : undefined;
  }

  member(object: Value, name: string | undefined, computedKey: TSESTree.Node | undefined): Value | undefined {
    switch (object.kind) {
      case 'process':
        if (name === 'env') return { kind: 'env' };
        if (name === 'stdout' || name === 'stderr') return { kind: 'stream', name: `process.${name}` };
        return undefined;
      case 'env':
        if (name !== undefined)
          return this.isSecretName(name) ? secret({ source: name, sourceKind: 'env-variable' }, shapeOfVariable(name)) : undefined;
        // `process.env[key]` while iterating over the environment's keys.
        return computedKey && this.valueOf(computedKey)?.kind === 'envKey' ? secret(ENVIRONMENT) : undefined;
      case 'typedEnv':
        // `envModule.env` of `import * as envModule from '~/env'`.
        if (name === 'env') return object;
        return name !== undefined && this.isSecretName(name)
          ? secret({ source: name, sourceKind: 'env-variable', origin: object.origin }, shapeOfVariable(name))
          : undefined;
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
        if (name === 'href') return secret(object, { kind: 'url' });
        if (name === 'password') return secret(object);
        if (name === 'searchParams') return { kind: 'searchParams' };
        return undefined;
      case 'secret': {
        if (name === 'length') return undefined;
        const index = name !== undefined && /^\d+$/.test(name) ? Number(name) : undefined;
        return index === undefined ? secret(object) : this.secretAt(object, index);
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
        return CONSOLE_METHODS.has(name)
          ? { kind: 'sink', name: `console.${name}`, skipFirst: name === 'assert', returnsLogger: false }
          : undefined;
      case 'JSON':
        return name === 'stringify' || name === 'parse' ? { kind: 'builtin', name: `JSON.${name}` } : undefined;
      case 'Object':
        return ['keys', 'values', 'entries', 'assign', 'fromEntries'].includes(name)
          ? { kind: 'builtin', name: `Object.${name}` }
          : undefined;
      case 'util':
        return name === 'inspect' || name === 'format' || name === 'formatWithOptions'
          ? { kind: 'builtin', name: `util.${name}` }
          : undefined;
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

  isMaskCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
    const name = this.statics.calleeName(call.callee);
    return name !== undefined && this.isMaskName(name);
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
      const key = this.statics.propertyKey(property);
      if (key === undefined) value.others.push(propValue);
      else value.props.set(key, propValue);
    }
    return value.props.size > 0 || value.others.length > 0 ? value : undefined;
  }

  /**
   * `secret[index]` or `.at(index)` (`'last'`: `.pop()`, `.at(-1)`): a piece of a split
   * connection URL, or one character of a string; undefined when it provably holds no user
   * info (secret-cuts.ts).
   */
  secretAt(value: Value & { kind: 'secret' }, index: number | 'last'): Value | undefined {
    const shape = value.shape;
    if (shape?.kind === 'url-pieces') {
      if (!pieceMayHoldUserinfo(shape, index)) return undefined;
      // The first piece is a prefix of the URL: its landmarks still hold.
      return secret(value, index === 0 ? { kind: 'url' } : undefined);
    }
    if (shape?.kind === 'url' && index !== 'last' && !cutMayHoldUserinfo(undefined, { anchor: 'start', offset: index + 1 }))
      return undefined;
    return secret(value);
  }

  elementOf(value: Value | undefined): Value | undefined {
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

  moduleValue(source: string, name: string): Value | undefined {
    return this.bindings.moduleValue(source, name);
  }
}
