import type { TSESTree } from '@typescript-eslint/types';
import { simpleTraverse } from '../analysis/ast/simple-traverse.js';
import {
  chainedMigrationStep,
  findMigrationSpawns,
  type CommandPiece,
  type MigrationSpawn,
  type PrismaArgs,
  type WordPart,
} from '../analysis/migration-spawn/index.js';
import { requireCallSource } from '../analysis/ast/module-source.js';
import { memberName, parameterNames, propertyKeyName } from '../analysis/ast/names.js';
import { parseModule } from '../analysis/ast/parse-module.js';
import type { Range } from '../analysis/ast/range.js';
import { lookUpVariable, scopeOf, type Reference, type Scope, type ScopeManager, type Variable } from '../analysis/ast/scope.js';
import { parentOf } from '../analysis/ast/tree.js';
import { removeBindingsLeftUnused } from '../analysis/edit/bindings-left-unused.js';
import { indentUnitOf, preferredQuote, stringLiteralText } from '../analysis/edit/code-style.js';
import { ImportPlan } from '../analysis/edit/import-plan.js';
import { indentationOfLine, linePrefix } from '../analysis/edit/lines.js';
import { applyTextEdits, textEditsOverlap, type TextEdit } from '../analysis/edit/text-edit.js';
import { isEventAndContext, isEventParameterName, isHandlerExportName, isHandlerShapedExport } from '../analysis/lambda-scope/index.js';
import { RUN_MIGRATION_NAME, WITH_RETRY_NAME } from '../analysis/runtime-api.js';
import { runtimePackageBlocker } from '../analysis/package/index.js';
import { defineTransform, isStanding, reportSkipped, ruleOptionsOf, type AuroraTransform } from './lib/transform.js';
import { mayContainMigrationSpawn } from '../analysis/text-gates.js';

/**
 * `wrap-migration-runner`: every child process that runs a Prisma migration with no retry
 * around it (the `require-migration-retry` rule's detection) runs through the runtime's
 * `runMigration()` instead, which retries while the database cannot be reached (Aurora
 * Serverless v2 resuming from 0 ACU) with exponential backoff (3 s, 6 s, 12 s, 24 s) and
 * fails as before on any other error. The program (`command`: the argv up to Prisma's own
 * arguments, `npx prisma` included; the CLI's JS entry point runs under `process.execPath`),
 * the arguments, `env` and `cwd` stay as written; `stdio`/`encoding`/`maxBuffer` go (the
 * runtime captures the output and logs each line); an `(event, context)` handler around the
 * spawn hands its `context` over as `lambdaContext`, so the retries end before the Lambda's
 * timeout. The caller's exit handling stays as it was:
 *
 * - `execFile(cli, args, (error, stdout, stderr) => ...)`: the callback runs once, after the
 *   last attempt, with `error` null on success or the `MigrationError`, and the CLI's output
 *   (stdout on success, stderr on failure).
 * - promisified `execFile`/`exec`, `execa`: a promise that resolves on success (to
 *   `{ stdout, stderr }` when the result is used) and rejects on failure.
 * - `execSync`/`execFileSync` (in an async function): awaited; the value is the output.
 *   `spawnSync`: awaited, resolving to `{ status, stdout, stderr }` as before, never throwing.
 *
 * Where the command line needs a shell (`cd x && npx prisma ...`) or passes spawn options
 * runMigration has no equivalent for, the existing spawn is wrapped in `withRetry` instead,
 * when its failure is a thrown error that carries the CLI's stderr (so the retry sees "Can't
 * reach database server"). Left alone, for a hand edit: `spawn`/`fork` and callback-less
 * `execFile` whose exit is read from events, sync spawns outside an async function, and, in
 * the `withRetry` case, spawns whose stderr goes to the terminal or into stdout
 * (`stdio: 'inherit'`, `2>&1`). The rule keeps reporting those.
 *
 * Edits are plain text edits on the source (the import included), so nothing outside them is
 * reprinted.
 */
const wrapMigrationRunner: AuroraTransform = (file, _api, options) => {
  if (!mayContainMigrationSpawn(file.source)) return undefined;
  const source = file.source;
  const parsed = parseModule(source, file.path);
  const { retryFunctions = [] } = ruleOptionsOf<{ retryFunctions?: string[] }>(options, RULE_ID);
  const spawns = findMigrationSpawns(parsed, { retryFunctionNames: retryFunctions }).filter(
    (spawn) => spawn.retry === undefined && isStanding(options, RULE_ID, [spawn.calleeRange[0], spawn.range[1]]),
  );
  if (spawns.length === 0) return undefined;
  const blocker = runtimePackageBlocker(file.path, options.runtimeImport);
  if (blocker !== undefined) {
    for (const spawn of spawns) reportSkipped(options, { ruleId: RULE_ID, range: [spawn.calleeRange[0], spawn.range[1]], reason: blocker });
    return undefined;
  }

  const tree = new TreeIndex(parsed.program);
  const style = new SourceStyle(source);
  const imports = new ImportPlan(parsed, options.runtimeImport, file.path);
  const edits: TextEdit[] = [];
  for (const spawn of spawns) {
    const direct = planRunMigration(spawn, tree, style, parsed.scopeManager, imports);
    const planned =
      'edits' in direct
        ? direct
        : ((direct === SHELL_LINE ? planChainedMigration(spawn, tree, style, parsed.scopeManager, imports) : undefined) ??
          planWithRetry(spawn, tree, style, imports, direct));
    if ('left' in planned) {
      reportSkipped(options, { ruleId: RULE_ID, range: [spawn.calleeRange[0], spawn.range[1]], reason: planned.left });
      continue;
    }
    if (textEditsOverlap([...edits, ...planned.edits])) continue;
    edits.push(...planned.edits);
    imports.use(planned.uses);
  }
  if (edits.length === 0) return undefined;
  const output = removeBindingsLeftUnused(source, applyTextEdits(source, [...imports.edits(), ...edits]), file.path, servesSpawning);
  return output === source ? undefined : output;
};

