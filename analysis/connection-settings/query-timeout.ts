import type { ObjectOptions } from '../ast/object-options.js';
import { staticOptionValue } from '../ast/object-options.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { appendPropertiesEdits } from '../edit/object-literal-edits.js';
import type { TextEdit } from '../edit/text-edit.js';
import type {
  ConnectionSettingsAnalysis,
  ConnectionSettingsMode,
  ConnectionStringSite,
  PgConstructorSite,
} from './analyze-connection-settings.js';
import { connectsOnlyToLocalHosts, parseConnectionString, type ParsedConnectionString } from './connection-string.js';
import { checkedSites, dedupeFindings, managesSearchParams, missingParamsRange, reportRange, type ConnectionFinding } from './findings.js';
import { millisecondsLiteral, poolTargetsLocalHost } from './pool-options.js';
import { dropUnsafeFixes, mapSiteEdits, UNMAPPED_FIX_REASON, type SiteFix } from './site-fixes.js';
import { flattenString } from './string-flow.js';
import { appendParamEdit } from './url-params.js';

/**
 * The `require-query-timeout` detection: a client-side bound on each query, without which a
 * connection the network dropped silently (no FIN, no RST: a thawed Lambda whose NAT mapping
 * expired) takes the query and never answers, so no error comes and no retry can start until
 * the Lambda times out. `statement_timeout` runs on the server and cannot help; TCP keepalive
 * does not cover a query waiting for its answer. The bound is pg's `query_timeout` on the
 * driver-adapter pool (measured: test/runtime/fault-scenarios.ts, "silent drops"), and on
 * Prisma ≤ 6 with the Rust engine the URL's `socket_timeout` in seconds (documented by Prisma;
 * ../shared/FACTS.md).
 *
 * How long is right depends on the slowest query of the function, which the code does not show,
 * so the fix is written only with a value the user chose (the rule's `queryTimeoutMillis`);
 * without one, the editor still offers it with the default, for a human to judge.
 */

/** The bound the suggestion offers when the user chose none: longer than any web request's query, shorter than API Gateway's 29 s. */
export const DEFAULT_QUERY_TIMEOUT_MILLIS = 10_000;

export type QueryTimeoutMessageId = 'missingQueryTimeout' | 'unboundedQueryTimeout' | 'missingSocketTimeout' | 'unboundedSocketTimeout';
export type QueryTimeoutSuggestionId = 'setQueryTimeout' | 'setSocketTimeout';
export type QueryTimeoutFinding = ConnectionFinding<QueryTimeoutMessageId, QueryTimeoutSuggestionId>;

export interface QueryTimeoutCheck {
  mode: ConnectionSettingsMode;
  /** The bound the fix writes, in milliseconds (the URL form rounds up to whole seconds). */
  queryTimeoutMillis: number;
  /** The user chose {@link queryTimeoutMillis}: the codemod may write it. */
  valueChosenByUser: boolean;
}

const NO_CHOSEN_VALUE_REASON =
  'the bound must outlast the slowest query this code runs, which the code does not show: set it by hand, or give `require-query-timeout` a `queryTimeoutMillis` option in your ESLint config and run the CLI again';

/** `socket_timeout` is in whole seconds. */
export function socketTimeoutSeconds(check: Pick<QueryTimeoutCheck, 'queryTimeoutMillis'>): number {
  return Math.max(1, Math.ceil(check.queryTimeoutMillis / 1000));
}

export function queryTimeoutFindings(analysis: ConnectionSettingsAnalysis, check: QueryTimeoutCheck): QueryTimeoutFinding[] {
  const findings = check.mode === 'url' ? urlModeFindings(analysis, check) : adapterModeFindings(analysis, check);
  const noFixReason = check.valueChosenByUser ? undefined : NO_CHOSEN_VALUE_REASON;
  return dedupeFindings(
    findings.map((finding) => (finding.noFixReason === undefined && noFixReason ? { ...finding, noFixReason } : finding)),
  );
}

/** A positive whole number of seconds or milliseconds written out; 0 turns the bound off. */
function isBound(value: string): boolean {
  return /^\d+$/.test(value) && Number(value) > 0;
}

function urlModeFindings(analysis: ConnectionSettingsAnalysis, check: QueryTimeoutCheck): QueryTimeoutFinding[] {
  const { file } = analysis;
  const seconds = String(socketTimeoutSeconds(check));
  const sites = checkedSites(analysis).filter((site) => !site.feedsPgDirectly && !site.isEmptyOptionsFragment);
  const wanted = new Map<ConnectionStringSite, { messageId: QueryTimeoutMessageId; range: [number, number]; value?: string }>();
  const fixes = new Map<ConnectionStringSite, SiteFix | undefined>();
  for (const site of sites) {
    const { parsed } = site;
    const written = parsed.params.find((param) => param.key === 'socket_timeout');
    if (written) {
      if (written.value === undefined || isBound(written.value)) continue;
      wanted.set(site, { messageId: 'unboundedSocketTimeout', range: reportRange(site, written.start, written.end), value: written.value });
      fixes.set(
        site,
        mapSiteEdits(file, site, [{ start: written.valueStart, end: written.end, text: written.hasEquals ? seconds : `=${seconds}` }]),
      );
      continue;
    }
    if (parsed.queryMayHideInPlaceholder || parsed.extendsBaseQuery || managesSearchParams(site.urlObject)) continue;
    wanted.set(site, { messageId: 'missingSocketTimeout', range: missingParamsRange(site) });
    fixes.set(site, mapSiteEdits(file, site, [appendParamEdit(parsed, `socket_timeout=${seconds}`)]));
  }
  const dropReasons = dropUnsafeFixes(file, fixes, analysis.sites);
  return [...wanted].map(([site, { messageId, range, value }]): QueryTimeoutFinding => {
    const fix = fixes.get(site);
    const data: Record<string, string> = value === undefined ? { seconds } : { seconds, value };
    return {
      messageId,
      start: range[0],
      end: range[1],
      data,
      suggestion: fix && fix.edits.length > 0 ? { messageId: 'setSocketTimeout', data: { seconds }, edits: fix.edits } : undefined,
      noFixReason: fix ? undefined : (dropReasons.get(site) ?? UNMAPPED_FIX_REASON),
    };
  });
}

