import { applyTextEdits, type TextEdit } from '../edit/text-edit.js';
import { parseConnectionString, type ConnectionParam, type ParsedConnectionString } from './connection-string.js';

/**
 * What is wrong with the connection settings a connection string's query carries, and the
 * smallest edits that fix them. Why these settings: on Lambda each instance serves one
 * request at a time, so Prisma ≤ 6 (Rust engine) needs one connection (`connection_limit=1`,
 * https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/databases-connections#serverless-environments-faas),
 * and Aurora Serverless v2 resuming from 0 ACU holds the TCP connect ~15 s or longer, so
 * `connect_timeout` (default 5 s) must be at least ~30 s (see ../shared/FACTS.md).
 */

/** The two parameters the Prisma ≤ 6 URL form needs on Lambda. */
export type RequiredConnectionParam = 'connection_limit' | 'connect_timeout';

export interface ConnectionParamOptions {
  /** Largest acceptable `connection_limit` (and pg `max`). */
  maxConnectionLimit: number;
  /** Smallest acceptable `connect_timeout` in seconds (pg `connectionTimeoutMillis` / 1000). */
  minConnectTimeoutSeconds: number;
}

export const DEFAULT_CONNECTION_PARAM_OPTIONS: Readonly<ConnectionParamOptions> = {
  maxConnectionLimit: 1,
  minConnectTimeoutSeconds: 30,
};

/**
 * URL parameters Prisma's Rust engine reads but a driver adapter ignores (measured with
 * `@prisma/adapter-pg`, ../shared/FACTS.md), with what to set instead.
 */
export const DRIVER_ADAPTER_IGNORED_PARAMS: ReadonlyMap<string, string> = new Map([
  ['connection_limit', '`max` on the PrismaPg/Pool options'],
  ['connect_timeout', '`connectionTimeoutMillis` on the PrismaPg/Pool options'],
  ['pool_timeout', '`connectionTimeoutMillis` on the PrismaPg/Pool options'],
  ['schema', 'the `schema` option: `new PrismaPg(config, { schema })`'],
]);

export type ConnectionParamProblem =
  | { kind: 'missing'; params: RequiredConnectionParam[] }
  | { kind: 'connection_limit'; param: ConnectionParam; value: string }
  | { kind: 'connect_timeout'; param: ConnectionParam; value: string }
  | { kind: 'secondQuestionMark'; index: number; swallowedKey: string | undefined };

export function isAcceptedConnectionLimit(value: string, options: ConnectionParamOptions): boolean {
  return /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= options.maxConnectionLimit;
}

export function isAcceptedConnectTimeout(value: string, options: ConnectionParamOptions): boolean {
  // 0 means "no timeout" to Prisma: a resume then waits until the Lambda itself times out.
  return /^\d+$/.test(value) && Number(value) >= options.minConnectTimeoutSeconds;
}

/**
 * What is wrong with the Prisma ≤ 6 connection settings of a parsed string: a missing
 * `connection_limit`/`connect_timeout` (only when absence is certain), values outside the
 * options, and each stray `?`. Unknown values (placeholders) are never reported.
 */
export function connectionParamProblems(
  parsed: ParsedConnectionString,
  options: ConnectionParamOptions = DEFAULT_CONNECTION_PARAM_OPTIONS,
): ConnectionParamProblem[] {
  const problems: ConnectionParamProblem[] = [];
  for (const index of parsed.extraQuestionMarks) {
    const swallowed = parsed.params.find((param) => param.start === index + 1);
    problems.push({ kind: 'secondQuestionMark', index, swallowedKey: swallowed?.key });
  }
  for (const param of parsed.params) {
    if (param.value === undefined) continue;
    if (param.key === 'connection_limit' && !isAcceptedConnectionLimit(param.value, options)) {
      problems.push({ kind: 'connection_limit', param, value: param.value });
    } else if (param.key === 'connect_timeout' && !isAcceptedConnectTimeout(param.value, options)) {
      problems.push({ kind: 'connect_timeout', param, value: param.value });
    }
  }
  if (!parsed.queryMayHideInPlaceholder && !parsed.extendsBaseQuery) {
    const missing = (['connection_limit', 'connect_timeout'] as const).filter((key) => !parsed.params.some((param) => param.key === key));
    if (missing.length > 0) problems.unshift({ kind: 'missing', params: missing });
  }
  return problems;
}

