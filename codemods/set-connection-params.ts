import { isAbsolute } from 'node:path';
import {
  analyzeConnectionSettings,
  connectionParamFindings,
  connectionSettingsMode,
  DEFAULT_CONNECTION_PARAM_OPTIONS,
  dotenvConnectionParamFindings,
  type ConnectionParamOptions,
  type ConnectionParamsFinding,
} from '../analysis/connection-settings/index.js';
import { isDotenvPath, parseDotenv } from '../analysis/dotenv/index.js';
import { parseModule } from '../analysis/ast/parse-module.js';
import { prismaMajorVersion } from '../analysis/package/index.js';
import { applyTextEdits, sameTextEdit, textEditsOverlap, type TextEdit } from '../analysis/edit/text-edit.js';
import { defineTransform, isStanding, reportSkipped, ruleOptionsOf, type AuroraTransform } from './lib/transform.js';
import { mayHoldConnectionSettings } from '../analysis/text-gates.js';

/**
 * `set-connection-params`: applies every suggestion of the `require-connection-params` rule
 * (the same detection, the same text edits), with the rule's defaults:
 *
 * - Prisma ≤ 6 (no driver adapter in the file, `options.prismaMajor` below 7 or unknown):
 *   connection-string literals, templates and `?`-fragments that reach a `DATABASE_URL`-like
 *   name get `connection_limit=1` and `connect_timeout` ≥ 30, parsed and rewritten by query
 *   parameter: other parameters stay as written and in order (a `pool_timeout` too), a wrong
 *   value is replaced in place, missing ones are appended, a second `?` becomes `&`.
 *   `URL` objects whose `searchParams` the file sets get the missing `set` calls.
 * - Prisma 7, or a driver adapter in the file: `new PrismaPg({...})` / `new Pool({...})` get
 *   `max: 1` and `connectionTimeoutMillis: 30_000` (a `poolSize`, which pg ignores, gives its
 *   place to them); URLs are left alone, since the adapter ignores their pool parameters.
 *
 * - A dotenv file (`.env`, `.env.production`): the same edits on the `DATABASE_URL` line, or
 *   on the options entry it ends in when only it reads that entry (`DATABASE_OPTION=''`);
 *   Prisma 7 packages are left alone, as the rule leaves them.
 *
 * Hosts that are local (`localhost`, `127.0.0.1`, `::1`, sockets) and the shadow database
 * are left alone. Run by the CLI, the transform fixes only what the rule reports for the file
 * (its Lambda scope, `eslint-disable` comments, and its options from the project's ESLint
 * config); under jscodeshift's own runner it fixes everything it finds. The Prisma major is
 * the rule's `prismaMajor` option, else `options.prismaMajor` when the CLI resolved it, else
 * the nearest package.json's (analysis/package/prisma-version.ts); unknown means the URL form. The
 * edits are text edits on the literal or object that needs them, so
 * quotes, layout and comments everywhere else stay byte-identical (recast would reprint a
 * whole object literal to add one property).
 */
const setConnectionParams: AuroraTransform = (file, _api, options) => {
  if (!mayHoldConnectionSettings(file.source)) return undefined;
  const ruleOptions = ruleOptionsOf<Partial<ConnectionParamOptions> & { prismaMajor?: number }>(options, 'require-connection-params');
  const prismaMajor = ruleOptions.prismaMajor ?? options.prismaMajor ?? (isAbsolute(file.path) ? prismaMajorVersion(file.path) : undefined);
  const check = {
    maxConnectionLimit: ruleOptions.maxConnectionLimit ?? DEFAULT_CONNECTION_PARAM_OPTIONS.maxConnectionLimit,
    minConnectTimeoutSeconds: ruleOptions.minConnectTimeoutSeconds ?? DEFAULT_CONNECTION_PARAM_OPTIONS.minConnectTimeoutSeconds,
  };
  let findings: ConnectionParamsFinding[];
  if (isDotenvPath(file.path)) {
    // A `.env` line: a text edit of the value, quotes, comments and line endings elsewhere untouched.
    if (prismaMajor !== undefined && prismaMajor >= 7) return undefined;
    findings = dotenvConnectionParamFindings(parseDotenv(file.source), check);
  } else {
    const analysis = analyzeConnectionSettings(parseModule(file.source, file.path));
    findings = connectionParamFindings(analysis, { ...check, mode: connectionSettingsMode(analysis, prismaMajor) });
  }
  findings = findings.filter((finding) => isStanding(options, 'require-connection-params', [finding.start, finding.end]));
  const accepted: TextEdit[] = [];
  for (const finding of findings) {
    if (finding.noFixReason !== undefined) {
      reportSkipped(options, { ruleId: 'require-connection-params', range: [finding.start, finding.end], reason: finding.noFixReason });
      continue;
    }
    const fresh = (finding.suggestion?.edits ?? []).filter((edit) => !accepted.some((done) => sameTextEdit(done, edit)));
    // Several findings share one fix (a literal missing a parameter and holding a wrong one); apply it once.
    if (fresh.length > 0 && !textEditsOverlap([...accepted, ...fresh])) accepted.push(...fresh);
  }
  return accepted.length === 0 ? undefined : applyTextEdits(file.source, accepted);
};

export default defineTransform(setConnectionParams);
