import { PLUGIN_NAMESPACE } from '../rules/registry.js';
import type { Report, ReportedFile } from './report.js';
import { redactOutput } from './redact-output.js';
import { escapeForTerminal, escapeName } from './terminal-text.js';

/**
 * `--format github`: GitHub Actions workflow commands, one line each, which the runner turns
 * into annotations on the pull request's diff
 * (docs.github.com/actions/reference/workflow-commands-for-github-actions):
 * `::warning file=src/db.ts,line=3,col=1,endLine=3,endColumn=40,title=prisma-aurora-fix/<rule>::message`.
 * A finding the CLI fixes is a `warning` saying so; a hand fix an `error` with its reason; a file
 * that failed an `error`, one not checked a `warning`, and a refused run an `error` without a
 * file. Values are escaped as @actions/core escapes them (`%`, CR and LF everywhere, `:` and
 * `,` in properties too), so no text from the project can end a command or start another;
 * names and messages are redacted and control characters escaped first, as for the terminal.
 */

type Level = 'error' | 'warning' | 'notice';

interface Annotation {
  level: Level;
  message: string;
  file?: string;
  line?: number;
  col?: number;
  endLine?: number;
  endColumn?: number;
  title?: string;
}

/** @actions/core `escapeData`. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** @actions/core `escapeProperty`. */
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

function command({ level, message, ...properties }: Annotation): string {
  const list = Object.entries(properties)
    .filter(([, value]) => value !== undefined)
    .map(
      ([key, value]) => `${key}=${escapeProperty(key === 'file' ? escapeName(redactOutput(String(value))) : redactOutput(String(value)))}`,
    )
    .join(',');
  return `::${level}${list === '' ? '' : ` ${list}`}::${escapeData(escapeForTerminal(redactOutput(message)))}`;
}

function fileAnnotations(file: ReportedFile): Annotation[] {
  const annotations: Annotation[] = [];
  for (const finding of file.findings ?? []) {
    annotations.push({
      level: finding.fixed ? 'warning' : 'error',
      file: file.path,
      line: finding.line,
      col: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
      title: `${PLUGIN_NAMESPACE}/${finding.ruleId}`,
      message: finding.fixed
        ? `${finding.message} Fixed by \`npx prisma-aurora-fix\` (${file.transforms.join(', ')}).`
        : `${finding.message} Hand fix: ${finding.reason ?? 'the CLI cannot fix it safely'}.`,
    });
  }
  if (file.status === 'failed') {
    annotations.push({
      level: 'error',
      file: file.path,
      line: file.line,
      col: file.column,
      title: 'prisma-aurora-fix',
      message: `failed: ${file.reason ?? ''}`,
    });
  } else if (file.unchecked === true) {
    annotations.push({ level: 'warning', file: file.path, title: 'prisma-aurora-fix', message: `not checked: ${file.reason ?? ''}` });
  } else if (file.status === 'changed' && (file.findings ?? []).length === 0) {
    const what = file.created ? 'would be created' : 'would change';
    annotations.push({
      level: 'notice',
      file: file.path,
      title: 'prisma-aurora-fix',
      message: `${what} by \`npx prisma-aurora-fix\` (${file.transforms.join(', ')})`,
    });
  }
  return annotations;
}

export function githubAnnotations(report: Report): string {
  const annotations = report.files.flatMap(fileAnnotations);
  for (const diagnostic of report.verify?.newDiagnostics ?? []) {
    annotations.push({
      level: 'error',
      file: diagnostic.path,
      line: diagnostic.line,
      col: diagnostic.column,
      title: 'prisma-aurora-fix --verify',
      message: `the fix would add TS${diagnostic.code}: ${diagnostic.message}`,
    });
  }
  if (report.error !== null) annotations.push({ level: 'error', title: 'prisma-aurora-fix', message: report.error });
  return annotations.map((annotation) => `${command(annotation)}\n`).join('');
}

/** A run that could not start, as one annotation. */
export function githubErrorAnnotation(message: string): string {
  return `${command({ level: 'error', title: 'prisma-aurora-fix', message })}\n`;
}
