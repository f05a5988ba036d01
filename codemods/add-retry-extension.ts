import { parseModule } from '../analysis/ast/parse-module.js';
import type { ParsedFile } from '../analysis/ast/parsed-file.js';
import { planNamedImport } from '../analysis/edit/import-plan.js';
import { applyTextEdits, combineTextEdits } from '../analysis/edit/text-edit.js';
import {
  analyzePrismaClients,
  hasRetryExtension,
  isTypeScriptPath,
  planLogQueryRemoval,
  planRetryFix,
  type LogQueryEntry,
  type PrismaClientAnalysis,
} from '../analysis/prisma-client/index.js';
import { RETRY_EXTENSION_NAME } from '../analysis/runtime-api.js';
import { nonAuroraDatasourceFor, retryExtensionBlockerFor } from '../analysis/package/index.js';
import {
  defineTransform,
  isStanding,
  reportSkipped,
  ruleOptionsOf,
  type AuroraTransform,
  type AuroraTransformOptions,
} from './lib/transform.js';
import { mayConstructPrismaClient } from '../analysis/text-gates.js';

/**
 * `add-retry-extension`: every PrismaClient construction that no retry extension reaches
 * (the `require-retry-extension` rule's detection) gets `.$extends(auroraRetry())`, with
 * the import from `options.runtimeImport`; every `'query'` entry of a `log` option is
 * dropped (the `no-query-logging` detection; `'info'`, `'warn'`, `'error'` stay).
 *
 * In TypeScript the extended client is cast back to the class's type (`as unknown as
 * PrismaClient`), so callers in other files that take a `PrismaClient` or type transaction
 * callbacks with `Prisma.TransactionClient` keep compiling (analysis/prisma-client/client-type.ts).
 *
 * Left alone, with the reason: a client whose `$on`/`$use` is called (extended clients have
 * neither; the rule's docs show the hand edit), a client whose global `omit` the cast would
 * hide, a Prisma too old for the runtime; and `{ emit: 'event', level: 'query' }` entries
 * feeding such a `$on('query')` listener.
 *
 * The edits, the import included, are the rule suggestions' text edits (one plan, two
 * consumers) applied to the source, so nothing outside them is reprinted: recast's reprint
 * of an added import would restyle its neighbours (blank lines, a `;` after `'use strict'`).
 */
const addRetryExtension: AuroraTransform = (file, _api, options) => {
  if (!mayConstructPrismaClient(file.source)) return undefined;
  let source = file.source;
  let parsed = analyze(source, file.path);
  // Chosen on the text as found, where the findings' ranges hold; removing a log entry keeps
  // the constructions and their order, so the indexes still name them afterwards.
  const targetIndexes = retryTargetIndexes(parsed.analysis, options, file.path);

  const logEntries = droppableLogEntries(parsed.analysis).filter((entry) => isStanding(options, 'no-query-logging', entry.range));
  if (logEntries.length > 0) {
    source = applyTextEdits(source, planLogQueryRemoval(logEntries));
    parsed = analyze(source, file.path);
  }

  const { file: parsedFile, analysis } = parsed;
  const targets = targetIndexes.map((index) => analysis.constructions[index]).filter((construction) => construction !== undefined);
  if (targets.length > 0) {
    const imported = planNamedImport(parsedFile, file.path, RETRY_EXTENSION_NAME, options.runtimeImport);
    const retry = planRetryFix(targets, { retryCall: `${imported.localName}()`, typescript: isTypeScriptPath(file.path) });
    source = applyTextEdits(source, combineTextEdits(imported.edits, retry));
  }
  return source === file.source ? undefined : source;
};

/**
 * The constructions to extend: those the rule reports (no retry extension reaches them, with
 * the project's own `retryExtensions` counted) and that have no `$on`/`$use` call.
 */
function retryTargetIndexes(analysis: PrismaClientAnalysis, options: AuroraTransformOptions, path: string): number[] {
  const { retryExtensions = [], prismaVersion } = ruleOptionsOf<{ retryExtensions?: string[]; prismaVersion?: string }>(
    options,
    'require-retry-extension',
  );
  // The rule's own scope: no finding on a SQLite or MongoDB schema, so nothing to extend.
  if (nonAuroraDatasourceFor(path) !== undefined) return [];
  const blocker = retryExtensionBlockerFor(path, prismaVersion);
  const typescript = isTypeScriptPath(path);
  const ruleId = 'require-retry-extension';
  const indexes: number[] = [];
  for (const [index, construction] of analysis.constructions.entries()) {
    if (hasRetryExtension(construction, { retryExtensions }) || construction.onlyConnects) continue;
    if (blocker !== undefined) reportSkipped(options, { ruleId, range: construction.range, reason: blocker });
    else if (construction.eventApiUses.length > 0) {
      const methods = [...new Set(construction.eventApiUses.map((use) => `\`${use.method}\``))].join(' and ');
      reportSkipped(options, {
        ruleId,
        range: construction.range,
        reason: `the client's ${methods} calls do not exist on an extended client: register them on the base client, then extend it (see the rule docs)`,
      });
    } else if (typescript && construction.typeKeeping.blocker !== undefined) {
      reportSkipped(options, { ruleId, range: construction.range, reason: construction.typeKeeping.blocker });
    } else if (isStanding(options, ruleId, construction.range)) indexes.push(index);
  }
  return indexes;
}

export default defineTransform(addRetryExtension);

function analyze(source: string, path: string): { file: ParsedFile; analysis: PrismaClientAnalysis } {
  const file = parseModule(source, path);
  return { file, analysis: analyzePrismaClients(file) };
}

/** `'query'` entries, except event-emitting ones a `$on('query')` listener depends on. */
function droppableLogEntries(analysis: PrismaClientAnalysis): LogQueryEntry[] {
  const entries = new Map<string, LogQueryEntry>();
  for (const construction of analysis.constructions) {
    const listensToQueries = construction.eventApiUses.some((use) => use.method === '$on');
    for (const entry of construction.logQueryEntries) {
      if (entry.form === 'object' && entry.emit === 'event' && listensToQueries) continue;
      entries.set(entry.range.join(':'), entry);
    }
  }
  return [...entries.values()];
}
