import type { TSESTree } from '@typescript-eslint/utils';
import {
  interpretArgv,
  parseCommandLine,
  staticText,
  type PrismaLauncher,
  type Range,
  type Word,
  type WordPart,
} from './prisma-command-line.js';

/**
 * Finds child processes that run Prisma migrations (`prisma db push`, `prisma migrate
 * deploy`, ...) and whether a retry surrounds each one. Shared by the
 * `require-migration-retry` rule and the `wrap-migration-runner` transform: both hand in an
 * ESTree program and its scope manager (typescript-eslint's or eslint-scope) and get plain
 * values back.
 */

export type { Range, WordPart } from './prisma-command-line.js';

/** The function that starts the process. */
export type SpawnApi =
  | 'execFile'
  | 'execFileSync'
  | 'exec'
  | 'execSync'
  | 'spawn'
  | 'spawnSync'
  | 'fork'
  | 'execa'
  | 'execaSync'
  | 'execaNode'
  | 'execaCommand'
  | 'execaCommandSync'
  | '$'
  | '$.sync';

/** How the caller learns the exit status. */
export type ExitStyle =
  /** A Node callback `(error, stdout, stderr)`: execFile/exec with a callback. */
  | 'callback'
  /** A promise that rejects on a non-zero exit: promisified execFile/exec, execa, zx. */
  | 'promise'
  /** Returns when the process has ended: execSync/execFileSync throw, spawnSync returns a status. */
  | 'sync'
  /** A ChildProcess whose events tell: spawn, fork, execFile/exec without a callback. */
  | 'child-process';

/**
 * A piece of a command line as written: an expression to copy (`spread`: it stands for
 * several entries), text with run-time parts, or the running Node binary (`fork`,
 * `execaNode`: `process.execPath`).
 */
export type CommandPiece = { source: Range; spread?: boolean } | { template: WordPart[] } | { nodeBinary: true };

/**
 * What the Prisma CLI receives. `verbatim`: an expression (an array, `[...].concat(options)`,
 * a variable) that is exactly Prisma's argv. `items`: the entries one by one, then the
 * arguments of a trailing `.concat(...)`.
 */
export type PrismaArgs = { verbatim: Range } | { items: CommandPiece[]; concat: Range[] };

/** What makes the spawn retried. */
export interface RetryEvidence {
  kind:
    /** A call of a retry function (`withRetry`, `pRetry`, `backOff`, `runMigration`) taking a function that spawns. */
    | 'wrapper'
    /** A loop that catches failure and waits before the next attempt. */
    | 'loop'
    /** A function that waits and calls itself again on failure. */
    | 'recursion';
  /** The retry call, loop or function. */
  range: Range;
}

export interface MigrationSpawn {
  /** The spawning call (or tagged template). */
  range: Range;
  /** The callee (or tag), for a precise report location. */
  calleeRange: Range;
  api: SpawnApi;
  exit: ExitStyle;
  /** The migration run: `db push`, `migrate deploy`, `migrate reset`, `migrate …` (sub-command known at run time), `…` (all of it). */
  command: string;
  launcher: PrismaLauncher;
  /** The launcher gets options of its own (`node --inspect cli`, `npx prisma@5`): see PrismaInvocation. */
  launcherOptions: boolean;
  /**
   * The argv before Prisma's own arguments: the program and its arguments up to the CLI
   * (`[process.execPath-or-cliJs]`, `['npx', '--yes', 'prisma']`, `['node', cliJs]`).
   * Undefined when a piece of it is only known at run time as a list.
   */
  launch: CommandPiece[] | undefined;
  /** Prisma's argv, when it can be written as a `string[]` expression; undefined when the line needs a shell. */
  args: PrismaArgs | undefined;
  /** The line needs a shell (`cd x && npx prisma ...`, redirections, variables). */
  usesShell: boolean;
  /** The options object argument (env, cwd, stdio, ...). */
  options: Range | undefined;
  /** The exit callback argument of execFile/exec. */
  callback: Range | undefined;
  /** Every argument of the call, in order. */
  argumentRanges: Range[];
  /** The retry around the spawn, or undefined when nothing retries it. */
  retry: RetryEvidence | undefined;
}

export interface MigrationSpawnOptions {
  /** Extra callee names that retry the function they are given (besides `/retry|backoff/i` and `runMigration`). */
  retryFunctionNames?: readonly string[];
}