export default defineTransform(wrapMigrationRunner);

const RULE_ID = 'require-migration-retry';

/** The edits for one spawn, and the runtime function they call. */
interface Plan {
  edits: TextEdit[];
  uses: typeof RUN_MIGRATION_NAME | typeof WITH_RETRY_NAME;
}

/** Why a spawn is left for a hand fix: the CLI lists it as "left by wrap-migration-runner: <left>". */
interface Left {
  left: string;
}

const left = (reason: string): Left => ({ left: reason });

const SYNC_OUTSIDE_ASYNC = left(
  'it runs synchronously in a function that is not async, and runMigration is asynchronous: ' +
    'make the function async, `await runMigration({ command, args })` in it, and have its callers await it',
);
const SYNC_AT_TOP_LEVEL = left(
  "it runs at the module's top level, when the module loads, and runMigration is asynchronous: " +
    'move it into the async handler and `await runMigration({ command, args })` there',
);
const EXIT_FROM_EVENTS = left(
  "its exit is read from the child process's events (`spawn`, `fork`, `execFile` without a callback): " +
    'replace the spawn and its exit handler with `await runMigration({ command, args })`, which resolves on exit 0 and rejects with a MigrationError carrying the exit code, stdout and stderr',
);

// ---------------------------------------------------------------------------------------
// The tree, read-only

type Node = TSESTree.Node;
type Fn = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

class TreeIndex {
  private readonly nodes: Node[] = [];
  private readonly byRange = new Map<string, Node[]>();

  /** Sets the parent pointers on the way. */
  constructor(program: TSESTree.Program) {
    simpleTraverse(
      program,
      {
        enter: (node) => {
          this.nodes.push(node);
          const key = `${node.range[0]}:${node.range[1]}`;
          const list = this.byRange.get(key);
          if (list) list.push(node);
          else this.byRange.set(key, [node]);
        },
      },
      true,
    );
  }

  /** The node of `range` (the outermost when several share it, or the one of `type`). */
  at(range: Range, type?: string): Node | undefined {
    const nodes = this.byRange.get(`${range[0]}:${range[1]}`) ?? [];
    return type === undefined
      ? nodes.reduce<Node | undefined>((outer, node) => (outer === undefined || this.isAncestor(node, outer) ? node : outer), undefined)
      : nodes.find((node) => node.type === type);
  }

  /** Nodes of `type` inside `range`. */
  nodesWithin(range: Range, type: string): Node[] {
    return this.nodes.filter((node) => node.type === type && range[0] <= node.range[0] && node.range[1] <= range[1]);
  }

  private isAncestor(candidate: Node, node: Node): boolean {
    for (let current = parentOf(node); current !== undefined; current = parentOf(current)) if (current === candidate) return true;
    return false;
  }

  enclosingFunction(node: Node): Fn | undefined {
    for (let current = parentOf(node); current !== undefined; current = parentOf(current)) {
      if (current.type === 'ArrowFunctionExpression' || current.type === 'FunctionExpression' || current.type === 'FunctionDeclaration')
        return current;
    }
    return undefined;
  }
}

/**
 * The Lambda context the spawn can hand on: the second parameter of the handler around it,
 * an `(event, context)` by its names, or any second parameter of a function stored as a
 * handler (`export const handler: Handler = async (event, _) =>`: `_` is the context there).
 * Only while that name still means the handler's parameter where the spawn is: inside
 * `new Promise((resolve, _) => ...)` the `_` is the executor's `reject`.
 */
function lambdaContextInScope(call: Node, tree: TreeIndex, scopeManager: ScopeManager): string | undefined {
  for (let fn = tree.enclosingFunction(call); fn !== undefined; fn = tree.enclosingFunction(fn)) {
    const names = parameterNames(fn);
    const context = fn.params[1];
    if (context?.type !== 'Identifier' || !(isEventAndContext(names) || isStoredAsHandler(fn, names))) continue;
    let variable: Variable | undefined;
    for (let scope: Scope | null = scopeOf(scopeManager, call); scope !== null && variable === undefined; scope = scope.upper)
      variable = scope.set.get(context.name);
    return variable?.defs.some((def) => def.type === 'Parameter' && def.node === fn) ? context.name : undefined;
  }
  return undefined;
}

