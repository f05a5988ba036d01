import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getStaticValue } from '@typescript-eslint/utils/ast-utils';
import type { ParsedFile } from '../ast/parsed-file.js';
import { memberName } from '../ast/names.js';
import { scopeOf } from '../ast/scope.js';
import { visitNodes } from '../ast/tree.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import type { ConnectionStringSite } from './analyze-connection-settings.js';
import type { ConnectionParam } from './connection-string.js';
import { describeExpression } from './string-flow.js';
import {
  isAcceptedConnectionLimit,
  isAcceptedConnectTimeout,
  recommendedValue,
  type ConnectionParamOptions,
  type RequiredConnectionParam,
} from './url-params.js';

/**
 * Connection parameters whose value comes from the environment with a written fallback
 * (`connection_limit=${process.env.PRISMA_CONNECTION_LIMIT || 5}`, `|| ''`): the value is
 * unknown, but the fallback is what every deployment that does not set the variable gets.
 * A wrong fallback is reported; it is never rewritten, since which value the deployment
 * really runs with depends on a variable this file does not show.
 */

export interface FallbackValueProblem {
  key: RequiredConnectionParam;
  /** The written fallback (`5`, `''`). */
  fallback: string;
  /** What the value is read from when set (`PRISMA_CONNECTION_LIMIT`). */
  source: string;
  /** The fallback expression, where the finding points. */
  node: TSESTree.Node;
}

/** `a || b` / `a ?? b` with a fallback `b` the file pins. */
function fallbackOf(file: ParsedFile, node: TSESTree.Node): { fallback: string; source: TSESTree.Node; node: TSESTree.Node } | undefined {
  const inner = skipTypeWrappers(node);
  if (inner.type !== AST_NODE_TYPES.LogicalExpression || (inner.operator !== '||' && inner.operator !== '??')) return undefined;
  const folded = getStaticValue(inner.right, scopeOf(file.scopeManager, inner.right));
  if (!folded || (typeof folded.value !== 'string' && typeof folded.value !== 'number')) return undefined;
  return { fallback: String(folded.value), source: inner.left, node: inner.right };
}

function isAccepted(key: RequiredConnectionParam, value: string, options: ConnectionParamOptions): boolean {
  return key === 'connection_limit' ? isAcceptedConnectionLimit(value, options) : isAcceptedConnectTimeout(value, options);
}

/** `connection_limit`/`connect_timeout` values that are one placeholder with a wrong written fallback. */
export function fallbackValueProblems(
  file: ParsedFile,
  site: ConnectionStringSite,
  options: ConnectionParamOptions,
): FallbackValueProblem[] {
  const problems: FallbackValueProblem[] = [];
  for (const param of site.parsed.params) {
    if (param.value !== undefined || (param.key !== 'connection_limit' && param.key !== 'connect_timeout')) continue;
    const placeholder = wholeValuePlaceholder(site, param);
    const found = placeholder ? fallbackOf(file, placeholder) : undefined;
    if (!found || isAccepted(param.key, found.fallback, options)) continue;
    problems.push({ key: param.key, fallback: found.fallback, source: describeExpression(found.source), node: found.node });
  }
  return problems;
}

/** The expression behind a parameter's value when one placeholder is the whole value. */
function wholeValuePlaceholder(site: ConnectionStringSite, param: ConnectionParam): TSESTree.Node | undefined {
  const inValue = site.flat.placeholders.filter((placeholder) => placeholder.start >= param.valueStart && placeholder.end <= param.end);
  const [only] = inValue;
  return inValue.length === 1 && only!.start === param.valueStart && only!.end === param.end ? only!.node : undefined;
}

/** The message data of a fallback problem. */
export function fallbackValueData(problem: FallbackValueProblem, options: ConnectionParamOptions): Record<string, string> {
  return {
    key: problem.key,
    fallback: problem.fallback === '' ? 'an empty value' : `\`${problem.fallback}\``,
    source: problem.source,
    recommended: recommendedValue(problem.key, options),
  };
}

/** The text gate of {@link namedEnvFallbackProblems}: it walks the whole tree, so only files that name such a variable. */
export function mayHoldNamedEnvFallback(text: string): boolean {
  return text.includes('process') && /CONNECTION_LIMIT|CONNECT_TIMEOUT/i.test(text);
}

/** `process.env.NAME` / `process.env['NAME']`: the variable's name. */
function processEnvName(node: TSESTree.Node): string | undefined {
  const inner = skipTypeWrappers(node);
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const object = skipTypeWrappers(inner.object);
  if (object.type !== AST_NODE_TYPES.MemberExpression || memberName(object) !== 'env') return undefined;
  const root = skipTypeWrappers(object.object);
  return root.type === AST_NODE_TYPES.Identifier && root.name === 'process' ? memberName(inner) : undefined;
}

/** The parameter an environment variable's name says it holds (`PRISMA_CONNECTION_LIMIT`, `DB_CONNECT_TIMEOUT`). */
function paramNamedBy(variable: string): RequiredConnectionParam | undefined {
  if (/(?:^|_)CONNECTION_LIMIT$/i.test(variable)) return 'connection_limit';
  if (/(?:^|_)CONNECT_TIMEOUT$/i.test(variable)) return 'connect_timeout';
  return undefined;
}

/**
 * Wrong fallbacks of variables named after a connection parameter, wherever the file writes
 * them: `const limit = process.env.PRISMA_CONNECTION_LIMIT || 5` handed to an SST
 * `Config.Parameter` or a function's environment reaches the URL where this file cannot follow
 * it, and the name says what the value is for.
 */
export function namedEnvFallbackProblems(file: ParsedFile, options: ConnectionParamOptions): FallbackValueProblem[] {
  const problems: FallbackValueProblem[] = [];
  if (!mayHoldNamedEnvFallback(file.sourceText)) return problems;
  visitNodes(file.program, (node) => {
    if (node.type !== AST_NODE_TYPES.LogicalExpression) return;
    const variable = processEnvName(node.left);
    const key = variable === undefined ? undefined : paramNamedBy(variable);
    if (key === undefined) return;
    const found = fallbackOf(file, node);
    if (!found || isAccepted(key, found.fallback, options)) return;
    problems.push({ key, fallback: found.fallback, source: describeExpression(found.source), node: found.node });
  });
  return problems;
}
