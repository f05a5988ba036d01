import type { RunArguments } from './cli-args.js';
import { toJson } from './build-report.js';
import { colourDiff, coloursFor } from './colour.js';
import { formatHumanReport, type Report } from './report.js';
import { sarifText } from './sarif-log.js';
import { escapeJsonForTerminal } from './terminal-text.js';

/**
 * Prints a finished run's report in the format asked for. stdout holds only that format, so it
 * can be redirected to a file: the JSON report, the SARIF log or the GitHub annotations (then
 * the human summary goes to stderr, for the CI log), or the human summary; with --dry the diff
 * alone goes to stdout, so `--dry > fix.patch` is a patch.
 */
export async function writeReport(
  report: Report,
  args: RunArguments,
  io: { cwd: string; stdout: NodeJS.WritableStream & { isTTY?: boolean }; stderr: NodeJS.WritableStream & { isTTY?: boolean } },
  { reviewWithGit }: { reviewWithGit: boolean },
): Promise<void> {
  switch (args.format) {
    case 'json':
      io.stdout.write(`${escapeJsonForTerminal(toJson(report))}\n`);
      return;
    case 'sarif':
    case 'github': {
      // Loaded on demand: the SARIF log reads the rules' metadata.
      const machineText =
        args.format === 'sarif'
          ? sarifText((await import('./format-sarif.js')).sarifLog(report, io.cwd))
          : (await import('./format-github.js')).githubAnnotations(report);
      io.stdout.write(machineText);
      io.stderr.write(formatHumanReport(report, args, { reviewWithGit, colours: coloursFor(io.stderr) }).summary);
      return;
    }
    case 'human': {
      const summaryStream = args.dry ? io.stderr : io.stdout;
      const { diff, summary } = formatHumanReport(report, args, { reviewWithGit, colours: coloursFor(summaryStream) });
      if (diff !== '') io.stdout.write(colourDiff(diff, coloursFor(io.stdout)));
      summaryStream.write(summary);
    }
  }
}
