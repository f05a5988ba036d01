import { interpretArgv, parseCommandLine, type PrismaInvocation, type Word } from './prisma-command-line.js';

/**
 * A static shell line that runs Prisma steps one after the other with `&&`, the migration
 * last: `npx prisma generate && npx prisma migrate deploy`. Splitting it before the migration
 * keeps its meaning when every step is a plain command (no quoting a shell would interpret,
 * no redirection, variable or environment prefix) and every earlier step is a Prisma command
 * that runs no migration: such a step changes nothing the next one sees from the shell (as
 * `cd` or `export` would), and `&&` runs the migration only when they all succeeded, which is
 * what running them in turn and stopping at the first failure does.
 */
export interface ChainedMigrationStep {
  /** The steps before the migration, joined with ` && ` again: a shell line of its own. */
  before: string;
  /** The migration step's argv. */
  words: Word[];
  invocation: PrismaInvocation;
}

export function chainedMigrationStep(line: string): ChainedMigrationStep | undefined {
  const steps = splitOnAnd(line);
  if (steps === undefined || steps.length < 2) return undefined;
  const parsed = steps.map((step) => parseCommandLine([step], 'shell'));
  if (parsed.some((step) => step.usesShell || step.commands.length !== 1)) return undefined;
  const commands = parsed.map((step) => step.commands[0]!);
  const last = commands[commands.length - 1]!;
  const invocation = interpretArgv(last);
  if (invocation?.command === undefined || invocation.launcherOptions) return undefined;
  const earlierArePrismaWithoutMigration = commands.slice(0, -1).every((words) => {
    const earlier = interpretArgv(words);
    return earlier !== undefined && earlier.command === undefined;
  });
  if (!earlierArePrismaWithoutMigration) return undefined;
  return {
    before: steps
      .slice(0, -1)
      .map((step) => step.trim())
      .join(' && '),
    words: last,
    invocation,
  };
}

/** The line's `&&`-separated steps, or undefined when it uses any other operator or quotes. */
function splitOnAnd(line: string): string[] | undefined {
  // Quotes could hide an `&&`; a line with them is not split (it stays a shell line).
  if (/["'`\\\n;|]/.test(line)) return undefined;
  const steps = line.split('&&');
  return steps.some((step) => step.includes('&') || step.trim() === '') ? undefined : steps;
}
