import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isOverriddenBySpread, staticOptionValue, type ObjectOptions } from '../ast/object-options.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { appendPropertiesEdits, removePropertyEdits } from '../edit/object-literal-edits.js';
import { textEditsOverlap, type TextEdit } from '../edit/text-edit.js';
import type { PgConstructorSite } from './analyze-connection-settings.js';
import { connectsOnlyToLocalHosts, isLocalHost, parseConnectionString } from './connection-string.js';
import type { ConnectionParamsCheck, ConnectionParamsFinding } from './findings.js';
import { flattenString } from './string-flow.js';
import type { ConnectionParamOptions } from './url-params.js';

/**
 * The driver-adapter form of the connection settings: `new PrismaPg({...})` / `new Pool({...})`
 * need `max: 1` and `connectionTimeoutMillis` of at least 30 s (a `poolSize`, which pg
 * ignores, gives its place to them), unless they point at a local database.
 */

/** `30_000` for 30 seconds: the digits grouped as the docs write them. */
export function millisecondsLiteral(seconds: number): string {
  return String(seconds * 1000).replace(/\B(?=(\d{3})+$)/g, '_');
}

export function poolOptionTexts(options: ConnectionParamOptions): { max: string; timeout: string } {
  return { max: 'max: 1', timeout: `connectionTimeoutMillis: ${millisecondsLiteral(options.minConnectTimeoutSeconds)}` };
}

function calleeText(file: ParsedFile, construction: TSESTree.NewExpression): string {
  return file.sourceText.slice(construction.callee.range[0], construction.callee.range[1]);
}

