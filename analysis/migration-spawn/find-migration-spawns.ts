import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ParsedFile } from '../ast/parsed-file.js';
import { rangeOf } from '../ast/range.js';
import { visitNodes } from '../ast/tree.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { CommandWords, mergeText } from './command-words.js';
import { interpretArgv, parseCommandLine, staticText, type Word, type WordPart } from './prisma-command-line.js';
import { RetryDetection } from './retry-detection.js';
import type { CommandPiece, ExitStyle, MigrationSpawn, MigrationSpawnOptions, PrismaArgs } from './spawn-types.js';
import { ValueOrigins } from './value-origins.js';

/**
 * Finds child processes that run Prisma migrations (`prisma db push`, `prisma migrate
 * deploy`, ...) and whether a retry surrounds each one. Shared by the
 * `require-migration-retry` rule and the `wrap-migration-runner` transform: both hand in a
 * parsed file (typescript-eslint's or eslint-scope's scope manager) and get plain values back.
 */

type Node = TSESTree.Node;

class SpawnDetector {
  private readonly calls: Node[] = [];
  private readonly origins: ValueOrigins;
  private readonly words: CommandWords;
  private readonly retries: RetryDetection;

  constructor(file: ParsedFile, options: MigrationSpawnOptions) {
    // One walk: the calls worth a look, `zx/globals`, and the parent pointers the rest climbs.
    let importsZxGlobals = false;
    visitNodes(
      file.program,
      (node) => {
        if (node.type === 'CallExpression' || node.type === 'TaggedTemplateExpression') this.calls.push(node);
        if (node.type === 'ImportDeclaration' && node.source.value === 'zx/globals') importsZxGlobals = true;
      },
      true,
    );
    this.calls.sort((a, b) => a.range[0] - b.range[0]);
    this.origins = new ValueOrigins(file, importsZxGlobals);
    this.words = new CommandWords(this.origins);
    this.retries = new RetryDetection(this.origins, file.scopeManager, new Set(options.retryFunctionNames ?? []));
  }

  detect(): MigrationSpawn[] {
    const spawns: MigrationSpawn[] = [];
    for (const call of this.calls) {
      const spawn = this.spawnAt(call);
      if (spawn !== undefined) spawns.push(spawn);
    }
    return spawns;
  }

