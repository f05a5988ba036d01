import type * as Sarif from 'sarif';
import { ownPackage } from '../analysis/package/own-package.js';
import { redactOutput } from './redact-output.js';
import { escapeJsonForTerminal } from './terminal-text.js';

/**
 * The parts of a SARIF 2.1.0 log that need no rule: the tool, the text, and the log of a run
 * that could not start. Kept apart from cli/format-sarif.ts (which reads the rules' metadata)
 * so a usage error reported as SARIF loads nothing heavy.
 */

/** The OASIS schema the log follows (test/cli/sarif/ holds a copy; a test validates against it). */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The base of every artifact URI: the current directory, the repository root in CI. */
export const SOURCE_ROOT = '%SRCROOT%';

export function sarifDriver(rules: Sarif.ReportingDescriptor[]): Sarif.ToolComponent {
  const own = ownPackage();
  return {
    name: own.name,
    version: own.version,
    semanticVersion: own.version,
    ...(own.homepage !== '' ? { informationUri: own.homepage } : {}),
    rules,
  };
}

/** The log as text, every string redacted and what JSON leaves raw escaped, as for the JSON report. */
export function sarifText(log: Sarif.Log): string {
  return `${escapeJsonForTerminal(JSON.stringify(log, (_key, value: unknown) => (typeof value === 'string' ? redactOutput(value) : value), 2))}\n`;
}

/** The log of a run that could not start (a bad option, a path that does not exist): no results, the error as a notification. */
export function sarifLogOfError(message: string, exitCode: number): Sarif.Log {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: sarifDriver([]) },
        invocations: [
          { executionSuccessful: false, exitCode, toolExecutionNotifications: [{ level: 'error', message: { text: message } }] },
        ],
        results: [],
      },
    ],
  };
}