/** `handler = fn`, `function handler(...)`, `exports.handler = fn`, or a variable typed `...Handler`, taking an event first. */
function isStoredAsHandler(fn: Fn, names: readonly (string | undefined)[]): boolean {
  if (!isEventParameterName(names[0])) return false;
  const isHandlerName = (name: string | undefined): boolean =>
    name !== undefined && (isHandlerExportName(name) || isHandlerShapedExport({ name, parameterNames: names }));
  if (fn.type === 'FunctionDeclaration') return isHandlerName(fn.id?.name);
  const parent = parentOf(fn);
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
    const annotation = parent.id.typeAnnotation?.typeAnnotation;
    const typedAsHandler =
      annotation?.type === 'TSTypeReference' && annotation.typeName.type === 'Identifier' && /Handler$/.test(annotation.typeName.name);
    return typedAsHandler || isHandlerName(parent.id.name);
  }
  if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return isHandlerName(memberName(parent.left));
  return false;
}

/** How the call's value is used. */
type Usage = 'discarded' | 'value';

function usageOf(call: Node, tree: TreeIndex): Usage {
  let child = call;
  let parent = parentOf(call);
  if (parent?.type === 'AwaitExpression') {
    child = parent;
    parent = parentOf(parent);
  }
  if (parent?.type === 'ExpressionStatement' || (parent?.type === 'UnaryExpression' && parent.operator === 'void')) return 'discarded';
  // `new Promise((resolve) => execFile(...))`: an executor's return value is ignored.
  if (parent?.type === 'ArrowFunctionExpression' && parent.body === child) {
    const outer = parentOf(parent);
    if (outer?.type === 'NewExpression' && outer.callee.type === 'Identifier' && outer.callee.name === 'Promise') return 'discarded';
  }
  return 'value';
}

/** Whether `identifier` names a parameter of the `new Promise((resolve, reject) => ...)` executor around it. */
function isPromiseExecutorParameter(identifier: TSESTree.Identifier, tree: TreeIndex): boolean {
  for (let fn = tree.enclosingFunction(identifier); fn !== undefined; fn = tree.enclosingFunction(fn)) {
    const declares = fn.params.some((param) => param.type === 'Identifier' && param.name === identifier.name);
    if (!declares) continue;
    const outer = parentOf(fn);
    return (
      outer?.type === 'NewExpression' && outer.callee.type === 'Identifier' && outer.callee.name === 'Promise' && outer.arguments[0] === fn
    );
  }
  return false;
}

/** Whether `await x` in place of `node` needs parentheses: it binds looser than member access and calls. */
function needsParentheses(node: Node, tree: TreeIndex): boolean {
  const parent = parentOf(node);
  if (parent === undefined) return false;
  if (parent.type === 'MemberExpression' && parent.object === node) return true;
  if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.callee === node) return true;
  if (parent.type === 'TaggedTemplateExpression' && parent.tag === node) return true;
  return parent.type === 'BinaryExpression' && parent.operator === '**' && parent.left === node;
}

// ---------------------------------------------------------------------------------------
// Writing code in the file's own style

class SourceStyle {
  readonly quote: string;
  readonly indentUnit: string;

  constructor(private readonly source: string) {
    this.quote = preferredQuote(source);
    this.indentUnit = indentUnitOf(source);
  }

  text(range: Range): string {
    return this.source.slice(range[0], range[1]);
  }

  /** The text of the line `offset` is on, up to `offset`. */
  linePrefix(offset: number): string {
    return linePrefix(this.source, offset);
  }

  /** The indentation of the line `offset` is on. */
  lineIndent(offset: number): string {
    return indentationOfLine(this.source, offset);
  }

  /**
   * Edits that indent every line starting inside `range` (after its first) by one unit,
   * except blank lines and lines inside `verbatim` ranges (template literals: their
   * whitespace is content).
   */
  indentLines(range: Range, verbatim: readonly Range[]): TextEdit[] {
    const edits: TextEdit[] = [];
    for (
      let newline = this.source.indexOf('\n', range[0]);
      newline !== -1 && newline < range[1];
      newline = this.source.indexOf('\n', newline + 1)
    ) {
      const lineStart = newline + 1;
      if (this.source[lineStart] === '\n' || lineStart >= this.source.length) continue;
      if (verbatim.some(([start, end]) => start < lineStart && lineStart < end)) continue;
      edits.push({ start: lineStart, end: lineStart, text: this.indentUnit });
    }
    return edits;
  }

  spansLines(range: Range): boolean {
    return this.text(range).includes('\n');
  }

  stringLiteral(value: string): string {
    return stringLiteralText(value, this.quote);
  }