export function recommendedValue(key: RequiredConnectionParam, options: ConnectionParamOptions): string {
  return key === 'connection_limit' ? '1' : String(options.minConnectTimeoutSeconds);
}

/**
 * The smallest edits (offsets into `text`) that fix every {@link connectionParamProblems}:
 * a stray `?` becomes `&`, a wrong value is replaced in place, missing parameters are
 * appended to the query (a `?` opened when there is none) before any `#`. Everything else,
 * other parameters included, stays byte-identical and in order.
 */
export function connectionParamEdits(text: string, options: ConnectionParamOptions = DEFAULT_CONNECTION_PARAM_OPTIONS): TextEdit[] {
  const parsed = parseConnectionString(text);
  return editsForConnectionParamProblems(parsed, connectionParamProblems(parsed, options), options);
}

/** The edits (offsets into `parsed.text`) that fix the given problems of `parsed` (see {@link connectionParamEdits}). */
export function editsForConnectionParamProblems(
  parsed: ParsedConnectionString,
  problems: readonly ConnectionParamProblem[],
  options: ConnectionParamOptions = DEFAULT_CONNECTION_PARAM_OPTIONS,
): TextEdit[] {
  return problems.map((problem): TextEdit => {
    switch (problem.kind) {
      case 'secondQuestionMark':
        return { start: problem.index, end: problem.index + 1, text: '&' };
      case 'connection_limit':
      case 'connect_timeout': {
        const value = recommendedValue(problem.kind, options);
        const { param } = problem;
        return { start: param.valueStart, end: param.end, text: param.hasEquals ? value : `=${value}` };
      }
      case 'missing':
        return appendParamEdit(parsed, problem.params.map((key) => `${key}=${recommendedValue(key, options)}`).join('&'));
    }
  });
}

/** The edit (an offset into `parsed.text`) appending `keyValues` (`a=1&b=2`) to the query, opening one when there is none. */
export function appendParamEdit(parsed: ParsedConnectionString, keyValues: string): TextEdit {
  return { start: parsed.queryEnd, end: parsed.queryEnd, text: querySeparatorBefore(parsed) + keyValues };
}

/** What goes between the existing query and an appended parameter. */
function querySeparatorBefore(parsed: ParsedConnectionString): string {
  if (parsed.queryStart === undefined) return '?';
  const query = parsed.text.slice(parsed.queryStart + 1, parsed.queryEnd);
  return query === '' || query.endsWith('&') ? '' : '&';
}

/** `text` carrying `connection_limit=1&connect_timeout=30` (per `options`); unchanged when already right. */
export function rewriteConnectionParams(text: string, options: ConnectionParamOptions = DEFAULT_CONNECTION_PARAM_OPTIONS): string {
  return applyTextEdits(text, connectionParamEdits(text, options));
}

/** Parameters a driver adapter ignores (see {@link DRIVER_ADAPTER_IGNORED_PARAMS}). */
export function driverAdapterIgnoredParams(parsed: ParsedConnectionString): ConnectionParam[] {
  return parsed.params.filter((param) => param.key !== undefined && DRIVER_ADAPTER_IGNORED_PARAMS.has(param.key));
}

/** `sslmode=disable` parameters (TLS off). */
export function sslModeDisableParams(parsed: ParsedConnectionString): ConnectionParam[] {
  return parsed.params.filter((param) => param.key === 'sslmode' && param.value?.toLowerCase() === 'disable');
}

/** Edits turning every `sslmode=disable` into `sslmode=require`. */
export function sslModeRequireEdits(text: string): TextEdit[] {
  return sslModeDisableParams(parseConnectionString(text)).map((param) => ({ start: param.valueStart, end: param.end, text: 'require' }));
}
