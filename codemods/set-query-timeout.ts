import { isAbsolute } from 'node:path';
import {
  analyzeConnectionSettings,
  connectionSettingsMode,
  DEFAULT_QUERY_TIMEOUT_MILLIS,
  queryTimeoutFindings,
} from '../analysis/connection-settings/index.js';
import { parseModule } from '../analysis/ast/parse-module.js';
import { prismaMajorVersion } from '../analysis/package/index.js';
import { applyTextEdits, textEditsOverlap, type TextEdit } from '../analysis/edit/text-edit.js';
import { mayHoldConnectionSettings } from '../analysis/text-gates.js';
import { defineTransform, isStanding, reportSkipped, ruleOptionsOf, type AuroraTransform } from './lib/transform.js';

/**
 * `set-query-timeout`: applies the suggestions of the `require-query-timeout` rule (the same
 * detection, the same text edits): pg's `query_timeout` on `new PrismaPg({...})` /
 * `new Pool({...})` in the driver-adapter form, `socket_timeout` (seconds) in the Prisma ≤ 6
 * URL form. It writes only the value the user chose in the rule's `queryTimeoutMillis` option:
 * the right bound depends on the slowest query the code runs, which the code does not show
 * (under jscodeshift's runner: `--queryTimeoutMillis=<ms>`).
 * Without that option every finding is left as a hand fix, with that reason. Runs after
 * `set-connection-params`, so an options object that transform creates gets the bound too.
 */
const setQueryTimeout: AuroraTransform = (file, _api, options) => {
  if (!mayHoldConnectionSettings(file.source)) return undefined;
  const analysis = analyzeConnectionSettings(parseModule(file.source, file.path));
  const ruleOptions = ruleOptionsOf<{ queryTimeoutMillis: number; prismaMajor: number }>(options, 'require-query-timeout');
  const prismaMajor = ruleOptions.prismaMajor ?? options.prismaMajor ?? (isAbsolute(file.path) ? prismaMajorVersion(file.path) : undefined);
  const chosen = ruleOptions.queryTimeoutMillis ?? options.queryTimeoutMillis;
  const findings = queryTimeoutFindings(analysis, {
    mode: connectionSettingsMode(analysis, prismaMajor),
    queryTimeoutMillis: chosen ?? DEFAULT_QUERY_TIMEOUT_MILLIS,
    valueChosenByUser: chosen !== undefined,
  }).filter((finding) => isStanding(options, 'require-query-timeout', [finding.start, finding.end]));
  const accepted: TextEdit[] = [];
  for (const finding of findings) {
    const edits = finding.suggestion?.edits ?? [];
    if (finding.noFixReason !== undefined || edits.length === 0 || textEditsOverlap([...accepted, ...edits])) {
      reportSkipped(options, {
        ruleId: 'require-query-timeout',
        range: [finding.start, finding.end],
        reason: finding.noFixReason ?? 'another edit of this run touches the same text: run the CLI again',
      });
      continue;
    }
    accepted.push(...edits);
  }
  return accepted.length === 0 ? undefined : applyTextEdits(file.source, accepted);
};

export default defineTransform(setQueryTimeout);
