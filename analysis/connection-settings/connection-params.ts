import type { ParsedFile } from '../ast/parsed-file.js';
import { lineBreakOf } from '../edit/code-style.js';
import { indentationOfLine } from '../edit/lines.js';
import type { TextEdit } from '../edit/text-edit.js';
import type { ConnectionSettingsAnalysis, ConnectionStringSite } from './analyze-connection-settings.js';
import { connectsOnlyToLocalHosts } from './connection-string.js';
import {
  checkedSites,
  dedupeFindings,
  managesSearchParams,
  missingParamsRange,
  quotedLike,
  reportRange,
  type ConnectionParamsCheck,
  type ConnectionParamsFinding,
} from './findings.js';
import { poolFindings } from './pool-options.js';
import { fallbackValueData, fallbackValueProblems, namedEnvFallbackProblems, type FallbackValueProblem } from './fallback-values.js';
import { dropUnsafeFixes, mapSiteEdits, UNMAPPED_FIX_REASON, type SiteFix } from './site-fixes.js';
import type { UrlObjectSite } from './url-objects.js';
import {
  connectionParamProblems,
  DRIVER_ADAPTER_IGNORED_PARAMS,
  driverAdapterIgnoredParams,
  editsForConnectionParamProblems,
  type ConnectionParamOptions,
  type RequiredConnectionParam,
} from './url-params.js';

/**
 * The `require-connection-params` findings of a file: in the URL form (Prisma ≤ 6), every
 * connection string and `URL` object needs `connection_limit=1` and `connect_timeout` ≥ 30;
 * in the adapter form (Prisma 7, or a driver adapter in the file), URL parameters the adapter
 * ignores are reported and the pg pools need their options (pool-options.ts).
 */

export function describeParams(params: readonly RequiredConnectionParam[], options: ConnectionParamOptions): string {
  return params.map((key) => `\`${key}=${key === 'connection_limit' ? 1 : options.minConnectTimeoutSeconds}\``).join(' and ');
}

/** Why an empty options fragment whose join the file does not show (`DATABASE_OPTION: ''`) is left to a hand fix. */
export function emptyOptionsFragmentReason(check: ConnectionParamOptions): string {
  const fragment = `?connection_limit=1&connect_timeout=${check.minConnectTimeoutSeconds}`;
  return `the options fragment is empty and this file does not show how it is joined to the URL: set it to \`${fragment}\` where the URL ends in \`\${...}\` right after the database name (drop the \`?\` if the join already has one)`;
}

/** `require-connection-params` findings for a file, in the given mode. */
export function connectionParamFindings(analysis: ConnectionSettingsAnalysis, check: ConnectionParamsCheck): ConnectionParamsFinding[] {
  const findings = check.mode === 'url' ? urlModeFindings(analysis, check) : adapterModeFindings(analysis, check);
  return dedupeFindings(findings);
}