  /** Literal text plus run-time parts as a string literal, or a template literal when it has run-time parts. */
  textWithParts(parts: readonly WordPart[]): string {
    if (parts.every((part) => typeof part === 'string')) return this.stringLiteral(parts.join(''));
    const body = parts
      .map((part) =>
        typeof part === 'string'
          ? part.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${')
          : `\${${this.text(part.range)}}`,
      )
      .join('');
    return `\`${body}\``;
  }

  piece(piece: CommandPiece): string {
    if ('nodeBinary' in piece) return 'process.execPath';
    if ('template' in piece) return this.textWithParts(piece.template);
    return `${piece.spread ? '...' : ''}${this.text(piece.source)}`;
  }

  args(args: PrismaArgs): string {
    if ('verbatim' in args) return this.text(args.verbatim);
    // `[cli, ...args]` hands on `args` as it is.
    const [only] = args.items;
    if (args.items.length === 1 && args.concat.length === 0 && only !== undefined && 'source' in only && only.spread)
      return this.text(only.source);
    const list = `[${args.items.map((item) => this.piece(item)).join(', ')}]`;
    return args.concat.length === 0 ? list : `${list}.concat(${args.concat.map((range) => this.text(range)).join(', ')})`;
  }
}

// ---------------------------------------------------------------------------------------
// runMigration

/** Spawn options runMigration takes as they are. */
const PASSED_OPTIONS = new Set(['env', 'cwd']);
/**
 * Spawn options with no effect worth keeping under runMigration: it captures the output as
 * text and logs every line as structured JSON (so `stdio: 'inherit'` loses nothing in
 * CloudWatch), and it has no buffer limit.
 */
const DROPPED_OPTIONS = new Set([
  'stdio',
  'encoding',
  'maxBuffer',
  'windowsHide',
  'shell',
  'stdout',
  'stderr',
  'all',
  'stripFinalNewline',
  'verbose',
]);

/** `{ env, cwd }` as `key: value` texts, or why an option has no runMigration equivalent. */
function passedOptions(spawn: MigrationSpawn, tree: TreeIndex, style: SourceStyle): string[] | Left {
  if (spawn.options === undefined) return [];
  const node = tree.at(spawn.options);
  const unreadable = left('its options are not an object literal runMigration could take `env` and `cwd` from');
  if (node?.type !== 'ObjectExpression') return unreadable;
  const passed: string[] = [];
  for (const property of node.properties) {
    if (property.type !== 'Property' || property.computed || property.kind !== 'init') return unreadable;
    const key = propertyKeyName(property);
    if (key === undefined) return unreadable;
    const value = style.text(property.value.range);
    if (PASSED_OPTIONS.has(key)) passed.push(property.shorthand || value === key ? key : `${key}: ${value}`);
    else if (!DROPPED_OPTIONS.has(key)) return left(`its \`${key}\` option has no runMigration equivalent`);
    // `encoding: 'buffer'` makes the output a Buffer, which a string cannot stand in for.
    if (key === 'encoding' && !(property.value.type === 'Literal' && /^utf-?8$/i.test(String(property.value.value))))
      return left('it reads the output as a Buffer (`encoding`), and runMigration returns text');
  }
  return passed;
}

/**
 * The program runMigration starts. The CLI's JS entry point runs under this Node (as
 * `execFile` ran it through its `#!/usr/bin/env node` line); anything else is kept as written.
 */
function commandOf(spawn: MigrationSpawn, style: SourceStyle): string | undefined {
  if (spawn.launch === undefined) return undefined;
  const pieces = spawn.launch.map((piece) => style.piece(piece));
  if (spawn.launcher === 'prisma-cli-js') pieces.unshift('process.execPath');
  return `[${pieces.join(', ')}]`;
}

const SHELL_LINE = left(
  'its command line needs a shell (`&&`, `;`, pipes, redirections, variables) or a program only known at run time, so it has no `{ command, args }` form',
);

/** Lines longer than this are split, as a formatter would. */
const MAX_LINE = 100;

/** Whether the spawn's output went to the parent's terminal (`stdio: 'inherit'`, execa's `stdout: 'inherit'`). */
function outputInherited(spawn: MigrationSpawn, tree: TreeIndex, style: SourceStyle): boolean {
  if (spawn.options === undefined) return false;
  const node = tree.at(spawn.options);
  if (node?.type !== 'ObjectExpression') return false;
  return node.properties.some(
    (property) =>
      property.type === 'Property' &&
      ['stdio', 'stdout', 'stderr'].includes(propertyKeyName(property) ?? '') &&
      /inherit|process\.std(?:out|err)|\b[12]\b/.test(style.text(property.value.range)),
  );
}

function runMigrationCall(
  spawn: MigrationSpawn,
  tree: TreeIndex,
  style: SourceStyle,
  scopeManager: ScopeManager,
  name: string,
  call: Node,
): string | Left {
  const command = commandOf(spawn, style);
  if (command === undefined || spawn.args === undefined) return SHELL_LINE;
  const passed = passedOptions(spawn, tree, style);
  if ('left' in passed) return passed;
  const contextName = lambdaContextInScope(call, tree, scopeManager);
  const args = style.args(spawn.args);
  const properties = [
    `command: ${command}`,
    args === 'args' ? 'args' : `args: ${args}`,
    ...passed,
    ...(contextName === undefined ? [] : [`lambdaContext: ${contextName}`]),
    // The spawn captured the output, and the caller printed what it chose of it: runMigration
    // must not print it too. Output that went to the terminal is logged line by line instead.
    ...(outputInherited(spawn, tree, style) ? [] : ['logOutput: false']),
  ];
  const indent = style.lineIndent(spawn.range[0]);
  // The arguments as written: on several lines (up to the callback), or on the call's line.
  const head = spawn.callback === undefined ? spawn.range : ([spawn.range[0], spawn.callback[0]] as Range);
  const oneLine = `${name}({ ${properties.join(', ')} })`;
  const linePrefix = style.linePrefix(spawn.range[0]);
  if (!style.spansLines(head) && !oneLine.includes('\n') && linePrefix.length + oneLine.length <= MAX_LINE) return oneLine;
  return `${name}({\n${properties.map((property) => `${indent}${style.indentUnit}${property},\n`).join('')}${indent}})`;
}

/**
 * How each exit style's caller reads the result, rebuilt from runMigration's `{ stdout, stderr }`
 * and its `MigrationError`, which carries the fields execFile's and execSync's errors have
 * (`code`, `status`, `signal`, `killed`, `stdout`, `stderr`): the callback's
 * `(error, stdout, stderr)`, spawnSync's `{ status, signal, stdout, stderr }`, a promisified
 * exec's `{ stdout, stderr }`.
 */
const CALLBACK_RESULTS = [
  `({ stdout, stderr }) => ({ error: null, stdout, stderr })`,
  `(error) => ({ error, stdout: error.stdout, stderr: error.stderr })`,
];
const SPAWN_SYNC_RESULTS = [
  `({ stdout, stderr }) => ({ status: 0, signal: null, stdout, stderr })`,
  `(error) => ({ status: error.status, signal: error.signal, stdout: error.stdout, stderr: error.stderr })`,
];
const PROMISE_RESULT = (withExitCode: boolean): string =>
  withExitCode ? `({ stdout, stderr }) => ({ stdout, stderr, exitCode: 0 })` : `({ stdout, stderr }) => ({ stdout, stderr })`;

/** Array methods that change the array they are called on. */
const MUTATING_ARRAY_METHODS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);