// ---------------------------------------------------------------------------------------
// Scope: the subset of typescript-eslint's and eslint-scope's scope managers used here.

interface ReferenceLike {
  identifier: { type: string; name: string; range?: Range };
  resolved: VariableLike | null;
  init?: boolean;
  isWrite(): boolean;
}
interface DefinitionLike {
  type: string;
  name: { type: string };
  node: unknown;
  parent?: unknown;
}
interface VariableLike {
  name: string;
  defs: readonly DefinitionLike[];
  references: readonly ReferenceLike[];
}
export interface ScopeManagerLike {
  scopes: readonly { references: readonly ReferenceLike[] }[];
  getDeclaredVariables(node: never): readonly VariableLike[];
}

type Node = TSESTree.Node;
type Fn = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

const FUNCTION_TYPES = new Set(['ArrowFunctionExpression', 'FunctionExpression', 'FunctionDeclaration']);
const LOOP_TYPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);
const TS_WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ChainExpression']);

function isFunction(node: Node | null | undefined): node is Fn {
  return node != null && FUNCTION_TYPES.has(node.type);
}

function rangeOf(node: Node): Range {
  return [node.range[0], node.range[1]];
}

function unwrap(node: Node | null | undefined): Node | null | undefined {
  let current = node;
  while (current != null && TS_WRAPPERS.has(current.type)) current = (current as { expression: Node }).expression;
  return current;
}

function stringLiteral(node: Node | null | undefined): string | undefined {
  const inner = unwrap(node);
  if (inner?.type === 'Literal' && typeof inner.value === 'string') return inner.value;
  if (inner?.type === 'TemplateLiteral' && inner.expressions.length === 0) return inner.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function propertyName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed) return node.property.type === 'Identifier' ? node.property.name : undefined;
  return stringLiteral(node.property);
}

/** The name a call's callee goes by: `withRetry`, `retry.withRetry` -> `withRetry`. */
function calleeName(callee: Node): string | undefined {
  const inner = unwrap(callee);
  if (inner?.type === 'Identifier') return inner.name;
  if (inner?.type === 'MemberExpression') return propertyName(inner);
  return undefined;
}

/** Where a value comes from: a module's export path, possibly promisified. */
interface Origin {
  module: string;
  path: string[];
  promisified: boolean;
}

const CHILD_PROCESS_APIS = new Set(['execFile', 'execFileSync', 'exec', 'execSync', 'spawn', 'spawnSync', 'fork']);
const RETRY_MODULES = new Set(['p-retry', 'async-retry', 'promise-retry', 'exponential-backoff', 'retry', 'ts-retry', 'ts-retry-promise', '@lifeomic/attempt', 'retry-as-promised']);
const RETRY_NAME = /retry|backoff/i;
const WAIT_NAME = /sleep|delay|wait|settimeout|backoff|pause/i;
/** Helpers deeper than this are not followed: the canonical shape needs one, a second is cheap. */
const MAX_HELPER_DEPTH = 2;

/** Keys that hold no child worth walking: positions, and type annotations (no spawn hides in a type). */
const SKIPPED_KEYS = new Set(['parent', 'range', 'loc', 'tokens', 'comments', 'typeAnnotation', 'returnType', 'typeArguments', 'typeParameters']);

/** A node's child nodes, in no particular order. */
function childrenOf(node: Node): Node[] {
  const children: Node[] = [];
  for (const key of Object.keys(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child !== null && typeof child === 'object' && typeof (child as Node).type === 'string') children.push(child as Node);
    }
  }
  return children;
}

/** Walks the program once, noting every node's parent and the calls worth a look. */
function index(program: TSESTree.Program): { parents: Map<Node, Node>; calls: Node[]; importsZxGlobals: boolean } {
  const parents = new Map<Node, Node>();
  const calls: Node[] = [];
  let importsZxGlobals = false;
  const stack: Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'CallExpression' || node.type === 'TaggedTemplateExpression') calls.push(node);
    if (node.type === 'ImportDeclaration' && node.source.value === 'zx/globals') importsZxGlobals = true;
    for (const child of childrenOf(node)) {
      parents.set(child, node);
      stack.push(child);
    }
  }
  calls.sort((a, b) => a.range[0] - b.range[0]);
  return { parents, calls, importsZxGlobals };
}

class Detector {
  private readonly referenceByIdentifier = new Map<unknown, ReferenceLike>();
  private readonly parents: Map<Node, Node>;
  private readonly calls: Node[];
  private readonly importsZxGlobals: boolean;
  private readonly extraRetryNames: ReadonlySet<string>;

