import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { getStaticValue } from '@typescript-eslint/utils/ast-utils';
import { memberName } from '../ast/names.js';
import { scopeOf, type ScopeManager } from '../ast/scope.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { constructClassOf } from './construct-class.js';

/**
 * How long a duration the file pins is, in milliseconds: CDK's `Duration.seconds(30)` (any of
 * its unit factories, `cdk.Duration`, a constant argument), SST's `"30 seconds"` /
 * `"1 minute"` strings, and a bare number of seconds (SST v2, the Serverless Framework).
 */

const MS_PER_UNIT: Readonly<Record<string, number>> = {
  millis: 1,
  seconds: 1_000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

/** SST's duration strings: `"10 seconds"`, `"1 minute"`, `"900 second"`, `"2 hours"`. */
const DURATION_TEXT = /^\s*(\d+(?:\.\d+)?)\s*(second|minute|hour|day)s?\s*$/;
const MS_PER_WORD: Readonly<Record<string, number>> = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** A duration the file pins: its length and the expression that writes it. */
export interface PinnedDuration {
  ms: number;
  node: TSESTree.Node;
  /** How it is written, so a suggestion writes the new value the same way. */
  form: { kind: 'cdk'; durationText: string } | { kind: 'text'; quote: string } | { kind: 'seconds' };
}

function staticValue(scopeManager: ScopeManager, node: TSESTree.Node): unknown {
  const folded = getStaticValue(node as TSESTree.Expression, scopeOf(scopeManager, node));
  return folded ? folded.value : undefined;
}

/** `Duration.seconds(3)`: the unit factory's name and the `Duration` text, or `undefined`. */
export function cdkDurationCall(
  scopeManager: ScopeManager,
  node: TSESTree.Node,
): { unit: string; call: TSESTree.CallExpression } | undefined {
  const call = skipTypeWrappers(node);
  if (call.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return undefined;
  const unit = memberName(call.callee);
  if (unit === undefined || !(unit in MS_PER_UNIT)) return undefined;
  const owner = constructClassOf(scopeManager, call.callee.object);
  if (owner?.module !== 'core' || owner.name !== 'Duration') return undefined;
  return { unit, call };
}

/** The duration `node` pins, or `undefined` when the file does not show it. */
export function pinnedDuration(scopeManager: ScopeManager, sourceText: string, node: TSESTree.Node): PinnedDuration | undefined {
  const cdk = cdkDurationCall(scopeManager, node);
  if (cdk !== undefined) {
    const argument = cdk.call.arguments[0];
    const amount = argument === undefined || argument.type === 'SpreadElement' ? undefined : staticValue(scopeManager, argument);
    if (typeof amount !== 'number' || !Number.isFinite(amount)) return undefined;
    const callee = cdk.call.callee as TSESTree.MemberExpression;
    const durationText = sourceText.slice(callee.object.range[0], callee.object.range[1]);
    return { ms: amount * MS_PER_UNIT[cdk.unit]!, node: cdk.call, form: { kind: 'cdk', durationText } };
  }
  const value = staticValue(scopeManager, node);
  if (typeof value === 'number' && Number.isFinite(value)) return { ms: value * 1_000, node, form: { kind: 'seconds' } };
  if (typeof value === 'string') {
    const match = DURATION_TEXT.exec(value);
    if (!match) return undefined;
    const inner = skipTypeWrappers(node);
    const quote = inner.type === 'Literal' ? sourceText[inner.range[0]]! : '"';
    return { ms: Number(match[1]) * MS_PER_WORD[match[2]!]!, node, form: { kind: 'text', quote } };
  }
  return undefined;
}

/** How a duration of `seconds` is written in the form of `like` (`Duration.seconds(25)`, `"25 seconds"`, `25`). */
export function durationText(like: PinnedDuration['form'], seconds: number): string {
  const minutes = seconds % 60 === 0 ? seconds / 60 : undefined;
  switch (like.kind) {
    case 'cdk':
      return minutes === undefined ? `${like.durationText}.seconds(${seconds})` : `${like.durationText}.minutes(${minutes})`;
    case 'text': {
      const text = minutes === undefined ? `${seconds} seconds` : `${minutes} minute${minutes === 1 ? '' : 's'}`;
      return `${like.quote}${text}${like.quote}`;
    }
    case 'seconds':
      return String(seconds);
  }
}
