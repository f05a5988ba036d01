import type { Range } from '../ast/range.js';

/**
 * Reading a command line as the process that runs it would, to tell whether it runs a Prisma
 * migration: `npx prisma migrate deploy`, `node node_modules/prisma/build/index.js db push`,
 * `pnpm exec prisma db push`. Works on words whose parts may be values known only at run
 * time (a `${schema}` in a template), represented by their source range.
 */

/** Literal text, or a run-time value (the source range of its expression). */
export type WordPart = string | { range: Range };

/** One argv entry. */
export interface Word {
  parts: WordPart[];
  /** The value expands to any number of entries (an array spread, `.concat(options)`). */
  spread?: boolean;
  /** The expression this word was written as (an args-array element, a spawn argument). */
  source?: Range;
  /** The word is `process.execPath`: the running Node binary. */
  isNodeBinary?: boolean;
}

/** Placeholder for a run-time part when a word is matched as text. */
const DYNAMIC = '\u0000';

/** A word's text with run-time parts as NUL; undefined for a spread. */
export function looseText(word: Word): string | undefined {
  if (word.spread) return undefined;
  return word.parts.map((part) => (typeof part === 'string' ? part : DYNAMIC)).join('');
}

/** A word's text when it is fully known. */
export function staticText(word: Word | undefined): string | undefined {
  if (word === undefined || word.spread || word.parts.some((part) => typeof part !== 'string')) return undefined;
  return word.parts.join('');
}

/** `./node_modules/prisma/build/index.js` as a path of any shape ends. */
const PRISMA_CLI_JS = /(?:^|[/\\\0])prisma[/\\]build[/\\]index\.js$/;
/** `prisma`, `node_modules/.bin/prisma`, `/var/task/node_modules/.bin/prisma`. */
const PRISMA_BIN = /(?:^|[/\\\0])prisma(?:\.cmd|\.exe)?$/;
const NODE_BINARY = /(?:^|[/\\\0])(?:node|nodejs)(?:\.exe)?$/;
/** `prisma` or a pinned `prisma@6.19.0` as a package runner names it. */
const PRISMA_PACKAGE = /^prisma(?:@[\w.^~<>=*-]+)?$/;

export function isPrismaCliJsPath(text: string): boolean {
  return PRISMA_CLI_JS.test(text);
}

/** How the Prisma CLI is started. */
export type PrismaLauncher =
  /** The CLI's JS entry point itself: `execFile('node_modules/prisma/build/index.js', ...)`. */
  | 'prisma-cli-js'
  /** The `prisma` executable: `prisma`, `node_modules/.bin/prisma`. */
  | 'prisma-bin'
  /** `node <cli js>` (also `fork(cliJs)`, `execaNode(cliJs)`, `process.execPath`). */
  | 'node'
  /** A package runner: `npx prisma`, `pnpm exec prisma`, `yarn prisma`, `bunx prisma`, `npm exec prisma`. */
  | 'package-runner';

export interface PrismaInvocation {
  launcher: PrismaLauncher;
  /** Index of the word naming the CLI: the JS path, the executable, or `prisma` after a runner. */
  cliIndex: number;
  /** Index of the first word passed to Prisma. */
  argsStart: number;
  /** The migration it runs (`db push`, `migrate deploy`, ...), or undefined when it runs no migration. */
  command: string | undefined;
  /**
   * The launcher gets options that change what runs: `node --max-old-space-size=512 cli`,
   * `npx -p prisma@5 prisma`, `npx prisma@6.19.0`, `pnpm --filter api exec prisma`.
   */
  launcherOptions: boolean;
}

/** Runner words that change nothing about which Prisma runs. */
const NEUTRAL_RUNNER_WORDS = new Set([
  'exec',
  'dlx',
  'x',
  'run',
  '-y',
  '--yes',
  '--no-install',
  '--no',
  '--quiet',
  '-q',
  '--silent',
  '-s',
  '--',
]);

