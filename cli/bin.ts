#!/usr/bin/env node
import { ownPackage } from '../analysis/package/own-package.js';
import { HELP_TEXT, parseCommandLine } from './cli-args.js';
import { redactOutput } from './redact-output.js';
import { escapeForTerminal } from './terminal-text.js';

/**
 * `prisma-aurora-fix [paths...]`. Only argument parsing happens up front: jscodeshift,
 * TypeScript and the transforms load with the run module, so `--help` and
 * `--version` answer without them.
 */
async function main(): Promise<number> {
  const command = parseCommandLine(process.argv.slice(2));
  switch (command.kind) {
    case 'help':
      process.stdout.write(HELP_TEXT);
      return 0;
    case 'version':
      process.stdout.write(`${ownPackage().version}\n`);
      return 0;
    case 'usage-error':
      process.stderr.write(
        `prisma-aurora-fix: ${escapeForTerminal(redactOutput(command.message))}\nRun prisma-aurora-fix --help for the options.\n`,
      );
      return 2;
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
    process.stderr.write(`prisma-aurora-fix: internal error: ${escapeForTerminal(redactOutput(detail))}\n`);
    process.exitCode = 2;
  },
);