  private spawnAt(node: Node): MigrationSpawn | undefined {
    if (node.type === 'TaggedTemplateExpression') return this.taggedSpawnAt(node);
    if (node.type !== 'CallExpression') return undefined;
    const found = this.origins.spawnApiOf(node.callee);
    if (found === undefined) return undefined;
    const { api, promisified } = found;
    const args = node.arguments as Node[];
    const argumentRanges = args.map(rangeOf);
    const lastArgument = skipTypeWrappers(args[args.length - 1]);
    const callback =
      (api === 'execFile' || api === 'exec') && this.origins.isFunctionValue(lastArgument) ? args[args.length - 1] : undefined;
    const exit: ExitStyle = promisified
      ? 'promise'
      : api === 'execa' || api === 'execaNode' || api === 'execaCommand' || api === '$'
        ? 'promise'
        : api.endsWith('Sync') || api === '$.sync'
          ? 'sync'
          : callback !== undefined
            ? 'callback'
            : 'child-process';
    const firstArgument = args[0];
    if (firstArgument === undefined || firstArgument.type === 'SpreadElement') return undefined;

    let options: Node | undefined;
    const base = {
      range: rangeOf(node),
      calleeRange: rangeOf(node.callee),
      api,
      exit,
      callback: callback && rangeOf(callback),
      argumentRanges,
    };

    if (api === 'exec' || api === 'execSync' || api === 'execaCommand' || api === 'execaCommandSync') {
      options = args[1] !== undefined && args[1] !== callback ? args[1] : undefined;
      const line = parseCommandLine(
        this.words.partsOf(firstArgument),
        api.startsWith('exec') && !api.startsWith('execa') ? 'shell' : 'plain',
      );
      return this.fromCommandLine(node, { ...base, options: options && rangeOf(options) }, line.commands, line.usesShell);
    }

    // execFile(file, args?, options?, callback?) and its kin.
    const second = args[1] !== undefined && args[1] !== callback ? args[1] : undefined;
    const secondIsOptions =
      second !== undefined &&
      (skipTypeWrappers(second)?.type === 'ObjectExpression' || this.origins.isFunctionValue(skipTypeWrappers(second)));
    const argsNode = second !== undefined && !secondIsOptions && second.type !== 'SpreadElement' ? second : undefined;
    options = secondIsOptions ? second : args[2] !== undefined && args[2] !== callback ? args[2] : undefined;
    const { words: argWords, concat } = argsNode === undefined ? { words: [], concat: [] } : this.words.argsWordsOf(argsNode);
    const programWords: Word[] =
      api === 'fork' || api === 'execaNode'
        ? [{ parts: ['node'], isNodeBinary: true }, this.words.wordOf(firstArgument)]
        : [this.words.wordOf(firstArgument)];
    // `sh -c "npx prisma migrate deploy"`
    const shellProgram = staticText(programWords[0])?.replace(/^.*\//, '');
    if (
      programWords.length === 1 &&
      (shellProgram === 'sh' || shellProgram === 'bash') &&
      staticText(argWords[0]) === '-c' &&
      argWords[1] !== undefined
    ) {
      const line = parseCommandLine(argWords[1].parts, 'shell');
      return this.fromCommandLine(node, { ...base, options: options && rangeOf(options) }, line.commands, true);
    }
    const words = [...programWords, ...argWords];
    const invocation = interpretArgv(words);
    if (invocation?.command === undefined) return undefined;
    const argsOffset = programWords.length;
    let prismaArgs: PrismaArgs | undefined;
    if (invocation.argsStart === argsOffset && argsNode !== undefined) {
      prismaArgs = { verbatim: rangeOf(skipTypeWrappers(argsNode) ?? argsNode) };
    } else if (invocation.argsStart >= argsOffset) {
      const arrayWords = argWords.slice(0, argWords.length - concat.length);
      const items = arrayWords
        .slice(invocation.argsStart - argsOffset)
        .map((word): CommandPiece => ({ source: word.source!, ...(word.spread ? { spread: true } : {}) }));
      prismaArgs = { items, concat };
    }
    const launchWords = words.slice(0, invocation.argsStart);
    const launch = launchWords.every((word) => !word.spread && (word.source !== undefined || word.isNodeBinary))
      ? launchWords.map((word): CommandPiece => (word.source === undefined ? { nodeBinary: true } : { source: word.source }))
      : undefined;
    return {
      ...base,
      command: invocation.command,
      launcher: invocation.launcher,
      launcherOptions: invocation.launcherOptions,
      launch,
      args: prismaArgs,
      usesShell: false,
      options: options && rangeOf(options),
      retry: this.retries.retryAround(node),
    };
  }

  private taggedSpawnAt(node: TSESTree.TaggedTemplateExpression): MigrationSpawn | undefined {
    const found = this.origins.spawnApiOf(node.tag);
    if (found === undefined || (found.api !== '$' && found.api !== '$.sync' && found.api !== 'execa' && found.api !== 'execaSync'))
      return undefined;
    const parts: WordPart[] = [];
    node.quasi.quasis.forEach((quasi, position) => {
      parts.push(quasi.value.cooked ?? quasi.value.raw);
      const expression = node.quasi.expressions[position];
      if (expression !== undefined) parts.push({ range: rangeOf(expression) });
    });
    const fromZx = this.origins.isZxTag(node.tag);
    const line = parseCommandLine(mergeText(parts), fromZx ? 'shell' : 'plain');
    const tag = skipTypeWrappers(node.tag);
    const options = tag?.type === 'CallExpression' && tag.arguments[0] !== undefined ? rangeOf(tag.arguments[0]) : undefined;
    const sync = found.api === '$.sync' || found.api === 'execaSync';
    // An interpolated array expands to several arguments: only a fully static line has a known argv.
    const hasInterpolation = node.quasi.expressions.length > 0;
    return this.fromCommandLine(
      node,
      {
        range: rangeOf(node),
        calleeRange: rangeOf(node.tag),
        api: sync ? '$.sync' : '$',
        exit: sync ? 'sync' : 'promise',
        callback: undefined,
        argumentRanges: [rangeOf(node.quasi)],
        options,
      },
      line.commands,
      line.usesShell || hasInterpolation,
    );
  }

  /** A spawn whose command line is a string: the first command that runs a migration decides. */
  private fromCommandLine(
    node: Node,
    base: Pick<MigrationSpawn, 'range' | 'calleeRange' | 'api' | 'exit' | 'callback' | 'argumentRanges' | 'options'>,
    commands: Word[][],
    usesShell: boolean,
  ): MigrationSpawn | undefined {
    for (const words of commands) {
      const invocation = interpretArgv(words);
      if (invocation?.command === undefined) continue;
      const expressible = !usesShell && commands.length === 1;
      return {
        ...base,
        command: invocation.command,
        launcher: invocation.launcher,
        launcherOptions: invocation.launcherOptions,
        launch: expressible ? words.slice(0, invocation.argsStart).map((word) => ({ template: word.parts })) : undefined,
        args: expressible ? { items: words.slice(invocation.argsStart).map((word) => ({ template: word.parts })), concat: [] } : undefined,
        usesShell: usesShell || commands.length > 1,
        retry: this.retries.retryAround(node),
      };
    }
    return undefined;
  }
}

/**
 * Every child process in the file that runs a Prisma migration, in source order, each with
 * the retry around it (if any).
 */
export function findMigrationSpawns(file: ParsedFile, options: MigrationSpawnOptions = {}): MigrationSpawn[] {
  return new SpawnDetector(file, options).detect();
}

/** For messages: `prisma db push`, `prisma migrate …` (sub-command chosen at run time). */
export function describeMigration(spawn: Pick<MigrationSpawn, 'command'>): string {
  return `prisma ${spawn.command}`;
}
