import {
  expandEntryValue,
  lastEntryOf,
  referenceCount,
  referencesOf,
  type DotenvDocument,
  type DotenvEntry,
  type ExpandedValue,
} from '../dotenv/index.js';
import { textEditsOverlap, type TextEdit } from '../edit/text-edit.js';
import {
  DATABASE_URL_PARAM_KEYS,
  hasDatabaseScheme,
  isConnectionOptionsName,
  isDatabaseUrlName,
  isShadowDatabaseUrlName,
  parseConnectionString,
  type ParsedConnectionString,
} from './connection-string.js';

/**
 * The connection strings of a dotenv file, recognised with the names and schemes the code
 * rules use (connection-string.ts), and the mapping of an edit of a connection string back to
 * the dotenv text.
 *
 * A value may be assembled from other entries (`postgresql://${DATABASE_USER}:…@${DATABASE_HOST}
 * /${DATABASE_NAME}${DATABASE_OPTION}`). Its query is read with the file's values substituted
 * (dotenv-expand's, ../dotenv/expand-value.ts): with `DATABASE_OPTION=''` the URL has no
 * parameters unless the environment sets the option. Its hosts are read both ways: a
 * `${DATABASE_HOST}` the file does not set is unknown (remote), and one it sets to `localhost`
 * makes the URL a local one (dotenv-findings.ts).
 */

export interface DotenvConnectionSite {
  entry: DotenvEntry;
  /** The value with the file's entries substituted: what the settings are read from. */
  expanded: ExpandedValue;
  parsed: ParsedConnectionString;
  /** The value with every reference a placeholder: what the hosts are read from. */
  written: ParsedConnectionString;
  /** `DATABASE_OPTION=''` that no connection string of the file references: its join is elsewhere. */
  isEmptyOptionsFragment: boolean;
}

function isWholeReference(entry: DotenvEntry): boolean {
  const references = referencesOf(entry.value);
  return references.length === 1 && references[0]!.start === 0 && references[0]!.end === entry.value.length;
}

/** The connection strings of the document: the last entry of each key (dotenv keeps it), shadow databases left out. */
export function dotenvConnectionSites(document: DotenvDocument): DotenvConnectionSite[] {
  const candidates = document.entries.filter((entry) => lastEntryOf(document, entry.key) === entry && !isShadowDatabaseUrlName(entry.key));
  const sites: DotenvConnectionSite[] = [];
  const referencedByUrl = new Set<DotenvEntry>();
  for (const entry of candidates) {
    if (isConnectionOptionsName(entry.key)) continue;
    const expanded = expandEntryValue(document, entry);
    const parsed = parseConnectionString(expanded.text);
    const isUrl =
      hasDatabaseScheme(parsed) ||
      (isDatabaseUrlName(entry.key) && (parsed.schemeIsPlaceholder || (parsed.queryStart !== undefined && parsed.params.length > 0)));
    if (!isUrl) continue;
    for (const substituted of expanded.substituted) referencedByUrl.add(substituted);
    // `DATABASE_URL=${POSTGRES_URL}`: checked once, where the URL is written.
    if (isWholeReference(entry) && expanded.substituted.length > 0) continue;
    sites.push({
      entry,
      expanded,
      parsed,
      written: parseConnectionString(expandEntryValue(document, entry, false).text),
      isEmptyOptionsFragment: false,
    });
  }
  // An options fragment the file does not join to a URL (the code or the deployment does).
  for (const entry of candidates) {
    if (!isConnectionOptionsName(entry.key) || referencedByUrl.has(entry)) continue;
    const expanded = expandEntryValue(document, entry);
    const parsed = parseConnectionString(expanded.text);
    const isEmpty = expanded.text === '';
    const holdsDatabaseParams = parsed.params.some((param) => param.key !== undefined && DATABASE_URL_PARAM_KEYS.has(param.key));
    if (!isEmpty && !holdsDatabaseParams) continue;
    sites.push({
      entry,
      expanded,
      // The empty fragment is the whole query of the URL it completes: nothing else can add a setting.
      parsed: isEmpty ? { ...parsed, queryMayHideInPlaceholder: false } : parsed,
      written: parsed,
      isEmptyOptionsFragment: isEmpty,
    });
  }
  return sites.sort((a, b) => a.entry.range[0] - b.entry.range[0]);
}

/** Whether an edit may change this entry: the connection string's own, or an options entry only it references. */
function editable(document: DotenvDocument, site: DotenvConnectionSite, owner: DotenvEntry): boolean {
  return owner === site.entry || (isConnectionOptionsName(owner.key) && referenceCount(document, owner.key) === 1);
}

/** The text offset right after the last character of an entry's value, following a value that ends in `${OPTIONS}` into that entry. */
function endOfValue(document: DotenvDocument, site: DotenvConnectionSite, entry: DotenvEntry): number | undefined {
  const last = referencesOf(entry.value).at(-1);
  if (last !== undefined && last.end === entry.value.length) {
    const target = lastEntryOf(document, last.name);
    return target !== undefined && target !== entry && editable(document, site, target) ? endOfValue(document, site, target) : undefined;
  }
  if (entry.value === '') return entry.valueRange[0] + (entry.quote === undefined ? 0 : 1);
  const offset = entry.valueOffsets.at(-1)!;
  return offset < 0 ? undefined : offset + 1;
}

/** The source range of `[start, end)` of the expanded text, when one editable entry writes it without escapes. */
function dotenvSourceRange(document: DotenvDocument, site: DotenvConnectionSite, start: number, end: number): [number, number] | undefined {
  const { offsets, owners } = site.expanded;
  const first = offsets[start];
  const owner = owners[start];
  if (first === undefined || first < 0 || owner === undefined) return undefined;
  for (let index = start; index < end; index += 1) {
    if (offsets[index] !== first + (index - start) || owners[index] !== owner) return undefined;
  }
  return [first, first + (end - start)];
}

/**
 * Text edits of the file for edits of a site's expanded text, or undefined when one cannot be
 * written back safely: it would change an escape, a placeholder, or an entry other values read too.
 */
export function mapDotenvEdits(document: DotenvDocument, site: DotenvConnectionSite, edits: readonly TextEdit[]): TextEdit[] | undefined {
  const mapped: TextEdit[] = [];
  const { text, owners, offsets } = site.expanded;
  for (const edit of edits) {
    if (edit.start === text.length && edit.end === edit.start) {
      const offset = endOfValue(document, site, site.entry);
      if (offset === undefined) return undefined;
      mapped.push({ start: offset, end: offset, text: edit.text });
      continue;
    }
    const owner = owners[edit.start];
    if (owner === undefined || !editable(document, site, owner)) return undefined;
    if (edit.start === edit.end) {
      const offset = offsets[edit.start]!;
      if (offset < 0) return undefined;
      mapped.push({ start: offset, end: offset, text: edit.text });
      continue;
    }
    const range = dotenvSourceRange(document, site, edit.start, edit.end);
    if (range === undefined) return undefined;
    mapped.push({ start: range[0], end: range[1], text: edit.text });
  }
  return textEditsOverlap(mapped) ? undefined : mapped;
}

/** Where a finding about `[start, end)` of a site points: those characters when one entry writes them, else the site's value. */
export function dotenvReportRange(document: DotenvDocument, site: DotenvConnectionSite, start: number, end: number): [number, number] {
  return dotenvSourceRange(document, site, start, end) ?? site.entry.valueRange;
}
