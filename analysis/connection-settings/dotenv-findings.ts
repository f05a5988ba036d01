import type { DotenvDocument } from '../dotenv/index.js';
import { describeParams, emptyOptionsFragmentReason } from './connection-params.js';
import { connectsOnlyToLocalHosts } from './connection-string.js';
import { dedupeFindings, type ConnectionParamsFinding, type SslModeFinding } from './findings.js';
import { dotenvConnectionSites, dotenvReportRange, mapDotenvEdits, type DotenvConnectionSite } from './dotenv-sites.js';
import type { SslModeCheck } from './ssl-mode.js';
import {
  connectionParamProblems,
  editsForConnectionParamProblems,
  sslModeDisableParams,
  type ConnectionParamOptions,
} from './url-params.js';

/**
 * The `require-connection-params` and `no-sslmode-disable` findings of a dotenv file: the
 * same problems (url-params.ts) the code rules find in a connection string, on the entries
 * that hold one (dotenv-sites.ts), with the same messages and the same edits written back
 * into the dotenv text. Offsets are into the file's text.
 */

/**
 * A URL whose hosts are all local, as written (`@localhost`) or with the file's values
 * (`@${DATABASE_HOST}` and `DATABASE_HOST=localhost`): the file configures local runs, and a
 * deployment that reaches a real database sets the host, so it sets the URL's other parts too
 * (measured on the smoke repositories: their CDK code sets `DATABASE_OPTION` and `DATABASE_URL`
 * beside such a `prisma/.env`, and the code rules check them there).
 */
function isLocalConfiguration(site: DotenvConnectionSite, localHosts: readonly string[] = []): boolean {
  return connectsOnlyToLocalHosts(site.written, localHosts) || connectsOnlyToLocalHosts(site.parsed, localHosts);
}

/** Why a finding on a value assembled from entries the fix may not edit is left to a hand fix. */
const ASSEMBLED_VALUE_REASON =
  'the characters to edit come from another entry that other values read too, an escape, or a variable this file does not set: fix the value by hand';

/** `require-connection-params` findings (the Prisma ≤ 6 URL form: the caller skips Prisma 7 packages, whose adapters ignore these). */
export function dotenvConnectionParamFindings(document: DotenvDocument, check: ConnectionParamOptions): ConnectionParamsFinding[] {
  const findings: ConnectionParamsFinding[] = [];
  for (const site of dotenvConnectionSites(document)) {
    if (isLocalConfiguration(site)) continue;
    const problems = connectionParamProblems(site.parsed, check);
    if (problems.length === 0) continue;
    const edits = site.isEmptyOptionsFragment
      ? undefined
      : mapDotenvEdits(document, site, editsForConnectionParamProblems(site.parsed, problems, check));
    const suggestion =
      edits === undefined
        ? undefined
        : {
            messageId: 'setConnectionParams' as const,
            data: { params: describeParams(['connection_limit', 'connect_timeout'], check) },
            edits,
          };
    const noFixReason = suggestion ? undefined : site.isEmptyOptionsFragment ? emptyOptionsFragmentReason(check) : ASSEMBLED_VALUE_REASON;
    const at = (start: number, end: number) => dotenvReportRange(document, site, start, end);
    const finding = (
      [start, end]: [number, number],
      messageId: ConnectionParamsFinding['messageId'],
      data: Record<string, string>,
    ): ConnectionParamsFinding => ({ messageId, start, end, data, suggestion, noFixReason });
    for (const problem of problems) {
      switch (problem.kind) {
        case 'missing':
          findings.push(finding(site.entry.range, 'missingParams', { params: describeParams(problem.params, check) }));
          break;
        case 'connection_limit':
          findings.push(
            finding(at(problem.param.start, problem.param.end), 'connectionLimit', {
              value: problem.value,
              max: String(check.maxConnectionLimit),
            }),
          );
          break;
        case 'connect_timeout':
          findings.push(
            finding(at(problem.param.start, problem.param.end), 'connectTimeout', {
              value: problem.value,
              min: String(check.minConnectTimeoutSeconds),
            }),
          );
          break;
        case 'secondQuestionMark':
          findings.push(
            finding(at(problem.index, problem.index + 1), 'secondQuestionMark', { key: problem.swallowedKey ?? 'the next parameter' }),
          );
          break;
      }
    }
  }
  return dedupeFindings(findings);
}

function hostDescription(hosts: readonly string[] | undefined): string {
  return hosts === undefined || hosts.length === 0 ? 'a host only known at runtime' : hosts.map((host) => `\`${host}\``).join(', ');
}

/** `no-sslmode-disable` findings: `sslmode=disable` in a connection string whose hosts are not all local. */
export function dotenvSslModeFindings(document: DotenvDocument, check: SslModeCheck): SslModeFinding[] {
  const findings: SslModeFinding[] = [];
  for (const site of dotenvConnectionSites(document)) {
    if (isLocalConfiguration(site, check.localHosts)) continue;
    for (const param of sslModeDisableParams(site.parsed)) {
      const [start, end] = dotenvReportRange(document, site, param.start, param.end);
      const edits = mapDotenvEdits(document, site, [{ start: param.valueStart, end: param.end, text: 'require' }]);
      findings.push({
        messageId: 'sslModeDisable',
        start,
        end,
        data: { host: hostDescription(site.written.hosts) },
        suggestion: edits ? { messageId: 'useSslModeRequire', data: {}, edits } : undefined,
      });
    }
  }
  return dedupeFindings(findings);
}
