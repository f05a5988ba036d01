/**
 * Infrastructure code (CDK stacks, sst.config.ts, serverless.ts): the deployment settings that
 * break Prisma on Lambda before a query runs. `no-short-lambda-timeout` (a function that
 * reaches an auto-pausing Aurora cluster with a timeout shorter than the resume, or a migration
 * trigger shorter than runMigration needs) and `require-idle-session-timeout` (a pausing
 * cluster whose parameters never close the idle connections of frozen Lambdas).
 */
import type { ParsedFile } from '../ast/parsed-file.js';
import { ensureParentPointers } from '../ast/tree.js';
import { deploymentMayAutoPause } from './auto-pause.js';
import { functionUsesOf } from './function-uses.js';
import { findLambdaFunctions } from './lambda-functions.js';
import { shortTimeoutFinding, type ShortTimeoutFinding } from './timeout-budget.js';

export { deploymentMayAutoPause, textDeclaresAutoPause } from './auto-pause.js';
export {
  idleSessionTimeoutFindings,
  type IdleTimeoutFinding,
  type IdleTimeoutMessageId,
  type IdleTimeoutSuggestionId,
} from './idle-session-timeout.js';
export { migrationAttemptStarts, type ShortTimeoutFinding, type TimeoutMessageId, type TimeoutSuggestionId } from './timeout-budget.js';

/** The findings of `no-short-lambda-timeout` in one file (`filePath` finds the app's cluster in other files). */
export function shortTimeoutFindings(file: ParsedFile, filePath: string | undefined): ShortTimeoutFinding[] {
  if (!deploymentMayAutoPause(filePath, file.sourceText)) return [];
  ensureParentPointers(file.program);
  const sites = findLambdaFunctions(file, filePath ?? '');
  if (sites.length === 0) return [];
  const uses = functionUsesOf(file, sites);
  return sites.flatMap((site) => shortTimeoutFinding(file, site, uses.get(site)!) ?? []);
}
