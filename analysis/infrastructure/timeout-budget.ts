import type { ParsedFile } from '../ast/parsed-file.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { flattenString, parseConnectionString } from '../connection-settings/index.js';
import { appendPropertiesEdits } from '../edit/object-literal-edits.js';
import type { TextEdit } from '../edit/text-edit.js';
import { QUERY_RETRY_BUDGET_MS, RUN_MIGRATION_SCHEDULE } from '../runtime-api.js';
import { API_GATEWAY_INTEGRATION_LIMIT_MS, AURORA_RESUME_MS, PRISMA_DEFAULT_CONNECT_TIMEOUT_MS } from './aurora-facts.js';
import { durationText } from './durations.js';
import type { LambdaFunctionSite } from './lambda-functions.js';
import type { FunctionUses } from './function-uses.js';

/**
 * The arithmetic behind `no-short-lambda-timeout`: how long a function that reaches an
 * auto-pausing Aurora cluster must be allowed to run, and the finding when its timeout is
 * shorter. A query function needs more than the ~15 s resume; the suggestion gives it the
 * query retry's budget plus one connect timeout (capped at API Gateway's 29 s when it sits
 * behind an API). A deploy-time migration needs runMigration to reach its first attempt
 * after the resume and keep its safety margin; the suggestion gives it 5 minutes.
 */

export type TimeoutMessageId = 'shortQueryTimeout' | 'shortMigrationTimeout';
export type TimeoutSuggestionId = 'raiseTimeout';

export interface ShortTimeoutFinding {
  messageId: TimeoutMessageId;
  data: { construct: string; timeout: string; needed: string; arithmetic: string };
  start: number;
  end: number;
  suggestion: { messageId: TimeoutSuggestionId; data: { timeout: string }; edits: TextEdit[] } | undefined;
}

/** What a deploy-time migration function is given when the suggestion raises it (FACTS.md: "often 5 min"). */
const MIGRATION_SUGGESTED_SECONDS = 300;

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** The `connect_timeout` the function's connection string sets, in ms (0: none), or undefined when the file does not show one. */
function visibleConnectTimeoutMs(file: ParsedFile, uses: FunctionUses): number | undefined {
  for (const value of uses.connectionValues) {
    const text = flattenString(file, value).text;
    const param = parseConnectionString(text).params.find((candidate) => candidate.key === 'connect_timeout');
    if (param?.value !== undefined && /^\d+$/.test(param.value)) return Number(param.value) * 1_000;
  }
  return undefined;
}

/**
 * When runMigration's attempts start (runtime defaults) while the cluster resumes: an attempt
 * fails after one connect timeout (the resume holds the connect), then the next waits 3 s,
 * 6 s, 12 s, ... An attempt whose connect is still waiting when the resume ends succeeds.
 */
export function migrationAttemptStarts(connectTimeoutMs: number): { starts: number[]; readyAt: number | undefined } {
  const { maxRetries, baseDelayMs, maxDelayMs } = RUN_MIGRATION_SCHEDULE;
  const starts: number[] = [];
  let start = 0;
  for (let attempt = 0; attempt <= maxRetries; attempt += 1) {
    starts.push(start);
    if (start + connectTimeoutMs >= AURORA_RESUME_MS) return { starts, readyAt: Math.max(start, AURORA_RESUME_MS) };
    start += connectTimeoutMs + Math.min(baseDelayMs * 2 ** attempt, maxDelayMs);
  }
  return { starts, readyAt: undefined };
}

/** The connect timeout an attempt waits before it fails: its length and how the message names it. */
function connectTimeoutOf(connectMs: number | undefined): { ms: number; text: string } {
  if (connectMs === undefined)
    return {
      ms: PRISMA_DEFAULT_CONNECT_TIMEOUT_MS,
      text: `${seconds(PRISMA_DEFAULT_CONNECT_TIMEOUT_MS)} connect timeout (Prisma's default: the file shows no \`connect_timeout\`)`,
    };
  // connect_timeout=0: no limit, the connect waits the resume out.
  if (connectMs === 0) return { ms: AURORA_RESUME_MS, text: 'connect with no timeout (`connect_timeout=0`)' };
  return { ms: connectMs, text: `${seconds(connectMs)} connect timeout (\`connect_timeout=${connectMs / 1_000}\`)` };
}

/** Where the finding goes: the written timeout, or the construct's class name when the default applies. */
function reportRange(site: LambdaFunctionSite): [number, number] {
  const written = site.timeout.written?.node;
  if (written !== undefined && written.range[0] >= site.props.object.range[0] && written.range[1] <= site.props.object.range[1])
    return [written.range[0], written.range[1]];
  const node = site.node.type === 'NewExpression' ? site.node.callee : site.node;
  return [node.range[0], node.range[1]];
}