function urlModeFindings(analysis: ConnectionSettingsAnalysis, check: ConnectionParamsCheck): ConnectionParamsFinding[] {
  const { file } = analysis;
  const problemsBySite = new Map<ConnectionStringSite, ReturnType<typeof connectionParamProblems>>();
  const fixes = new Map<ConnectionStringSite, SiteFix | undefined>();
  // A URL handed straight to pg `Client`/`Pool`: pg reads none of Prisma's URL parameters (its pool options do that job).
  const sites = checkedSites(analysis).filter((site) => !site.feedsPgDirectly);
  for (const site of sites) {
    const problems = connectionParamProblems(site.parsed, check).filter(
      (problem) => problem.kind !== 'missing' || !managesSearchParams(site.urlObject),
    );
    problemsBySite.set(site, problems);
    if (site.isEmptyOptionsFragment) continue;
    fixes.set(
      site,
      problems.length === 0
        ? { edits: [], carriers: [] }
        : mapSiteEdits(file, site, editsForConnectionParamProblems(site.parsed, problems, check)),
    );
  }
  const dropReasons = dropUnsafeFixes(file, fixes, analysis.sites);
  for (const site of sites) {
    // Writing `?connection_limit=1&…` is right only when the join adds no `?` of its own (`${DATABASE_OPTION}`
    // straight after the database name); a join like `?${DATABASE_OPTION}` would get two.
    if (site.isEmptyOptionsFragment) dropReasons.set(site, emptyOptionsFragmentReason(check));
  }

  const findings: ConnectionParamsFinding[] = [];
  const fallbackProblems: FallbackValueProblem[] = [
    ...sites.flatMap((site) => fallbackValueProblems(file, site, check)),
    ...namedEnvFallbackProblems(file, check),
  ];
  for (const problem of fallbackProblems) {
    findings.push({
      messageId: 'fallbackValue',
      start: problem.node.range[0],
      end: problem.node.range[1],
      data: fallbackValueData(problem, check),
      noFixReason: `the value comes from \`${problem.source}\` when it is set, which this file does not show: set the fallback to \`${fallbackValueData(problem, check).recommended}\` by hand, and check the variable`,
    });
  }
  for (const [site, problems] of problemsBySite) {
    const fix = fixes.get(site);
    const suggestion =
      fix && fix.edits.length > 0
        ? {
            messageId: 'setConnectionParams' as const,
            data: { params: describeParams(['connection_limit', 'connect_timeout'], check) },
            edits: fix.edits,
          }
        : undefined;
    const noFixReason = suggestion ? undefined : (dropReasons.get(site) ?? UNMAPPED_FIX_REASON);
    for (const problem of problems) {
      switch (problem.kind) {
        case 'missing': {
          const [start, end] = missingParamsRange(site);
          findings.push({
            messageId: 'missingParams',
            start,
            end,
            data: { params: describeParams(problem.params, check) },
            suggestion,
            noFixReason,
          });
          break;
        }
        case 'connection_limit': {
          const [start, end] = reportRange(site, problem.param.start, problem.param.end);
          findings.push({
            messageId: 'connectionLimit',
            start,
            end,
            data: { value: problem.value, max: String(check.maxConnectionLimit) },
            suggestion,
            noFixReason,
          });
          break;
        }
        case 'connect_timeout': {
          const [start, end] = reportRange(site, problem.param.start, problem.param.end);
          findings.push({
            messageId: 'connectTimeout',
            start,
            end,
            data: { value: problem.value, min: String(check.minConnectTimeoutSeconds) },
            suggestion,
            noFixReason,
          });
          break;
        }
        case 'secondQuestionMark': {
          const [start, end] = reportRange(site, problem.index, problem.index + 1);
          findings.push({
            messageId: 'secondQuestionMark',
            start,
            end,
            data: { key: problem.swallowedKey ?? 'the next parameter' },
            suggestion,
            noFixReason,
          });
          break;
        }
      }
    }
  }
  for (const urlObject of analysis.urlObjects) findings.push(...urlObjectFindings(file, urlObject, check));
  return findings;
}

