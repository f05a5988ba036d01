#!/usr/bin/env node
import { ownPackage } from '../analysis/package/own-package.js';
import { HELP_TEXT, parseCommandLine } from './cli-args.js';
import { redactOutput } from './redact-output.js';
import { escapeForTerminal } from './terminal-text.js';
import { writeUsageError } from './usage-error.js';

/**
 * `prisma-aurora-fix [paths...]`. Only argument parsing happens up front: jscodeshift,
 * TypeScript and the transforms load with the run module, so `--help` and
 * `--version` answer without them.
 */
const command = parseCommandLine(process.argv.slice(2));

async function main(): Promise<number> {
  switch (command.kind) {
    case 'help':
      process.stdout.write(HELP_TEXT);
      return 0;
    case 'version':
      process.stdout.write(`${ownPackage().version}\n`);
      return 0;
    case 'usage-error':
      return writeUsageError(command.message, { format: command.format, hint: 'Run prisma-aurora-fix --help for the options.\n' }, process);
    case 'run': {
      const { runCli } = await import('./run.js');
      return runCli(command.args, { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
    }
  }
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    // Unexpected: every per-file problem is reported as a failed file, not thrown.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    if (command.kind === 'run' && command.args.format !== 'human') {
      // Still the format asked for on stdout; the stack goes to stderr for the bug report.
      writeUsageError(
        `internal error: ${error instanceof Error ? error.message : String(error)}`,
        { format: command.args.format },
        process,
      );
    }
    process.stderr.write(`prisma-aurora-fix: internal error: ${escapeForTerminal(redactOutput(detail))}\n`);
    process.exitCode = 2;
  },
);
