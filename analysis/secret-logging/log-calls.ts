import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { ParsedFile } from '../ast/parsed-file.js';
import type { Range } from '../ast/range.js';
import { parentOf } from '../ast/tree.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { commandLineSecrets, type SecretCommandLineFinding } from './command-lines.js';
import { SecretEvaluator } from './evaluator.js';
import type { LogRemoval, SecretLogFinding, SecretPart } from './findings.js';
import { CONSOLE_METHODS } from './known-names.js';
import type { SecretFlowOptions } from './log-options.js';
import { SecretParts } from './secret-parts.js';
import { carried } from './value.js';

/**
 * The log calls of a file whose arguments carry a secret: which calls are sinks (console,
 * loggers, `process.stdout.write`, bound or returned loggers), what the secret is, and how
 * the call could go away (a statement, a lone body, an arrow body, a loop that only dumps
 * the environment). Needs parent pointers.
 */
export class SecretLogFinder {
  private readonly evaluator: SecretEvaluator;
  private readonly parts: SecretParts;
  private readonly text: string;

  constructor(
    private readonly file: ParsedFile,
    options: SecretFlowOptions,
    private readonly calls: readonly TSESTree.CallExpression[],
  ) {
    this.text = file.sourceText;
    this.evaluator = new SecretEvaluator(file, options);
    this.parts = new SecretParts(this.evaluator, this.text);
  }

  /** Spawning calls whose command line carries a secret (command-lines.ts). */
  commandLineFindings(): SecretCommandLineFinding[] {
    return commandLineSecrets(this.file, this.parts, this.calls);
  }

  findings(): SecretLogFinding[] {
    const findings: SecretLogFinding[] = [];
    for (const call of this.calls) {
      const finding = this.findingFor(call);
      if (finding) findings.push(finding);
    }
    return findings.sort((a, b) => a.call[0] - b.call[0]);
  }

  private findingFor(call: TSESTree.CallExpression): SecretLogFinding | undefined {
    if (!this.mayBeSink(call.callee)) return undefined;
    const sink = this.evaluator.valueOf(call.callee);
    let skipFirst = false;
    if (sink?.kind === 'sink') skipFirst = sink.skipFirst;
    else if (sink?.kind !== 'logger') return undefined;
    const args = call.arguments.slice(skipFirst ? 1 : 0);
    const parts: SecretPart[] = [];
    for (const argument of args) {
      if (argument.type === AST_NODE_TYPES.SpreadElement) {
        const found = carried(this.evaluator.valueOf(argument.argument));
        if (found) parts.push({ kind: 'expression', range: argument.range, ...found });
      } else {
        this.parts.collectParts(argument, parts);
      }
    }
    if (parts.length === 0) return undefined;
    const first = parts[0]!;
    const labels = this.parts.labelWords(parts);
    const partRanges = parts.map((part) => part.range);
    return {
      call: call.range,
      sink: this.sinkName(call.callee),
      source: first.source,
      sourceKind: first.sourceKind,
      ...(first.origin !== undefined && { origin: first.origin }),
      removal: this.removalOf(call),
      parts,
      // A URL literal whose password is cut out in place still tells where it connects.
      printsOnlySecret:
        !parts.some((part) => part.kind === 'password-text') &&
        args.every((argument) => !this.parts.hasOtherContent(argument, partRanges, labels)),
    };
  }

  /** Cheap syntactic filter before evaluating a callee. */
  private mayBeSink(callee: TSESTree.Node): boolean {
    const inner = skipTypeWrappers(callee);
    if (inner.type === AST_NODE_TYPES.Identifier) return true;
    if (inner.type !== AST_NODE_TYPES.MemberExpression) return false;
    const name = this.evaluator.statics.propertyName(inner);
    return (
      name !== undefined &&
      (CONSOLE_METHODS.has(name) || this.evaluator.logMethods.has(name) || name === 'write' || this.evaluator.isLoggerName(name))
    );
  }