/**
 * The name of an array the rewrite copies element by element from its declaration
 * (`const argv = ['prisma', 'migrate', 'deploy']; execFile('npx', argv)`) when the code changes
 * it after creating it (`argv.push(...)`, `argv[3] = ...`, a reassignment): the copy would lose
 * the change.
 */
function arrayChangedAfterCopy(spawn: MigrationSpawn, tree: TreeIndex, scopeManager: ScopeManager): string | undefined {
  const pieces = [...(spawn.launch ?? []), ...(spawn.args !== undefined && 'items' in spawn.args ? spawn.args.items : [])];
  for (const piece of pieces) {
    if (!('source' in piece) || (spawn.range[0] <= piece.source[0] && piece.source[1] <= spawn.range[1])) continue;
    let array = tree.at(piece.source);
    while (array !== undefined && array.type !== 'ArrayExpression') array = parentOf(array);
    const declarator = array && parentOf(array);
    if (declarator?.type !== 'VariableDeclarator' || declarator.id.type !== 'Identifier') return '(an array declared elsewhere)';
    const variable = lookUpVariable(scopeManager, declarator.id);
    if (variable === undefined || variable.references.some(changesArray)) return declarator.id.name;
  }
  return undefined;
}

function changesArray(reference: Reference): boolean {
  if (reference.isWrite() && !reference.init) return true;
  const member = parentOf(reference.identifier);
  if (member?.type !== 'MemberExpression' || member.object !== reference.identifier) return false;
  const use = parentOf(member);
  if (use?.type === 'CallExpression' && use.callee === member) return MUTATING_ARRAY_METHODS.has(memberName(member) ?? '');
  return (use?.type === 'AssignmentExpression' && use.left === member) || use?.type === 'UpdateExpression';
}

/** `head.then(handlers)`, broken over lines as a formatter would when the line gets long. */
function chainThen(head: string, handlers: readonly string[], linePrefix: string, indent: string, style: SourceStyle): string {
  const oneLine = `${head}.then(${handlers.join(', ')})`;
  const lastLineOfHead = head.slice(head.lastIndexOf('\n') + 1);
  const firstLinePrefix = head.includes('\n') ? '' : linePrefix;
  if ((head.includes('\n') ? lastLineOfHead : firstLinePrefix + head).length + `.then(${handlers.join(', ')})`.length + 1 <= MAX_LINE)
    return oneLine;
  return `${head}.then(\n${handlers.map((handler) => `${indent}${style.indentUnit}${handler},\n`).join('')}${indent})`;
}

