import { toJson } from './build-report.js';
import type { OutputFormat } from './cli-args.js';
import { githubErrorAnnotation } from './format-github.js';
import { redactOutput } from './redact-output.js';
import { sarifLogOfError, sarifText } from './sarif-log.js';
import { escapeForTerminal, escapeJsonForTerminal } from './terminal-text.js';

/**
 * A run that could not start or finish as asked (a bad option, a path that does not exist, an
 * ESLint config that does not load): exit 2, and the message where the caller looks for it.
 * In a machine format that is stdout, in that format, as for every other outcome, so a script
 * that reads stdout as JSON or SARIF never gets plain text: one JSON object under --json, a
 * SARIF log whose invocation failed, one `::error::` annotation for github. For people, one
 * line on stderr.
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
  { format, hint = '' }: { format: OutputFormat; hint?: string },
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): typeof USAGE_EXIT_CODE {
  switch (format) {
    case 'json': {
      const body: UsageErrorJson = { schemaVersion: 1, error: message, exitCode: USAGE_EXIT_CODE };
      io.stdout.write(`${escapeJsonForTerminal(toJson(body))}\n`);
      break;
    }
    case 'sarif':
      io.stdout.write(sarifText(sarifLogOfError(message, USAGE_EXIT_CODE)));
      break;
    case 'github':
      io.stdout.write(githubErrorAnnotation(message));
      break;
    case 'human':
      io.stderr.write(`prisma-aurora-fix: ${escapeForTerminal(redactOutput(message))}\n${hint}`);
  }
  return USAGE_EXIT_CODE;
}