  private sinkName(callee: TSESTree.Node): string {
    return this.text
      .slice(callee.range[0], callee.range[1])
      .replace(/\s+/g, '')
      .replace(/\?\./g, '.')
      .replace(/\[(['"`])([\w$]+)\1\]/g, '.$2')
      .replace(/^\(?(.*?)\)?$/, '$1');
  }

  private removalOf(call: TSESTree.CallExpression): LogRemoval | undefined {
    // Climb over wrappers that keep "this is only the log call": `console?.log()`, `await`, `void`.
    let node: TSESTree.Node = call;
    let parent = parentOf(node);
    while (
      parent &&
      (parent.type === AST_NODE_TYPES.ChainExpression ||
        parent.type === AST_NODE_TYPES.AwaitExpression ||
        (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'void') ||
        parent.type === AST_NODE_TYPES.TSNonNullExpression ||
        parent.type === AST_NODE_TYPES.TSAsExpression)
    ) {
      node = parent;
      parent = parentOf(node);
    }
    if (!parent) return undefined;
    if (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === node) {
      return this.environmentLoopRemoval(parent) ?? { kind: 'arrow-body', range: this.rangeWithParentheses(node.range) };
    }
    if (parent.type !== AST_NODE_TYPES.ExpressionStatement) return undefined;
    const container = parentOf(parent);
    return (
      this.environmentLoopRemoval(container?.type === AST_NODE_TYPES.BlockStatement && container.body.length === 1 ? container : parent) ??
      this.statementRemoval(parent)
    );
  }

  private statementRemoval(statement: TSESTree.Node): LogRemoval {
    const container = parentOf(statement);
    const inList =
      container?.type === AST_NODE_TYPES.Program ||
      container?.type === AST_NODE_TYPES.BlockStatement ||
      container?.type === AST_NODE_TYPES.StaticBlock ||
      container?.type === AST_NODE_TYPES.TSModuleBlock ||
      container?.type === AST_NODE_TYPES.SwitchCase;
    return { kind: inList ? 'statement' : 'lone-body', range: statement.range };
  }

  /**
   * A loop over the environment whose whole body is the log (`for (const [k, v] of
   * Object.entries(process.env)) console.log(k, v)`, `Object.keys(process.env).forEach((k) =>
   * console.log(k, process.env[k]))`) exists only to dump it: the whole loop goes.
   * `body` is the log statement, or the block or arrow that holds only it.
   */
  private environmentLoopRemoval(body: TSESTree.Node): LogRemoval | undefined {
    const isEnvironment = (node: TSESTree.Node): boolean => {
      const value = this.evaluator.valueOf(node);
      // `process.env`, `Object.keys/entries/values(process.env)` and arrays mapped from them.
      return (
        value?.kind === 'env' ||
        value?.kind === 'envKeys' ||
        value?.kind === 'envEntries' ||
        (value?.kind === 'secret' && value.sourceKind === 'environment')
      );
    };
    const loop = parentOf(body);
    if (
      (loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement) &&
      loop.body === body &&
      isEnvironment(loop.right)
    ) {
      return this.statementRemoval(loop);
    }
    const callback = body.type === AST_NODE_TYPES.BlockStatement ? parentOf(body) : body;
    if (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback?.type !== AST_NODE_TYPES.FunctionExpression) return undefined;
    const call = parentOf(callback);
    if (
      call?.type !== AST_NODE_TYPES.CallExpression ||
      call.arguments[0] !== callback ||
      call.callee.type !== AST_NODE_TYPES.MemberExpression
    )
      return undefined;
    if (this.evaluator.statics.propertyName(call.callee) !== 'forEach' || !isEnvironment(call.callee.object)) return undefined;
    const statement = parentOf(call);
    return statement?.type === AST_NODE_TYPES.ExpressionStatement ? this.statementRemoval(statement) : undefined;
  }

  /** `() => (console.log(url))`: the body's range including its parentheses. */
  private rangeWithParentheses(range: Range): Range {
    let [start, end] = range;
    for (;;) {
      let before = start - 1;
      while (before >= 0 && /\s/.test(this.text[before]!)) before -= 1;
      let after = end;
      while (after < this.text.length && /\s/.test(this.text[after]!)) after += 1;
      if (this.text[before] !== '(' || this.text[after] !== ')') return [start, end];
      // Only a parenthesised body, not the arrow's own parameter list.
      let arrow = before - 1;
      while (arrow >= 0 && /\s/.test(this.text[arrow]!)) arrow -= 1;
      if (this.text.slice(arrow - 1, arrow + 1) !== '=>') return [start, end];
      start = before;
      end = after + 1;
    }
  }
}