function planRunMigration(
  spawn: MigrationSpawn,
  tree: TreeIndex,
  style: SourceStyle,
  scopeManager: ScopeManager,
  imports: ImportPlan,
): Plan | Left {
  const call = tree.at(spawn.range, spawn.api === '$' || spawn.api === '$.sync' ? 'TaggedTemplateExpression' : 'CallExpression');
  if (call === undefined) return left('the spawn could not be located in the syntax tree');
  const fn = tree.enclosingFunction(call);
  if (spawn.exit === 'child-process') return EXIT_FROM_EVENTS;
  if (spawn.exit === 'sync' && fn === undefined) return SYNC_AT_TOP_LEVEL;
  if (spawn.exit === 'sync' && !fn!.async) return SYNC_OUTSIDE_ASYNC;
  const name = imports.localName(RUN_MIGRATION_NAME);
  const runCall = runMigrationCall(spawn, tree, style, scopeManager, name, call);
  if (typeof runCall !== 'string') return runCall;
  const changedArray = arrayChangedAfterCopy(spawn, tree, scopeManager);
  if (changedArray !== undefined) {
    return left(
      `its argv comes from \`${changedArray}\`, an array the code changes after creating it, and the rewrite would copy the array as first written: ` +
        `split it into \`command\` and \`args\` by hand`,
    );
  }
  const usage = usageOf(call, tree);
  const edit = (text: string): Plan => ({ edits: [{ start: spawn.range[0], end: spawn.range[1], text }], uses: RUN_MIGRATION_NAME });

  const linePrefix = style.linePrefix(spawn.range[0]);
  const indent = style.lineIndent(spawn.range[0]);
  const isExeca = spawn.api.startsWith('execa') || spawn.api === '$' || spawn.api === '$.sync';
  switch (spawn.exit) {
    case 'callback':
      return usage === 'discarded'
        ? planCallback(spawn, tree, style, runCall)
        : left('the ChildProcess `execFile`/`exec` returns is used, and runMigration has none');
    case 'promise':
      if (usage === 'discarded') return edit(runCall);
      return edit(chainThen(runCall, [PROMISE_RESULT(isExeca)], linePrefix, indent, style));
    case 'sync': {
      const wrap = (expression: string): string => (needsParentheses(call, tree) ? `(${expression})` : expression);
      // spawnSync never throws: the adapter keeps its `{ status }` result.
      if (spawn.api === 'spawnSync')
        return edit(wrap(`await ${chainThen(runCall, SPAWN_SYNC_RESULTS, `${linePrefix}await `, indent, style)}`));
      if (usage === 'discarded') return edit(`await ${runCall}`);
      if (isExeca) return edit(wrap(`await ${chainThen(runCall, [PROMISE_RESULT(true)], `${linePrefix}await `, indent, style)}`));
      // execSync/execFileSync return the CLI's stdout.
      return edit(`(await ${runCall}).stdout`);
    }
  }
}

/**
 * `execFile(cli, args, (error, stdout, stderr) => body)` becomes
 * `runMigration({...}).then(ok, fail).then(({ error, stdout, stderr }) => body)`: the
 * callback's body is kept as written, its parameters read from the settled result.
 */
function planCallback(spawn: MigrationSpawn, tree: TreeIndex, style: SourceStyle, runCall: string): Plan | Left {
  const callbackShape = left('its callback is neither a function with up to three plain parameters nor a function passed by name');
  if (spawn.callback === undefined) return callbackShape;
  const callback = tree.at(spawn.callback);
  if (callback === undefined) return callbackShape;
  const fields = ['error', 'stdout', 'stderr'];
  const indent = style.lineIndent(spawn.range[0]);
  const chainIndent = `${indent}${style.indentUnit}`;
  const settle = `\n${chainIndent}.then(\n${CALLBACK_RESULTS.map((handler) => `${chainIndent}${style.indentUnit}${handler},\n`).join('')}${chainIndent})\n${chainIndent}.then(`;
  const edits: TextEdit[] = [{ start: spawn.range[0], end: spawn.callback[0], text: `${runCall}${settle}` }];
  // A callback that began on the call's line moves one level in, under its `.then(`; one on
  // a line of its own (the arguments one per line) is already there.
  if (!/\n[ \t]*$/.test(style.text([spawn.range[0], spawn.callback[0]]))) {
    const templates = tree.nodesWithin(spawn.callback, 'TemplateLiteral').map((node) => node.range);
    edits.push(...style.indentLines(spawn.callback, templates));
  }

  if (callback.type === 'ArrowFunctionExpression' || callback.type === 'FunctionExpression') {
    const params = callback.params;
    if (params.length > 3 || params.some((param) => param.type !== 'Identifier')) return callbackShape;
    if (params.length > 0) {
      const identifiers = params as TSESTree.Identifier[];
      const entries = identifiers.map((param, index) => (param.name === fields[index] ? param.name : `${fields[index]}: ${param.name}`));
      const typed = identifiers.some((param) => param.typeAnnotation !== undefined);
      const typeText = typed
        ? `: { ${identifiers.map((param, index) => `${fields[index]}: ${param.typeAnnotation ? style.text(param.typeAnnotation.typeAnnotation.range) : 'unknown'}`).join('; ')} }`
        : '';
      const first = params[0]!;
      const last = params[params.length - 1]!;
      const parenthesised = style.text([callback.range[0], first.range[0]]).includes('(');
      const pattern = `{ ${entries.join(', ')} }${typeText}`;
      edits.push({ start: first.range[0], end: last.range[1], text: parenthesised ? pattern : `(${pattern})` });
    }
  } else if (callback.type === 'Identifier') {
    // A Promise executor's `resolve`/`reject` takes one argument (what execFile's callback got first).
    const executorFunction = isPromiseExecutorParameter(callback, tree);
    edits.push({
      start: callback.range[0],
      end: callback.range[1],
      text: executorFunction
        ? `({ error }) => ${callback.name}(error)`
        : `({ error, stdout, stderr }) => ${callback.name}(error, stdout, stderr)`,
    });
  } else {
    return callbackShape;
  }
  // The text between the callback and the call's `)`: a trailing comma and line break go.
  edits.push({ start: spawn.callback[1], end: spawn.range[1], text: ')' });
  return { edits, uses: RUN_MIGRATION_NAME };
}