/** The Prisma commands that connect to the database to change its schema or migration state. */
export const MIGRATION_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  migrate: ['deploy', 'reset', 'dev', 'resolve'],
  db: ['push', 'execute'],
};

/** Options of package runners that take a value, so the value is not the package name. */
const RUNNER_OPTIONS_WITH_VALUE = new Set(['-p', '--package', '-c', '--call', '--filter', '-F', '--dir', '-C', '--workspace', '-w']);

/** Skips runner flags from `index`; returns the index of the first non-flag word. */
function skipFlags(words: readonly Word[], index: number): number {
  let current = index;
  for (;;) {
    const text = staticText(words[current]);
    if (text === undefined || !text.startsWith('-')) return current;
    if (text === '--') return current + 1;
    current += RUNNER_OPTIONS_WITH_VALUE.has(text) ? 2 : 1;
  }
}

/** After a runner's own words, the index of `prisma` when the runner runs the Prisma package. */
function prismaAfterRunner(words: readonly Word[], runnerIndex: number): number | undefined {
  const runner = (staticText(words[runnerIndex]) ?? '').replace(/^.*[/\\]/, '').replace(/\.(?:cmd|exe)$/, '');
  let index = runnerIndex + 1;
  switch (runner) {
    case 'npx':
    case 'pnpx':
    case 'bunx':
      index = skipFlags(words, index);
      break;
    case 'pnpm':
    case 'yarn':
    case 'bun':
    case 'npm': {
      index = skipFlags(words, index);
      const sub = staticText(words[index]);
      const runsPackage = runner === 'npm' ? sub === 'exec' || sub === 'x' : ['exec', 'dlx', 'x', 'run'].includes(sub ?? '');
      if (runsPackage) index = skipFlags(words, index + 1);
      else if (runner === 'npm') return undefined;
      break;
    }
    default:
      return undefined;
  }
  const name = staticText(words[index]);
  return name !== undefined && PRISMA_PACKAGE.test(name) ? index : undefined;
}

/** Classifies the words Prisma receives: the migration command, if it is one. */
export function migrationCommandOf(prismaWords: readonly Word[]): string | undefined {
  const first = prismaWords[0];
  if (first === undefined) return undefined;
  const group = staticText(first);
  // `prisma ${command}` / `prisma ...args`: a runner whose commands come at run time runs migrations.
  if (group === undefined) return '…';
  const subcommands = MIGRATION_COMMANDS[group];
  if (subcommands === undefined) return undefined;
  const second = prismaWords[1];
  if (second === undefined) return undefined;
  const sub = staticText(second);
  if (sub === undefined) return `${group} …`;
  return subcommands.includes(sub) ? `${group} ${sub}` : undefined;
}

/**
 * Reads argv (`words[0]` is the program) and returns how it starts the Prisma CLI and which
 * migration it runs, or undefined when it does not start the Prisma CLI at all.
 */
export function interpretArgv(words: readonly Word[]): PrismaInvocation | undefined {
  const program = words[0];
  if (program === undefined || program.spread) return undefined;
  const programText = looseText(program) ?? '';
  const finish = (launcher: PrismaLauncher, cliIndex: number, argsStart: number): PrismaInvocation => {
    let start = argsStart;
    // `npm exec prisma -- migrate deploy`
    if (launcher === 'package-runner' && staticText(words[start]) === '--') start += 1;
    const between = words.slice(1, cliIndex).map(staticText);
    const launcherOptions =
      launcher === 'node'
        ? between.length > 0
        : launcher === 'package-runner'
          ? between.some((word) => word === undefined || !NEUTRAL_RUNNER_WORDS.has(word)) || staticText(words[cliIndex]) !== 'prisma'
          : false;
    return { launcher, cliIndex, argsStart: start, command: migrationCommandOf(words.slice(start)), launcherOptions };
  };
  if (PRISMA_CLI_JS.test(programText)) return finish('prisma-cli-js', 0, 1);
  if (PRISMA_BIN.test(programText)) return finish('prisma-bin', 0, 1);
  if (program.isNodeBinary || NODE_BINARY.test(programText)) {
    const scriptIndex = skipFlags(words, 1);
    const script = words[scriptIndex];
    const scriptText = script === undefined ? undefined : looseText(script);
    if (scriptText !== undefined && (PRISMA_CLI_JS.test(scriptText) || PRISMA_BIN.test(scriptText))) {
      return finish('node', scriptIndex, scriptIndex + 1);
    }
    return undefined;
  }
  const prismaIndex = prismaAfterRunner(words, 0);
  return prismaIndex === undefined ? undefined : finish('package-runner', prismaIndex, prismaIndex + 1);
}