/** Whether pool options point at a local database only (`host: 'localhost'`, or a local `connectionString`). */
export function poolTargetsLocalHost(file: ParsedFile, options: ObjectOptions, extraLocalHosts: readonly string[] = []): boolean {
  const host = options.entries.get('host');
  if (host) {
    const value = staticOptionValue(file.scopeManager, host);
    return typeof value === 'string' && value.split(',').every((entry) => isLocalHost(entry, extraLocalHosts));
  }
  const connectionString = options.entries.get('connectionString');
  if (!connectionString) return false;
  return connectsOnlyToLocalHosts(parseConnectionString(flattenString(file, connectionString.value).text), extraLocalHosts);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

export function poolFindings(file: ParsedFile, site: PgConstructorSite, check: ConnectionParamsCheck): ConnectionParamsFinding[] {
  const texts = poolOptionTexts(check);
  const optionsDescription = `\`${texts.max}\` and \`${texts.timeout}\``;
  const callee = calleeText(file, site.construction);
  const { argument } = site;
  if (argument.kind === 'none') {
    const open = file.sourceText.indexOf('(', site.construction.callee.range[1]);
    const hasParens = open >= 0 && open < site.construction.range[1];
    const edits: TextEdit[] = hasParens
      ? [{ start: open + 1, end: site.construction.range[1] - 1, text: `{ ${texts.max}, ${texts.timeout} }` }]
      : [{ start: site.construction.range[1], end: site.construction.range[1], text: `({ ${texts.max}, ${texts.timeout} })` }];
    return [
      {
        messageId: 'missingPoolOptions',
        start: site.construction.range[0],
        end: site.construction.range[1],
        data: { callee, options: optionsDescription },
        suggestion: { messageId: 'setPoolOptions', data: { options: optionsDescription }, edits },
      },
    ];
  }
  if (argument.kind === 'connectionString') {
    if (site.kind !== 'PrismaPg') return [];
    if (connectsOnlyToLocalHosts(parseConnectionString(flattenString(file, argument.node).text))) return [];
    const argumentText = file.sourceText.slice(argument.node.range[0], argument.node.range[1]);
    return [
      {
        messageId: 'missingPoolOptions',
        start: argument.node.range[0],
        end: argument.node.range[1],
        data: { callee, options: optionsDescription },
        suggestion: {
          messageId: 'setPoolOptions',
          data: { options: optionsDescription },
          edits: [
            {
              start: argument.node.range[0],
              end: argument.node.range[1],
              text: `{ connectionString: ${argumentText}, ${texts.max}, ${texts.timeout} }`,
            },
          ],
        },
      },
    ];
  }
  if (argument.kind !== 'options') return [];
  const { options } = argument;
  if (poolTargetsLocalHost(file, options)) return [];

  const findings: Omit<ConnectionParamsFinding, 'suggestion'>[] = [];
  const toSet: { key: string; text: string }[] = [];
  const missing: string[] = [];
  const minMillis = check.minConnectTimeoutSeconds * 1000;
  const optionChecks = [
    {
      key: 'max',
      text: texts.max,
      messageId: 'poolMax' as const,
      accepts: (value: number) => isPositiveInteger(value) && value <= check.maxConnectionLimit,
      limit: { max: String(check.maxConnectionLimit) } as Record<string, string>,
    },
    {
      key: 'connectionTimeoutMillis',
      text: texts.timeout,
      messageId: 'poolConnectionTimeout' as const,
      accepts: (value: number) => value >= minMillis,
      limit: { min: millisecondsLiteral(check.minConnectTimeoutSeconds) } as Record<string, string>,
    },
  ];
  const conditionalFindings: ConnectionParamsFinding[] = [];
  for (const { key, text, messageId, accepts, limit } of optionChecks) {
    const entry = options.entries.get(key);
    const maybe = options.maybeEntries.get(key);
    if (!entry && maybe) {
      // Set by a conditional spread only: a right value there is the author's choice for that
      // branch; a wrong one is reported, and left, since which runs take the branch is not ours to see.
      for (const branchEntry of maybe) {
        const value = staticOptionValue(file.scopeManager, branchEntry);
        if (typeof value !== 'number' || accepts(value)) continue;
        conditionalFindings.push({
          messageId,
          start: branchEntry.value.range[0],
          end: branchEntry.value.range[1],
          data: { value: String(value), ...limit },
          noFixReason: `\`${key}\` is set in a conditional spread: fix the value in that branch by hand (\`${text}\`)`,
        });
      }
      continue;
    }
    if (!entry) {
      // Absent for sure only when no unresolved spread could bring it.
      if (!options.hasUnknownEntries) {
        missing.push(text);
        toSet.push({ key, text });
      }
      continue;
    }
    const value = staticOptionValue(file.scopeManager, entry);
    if (typeof value === 'number' && !accepts(value)) {
      findings.push({ messageId, start: entry.value.range[0], end: entry.value.range[1], data: { value: String(value), ...limit } });
      toSet.push({ key, text });
    }
  }
  const poolSize = options.entries.get('poolSize');
  const poolSizeProperty = poolSize?.property;
  if (poolSizeProperty) {
    findings.push({
      messageId: 'poolSizeIgnored',
      start: poolSizeProperty.range[0],
      end: poolSizeProperty.range[1],
      data: { max: texts.max },
    });
  }
  if (missing.length > 0) {
    findings.unshift({
      messageId: 'missingPoolOptions',
      start: options.object.range[0],
      end: options.object.range[1],
      data: { callee, options: missing.map((text) => `\`${text}\``).join(' and ') },
    });
  }
  if (findings.length === 0) return conditionalFindings;

  const edits = poolOptionEdits(file, options, toSet, poolSizeProperty);
  const suggestion =
    edits.length > 0 && !textEditsOverlap(edits)
      ? { messageId: 'setPoolOptions' as const, data: { options: optionsDescription }, edits }
      : undefined;
  return [...findings.map((finding) => ({ ...finding, suggestion })), ...conditionalFindings];
}

/**
 * Sets options in place where written (unless a later spread may replace them), appends the
 * rest; a written option that a spread may replace moves to the end (no duplicate keys);
 * `poolSize` gives its place to the first new option, or goes.
 */
function poolOptionEdits(
  file: ParsedFile,
  options: ObjectOptions,
  toSet: readonly { key: string; text: string }[],
  poolSizeProperty: TSESTree.Property | undefined,
): TextEdit[] {
  const edits: TextEdit[] = [];
  const toAppend: string[] = [];
  for (const { key, text } of toSet) {
    const property = options.written.get(key);
    if (property && !isOverriddenBySpread(options, property, key)) {
      const valueText = text.slice(text.indexOf(':') + 2);
      edits.push(
        property.shorthand
          ? { start: property.range[0], end: property.range[1], text }
          : { start: property.value.range[0], end: property.value.range[1], text: valueText },
      );
      continue;
    }
    if (property) edits.push(...removePropertyEdits(file.sourceText, options.object, property));
    toAppend.push(text);
  }
  if (poolSizeProperty) {
    const replacement = toAppend.shift();
    if (replacement === undefined) edits.push(...removePropertyEdits(file.sourceText, options.object, poolSizeProperty));
    else edits.push({ start: poolSizeProperty.range[0], end: poolSizeProperty.range[1], text: replacement });
  }
  edits.push(...appendPropertiesEdits(file.sourceText, options.object, toAppend));
  return edits;
}
