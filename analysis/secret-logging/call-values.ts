import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { CREDENTIALED_URL_SOURCE } from './findings.js';
import { ENV_VALIDATORS, MASKED_TEXT, NON_LEAKING_STRING_METHODS, SCHEMA_PARSE_METHODS, SCHEMA_SAFE_PARSE_METHODS } from './known-names.js';
import { cutMayHoldUserinfo, pieceRangeMayHoldUserinfo, positionOfSearch, shifted, type UrlPosition } from './secret-cuts.js';
import type { StaticText } from './static-text.js';
import { carried, ENVIRONMENT, secret, stringified, type Evaluation, type Value } from './value.js';

/**
 * What a call or `new` returns, as far as secrets go: string methods on a secret (`split`,
 * `slice` after the `@`, a masking `replace`), builtins (`JSON.stringify`, `Object.entries`,
 * `util.inspect`, `require`), serialisers, `new URL(secret)`.
 */
export class CallValues {
  constructor(
    private readonly evaluation: Evaluation,
    private readonly statics: StaticText,
  ) {}

  callValue(call: TSESTree.CallExpression): Value | undefined {
    if (this.evaluation.isMaskCall(call)) return undefined;
    const callee = skipTypeWrappers(call.callee);
    const calleeValue = this.evaluation.valueOf(callee);
    if (calleeValue?.kind === 'builtin') return this.builtinCall(calleeValue.name, call.arguments);
    if (calleeValue?.kind === 'sink') return calleeValue.returnsLogger ? { kind: 'logger', name: calleeValue.name } : undefined;
    const typedEnv = this.typedEnvCall(call);
    if (typedEnv) return typedEnv;
    let methodName: string | undefined;
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      methodName = this.statics.propertyName(callee);
      const receiver = this.evaluation.valueOf(callee.object);
      if (receiver) return this.methodCall(receiver, methodName, call);
    } else if (callee.type === AST_NODE_TYPES.Identifier) {
      methodName = callee.name;
    }
    // `safeStringify(process.env)`, `yaml.stringify(config)`, `yaml.dump(env)`, an unresolved
    // `util.inspect(env)`: serialisers print everything.
    const first = call.arguments[0];
    if (
      methodName !== undefined &&
      /stringify|^dump$|^inspect$/i.test(methodName) &&
      first &&
      first.type !== AST_NODE_TYPES.SpreadElement
    ) {
      const found = carried(this.evaluation.valueOf(first));
      return found ? secret(found) : undefined;
    }
    return undefined;
  }

  private methodCall(receiver: Value, method: string | undefined, call: TSESTree.CallExpression): Value | undefined {
    const args = call.arguments;
    switch (receiver.kind) {
      case 'secret':
        return this.secretMethodCall(receiver, method, call);
      case 'url':
        return method === 'toString' || method === 'toJSON' ? secret(receiver) : undefined;
      case 'searchParams': {
        if (method !== 'get' && method !== 'getAll') return undefined;
        const key = args[0] ? this.statics.staticString(args[0]) : undefined;
        return key !== undefined && /pass|pwd|secret|token|key/i.test(key)
          ? secret({ source: CREDENTIALED_URL_SOURCE, sourceKind: 'credentialed-url' })
          : undefined;
      }
      case 'envKeys':
      case 'envEntries':
        if (method === 'map' || method === 'flatMap') return this.mappedValue(receiver, call);
        if (method === 'filter' || method === 'slice' || method === 'sort' || method === 'reverse' || method === 'concat') return receiver;
        if (method === 'find' || method === 'findLast' || method === 'at' || method === 'pop' || method === 'shift')
          return this.evaluation.elementOf(receiver);
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

  /**
   * A method of a secret string or of the array split from it. What it returns is derived from
   * what the method can return (secret-cuts.ts): a boolean, an index or a count holds
   * nothing; a case change or a trim is the same text; a piece, a slice, a character or a
   * match holds what it cuts out, so it stays secret unless the cut provably misses the user
   * info of a connection URL.
   */
  private secretMethodCall(
    receiver: Value & { kind: 'secret' },
    method: string | undefined,
    call: TSESTree.CallExpression,
  ): Value | undefined {
    const args = call.arguments;
    const shape = receiver.shape;
    if (method === undefined) return secret(receiver);
    if (NON_LEAKING_STRING_METHODS.has(method)) return undefined;
    const numberAt = (index: number): number | undefined => {
      const argument = args[index];
      return argument && argument.type !== AST_NODE_TYPES.SpreadElement ? this.statics.staticNumber(argument) : undefined;
    };
    if (shape?.kind === 'url-pieces') {
      switch (method) {
        case 'pop':
          return this.evaluation.secretAt(receiver, 'last');
        case 'shift':
          return this.evaluation.secretAt(receiver, 0);
        case 'at': {
          const index = numberAt(0);
          if (index === undefined) return secret(receiver);
          return index === -1
            ? this.evaluation.secretAt(receiver, 'last')
            : index >= 0
              ? this.evaluation.secretAt(receiver, index)
              : secret(receiver);
        }
        case 'slice':
          return pieceRangeMayHoldUserinfo(shape, args[0] ? numberAt(0) : 0, args[1] ? numberAt(1) : undefined)
            ? secret(receiver)
            : undefined;
        default:
          break;
      }
    }
    switch (method) {
      case 'split': {
        const separator = args[0];
        const text = separator ? (this.statics.regexSource(separator) ?? this.statics.staticString(separator)) : undefined;
        const limit = numberAt(1);
        if (shape?.kind !== 'url') return secret(receiver);
        const pieces = { kind: 'url-pieces' as const, separator: text, limit };
        // `url.split('://', 1)` is `[scheme]`.
        if (limit !== undefined && !pieceRangeMayHoldUserinfo(pieces, 0, limit)) return undefined;
        return secret(receiver, pieces);
      }
      case 'toLowerCase':
      case 'toUpperCase':
      case 'toLocaleLowerCase':
      case 'toLocaleUpperCase':
      case 'trim':
      case 'trimEnd':
      case 'normalize':
      case 'toString':
      case 'valueOf':
        return secret(receiver, shape?.kind === 'url' ? shape : undefined);
      case 'at':
      case 'charAt':
      case 'charCodeAt':
      case 'codePointAt': {
        const index = numberAt(0) ?? (method === 'at' ? undefined : 0);
        return index !== undefined && index >= 0 ? this.evaluation.secretAt(receiver, index) : secret(receiver);
      }
      case 'slice':
      case 'substring':
      case 'substr': {
        if (shape?.kind !== 'url') return secret(receiver);
        const start: UrlPosition | undefined = args[0] ? this.positionIn(receiver, args[0]) : { anchor: 'start', offset: 0 };
        // `substring` swaps bounds given in the wrong order: with two, only a start of 0 keeps them known.
        if (method === 'substring' && args[1] && !(start?.anchor === 'start' && start.offset === 0)) return secret(receiver);
        let end = args[1] ? this.positionIn(receiver, args[1]) : undefined;
        if (method === 'substr' && args[1]) {
          const length = numberAt(1);
          end = start?.anchor === 'start' && length !== undefined ? shifted(start, length) : undefined;
        }
        if (!cutMayHoldUserinfo(start, end)) return undefined;
        // A cut from the start is a prefix: the landmarks still hold.
        return secret(receiver, start?.anchor === 'start' && start.offset === 0 ? shape : undefined);
      }
      case 'replace':
      case 'replaceAll':
        return this.isMaskingReplace(call) ? undefined : secret(receiver);
      case 'map':
      case 'flatMap':
        return this.mappedValue(receiver, call);
      default:
        return secret(receiver);
    }
  }

  /** A position in the connection URL `receiver`, from a slice bound (secret-cuts.ts `UrlPosition`). */
  private positionIn(receiver: Value & { kind: 'secret' }, node: TSESTree.Node): UrlPosition | undefined {
    const inner = skipTypeWrappers(node);
    const number = this.statics.staticNumber(inner);
    if (number !== undefined) return number >= 0 ? { anchor: 'start', offset: number } : undefined;
    if (inner.type === AST_NODE_TYPES.BinaryExpression && (inner.operator === '+' || inner.operator === '-')) {
      const by = this.statics.staticNumber(inner.right);
      if (by === undefined) return undefined;
      return shifted(this.positionIn(receiver, inner.left), inner.operator === '+' ? by : -by);
    }
    if (inner.type !== AST_NODE_TYPES.CallExpression || inner.callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = this.statics.propertyName(inner.callee);
    const argument = inner.arguments[0];
    if ((method !== 'indexOf' && method !== 'lastIndexOf') || !argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
    // The index must be taken in the same secret, not in some other string.
    const searched = this.evaluation.valueOf(inner.callee.object);
    if (searched?.kind !== 'secret' || searched.source !== receiver.source || searched.shape?.kind !== 'url') return undefined;
    const search = this.statics.staticString(argument);
    return search === undefined ? undefined : positionOfSearch(search, method);
  }

  /**
   * A validated copy of the environment: `createEnv({...})`, `cleanEnv(process.env, specs)`,
   * `schema.parse(process.env)`, `v.parse(schema, process.env)`, `schema.safeParse(process.env)`
   * (its `data`). A schema's `parse` counts only when it is given the environment.
   */
  private typedEnvCall(call: TSESTree.CallExpression): Value | undefined {
    const name = this.statics.calleeName(call.callee);
    if (name === undefined) return undefined;
    if (ENV_VALIDATORS.has(name)) return { kind: 'typedEnv', origin: `${name}()` };
    if (!SCHEMA_PARSE_METHODS.has(name) && !SCHEMA_SAFE_PARSE_METHODS.has(name)) return undefined;
    const givenEnvironment = call.arguments.some((argument) => {
      const value = argument.type === AST_NODE_TYPES.SpreadElement ? undefined : this.evaluation.valueOf(argument);
      return value?.kind === 'env' || value?.kind === 'typedEnv';
    });
    if (!givenEnvironment) return undefined;
    const typedEnv: Value = { kind: 'typedEnv', origin: `${name}(process.env)` };
    return SCHEMA_SAFE_PARSE_METHODS.has(name) ? { kind: 'object', props: new Map([['data', typedEnv]]), others: [] } : typedEnv;
  }

  /** `.map(cb)` over a secret-carrying array: secret when the callback returns a secret. */
  private mappedValue(receiver: Value, call: TSESTree.CallExpression): Value | undefined {
    const callback = call.arguments[0];
    if (!callback || (callback.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback.type !== AST_NODE_TYPES.FunctionExpression)) {
      const found = carried(receiver);
      return found ? secret(found) : undefined;
    }
    for (const returned of this.returnedExpressions(callback)) {
      const found = carried(this.evaluation.valueOf(returned));
      if (found) return secret(found);
    }
    return undefined;
  }

  /** The expressions a function returns: an arrow's expression body, or top-level `return`s of its block. */
  private returnedExpressions(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): TSESTree.Node[] {
    if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
    return fn.body.body.flatMap((statement) =>
      statement.type === AST_NODE_TYPES.ReturnStatement && statement.argument ? [statement.argument] : [],
    );
  }

  private builtinCall(name: string, args: readonly TSESTree.CallExpressionArgument[]): Value | undefined {
    const first = args[0];
    const firstValue = first && first.type !== AST_NODE_TYPES.SpreadElement ? this.evaluation.valueOf(first) : undefined;
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
          const found = carried(this.evaluation.valueOf(argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument));
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
          const value = this.evaluation.valueOf(argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument);
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
        const source = first ? this.statics.staticString(first) : undefined;
        return source === undefined ? undefined : this.evaluation.moduleValue(source, '*');
      }
      default:
        return undefined;
    }
  }

  newValue(node: TSESTree.NewExpression): Value | undefined {
    if (this.evaluation.isMaskCall(node)) return undefined;
    const callee = this.evaluation.valueOf(node.callee);
    if (callee?.kind !== 'builtin') return undefined;
    if (callee.name === 'URL') {
      // `new URL(url)` or `new URL(path, base)`: either may carry the credentials.
      for (const argument of node.arguments.slice(0, 2)) {
        if (argument.type === AST_NODE_TYPES.SpreadElement) continue;
        const found = stringified(this.evaluation.valueOf(argument));
        if (found) return { kind: 'url', ...found };
      }
      return undefined;
    }
    if (callee.name === 'String') return this.builtinCall('String', node.arguments);
    return undefined;
  }

  /** `x.replace(...)` that hides the password: a masking replacement, or a pattern aimed at the user info. */
  private isMaskingReplace(call: TSESTree.CallExpression): boolean {
    const [pattern, replacement] = call.arguments;
    if (!pattern || !replacement) return false;
    if (replacement.type === AST_NODE_TYPES.ArrowFunctionExpression || replacement.type === AST_NODE_TYPES.FunctionExpression) return true;
    const replacementText = this.statics.staticString(replacement);
    if (replacementText !== undefined && MASKED_TEXT.test(replacementText)) return true;
    const patternText = this.statics.regexSource(pattern) ?? this.statics.staticString(pattern);
    if (patternText !== undefined && patternText.includes('@')) return true;
    const patternInner = skipTypeWrappers(pattern);
    if (patternInner.type === AST_NODE_TYPES.Identifier && /pass|pwd|secret|cred/i.test(patternInner.name)) return true;
    if (
      patternInner.type === AST_NODE_TYPES.MemberExpression &&
      /pass|pwd|secret|cred/i.test(this.statics.propertyName(patternInner) ?? '')
    )
      return true;
    return false;
  }
}
