import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { rules } from '../rules/rule-modules.js';
import { PLUGIN_NAMESPACE, type RuleId } from '../rules/registry.js';
import type { ReportedFinding } from './findings.js';
import type { Report, ReportedFile } from './report.js';
import { SARIF_SCHEMA, SOURCE_ROOT, sarifDriver } from './sarif-log.js';

/**
 * `--format sarif`: the run as a SARIF 2.1.0 log (OASIS, docs.oasis-open.org/sarif/sarif/v2.1.0),
 * the format GitHub code scanning uploads. One result per finding in the files as they are on
 * disk, with the rule id ESLint gives it (`prisma-aurora-fix/<rule>`), so an alert names the
 * same rule in the editor, in ESLint and here:
 * - a finding the CLI fixes is a `warning` whose message says so (`properties.fixable: true`,
 *   with the transforms that change the file);
 * - a hand fix is an `error` with the reason the CLI leaves it (`properties.fixable: false`).
 * Files that failed or could not be checked, a refused run and the notes are tool execution
 * notifications; `executionSuccessful` is false when the run failed (exit code 2).
 * Paths are relative to `%SRCROOT%`, the current directory (the repository root in CI).
 * `sarifText` (cli/sarif-log.ts) redacts every string, as everything else the CLI prints.
 */

/** A report path ('/'-separated, relative) as a relative URI reference. */
function relativeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function location(file: ReportedFile, region?: Sarif.Region): Sarif.Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: relativeUri(file.path), uriBaseId: SOURCE_ROOT },
      ...(region !== undefined ? { region } : {}),
    },
  };
}

function findingRegion(finding: ReportedFinding): Sarif.Region {
  return { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn };
}

function ruleDescriptor(ruleId: string): Sarif.ReportingDescriptor {
  const docs = (rules as Record<string, (typeof rules)[RuleId] | undefined>)[ruleId]?.meta.docs;
  return {
    id: `${PLUGIN_NAMESPACE}/${ruleId}`,
    ...(docs !== undefined ? { shortDescription: { text: docs.description }, helpUri: docs.url } : {}),
    properties: { tags: ['prisma', 'aws-lambda', 'aurora'] },
  };
}

function findingResult(file: ReportedFile, finding: ReportedFinding, ruleIndex: number): Sarif.Result {
  const ruleId = `${PLUGIN_NAMESPACE}/${finding.ruleId}`;
  const text = finding.fixed
    ? `${finding.message} Fixed by \`npx prisma-aurora-fix\` (${file.transforms.join(', ')}).`
    : `${finding.message} Hand fix: ${finding.reason ?? 'the CLI cannot fix it safely'}.`;
  return {
    ruleId,
    ruleIndex,
    level: finding.fixed ? 'warning' : 'error',
    message: { text },
    locations: [location(file, findingRegion(finding))],
    properties: { fixable: finding.fixed, ...(finding.fixed ? { transforms: file.transforms } : {}) },
  };
}

function fileNotifications(file: ReportedFile): Sarif.Notification[] {
  const text = file.reason ?? file.status;
  if (file.status === 'failed') {
    const region = file.line !== undefined ? { startLine: file.line, startColumn: file.column ?? 1 } : undefined;
    return [{ level: 'error', message: { text: `failed: ${text}` }, locations: [location(file, region)] }];
  }
  if (file.unchecked === true) return [{ level: 'warning', message: { text: `not checked: ${text}` }, locations: [location(file)] }];
  if (file.status === 'changed' && (file.findings ?? []).length === 0) {
    // A change no finding asked for: the vendored runtime file the fix creates.
    const what = file.created ? 'would be created' : 'would change';
    return [
      {
        level: 'note',
        message: { text: `${what} by \`npx prisma-aurora-fix\` (${file.transforms.join(', ')})` },
        locations: [location(file)],
      },
    ];
  }
  return [];
}

export function sarifLog(report: Report, cwd: string): Sarif.Log {
  const ruleIds = [...new Set(report.files.flatMap((file) => (file.findings ?? []).map((finding) => finding.ruleId)))].sort();
  const results = report.files.flatMap((file) =>
    (file.findings ?? []).map((finding) => findingResult(file, finding, ruleIds.indexOf(finding.ruleId))),
  );
  const notifications: Sarif.Notification[] = report.files.flatMap(fileNotifications);
  for (const diagnostic of report.verify?.newDiagnostics ?? []) {
    notifications.push({
      level: 'error',
      message: { text: `--verify: the fix would add TS${diagnostic.code}: ${diagnostic.message}` },
      locations: [location({ path: diagnostic.path } as ReportedFile, { startLine: diagnostic.line, startColumn: diagnostic.column })],
    });
  }
  for (const note of report.notes) notifications.push({ level: 'note', message: { text: note } });
  if (report.error !== null) notifications.push({ level: 'error', message: { text: report.error } });
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: sarifDriver(ruleIds.map(ruleDescriptor)) },
        // ESLint's columns: 1-based, in UTF-16 code units (SARIF's default is code points).
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: `${pathToFileURL(cwd).href.replace(/\/?$/, '/')}` } },
        invocations: [
          {
            executionSuccessful: report.exitCode !== 2,
            exitCode: report.exitCode,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
      },
    ],
  };
}
