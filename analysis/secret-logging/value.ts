import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { SecretSource } from './findings.js';
import type { SecretShape } from './secret-cuts.js';

/** The value of an expression as far as secrets go; `undefined` means "carries nothing we track". */
export type Value =
  | ({ kind: 'secret'; shape?: SecretShape | undefined } & SecretSource)
  | ({ kind: 'url' } & SecretSource)
  | { kind: 'searchParams' }
  | { kind: 'env' }
  /** A validated copy of the environment: a typed env module's export, `createEnv()`, `cleanEnv()`, `schema.parse(process.env)`. */
  | { kind: 'typedEnv'; origin: string }
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

export const ENVIRONMENT: SecretSource = { source: 'process.env', sourceKind: 'environment' };

/** A secret value from `source`; `shape` only where the operation keeps what is known of its text (see secret-cuts.ts). */
export function secret(source: SecretSource, shape?: SecretShape): Value {
  return { kind: 'secret', source: source.source, sourceKind: source.sourceKind, origin: source.origin, shape };
}

/** What printing the value (console.log, JSON.stringify, util.inspect) reveals. */
export function carried(value: Value | undefined): SecretSource | undefined {
  if (value === undefined) return undefined;
  switch (value.kind) {
    case 'secret':
    case 'url':
      return { source: value.source, sourceKind: value.sourceKind, origin: value.origin };
    case 'typedEnv':
      return { source: value.origin, sourceKind: 'environment', origin: value.origin };
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
export function stringified(value: Value | undefined): SecretSource | undefined {
  if (value === undefined || value.kind === 'env' || value.kind === 'typedEnv' || value.kind === 'process' || value.kind === 'object')
    return undefined;
  return carried(value);
}

/** The more revealing of two possible values of one expression (flow-insensitive union). */
export function union(a: Value | undefined, b: Value | undefined): Value | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (carried(a)) return a;
  if (carried(b)) return b;
  return a;
}

/** What the parts of the evaluator ask of the whole (see `SecretEvaluator`). */
export interface Evaluation {
  valueOf(node: TSESTree.Node): Value | undefined;
  /** The value of `object.name` (`computedKey`: the key expression of `object[key]`). */
  member(object: Value, name: string | undefined, computedKey: TSESTree.Node | undefined): Value | undefined;
  /** An element of a list-like value (`Object.entries(process.env)[i]`). */
  elementOf(value: Value | undefined): Value | undefined;
  /** What `import x from source` (`'*'`) or `import { name } from source` gives. */
  moduleValue(source: string, name: string): Value | undefined;
  /** `secret[index]`, `.at(index)`, `.pop()` (`'last'`) of a secret string or split array. */
  secretAt(value: Value & { kind: 'secret' }, index: number | 'last'): Value | undefined;
  /** A call of a helper named like `maskUrl`: its result hides the secret. */
  isMaskCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean;
}