  constructor(
    program: TSESTree.Program,
    private readonly scopeManager: ScopeManagerLike,
    options: MigrationSpawnOptions,
  ) {
    ({ parents: this.parents, calls: this.calls, importsZxGlobals: this.importsZxGlobals } = index(program));
    for (const scope of scopeManager.scopes) {
      for (const reference of scope.references) this.referenceByIdentifier.set(reference.identifier, reference);
    }
    this.extraRetryNames = new Set(options.retryFunctionNames ?? []);
  }

  // -------------------------------------------------------------------------------------
  // Values

  private variableOf(identifier: Node): VariableLike | undefined {
    return this.referenceByIdentifier.get(identifier)?.resolved ?? undefined;
  }

  /**
   * Whether an identifier is the global of that name: unresolved, or resolved to a global
   * with no declaration (ESLint declares `require`, `module`, ... for CommonJS files).
   */
  private isGlobal(identifier: Node): boolean {
    const variable = this.variableOf(identifier);
    return variable === undefined || variable.defs.length === 0;
  }

  /** The initialiser a single-definition, never-reassigned variable holds, with the pattern path to it. */
  private definitionOf(identifier: Node): { init: Node; path: string[] } | { importOrigin: Origin } | undefined {
    const variable = this.variableOf(identifier);
    if (variable === undefined || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0]!;
    if (def.type === 'ImportBinding') {
      const spec = def.node as Node;
      if (spec.type === 'TSImportEqualsDeclaration') {
        const source = spec.moduleReference.type === 'TSExternalModuleReference' ? stringLiteral(spec.moduleReference.expression) : undefined;
        return source === undefined ? undefined : { importOrigin: { module: source, path: [], promisified: false } };
      }
      const declaration = def.parent as TSESTree.ImportDeclaration | undefined;
      const module = declaration?.source.value;
      if (module === undefined) return undefined;
      if (spec.type === 'ImportSpecifier') {
        const imported = spec.imported.type === 'Identifier' ? spec.imported.name : String(spec.imported.value);
        return { importOrigin: { module, path: [imported], promisified: false } };
      }
      if (spec.type === 'ImportDefaultSpecifier') return { importOrigin: { module, path: ['default'], promisified: false } };
      if (spec.type === 'ImportNamespaceSpecifier') return { importOrigin: { module, path: [], promisified: false } };
      return undefined;
    }
    if (def.type !== 'Variable') return undefined;
    if (variable.references.some((reference) => reference.isWrite() && reference.init !== true)) return undefined;
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.init == null) return undefined;
    const path = patternPath(declarator.id, def.name as Node);
    return path === undefined ? undefined : { init: declarator.init, path };
  }

  private originOf(node: Node | null | undefined, depth = 0): Origin | undefined {
    const inner = unwrap(node);
    if (inner == null || depth > 8) return undefined;
    switch (inner.type) {
      case 'Identifier': {
        const definition = this.definitionOf(inner);
        if (definition === undefined) return undefined;
        if ('importOrigin' in definition) return normalizeOrigin(definition.importOrigin);
        const base = this.originOf(definition.init, depth + 1);
        return base && normalizeOrigin({ ...base, path: [...base.path, ...definition.path] });
      }
      case 'MemberExpression': {
        const base = this.originOf(inner.object, depth + 1);
        const name = propertyName(inner);
        return base && name !== undefined ? normalizeOrigin({ ...base, path: [...base.path, name] }) : undefined;
      }
      case 'AwaitExpression':
        return this.originOf(inner.argument, depth + 1);
      case 'ImportExpression': {
        const source = stringLiteral(inner.source);
        return source === undefined ? undefined : normalizeOrigin({ module: source, path: [], promisified: false });
      }
      case 'CallExpression': {
        const callee = unwrap(inner.callee);
        if (callee?.type === 'Identifier' && callee.name === 'require' && this.isGlobal(callee)) {
          const source = stringLiteral(inner.arguments[0]);
          return source === undefined ? undefined : normalizeOrigin({ module: source, path: [], promisified: false });
        }
        if (this.isPromisify(inner.callee)) {
          const base = this.originOf(inner.arguments[0], depth + 1);
          return base && { ...base, promisified: true };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private isPromisify(callee: Node): boolean {
    const origin = this.originOf(callee);
    if (origin !== undefined) return origin.module === 'util' && origin.path.join('.') === 'promisify';
    return calleeName(callee) === 'promisify';
  }

  /**
   * A function expression, a constant bound to one (`execFile(cli, args, onExit)`), or a
   * parameter named like a callback (`execFile(cli, args, resolve)` in a Promise executor).
   */
  private isFunctionValue(node: Node | null | undefined): boolean {
    const inner = unwrap(node);
    if (isFunction(inner)) return true;
    if (inner?.type !== 'Identifier') return false;
    const variable = this.variableOf(inner);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === 'FunctionName') return true;
    if (def?.type === 'Variable') return isFunction(unwrap((def.node as TSESTree.VariableDeclarator).init));
    if (def?.type === 'Parameter') return /^(?:resolve|reject|callback|cb|done|next)$|Callback$|^on[A-Z]/.test(inner.name);
    return false;
  }

  /** The spawn API a callee is, if it is one. */
  private spawnApiOf(callee: Node): { api: SpawnApi; promisified: boolean } | undefined {
    const inner = unwrap(callee);
    if (inner?.type === 'CallExpression') {
      // `$({ cwd })\`...\``: execa's and zx's `$` with options.
      const api = this.spawnApiOf(inner.callee);
      return api?.api === '$' || api?.api === '$.sync' ? api : undefined;
    }
    if (inner?.type === 'Identifier' && inner.name === '$' && this.importsZxGlobals && this.isGlobal(inner)) {
      return { api: '$', promisified: false };
    }
    const origin = this.originOf(callee);
    if (origin === undefined) return undefined;
    const path = origin.path.join('.');
    const promisified = origin.promisified;
    switch (origin.module) {
      case 'child_process':
        return CHILD_PROCESS_APIS.has(path) ? { api: path as SpawnApi, promisified } : undefined;
      case 'execa': {
        const byPath: Record<string, SpawnApi> = {
          '': 'execa',
          default: 'execa',
          execa: 'execa',
          sync: 'execaSync',
          'default.sync': 'execaSync',
          execaSync: 'execaSync',
          node: 'execaNode',
          'default.node': 'execaNode',
          execaNode: 'execaNode',
          command: 'execaCommand',
          'default.command': 'execaCommand',
          execaCommand: 'execaCommand',
          commandSync: 'execaCommandSync',
          'default.commandSync': 'execaCommandSync',
          execaCommandSync: 'execaCommandSync',
          $: '$',
          '$.sync': '$.sync',
          '$.s': '$.sync',
          $sync: '$.sync',
        };
        const api = byPath[path];
        return api === undefined ? undefined : { api, promisified };
      }
      case 'zx':
      case 'zx/core':
        return path === '$' ? { api: '$', promisified } : path === '$.sync' ? { api: '$.sync', promisified } : undefined;
      case 'cross-spawn':
        if (path === '' || path === 'default' || path === 'spawn') return { api: 'spawn', promisified };
        if (path === 'sync' || path === 'default.sync') return { api: 'spawnSync', promisified };
        return undefined;
      default:
        return undefined;
    }
  }

  /** A value as command-line text: literals, templates, `+`, constants, `path.join`/`resolve`, `require.resolve`. */
  private partsOf(node: Node | null | undefined, depth = 0): WordPart[] {
    const inner = unwrap(node);
    if (inner == null) return [];
    const opaque: WordPart[] = [{ range: rangeOf(inner) }];
    if (depth > 8) return opaque;
    switch (inner.type) {
      case 'Literal':
        return typeof inner.value === 'string' ? [inner.value] : typeof inner.value === 'number' ? [String(inner.value)] : opaque;
      case 'TemplateLiteral': {
        const parts: WordPart[] = [];
        inner.quasis.forEach((quasi, position) => {
          parts.push(quasi.value.cooked ?? quasi.value.raw);
          const expression = inner.expressions[position];
          if (expression !== undefined) parts.push(...this.partsOf(expression, depth + 1));
        });
        return mergeText(parts);
      }
      case 'BinaryExpression':
        return inner.operator === '+' ? mergeText([...this.partsOf(inner.left as Node, depth + 1), ...this.partsOf(inner.right, depth + 1)]) : opaque;
      case 'Identifier': {
        const definition = this.definitionOf(inner);
        if (definition !== undefined && 'init' in definition && definition.path.length === 0) {
          const parts = this.partsOf(definition.init, depth + 1);
          // A constant that folds to nothing known stays this identifier (copying it keeps the meaning).
          return parts.every((part) => typeof part !== 'string') ? opaque : parts;
        }
        return opaque;
      }
      case 'CallExpression': {
        const callee = unwrap(inner.callee);
        const name = callee === undefined || callee === null ? undefined : calleeName(callee);
        const origin = this.originOf(inner.callee);
        const isPathJoin = origin?.module === 'path' && /^(?:posix\.|win32\.)?(?:join|resolve|normalize)$/.test(origin.path.join('.'));
        if (isPathJoin) {
          const joined: WordPart[] = [];
          inner.arguments.forEach((argument, position) => {
            if (position > 0) joined.push('/');
            joined.push(...this.partsOf(argument, depth + 1));
          });
          return mergeText(joined);
        }
        // `require.resolve('prisma')`, `createRequire(...).resolve(...)`, `import.meta.resolve(...)`
        if (name === 'resolve' && callee?.type === 'MemberExpression') {
          const request = stringLiteral(inner.arguments[0]);
          if (request === 'prisma' || request === 'prisma/build/index.js') return [{ range: rangeOf(inner) }, '/node_modules/prisma/build/index.js'];
          return opaque;
        }
        // `fileURLToPath(new URL('../node_modules/prisma/build/index.js', import.meta.url))`
        if (name === 'fileURLToPath') return this.partsOf(inner.arguments[0], depth + 1);
        if (name === 'String' && inner.arguments.length === 1) return this.partsOf(inner.arguments[0], depth + 1);
        return opaque;
      }
      case 'NewExpression':
        return unwrap(inner.callee)?.type === 'Identifier' && (inner.callee as TSESTree.Identifier).name === 'URL'
          ? this.partsOf(inner.arguments[0], depth + 1)
          : opaque;
      default:
        return opaque;
    }
  }

  private isProcessExecPath(node: Node | null | undefined): boolean {
    const inner = unwrap(node);
    return (
      inner?.type === 'MemberExpression' &&
      propertyName(inner) === 'execPath' &&
      unwrap(inner.object)?.type === 'Identifier' &&
      (unwrap(inner.object) as TSESTree.Identifier).name === 'process'
    );
  }

  private wordOf(node: Node): Word {
    const inner = unwrap(node) ?? node;
    return { parts: this.partsOf(inner), source: rangeOf(inner), isNodeBinary: this.isProcessExecPath(inner) };
  }

  /** An args-array argument as words, with the `.concat(...)` arguments that follow it. */
  private argsWordsOf(node: Node, depth = 0): { words: Word[]; concat: Range[] } {
    const inner = unwrap(node) ?? node;
    const unknown = { words: [{ parts: [{ range: rangeOf(inner) }], spread: true, source: rangeOf(inner) }], concat: [] };
    if (depth > 4) return unknown;
    if (inner.type === 'ArrayExpression') {
      const words: Word[] = [];
      for (const element of inner.elements) {
        if (element === null) continue;
        if (element.type === 'SpreadElement') {
          words.push({ parts: [{ range: rangeOf(element.argument) }], spread: true, source: rangeOf(element.argument) });
        } else {
          words.push(this.wordOf(element));
        }
      }
      return { words, concat: [] };
    }
    if (inner.type === 'CallExpression' && unwrap(inner.callee)?.type === 'MemberExpression' && calleeName(inner.callee) === 'concat') {
      const base = this.argsWordsOf((unwrap(inner.callee) as TSESTree.MemberExpression).object, depth + 1);
      const concat = inner.arguments.map((argument) => rangeOf(argument));
      const words = [...base.words, ...concat.map((range) => ({ parts: [{ range }], spread: true, source: range }))];
      return { words, concat: [...base.concat, ...concat] };
    }
    if (inner.type === 'Identifier') {
      const definition = this.definitionOf(inner);
      if (definition !== undefined && 'init' in definition && definition.path.length === 0) {
        const resolved = this.argsWordsOf(definition.init, depth + 1);
        if (!resolved.words.every((word) => word.spread && word.source?.[0] === definition.init.range[0])) return resolved;
      }
    }
    return unknown;
  }

  // -------------------------------------------------------------------------------------
  // Spawns

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
    const found = this.spawnApiOf(node.callee);
    if (found === undefined) return undefined;
    const { api, promisified } = found;
    const args = node.arguments as Node[];
    const argumentRanges = args.map(rangeOf);
    const lastArgument = unwrap(args[args.length - 1]);
    const callback = (api === 'execFile' || api === 'exec') && this.isFunctionValue(lastArgument) ? args[args.length - 1] : undefined;
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
    const base = { range: rangeOf(node), calleeRange: rangeOf(node.callee), api, exit, callback: callback && rangeOf(callback), argumentRanges };

    if (api === 'exec' || api === 'execSync' || api === 'execaCommand' || api === 'execaCommandSync') {
      options = args[1] !== undefined && args[1] !== callback ? args[1] : undefined;
      const line = parseCommandLine(this.partsOf(firstArgument), api.startsWith('exec') && !api.startsWith('execa') ? 'shell' : 'plain');
      return this.fromCommandLine(node, { ...base, options: options && rangeOf(options) }, line.commands, line.usesShell);
    }

    // execFile(file, args?, options?, callback?) and its kin.
    const second = args[1] !== undefined && args[1] !== callback ? args[1] : undefined;
    const secondIsOptions = second !== undefined && (unwrap(second)?.type === 'ObjectExpression' || this.isFunctionValue(unwrap(second)));
    const argsNode = second !== undefined && !secondIsOptions && second.type !== 'SpreadElement' ? second : undefined;
    options = secondIsOptions ? second : args[2] !== undefined && args[2] !== callback ? args[2] : undefined;
    const { words: argWords, concat } = argsNode === undefined ? { words: [], concat: [] } : this.argsWordsOf(argsNode);
    const programWords: Word[] =
      api === 'fork' || api === 'execaNode' ? [{ parts: ['node'], isNodeBinary: true }, this.wordOf(firstArgument)] : [this.wordOf(firstArgument)];
    // `sh -c "npx prisma migrate deploy"`
    const shellProgram = staticText(programWords[0])?.replace(/^.*\//, '');
    if (programWords.length === 1 && (shellProgram === 'sh' || shellProgram === 'bash') && staticText(argWords[0]) === '-c' && argWords[1] !== undefined) {
      const line = parseCommandLine(argWords[1].parts, 'shell');
      return this.fromCommandLine(node, { ...base, options: options && rangeOf(options) }, line.commands, true);
    }
    const words = [...programWords, ...argWords];
    const invocation = interpretArgv(words);
    if (invocation?.command === undefined) return undefined;
    const argsOffset = programWords.length;
    let prismaArgs: PrismaArgs | undefined;
    if (invocation.argsStart === argsOffset && argsNode !== undefined) {
      prismaArgs = { verbatim: rangeOf(unwrap(argsNode) ?? argsNode) };
    } else if (invocation.argsStart >= argsOffset) {
      const arrayWords = argWords.slice(0, argWords.length - concat.length);
      const items = arrayWords.slice(invocation.argsStart - argsOffset).map((word): CommandPiece => ({ source: word.source!, ...(word.spread ? { spread: true } : {}) }));
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
      retry: this.retryAround(node),
    };
  }

  private taggedSpawnAt(node: TSESTree.TaggedTemplateExpression): MigrationSpawn | undefined {
    const found = this.spawnApiOf(node.tag);
    if (found === undefined || (found.api !== '$' && found.api !== '$.sync' && found.api !== 'execa' && found.api !== 'execaSync')) return undefined;
    const parts: WordPart[] = [];
    node.quasi.quasis.forEach((quasi, position) => {
      parts.push(quasi.value.cooked ?? quasi.value.raw);
      const expression = node.quasi.expressions[position];
      if (expression !== undefined) parts.push({ range: rangeOf(expression) });
    });
    const fromZx = this.isZxTag(node.tag);
    const line = parseCommandLine(mergeText(parts), fromZx ? 'shell' : 'plain');
    const tag = unwrap(node.tag);
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

  private isZxTag(tag: Node): boolean {
    const inner = unwrap(tag);
    const callee = inner?.type === 'CallExpression' ? inner.callee : inner;
    if (callee == null) return false;
    const origin = this.originOf(callee);
    return origin === undefined ? this.importsZxGlobals : origin.module === 'zx' || origin.module === 'zx/core';
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
        retry: this.retryAround(node),
      };
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------
  // Retries

  private isRetryCall(call: Node): boolean {
    if (call.type !== 'CallExpression') return false;
    const name = calleeName(call.callee);
    if (name !== undefined && (RETRY_NAME.test(name) || name === 'runMigration' || this.extraRetryNames.has(name))) return true;
    const origin = this.originOf(call.callee);
    if (origin !== undefined && RETRY_MODULES.has(origin.module)) return true;
    // node-retry: `const operation = retry.operation(); operation.attempt(fn)`
    const callee = unwrap(call.callee);
    if (name === 'attempt' && callee?.type === 'MemberExpression' && unwrap(callee.object)?.type === 'Identifier') {
      const definition = this.definitionOf(unwrap(callee.object)!);
      if (definition !== undefined && 'init' in definition) {
        const init = unwrap(definition.init);
        return init?.type === 'CallExpression' && init.callee.type === 'MemberExpression' && RETRY_NAME.test(calleeName(init.callee.object) ?? '');
      }
    }
    return false;
  }

  /** A call that waits: `sleep(ms)`, `setTimeout(r, ms)`, `delay()`, `Atomics.wait(...)`, `backoff(n)`. */
  private containsWait(node: Node): boolean {
    return this.someDescendant(node, (child) => child.type === 'CallExpression' && WAIT_NAME.test(calleeName(child.callee) ?? ''));
  }

  private someDescendant(root: Node, predicate: (node: Node) => boolean): boolean {
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (predicate(node)) return true;
      stack.push(...childrenOf(node));
    }
    return false;
  }

  /** A `break`/`return` that leaves `loop` on success (not one inside a nested function or loop). */
  private hasSuccessExit(loop: Node): boolean {
    const body = (loop as { body: Node }).body;
    const stack: Node[] = [body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'ReturnStatement' || (node.type === 'BreakStatement' && node.label === null)) return true;
      if (isFunction(node) || LOOP_TYPES.has(node.type) || node.type === 'SwitchStatement') continue;
      stack.push(...childrenOf(node));
    }
    return false;
  }

  /**
   * A retry loop: a `for`/`while`/`do` loop that waits between attempts. A `for...of` over a
   * list (of schemas, say) that waits is a retry only when it leaves on success
   * (`break`/`return`), as a loop over delays (`for (const ms of [0, 3000, 6000])`) does.
   * A loop that does not wait is no retry: instant attempts end before Aurora resumes.
   */
  private isRetryLoop(loop: Node, pathChild: Node): boolean {
    const body = (loop as { body: Node }).body;
    if (body !== pathChild || !this.containsWait(body)) return false;
    if (loop.type === 'ForOfStatement' || loop.type === 'ForInStatement') return this.hasSuccessExit(loop);
    return true;
  }

  /** Whether `fn` retries by calling itself after a wait. */
  private isRetryingRecursion(fn: Fn): boolean {
    const variable = this.functionVariable(fn);
    if (variable === undefined) return false;
    const callsItself = variable.references.some(
      (reference) => !reference.init && fn.range[0] <= reference.identifier.range![0] && reference.identifier.range![1] <= fn.range[1],
    );
    return callsItself && this.containsWait(fn.body);
  }

  /** The variable a named function is bound to: `function f() {}`, `const f = () => {}`. */
  private functionVariable(fn: Fn): VariableLike | undefined {
    if (fn.type === 'FunctionDeclaration' && fn.id) return this.scopeManager.getDeclaredVariables(fn as never)[0];
    const parent = this.parents.get(fn);
    if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
      return this.scopeManager.getDeclaredVariables(parent as never).find((variable) => variable.name === (parent.id as TSESTree.Identifier).name);
    }
    return undefined;
  }

  /** A Promise executor `new Promise((resolve, reject) => ...)`: it runs right away, so it is no boundary. */
  private isPromiseExecutor(fn: Fn): boolean {
    const parent = this.parents.get(fn);
    return parent?.type === 'NewExpression' && parent.arguments[0] === fn && unwrap(parent.callee)?.type === 'Identifier' && (unwrap(parent.callee) as TSESTree.Identifier).name === 'Promise';
  }

  private isExported(fn: Fn, variable: VariableLike): boolean {
    let node: Node | undefined = this.parents.get(fn);
    if (node?.type === 'VariableDeclarator') node = this.parents.get(this.parents.get(node)!);
    if (node?.type === 'ExportNamedDeclaration' || node?.type === 'ExportDefaultDeclaration') return true;
    if (fn.type === 'FunctionDeclaration' && this.parents.get(fn)?.type === 'ExportNamedDeclaration') return true;
    return variable.references.some((reference) => {
      const parent = this.parents.get(reference.identifier as Node);
      if (parent?.type === 'ExportSpecifier' || parent?.type === 'ExportDefaultDeclaration') return true;
      if (parent?.type === 'AssignmentExpression' && parent.right === reference.identifier) return true;
      return parent?.type === 'Property' && parent.value === reference.identifier;
    });
  }

  /** The retry around `node`, looking outward and through up to MAX_HELPER_DEPTH local helpers. */
  private retryAround(node: Node, depth = 0, visited = new Set<Node>()): RetryEvidence | undefined {
    let child = node;
    let parent = this.parents.get(node);
    while (parent !== undefined) {
      if (parent.type === 'CallExpression' && parent.callee !== child && isFunction(child) && this.isRetryCall(parent)) {
        return { kind: 'wrapper', range: rangeOf(parent) };
      }
      if (LOOP_TYPES.has(parent.type) && this.isRetryLoop(parent, child)) return { kind: 'loop', range: rangeOf(parent) };
      if (isFunction(parent) && !this.isPromiseExecutor(parent)) {
        if (this.isRetryingRecursion(parent)) return { kind: 'recursion', range: rangeOf(parent) };
        const variable = this.functionVariable(parent);
        // A named local helper: its callers decide (an inline callback is no boundary).
        if (variable !== undefined) {
          if (depth >= MAX_HELPER_DEPTH || visited.has(parent) || this.isExported(parent, variable)) return undefined;
          visited.add(parent);
          return this.retryThroughCallers(variable, depth, visited);
        }
      }
      child = parent;
      parent = this.parents.get(parent);
    }
    return undefined;
  }

  /** A helper is retried when it is used at least once and every use is retried. */
  private retryThroughCallers(variable: VariableLike, depth: number, visited: Set<Node>): RetryEvidence | undefined {
    const uses = variable.references.filter((reference) => !reference.init);
    if (uses.length === 0) return undefined;
    let evidence: RetryEvidence | undefined;
    for (const reference of uses) {
      const identifier = reference.identifier as Node;
      const parent = this.parents.get(identifier);
      let found: RetryEvidence | undefined;
      if (parent?.type === 'CallExpression' && parent.callee === identifier) {
        found = this.retryAround(parent, depth + 1, visited);
      } else if (parent?.type === 'CallExpression' && parent.arguments.includes(identifier as TSESTree.Expression) && this.isRetryCall(parent)) {
        // `pRetry(runMigrations, { retries: 5 })`
        found = { kind: 'wrapper', range: rangeOf(parent) };
      }
      if (found === undefined) return undefined;
      evidence ??= found;
    }
    return evidence;
  }
}