/**
 * Whether a connection string sets pg's `query_timeout` in its query (pg reads it there too).
 * A URL that comes whole from the environment is taken not to: the bound belongs in the code,
 * where the review sees it.
 */
function connectionStringSetsBound(parsed: ParsedConnectionString): boolean {
  const written = parsed.params.find((param) => param.key === 'query_timeout');
  return written !== undefined && (written.value === undefined || isBound(written.value));
}

function adapterModeFindings(analysis: ConnectionSettingsAnalysis, check: QueryTimeoutCheck): QueryTimeoutFinding[] {
  if (!analysis.usesDriverAdapter && !analysis.usesPrisma) return [];
  const { file } = analysis;
  return analysis.pgConstructors.flatMap((site) => (site.kind === 'Client' ? [] : poolQueryTimeoutFindings(file, site, check)));
}

function poolQueryTimeoutFindings(file: ParsedFile, site: PgConstructorSite, check: QueryTimeoutCheck): QueryTimeoutFinding[] {
  const option = `query_timeout: ${millisecondsLiteral(check.queryTimeoutMillis / 1000)}`;
  const data = { option };
  const suggestion = (edits: TextEdit[]) => ({ messageId: 'setQueryTimeout' as const, data, edits });
  const { argument, construction } = site;
  switch (argument.kind) {
    case 'none': {
      const open = file.sourceText.indexOf('(', construction.callee.range[1]);
      const hasParens = open >= 0 && open < construction.range[1];
      const edits: TextEdit[] = hasParens
        ? [{ start: open + 1, end: construction.range[1] - 1, text: `{ ${option} }` }]
        : [{ start: construction.range[1], end: construction.range[1], text: `({ ${option} })` }];
      return [
        { messageId: 'missingQueryTimeout', start: construction.range[0], end: construction.range[1], data, suggestion: suggestion(edits) },
      ];
    }
    case 'connectionString': {
      if (site.kind !== 'PrismaPg') return [];
      const parsed = parseConnectionString(flattenString(file, argument.node).text);
      if (connectsOnlyToLocalHosts(parsed) || connectionStringSetsBound(parsed)) return [];
      const [start, end] = argument.node.range;
      const text = `{ connectionString: ${file.sourceText.slice(start, end)}, ${option} }`;
      return [{ messageId: 'missingQueryTimeout', start, end, data, suggestion: suggestion([{ start, end, text }]) }];
    }
    case 'options':
      return optionsQueryTimeoutFindings(file, argument.options, option, suggestion);
    default:
      return [];
  }
}

function optionsQueryTimeoutFindings(
  file: ParsedFile,
  options: ObjectOptions,
  option: string,
  suggestion: (edits: TextEdit[]) => QueryTimeoutFinding['suggestion'],
): QueryTimeoutFinding[] {
  if (poolTargetsLocalHost(file, options)) return [];
  const data = { option };
  const entry = options.entries.get('query_timeout');
  if (entry) {
    const value = staticOptionValue(file.scopeManager, entry);
    if (typeof value !== 'number' || value > 0) return [];
    // 0 (pg's default) waits forever. A value a later spread may replace is left to the spread.
    const property = options.written.get('query_timeout');
    const edits =
      property && property.value === entry.value
        ? [{ start: entry.value.range[0], end: entry.value.range[1], text: option.slice(option.indexOf(':') + 2) }]
        : [];
    return [
      {
        messageId: 'unboundedQueryTimeout',
        start: entry.value.range[0],
        end: entry.value.range[1],
        data: { ...data, value: String(value) },
        suggestion: edits.length > 0 ? suggestion(edits) : undefined,
        noFixReason: edits.length > 0 ? undefined : '`query_timeout` comes from a spread object: set it where that object is written',
      },
    ];
  }
  // Set on some runs only (a conditional spread), or possibly by an object the file does not show.
  if (options.maybeEntries.has('query_timeout') || options.hasUnknownEntries) return [];
  const connectionString = options.entries.get('connectionString');
  if (connectionString) {
    const parsed = parseConnectionString(flattenString(file, connectionString.value).text);
    if (connectionStringSetsBound(parsed)) return [];
  }
  return [
    {
      messageId: 'missingQueryTimeout',
      start: options.object.range[0],
      end: options.object.range[1],
      data,
      suggestion: suggestion(appendPropertiesEdits(file.sourceText, options.object, [option])),
    },
  ];
}