// ---------------------------------------------------------------------------------------
// A shell line with the migration as its last `&&` step

/**
 * `execSync('npx prisma generate && npx prisma migrate deploy', options)` as a statement
 * becomes `execSync('npx prisma generate', options)` then `await runMigration({ ... })` (the
 * same for an awaited promisified `exec`), so only the migration is retried
 * (analysis/migration-spawn/chained-migration-step.ts says when the split means the same).
 */
function planChainedMigration(
  spawn: MigrationSpawn,
  tree: TreeIndex,
  style: SourceStyle,
  scopeManager: ScopeManager,
  imports: ImportPlan,
): Plan | undefined {
  const sync = spawn.api === 'execSync' && spawn.exit === 'sync';
  if (!sync && !(spawn.api === 'exec' && spawn.exit === 'promise')) return undefined;
  const call = tree.at(spawn.range, 'CallExpression');
  const lineRange = spawn.argumentRanges[0];
  const lineNode = lineRange && tree.at(lineRange);
  if (call === undefined || lineNode === undefined || !tree.enclosingFunction(call)?.async) return undefined;
  const line =
    lineNode.type === 'Literal' && typeof lineNode.value === 'string'
      ? lineNode.value
      : lineNode.type === 'TemplateLiteral' && lineNode.expressions.length === 0
        ? (lineNode.quasis[0]?.value.cooked ?? undefined)
        : undefined;
  const chained = line === undefined ? undefined : chainedMigrationStep(line);
  if (chained === undefined) return undefined;
  // The spawn is a statement of its own in a block, so the migration can follow it.
  const awaited = parentOf(call);
  const statement = awaited?.type === 'AwaitExpression' ? parentOf(awaited) : awaited;
  if (statement?.type !== 'ExpressionStatement' || (sync ? awaited !== statement : awaited?.type !== 'AwaitExpression')) return undefined;
  if (parentOf(statement)?.type !== 'BlockStatement') return undefined;

  const { words, invocation } = chained;
  const migration: MigrationSpawn = {
    ...spawn,
    launcher: invocation.launcher,
    launch: words.slice(0, invocation.argsStart).map((word) => ({ template: word.parts })),
    args: { items: words.slice(invocation.argsStart).map((word) => ({ template: word.parts })), concat: [] },
    usesShell: false,
  };
  const runCall = runMigrationCall(migration, tree, style, scopeManager, imports.localName(RUN_MIGRATION_NAME), call);
  if (typeof runCall !== 'string') return undefined;
  const semicolon = style.text(statement.range).trimEnd().endsWith(';') ? ';' : '';
  const indent = style.lineIndent(statement.range[0]);
  return {
    edits: [
      { start: lineRange![0], end: lineRange![1], text: style.stringLiteral(chained.before) },
      { start: statement.range[1], end: statement.range[1], text: `\n${indent}await ${runCall}${semicolon}` },
    ],
    uses: RUN_MIGRATION_NAME,
  };
}

// ---------------------------------------------------------------------------------------
// withRetry

/**
 * A migration's retry budget for withRetry, as runMigration's defaults: 5 attempts, 3 s, 6 s,
 * 12 s, 24 s apart (withRetry's own defaults suit queries: 20 s in all).
 */
const migrationRetryOptions = (style: SourceStyle): string[] => [
  'maxRetries: 4',
  'baseDelayMs: 3000',
  'maxDelayMs: 24000',
  'maxElapsedMs: 120000',
  `jitter: ${style.stringLiteral('none')}`,
];

/** `name(fn, { options })`, the options broken over lines when the line gets long. */
function withRetryCall(name: string, fn: string, linePrefix: string, indent: string, style: SourceStyle): string {
  const MIGRATION_RETRY_OPTIONS = migrationRetryOptions(style);
  const oneLine = `${name}(${fn}, { ${MIGRATION_RETRY_OPTIONS.join(', ')} })`;
  if (!oneLine.includes('\n') && linePrefix.length + oneLine.length + 1 <= MAX_LINE) return oneLine;
  return `${name}(${fn}, {\n${MIGRATION_RETRY_OPTIONS.map((option) => `${indent}${style.indentUnit}${option},\n`).join('')}${indent}})`;
}

