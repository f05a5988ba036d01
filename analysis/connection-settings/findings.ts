import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ParsedFile } from '../ast/parsed-file.js';
import type { TextEdit } from '../edit/text-edit.js';
import type { ConnectionSettingsAnalysis, ConnectionSettingsMode, ConnectionStringSite } from './analyze-connection-settings.js';
import type { ConnectionParamOptions } from './url-params.js';
import { connectsOnlyToLocalHosts } from './connection-string.js';
import type { FlatString, LiteralCarrier } from './string-flow.js';
import type { UrlObjectSite } from './url-objects.js';

/**
 * The findings of the connection-settings rules, and where they point: the exact characters
 * of a parameter when one literal writes them, else the literal holding them, else the whole
 * string.
 */

export type ConnectionParamsMessageId =
  | 'missingParams'
  | 'connectionLimit'
  | 'connectTimeout'
  | 'secondQuestionMark'
  | 'fallbackValue'
  | 'ignoredByDriverAdapter'
  | 'missingPoolOptions'
  | 'poolMax'
  | 'poolConnectionTimeout'
  | 'poolSizeIgnored';

export type ConnectionParamsSuggestionId = 'setConnectionParams' | 'setPoolOptions';

export type SslModeMessageId = 'sslModeDisable' | 'sslFalse';
export type SslModeSuggestionId = 'useSslModeRequire' | 'useSslTrue';

export interface ConnectionFinding<MessageId extends string, SuggestionId extends string> {
  messageId: MessageId;
  start: number;
  end: number;
  data: Record<string, string>;
  suggestion?: { messageId: SuggestionId; data: Record<string, string>; edits: TextEdit[] };
  /** Why there is no suggestion (the transform leaves the finding with this reason). */
  noFixReason?: string;
}

export interface ConnectionParamsCheck extends ConnectionParamOptions {
  mode: ConnectionSettingsMode;
}

export type ConnectionParamsFinding = ConnectionFinding<ConnectionParamsMessageId, ConnectionParamsSuggestionId>;
export type SslModeFinding = ConnectionFinding<SslModeMessageId, SslModeSuggestionId>;

export function innermostOwner(flat: FlatString, index: number): LiteralCarrier | undefined {
  return flat.owners[index]?.at(-1);
}

/** The source range of `[start, end)` of the flat text, when one literal writes it without escapes. */
export function sourceRangeOf(flat: FlatString, start: number, end: number): [number, number] | undefined {
  if (start >= end) return undefined;
  const first = flat.offsets[start]!;
  const owner = innermostOwner(flat, start);
  if (first < 0) return undefined;
  for (let index = start; index < end; index += 1) {
    if (flat.offsets[index] !== first + (index - start) || innermostOwner(flat, index) !== owner) return undefined;
  }
  return [first, first + (end - start)];
}

/** Where to report `[start, end)` of a site: the exact characters, else the literal holding them, else the whole value. */
export function reportRange(site: ConnectionStringSite, start: number, end: number): [number, number] {
  return sourceRangeOf(site.flat, start, end) ?? innermostOwner(site.flat, start)?.range ?? site.value.range;
}

/** Missing parameters belong to the literal that opens the query (`'?pool_timeout=20'`), else to the whole string. */
export function missingParamsRange(site: ConnectionStringSite): [number, number] {
  const { queryStart } = site.parsed;
  const owner = queryStart === undefined ? undefined : innermostOwner(site.flat, queryStart);
  return owner?.range ?? site.value.range;
}

export function quoteOf(file: ParsedFile, flat: FlatString): string {
  for (const owners of flat.owners) {
    for (const owner of owners) {
      const first = file.sourceText[owner.range[0]];
      if (owner.type === AST_NODE_TYPES.Literal && (first === "'" || first === '"')) return first;
    }
  }
  return "'";
}

export function quotedLike(file: ParsedFile, node: TSESTree.Node | undefined, text: string): string {
  const first = node ? file.sourceText[node.range[0]] : undefined;
  const quote = first === '"' || first === '`' ? first : "'";
  return `${quote}${text}${quote}`;
}

export function dedupeFindings<F extends ConnectionFinding<string, string>>(findings: F[]): F[] {
  const seen = new Set<string>();
  return findings
    .filter((finding) => {
      const key = `${finding.messageId}:${finding.start}:${finding.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

export function checkedSites(analysis: ConnectionSettingsAnalysis): ConnectionStringSite[] {
  return analysis.sites.filter((site) => site.isConnectionString && !site.isShadow && !connectsOnlyToLocalHosts(site.parsed));
}

export function managesSearchParams(urlObject: UrlObjectSite | undefined): boolean {
  return urlObject !== undefined && urlObject.operations.length > 0 && !urlObject.replacesQuery;
}