/** `Duration` as the file can write it (`Duration`, `cdk.Duration`), for a timeout it adds. */
function durationReferenceOf(file: ParsedFile): string | undefined {
  for (const statement of file.program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type') continue;
    if (statement.source.value !== 'aws-cdk-lib' && statement.source.value !== '@aws-cdk/core') continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type === 'ImportNamespaceSpecifier') return `${specifier.local.name}.Duration`;
      if (
        specifier.type === 'ImportSpecifier' &&
        specifier.importKind !== 'type' &&
        specifier.imported.type === 'Identifier' &&
        specifier.imported.name === 'Duration'
      )
        return specifier.local.name;
    }
  }
  return undefined;
}

function suggestionEdits(file: ParsedFile, site: LambdaFunctionSite, newSeconds: number): TextEdit[] | undefined {
  const written = site.timeout.written;
  if (written !== undefined) {
    const [start, end] = written.node.range;
    // A timeout that comes from a shared constant or the provider is not this function's to change.
    if (start < site.props.object.range[0] || end > site.props.object.range[1]) return undefined;
    return [{ start, end, text: durationText(written.form, newSeconds) }];
  }
  const argument = site.node.type === 'NewExpression' ? site.node.arguments[2] : undefined;
  // Only an object written for this one construct: a shared props constant serves others too.
  if (argument === undefined || skipTypeWrappers(argument) !== site.props.object) return undefined;
  const duration = durationReferenceOf(file);
  if (duration === undefined) return undefined;
  return appendPropertiesEdits(file.sourceText, site.props.object, [
    `timeout: ${durationText({ kind: 'cdk', durationText: duration }, newSeconds)}`,
  ]);
}

function timeoutLabel(site: LambdaFunctionSite): string {
  return site.timeout.written === undefined ? `CDK's default ${seconds(site.timeout.ms)} (no \`timeout\`)` : seconds(site.timeout.ms);
}

/** The finding for one function that reaches the database, or undefined when its timeout is long enough. */
export function shortTimeoutFinding(file: ParsedFile, site: LambdaFunctionSite, uses: FunctionUses): ShortTimeoutFinding | undefined {
  if (uses.databaseEvidence === undefined) return undefined;
  const connect = connectTimeoutOf(visibleConnectTimeoutMs(file, uses));
  const [start, end] = reportRange(site);
  const construct = `${site.label} (${uses.databaseEvidence})`;
  if (uses.runByDeploy) {
    const { starts, readyAt } = migrationAttemptStarts(connect.ms);
    if (readyAt === undefined) return undefined;
    const neededMs = readyAt + RUN_MIGRATION_SCHEDULE.safetyMarginMs;
    if (site.timeout.ms > neededMs) return undefined;
    const ordinal = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth'][starts.length - 1] ?? `${starts.length}th`;
    const schedule =
      starts.length === 1
        ? `its first attempt's ${connect.text} outlasts the resume`
        : `its ${ordinal} attempt, at ${seconds(starts.at(-1)!)}, is the first after the resume: each attempt waits out one ${connect.text}, then ${seconds(RUN_MIGRATION_SCHEDULE.baseDelayMs)}, ${seconds(2 * RUN_MIGRATION_SCHEDULE.baseDelayMs)}, ... before the next`;
    const arithmetic = `the cluster resumes in ~${seconds(AURORA_RESUME_MS)}; runMigration is ready at ${seconds(readyAt)} (${schedule}) and keeps ${seconds(RUN_MIGRATION_SCHEDULE.safetyMarginMs)} (\`safetyMarginMs\`) to report a failure: ${seconds(neededMs)} before the migration itself has run`;
    const timeout = `${MIGRATION_SUGGESTED_SECONDS / 60} minutes`;
    const edits = suggestionEdits(file, site, MIGRATION_SUGGESTED_SECONDS);
    return {
      messageId: 'shortMigrationTimeout',
      data: { construct, timeout: timeoutLabel(site), needed: `more than ${seconds(neededMs)}`, arithmetic },
      start,
      end,
      suggestion: edits && { messageId: 'raiseTimeout', data: { timeout }, edits },
    };
  }
  if (site.timeout.ms > AURORA_RESUME_MS) return undefined;
  const budgetMs = QUERY_RETRY_BUDGET_MS + connect.ms;
  const cappedMs = uses.behindApiGateway ? Math.min(budgetMs, API_GATEWAY_INTEGRATION_LIMIT_MS) : budgetMs;
  const newSeconds = Math.ceil(cappedMs / 1_000);
  let arithmetic = `the retry runtime's ${seconds(QUERY_RETRY_BUDGET_MS)} budget (\`maxElapsedMs\`) + one ${connect.text} = ${seconds(budgetMs)}`;
  if (uses.behindApiGateway) arithmetic += `; API Gateway ends the request at ${seconds(API_GATEWAY_INTEGRATION_LIMIT_MS)}`;
  const edits = suggestionEdits(file, site, newSeconds);
  return {
    messageId: 'shortQueryTimeout',
    data: { construct, timeout: timeoutLabel(site), needed: `${newSeconds} s`, arithmetic },
    start,
    end,
    suggestion: edits && { messageId: 'raiseTimeout', data: { timeout: `${newSeconds} s` }, edits },
  };
}