/**
 * Whether the error the spawn throws carries the CLI's stderr, which is where withRetry reads
 * "Can't reach database server": not when stderr goes to the terminal (`stdio: 'inherit'`) or
 * the shell line redirects it (`2>&1`, `2>/dev/null`).
 */
function stderrCaptured(spawn: MigrationSpawn, tree: TreeIndex, style: SourceStyle): boolean {
  const line = spawn.argumentRanges[0] === undefined ? '' : style.text(spawn.argumentRanges[0]);
  if (spawn.usesShell && /2>|&>/.test(line)) return false;
  if (spawn.options === undefined) return true;
  const node = tree.at(spawn.options);
  if (node?.type !== 'ObjectExpression') return false;
  return node.properties.every((property) => {
    if (property.type !== 'Property') return false;
    const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'Literal' ? String(property.key.value) : '';
    if (key !== 'stdio' && key !== 'stderr') return true;
    const value = style.text(property.value.range);
    return !/inherit|ignore|process\.stderr|\d+/.test(value);
  });
}

/**
 * The spawn as it is, inside withRetry, where runMigration cannot take it (`direct`: why).
 * withRetry sees a failure only as a thrown error that carries the CLI's stderr.
 */
function planWithRetry(spawn: MigrationSpawn, tree: TreeIndex, style: SourceStyle, imports: ImportPlan, direct: Left): Plan | Left {
  if (direct === SYNC_OUTSIDE_ASYNC || direct === SYNC_AT_TOP_LEVEL || direct === EXIT_FROM_EVENTS) return direct;
  const throws = spawn.exit === 'promise' || (spawn.exit === 'sync' && spawn.api !== 'spawnSync');
  if (!throws) {
    return spawn.api === 'spawnSync'
      ? left(`${direct.left}; and spawnSync never throws, so withRetry around it could not see the failure`)
      : direct;
  }
  if (!stderrCaptured(spawn, tree, style)) {
    return left(
      `${direct.left}; and its stderr goes to the terminal or into stdout (\`stdio: 'inherit'\`, \`2>&1\`), so withRetry around it could not tell an unreachable database from a failed migration`,
    );
  }
  const call = tree.at(spawn.range, spawn.api === '$' || spawn.api === '$.sync' ? 'TaggedTemplateExpression' : 'CallExpression');
  if (call === undefined) return direct;
  const name = imports.localName(WITH_RETRY_NAME);
  const original = style.text(spawn.range);
  const linePrefix = style.linePrefix(spawn.range[0]);
  const indent = style.lineIndent(spawn.range[0]);
  let text: string;
  if (spawn.exit === 'promise') {
    text = withRetryCall(name, `() => ${original}`, linePrefix, indent, style);
  } else {
    text = `await ${withRetryCall(name, `async () => ${original}`, `${linePrefix}await `, indent, style)}`;
    if (needsParentheses(call, tree)) text = `(${text})`;
  }
  return { edits: [{ start: spawn.range[0], end: spawn.range[1], text }], uses: WITH_RETRY_NAME };
}

// ---------------------------------------------------------------------------------------
// Imports the edits left unused

/** Modules whose bindings only served the spawn: `child_process`, `execa`, `promisify`'s `util`. */
const SPAWN_MODULES = new Set(['child_process', 'node:child_process', 'util', 'node:util', 'execa', 'zx', 'zx/core', 'cross-spawn']);

function isRequireOf(node: Node | null | undefined, modules: ReadonlySet<string>): boolean {
  let current = node;
  while (current?.type === 'MemberExpression') current = current.object;
  const source = requireCallSource(current);
  return source !== undefined && modules.has(source);
}

/**
 * Whether a declaration only serves spawning: an import or require of a spawn module,
 * `promisify(...)` of one, or a value read from one (`const { execSync } = cp`).
 */
function servesSpawning(variable: Variable, depth = 0): boolean {
  const def = variable.defs.length === 1 ? variable.defs[0]! : undefined;
  if (def === undefined || depth > 3) return false;
  if (def.type === 'ImportBinding') {
    const declaration = def.parent as TSESTree.ImportDeclaration | undefined;
    return declaration?.type === 'ImportDeclaration' && SPAWN_MODULES.has(declaration.source.value);
  }
  if (def.type !== 'Variable') return false;
  const init = (def.node as TSESTree.VariableDeclarator).init;
  if (isRequireOf(init, SPAWN_MODULES)) return true;
  if (init?.type === 'CallExpression') return /(?:^|\.)promisify$/.test(calleeText(init.callee));
  let source: Node | null | undefined = init;
  while (source?.type === 'MemberExpression') source = source.object;
  if (source?.type !== 'Identifier') return false;
  for (let scope: Scope | null = variable.scope; scope !== null; scope = scope.upper) {
    const origin = scope.set.get(source.name);
    if (origin !== undefined) return origin !== variable && servesSpawning(origin, depth + 1);
  }
  return false;
}

function calleeText(node: Node): string {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier')
    return `${calleeText(node.object)}.${node.property.name}`;
  return '';
}