function urlObjectFindings(file: ParsedFile, urlObject: UrlObjectSite, check: ConnectionParamsCheck): ConnectionParamsFinding[] {
  if (!managesSearchParams(urlObject)) return [];
  if (urlObject.base && connectsOnlyToLocalHosts(urlObject.base)) return [];
  const findings: ConnectionParamsFinding[] = [];
  const present = new Set<string>();
  const baseIsKnown = urlObject.base !== undefined && !urlObject.base.queryMayHideInPlaceholder && !urlObject.base.extendsBaseQuery;
  if (baseIsKnown) for (const param of urlObject.base!.params) if (param.key !== undefined) present.add(param.key);
  const operations = [...urlObject.operations].sort((a, b) => a.call.range[0] - b.call.range[0]);
  for (const operation of operations) {
    if (operation.key === undefined) continue;
    if (operation.method === 'delete') present.delete(operation.key);
    else present.add(operation.key);
    if (operation.method === 'delete' || operation.value === undefined || !operation.valueNode) continue;
    const wrong =
      (operation.key === 'connection_limit' &&
        !(/^\d+$/.test(operation.value) && Number(operation.value) >= 1 && Number(operation.value) <= check.maxConnectionLimit)) ||
      (operation.key === 'connect_timeout' &&
        !(/^\d+$/.test(operation.value) && Number(operation.value) >= check.minConnectTimeoutSeconds));
    if (!wrong) continue;
    const key = operation.key as RequiredConnectionParam;
    const recommended = key === 'connection_limit' ? '1' : String(check.minConnectTimeoutSeconds);
    const keyNode = operation.call.arguments[0];
    findings.push({
      messageId: operation.key === 'connection_limit' ? 'connectionLimit' : 'connectTimeout',
      start: operation.valueNode.range[0],
      end: operation.valueNode.range[1],
      data:
        operation.key === 'connection_limit'
          ? { value: operation.value, max: String(check.maxConnectionLimit) }
          : { value: operation.value, min: String(check.minConnectTimeoutSeconds) },
      suggestion: {
        messageId: 'setConnectionParams',
        data: { params: describeParams([key], check) },
        edits: [{ start: operation.valueNode.range[0], end: operation.valueNode.range[1], text: quotedLike(file, keyNode, recommended) }],
      },
    });
  }
  const missing = (['connection_limit', 'connect_timeout'] as const).filter((key) => !present.has(key));
  if (missing.length > 0) {
    const statement = urlObject.insertAfter;
    const quoteSource = operations[0]?.call.arguments[0];
    const edits: TextEdit[] = [];
    if (statement) {
      const indent = indentationOfLine(file.sourceText, statement.range[0]);
      const lineBreak = lineBreakOf(file.sourceText);
      const text = missing
        .map((key) => {
          const value = key === 'connection_limit' ? '1' : String(check.minConnectTimeoutSeconds);
          return `${lineBreak}${indent}${urlObject.variableName}.searchParams.set(${quotedLike(file, quoteSource, key)}, ${quotedLike(file, quoteSource, value)});`;
        })
        .join('');
      edits.push({ start: statement.range[1], end: statement.range[1], text });
    }
    findings.push({
      messageId: 'missingParams',
      start: urlObject.construction.range[0],
      end: urlObject.construction.range[1],
      data: { params: describeParams(missing, check) },
      suggestion:
        edits.length > 0 ? { messageId: 'setConnectionParams', data: { params: describeParams(missing, check) }, edits } : undefined,
    });
  }
  return findings;
}

function adapterModeFindings(analysis: ConnectionSettingsAnalysis, check: ConnectionParamsCheck): ConnectionParamsFinding[] {
  const { file } = analysis;
  const findings: ConnectionParamsFinding[] = [];
  // URL parameters are reported as no-ops only where the file hands URLs to a driver adapter:
  // elsewhere (a CDK stack of a Prisma 7 package) the same URL may also feed `prisma migrate`,
  // whose schema engine does read `connect_timeout`.
  const ignoredParamSites = analysis.usesDriverAdapter ? checkedSites(analysis) : [];
  for (const site of ignoredParamSites) {
    for (const param of driverAdapterIgnoredParams(site.parsed)) {
      const [start, end] = reportRange(site, param.start, param.end);
      findings.push({
        messageId: 'ignoredByDriverAdapter',
        start,
        end,
        data: { param: param.key!, replacement: DRIVER_ADAPTER_IGNORED_PARAMS.get(param.key!)! },
      });
    }
  }
  for (const urlObject of analysis.usesDriverAdapter ? analysis.urlObjects : []) {
    if (urlObject.base && connectsOnlyToLocalHosts(urlObject.base)) continue;
    for (const operation of urlObject.operations) {
      if (operation.method === 'delete' || operation.key === undefined || !DRIVER_ADAPTER_IGNORED_PARAMS.has(operation.key)) continue;
      findings.push({
        messageId: 'ignoredByDriverAdapter',
        start: operation.call.range[0],
        end: operation.call.range[1],
        data: { param: operation.key, replacement: DRIVER_ADAPTER_IGNORED_PARAMS.get(operation.key)! },
      });
    }
  }
  if (!analysis.usesDriverAdapter && !analysis.usesPrisma) return findings;
  for (const site of analysis.pgConstructors) {
    if (site.kind === 'Client') continue;
    findings.push(...poolFindings(file, site, check));
  }
  return findings;
}