/** Keys from a destructuring pattern down to `target`: `{ a: { b } }` -> ['a', 'b']. */
function patternPath(pattern: Node, target: Node): string[] | undefined {
  if (pattern === target) return [];
  if (pattern.type === 'AssignmentPattern') return patternPath(pattern.left, target);
  if (pattern.type !== 'ObjectPattern') return undefined;
  for (const property of pattern.properties) {
    if (property.type !== 'Property') continue;
    const key = property.computed ? stringLiteral(property.key) : property.key.type === 'Identifier' ? property.key.name : stringLiteral(property.key);
    if (key === undefined) continue;
    const rest = patternPath(property.value as Node, target);
    if (rest !== undefined) return [key, ...rest];
  }
  return undefined;
}

function normalizeOrigin(origin: Origin): Origin {
  const module = origin.module.replace(/^node:/, '');
  // A builtin's default export is the module itself: `import cp from 'child_process'`.
  const path = (module === 'child_process' || module === 'util' || module === 'path') && origin.path[0] === 'default' ? origin.path.slice(1) : origin.path;
  return { module, path, promisified: origin.promisified };
}

function mergeText(parts: readonly WordPart[]): WordPart[] {
  const merged: WordPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else merged.push(part);
  }
  return merged;
}

/**
 * Every child process in `program` that runs a Prisma migration, in source order, each with
 * the retry around it (if any). `scopeManager` is the one ESLint hands rules
 * (`context.sourceCode.scopeManager`) or `parseModule`'s.
 */
export function findMigrationSpawns(program: TSESTree.Program, scopeManager: ScopeManagerLike, options: MigrationSpawnOptions = {}): MigrationSpawn[] {
  return new Detector(program, scopeManager, options).detect();
}

/** For messages: `prisma db push`, `prisma migrate …` (sub-command chosen at run time). */
export function describeMigration(spawn: Pick<MigrationSpawn, 'command'>): string {
  return `prisma ${spawn.command}`;
}