/** A command line split into the commands a shell would run. */
export interface ParsedCommandLine {
  commands: Word[][];
  /**
   * The line needs a shell to mean what it says: operators (`&&`, `|`, `;`), redirections,
   * substitutions, variables, an environment prefix (`DATABASE_URL=... npx prisma`).
   */
  usesShell: boolean;
}

/**
 * Splits a command line into words. `shell` mode follows sh: quotes group, operators split
 * commands. Plain mode follows execa's command strings: spaces split, a backslash escapes a
 * space. Run-time parts never split a word (zx and execa pass an interpolation as one
 * argument; for `exec` the value's own spaces are unknowable and taken as one word).
 */
export function parseCommandLine(parts: readonly WordPart[], mode: 'shell' | 'plain'): ParsedCommandLine {
  const commands: Word[][] = [[]];
  let usesShell = false;
  let word: WordPart[] | undefined;
  let quote: '"' | "'" | undefined;
  const append = (piece: WordPart): void => {
    word ??= [];
    const last = word[word.length - 1];
    if (typeof piece === 'string' && typeof last === 'string') word[word.length - 1] = last + piece;
    else word.push(piece);
  };
  const endWord = (): void => {
    if (word !== undefined) commands[commands.length - 1]!.push({ parts: word });
    word = undefined;
  };
  for (const part of parts) {
    if (typeof part !== 'string') {
      append(part);
      continue;
    }
    for (let index = 0; index < part.length; index += 1) {
      const char = part[index]!;
      const next = part[index + 1];
      if (quote !== undefined) {
        if (char === quote) quote = undefined;
        else {
          if (quote === '"' && (char === '$' || char === '`' || char === '\\')) usesShell = true;
          append(char);
        }
        continue;
      }
      if (mode === 'plain') {
        if (char === '\\' && next === ' ') {
          append(' ');
          index += 1;
        } else if (/\s/.test(char)) endWord();
        else append(char);
        continue;
      }
      if (/\s/.test(char)) {
        endWord();
      } else if (char === '"' || char === "'") {
        quote = char;
        append('');
      } else if (char === ';' || char === '&' || char === '|' || char === '\n') {
        usesShell = true;
        endWord();
        if ((char === '&' || char === '|') && next === char) index += 1;
        commands.push([]);
      } else if (
        char === '>' ||
        char === '<' ||
        char === '$' ||
        char === '`' ||
        char === '\\' ||
        char === '*' ||
        char === '(' ||
        char === ')'
      ) {
        usesShell = true;
        append(char);
      } else {
        append(char);
      }
    }
  }
  endWord();
  const nonEmpty = commands.filter((command) => command.length > 0);
  if (mode === 'shell') {
    for (const command of nonEmpty) {
      // `DATABASE_URL=... npx prisma migrate deploy`: the assignments are the shell's business.
      while (command.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(typeof command[0]!.parts[0] === 'string' ? command[0]!.parts[0] : '')) {
        command.shift();
        usesShell = true;
      }
    }
  }
  return { commands: nonEmpty, usesShell };
}
