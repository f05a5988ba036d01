import { toJson } from './build-report.js';
import { redactOutput } from './redact-output.js';
import { escapeForTerminal, escapeJsonForTerminal } from './terminal-text.js';

/**
 * A run that could not start or finish as asked (a bad option, a path that does not exist, an
 * ESLint config that does not load): exit 2, and the message where the caller looks for it.
 * Under --json that is one JSON object on stdout, as for every other outcome, so a script
 * that reads stdout as JSON never gets plain text; otherwise one line on stderr.
 */

export const USAGE_EXIT_CODE = 2;

/** The JSON a --json run prints when it fails before it has a report (schemaVersion 1, as the report). */
export interface UsageErrorJson {
  schemaVersion: 1;
  error: string;
  exitCode: typeof USAGE_EXIT_CODE;
}

export function writeUsageError(
  message: string,
  { json, hint = '' }: { json: boolean; hint?: string },
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): typeof USAGE_EXIT_CODE {
  if (json) {
    const body: UsageErrorJson = { schemaVersion: 1, error: message, exitCode: USAGE_EXIT_CODE };
    io.stdout.write(`${escapeJsonForTerminal(toJson(body))}\n`);
  } else {
    io.stderr.write(`prisma-aurora-fix: ${escapeForTerminal(redactOutput(message))}\n${hint}`);
  }
  return USAGE_EXIT_CODE;
}
