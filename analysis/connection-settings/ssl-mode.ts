import { staticOptionValue } from '../ast/object-options.js';
import { appendPropertiesEdits } from '../edit/object-literal-edits.js';
import type { TextEdit } from '../edit/text-edit.js';
import type { ConnectionSettingsAnalysis } from './analyze-connection-settings.js';
import { connectsOnlyToLocalHosts, parseConnectionString } from './connection-string.js';
import { dedupeFindings, quotedLike, reportRange, sourceRangeOf, type SslModeFinding } from './findings.js';
import { poolTargetsLocalHost } from './pool-options.js';
import { flattenString } from './string-flow.js';
import { sslModeDisableParams, sslModeRequireEdits } from './url-params.js';

/** The `no-sslmode-disable` findings of a file: `sslmode=disable` in a URL or a `URL` object, `ssl: false` on a pg pool, for remote hosts. */

export interface SslModeCheck {
  /** Hosts to treat as local besides localhost, loopback and Unix sockets (e.g. a docker-compose service name). */
  localHosts: readonly string[];
}

function hostDescription(hosts: readonly string[] | undefined): string {
  return hosts === undefined || hosts.length === 0 ? 'a host only known at runtime' : hosts.map((host) => `\`${host}\``).join(', ');
}

/** `no-sslmode-disable` findings for a file. */
export function sslModeFindings(analysis: ConnectionSettingsAnalysis, check: SslModeCheck): SslModeFinding[] {
  const { file } = analysis;
  const findings: SslModeFinding[] = [];
  for (const site of analysis.sites) {
    if (!site.isConnectionString || connectsOnlyToLocalHosts(site.parsed, check.localHosts)) continue;
    const edits = sslModeRequireEdits(site.flat.text);
    sslModeDisableParams(site.parsed).forEach((param, index) => {
      const [start, end] = reportRange(site, param.start, param.end);
      const edit = edits[index]!;
      const valueRange = sourceRangeOf(site.flat, edit.start, edit.end);
      findings.push({
        messageId: 'sslModeDisable',
        start,
        end,
        data: { host: hostDescription(site.parsed.hosts) },
        suggestion: valueRange
          ? { messageId: 'useSslModeRequire', data: {}, edits: [{ start: valueRange[0], end: valueRange[1], text: edit.text }] }
          : undefined,
      });
    });
  }
  for (const urlObject of analysis.urlObjects) {
    if (urlObject.base && connectsOnlyToLocalHosts(urlObject.base, check.localHosts)) continue;
    for (const operation of urlObject.operations) {
      if (
        operation.method === 'delete' ||
        operation.key !== 'sslmode' ||
        operation.value?.toLowerCase() !== 'disable' ||
        !operation.valueNode
      )
        continue;
      findings.push({
        messageId: 'sslModeDisable',
        start: operation.valueNode.range[0],
        end: operation.valueNode.range[1],
        data: { host: hostDescription(urlObject.base?.hosts) },
        suggestion: {
          messageId: 'useSslModeRequire',
          data: {},
          edits: [
            {
              start: operation.valueNode.range[0],
              end: operation.valueNode.range[1],
              text: quotedLike(file, operation.valueNode, 'require'),
            },
          ],
        },
      });
    }
  }
  for (const site of analysis.pgConstructors) {
    if (site.argument.kind !== 'options') continue;
    const { options } = site.argument;
    const ssl = options.entries.get('ssl');
    if (!ssl || staticOptionValue(file.scopeManager, ssl) !== false || poolTargetsLocalHost(file, options, check.localHosts)) continue;
    const property = ssl.property;
    const connectionString = options.entries.get('connectionString');
    const hosts = connectionString ? parseConnectionString(flattenString(file, connectionString.value).text).hosts : undefined;
    const hostEntry = options.entries.get('host');
    const hostValue = hostEntry ? staticOptionValue(file.scopeManager, hostEntry) : undefined;
    const edits: TextEdit[] = property
      ? [{ start: property.value.range[0], end: property.value.range[1], text: 'true' }]
      : appendPropertiesEdits(file.sourceText, options.object, ['ssl: true']);
    findings.push({
      messageId: 'sslFalse',
      start: (property ?? options.object).range[0],
      end: (property ?? options.object).range[1],
      data: { host: hostDescription(typeof hostValue === 'string' ? hostValue.split(',') : hostEntry ? undefined : hosts) },
      suggestion: { messageId: 'useSslTrue', data: {}, edits },
    });
  }
  return dedupeFindings(findings);
}
