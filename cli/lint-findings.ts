import type { TSESTree } from '@typescript-eslint/types';
import { simpleTraverse } from '../analysis/ast/simple-traverse.js';
import { parseModule } from '../analysis/ast/parse-module.js';
import { parseDotenv } from '../analysis/dotenv/index.js';
import { DotenvSourceCode, parseDotenvDirective } from '../rules/languages/dotenv.js';
import { rules } from '../rules/rule-modules.js';
import { PLUGIN_NAMESPACE, lintsLanguage, type RuleId } from '../rules/registry.js';
import { parseSchema, PrismaSchemaSourceCode } from '../analysis/prisma-schema/index.js';
import { fileLanguageOf } from '../analysis/file-language.js';
import { disabledByDirectives, readDirectiveComments, type CommentLike } from './disable-directives.js';
import type { RuleConfigForFile } from './eslint-config.js';
import { positionAt } from '../analysis/ast/line-position.js';

/**
 * The CLI's findings are the rules' findings: each candidate file is run through the plugin's
 * own rule modules, with the options and settings the project's ESLint config gives the file,
 * and the result filtered by the file's `eslint-disable` comments the way ESLint's Linter
 * filters it (cli/disable-directives.ts). The transforms then fix those findings and
 * nothing else (codemods/lib/transform.ts).
 *
 * Why not ESLint's `Linter` itself: it costs a third more than the whole `--check` of a
 * 300-file tree (loading it, its option validation, tokens, a second scope analysis), and the
 * rules need none of it: they read the text, the tree, the scope manager and
 * `getLocFromIndex`, and listen to `Program`, `Program:exit` and node types. Here they get the
 * tree `parseModule` gives the transforms, so the rule and its transform share one parse and
 * one analysis (cached on the tree). test/cli/agreement.test.ts runs real ESLint 9 and 10 and
 * this on the same projects and compares the findings.
 */

export interface Finding {
  /** The rule id without the plugin prefix. */
  ruleId: RuleId;
  /** Offsets in the linted text. */
  range: [number, number];
  /** 1-based line and column, as ESLint prints them. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** A rule that threw: a bug in the plugin, reported as such (ESLint would stop the lint). */
export class RuleCrashError extends Error {
  constructor(
    readonly ruleId: string,
    cause: unknown,
  ) {
    super(`rule ${ruleId} crashed: ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`);
    this.name = 'RuleCrashError';
  }
}

interface Position {
  line: number;
  column: number;
}

type Listener = (node: TSESTree.Node) => void;

interface ReportDescriptor {
  messageId?: string;
  message?: string;
  data?: Record<string, unknown>;
  loc?: { start: Position; end?: Position } | Position;
  node?: TSESTree.Node;
}

interface RuleModuleLike {
  meta?: { messages?: Record<string, string> };
  create(context: unknown): Record<string, Listener | undefined>;
}

/** ESLint's `{{ name }}` placeholders (eslint/lib/linter/interpolate.js). */
function interpolate(text: string, data: Record<string, unknown> | undefined): string {
  if (data === undefined) return text;
  return text.replace(/\{\{([^{}]+?)\}\}/gu, (whole, term: string) => (term.trim() in data ? String(data[term.trim()]) : whole));
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** ESLint's `getLocFromIndex`: 1-based line, 0-based column. */
function locator(lineStarts: readonly number[]): (index: number) => Position {
  return (index) => positionAt(lineStarts, index);
}

/**
 * A dotenv file gets the SourceCode ESLint gets (rules/languages/dotenv.ts). Its `#` comments
 * may hold every directive form, as the language reads them, so they are handed over as block
 * comments; config comments (`# eslint rule: off`) are not read there, so they are left out.
 */
function dotenvSourceCode(text: string): { sourceCode: DotenvSourceCode; comments: CommentLike[] } {
  const sourceCode = new DotenvSourceCode({ text, ast: parseDotenv(text) });
  const comments = sourceCode.comments
    .filter((comment) => parseDotenvDirective(comment.value) !== undefined)
    .map((comment) => ({ ...comment, type: 'Block' }));
  return { sourceCode, comments };
}

/** A Prisma schema gets the SourceCode ESLint gets (rules/languages/prisma-schema.ts). */
function schemaSourceCode(text: string): { sourceCode: PrismaSchemaSourceCode; comments: readonly CommentLike[] } {
  const sourceCode = new PrismaSchemaSourceCode({ text, ast: parseSchema(text) });
  return { sourceCode, comments: sourceCode.comments };
}

interface ParsedForRules {
  sourceCode: {
    text: string;
    ast: { comments?: unknown[] };
    getLocFromIndex(index: number): Position;
    getIndexFromLoc(loc: Position): number;
  };
  comments: readonly CommentLike[];
  /** The root, then the other nodes `wanted` accepts, depth first in source order. */
  nodes(wanted: (type: string) => boolean): [TSESTree.Node, ...TSESTree.Node[]];
}

/**
 * The tree the rules read, as ESLint gives it for the file's language: a JavaScript or
 * TypeScript module through `parseModule`, a dotenv file or a Prisma schema through the
 * plugin's own language (rules/languages/, the same source code object ESLint gets). Throws the
 * parser's error on invalid syntax, as the CLI reports it.
 */
function parseForRules(filePath: string, text: string): ParsedForRules {
  const language = fileLanguageOf(filePath);
  if (language !== 'javascript') {
    const { sourceCode, comments } = language === 'dotenv' ? dotenvSourceCode(text) : schemaSourceCode(text);
    // As ESLint walks a plugin language's tree: its source code's own traversal, entering each node.
    const nodes = (wanted: (type: string) => boolean): [TSESTree.Node, ...TSESTree.Node[]] => [
      sourceCode.ast as unknown as TSESTree.Node,
      ...[...sourceCode.traverse()]
        .filter((step) => step.phase === 1 && step.target !== sourceCode.ast && wanted(step.target.type))
        .map((step) => step.target as unknown as TSESTree.Node),
    ];
    return { sourceCode, comments, nodes };
  }
  const { program: ast, scopeManager } = parseModule(text, filePath);
  const lineStarts = lineStartsOf(text);
  const getLocFromIndex = locator(lineStarts);
  const getIndexFromLoc = ({ line, column }: Position): number => (lineStarts[line - 1] ?? text.length) + column;
  const sourceCode = { text, ast, scopeManager, getLocFromIndex, getIndexFromLoc, lines: text.split('\n') };
  const nodes = (wanted: (type: string) => boolean): [TSESTree.Node, ...TSESTree.Node[]] => {
    // As ESLint does before any listener runs: every node gets its `parent` (the analyses use it).
    const visited: [TSESTree.Node, ...TSESTree.Node[]] = [ast];
    simpleTraverse(ast, { enter: (node) => void (node !== ast && wanted(node.type) && visited.push(node)) }, true);
    return visited;
  };
  return { sourceCode, comments: ast.comments ?? [], nodes };
}

/**
 * Lints `text` (the file's LF text, no BOM) with the rules `config` turns on for it: the rules
 * of the file's language (rules/registry.ts `languages`), as ESLint runs only the rules of the
 * language a config block gives the file.
 */
export async function lintFindings(filePath: string, text: string, config: RuleConfigForFile): Promise<Finding[]> {
  const language = fileLanguageOf(filePath);
  const enabled = (Object.entries(config.rules) as [RuleId, unknown[]][]).filter(([ruleId]) => lintsLanguage(ruleId, language));
  if (enabled.length === 0) return [];
  const { sourceCode, comments, nodes } = parseForRules(filePath, text);
  const getIndexFromLoc = (loc: Position): number => sourceCode.getIndexFromLoc(loc);
  const directives = readDirectiveComments(comments, config.noInlineConfig === true);

  const findings: Finding[] = [];
  const listeners = new Map<string, { ruleId: RuleId; listener: Listener }[]>();
  for (const [ruleId, options] of enabled) {
    if (directives.turnsOff(`${PLUGIN_NAMESPACE}/${ruleId}`)) continue;
    const rule = (rules as unknown as Record<string, RuleModuleLike>)[ruleId]!;
    const report = (descriptor: ReportDescriptor): void => {
      const loc = descriptor.loc ?? descriptor.node?.loc;
      if (loc === undefined) return;
      const start = 'start' in loc ? loc.start : loc;
      const end = 'start' in loc ? (loc.end ?? loc.start) : loc;
      const template = descriptor.messageId !== undefined ? rule.meta?.messages?.[descriptor.messageId] : descriptor.message;
      findings.push({
        ruleId,
        range: [getIndexFromLoc(start), getIndexFromLoc(end)],
        line: start.line,
        column: start.column + 1,
        endLine: end.line,
        endColumn: end.column + 1,
        message: interpolate(template ?? '', descriptor.data),
      });
    };
    const context = {
      id: `${PLUGIN_NAMESPACE}/${ruleId}`,
      options,
      settings: config.settings,
      filename: filePath,
      physicalFilename: filePath,
      cwd: process.cwd(),
      sourceCode,
      report,
    };
    let ruleListeners: Record<string, Listener | undefined>;
    try {
      ruleListeners = rule.create(context);
    } catch (error) {
      throw new RuleCrashError(ruleId, error);
    }
    for (const [selector, listener] of Object.entries(ruleListeners)) {
      if (listener === undefined) continue;
      if (
        !/^[A-Z]\w*(?::exit)?$/.test(selector) ||
        (selector.endsWith(':exit') && !/^(?:Program|Document|PrismaSchema):exit$/.test(selector))
      ) {
        // Only what the plugin's rules use: a rule with a new selector kind must be added here.
        throw new RuleCrashError(ruleId, new Error(`the CLI's rule host does not run the selector '${selector}'`));
      }
      listeners.set(selector, [...(listeners.get(selector) ?? []), { ruleId, listener }]);
    }
  }

  const call = (selector: string, node: TSESTree.Node): void => {
    for (const { ruleId, listener } of listeners.get(selector) ?? []) {
      try {
        listener(node);
      } catch (error) {
        throw new RuleCrashError(ruleId, error);
      }
    }
  };
  // The nodes a rule listens to are visited depth first, in source order, after the root's listeners.
  const [root, ...rest] = nodes((type) => listeners.has(type));
  call(root.type, root);
  for (const node of rest) call(node.type, node);
  call(`${root.type}:exit`, root);

  return findings
    .filter((finding) => !disabledByDirectives(directives, `${PLUGIN_NAMESPACE}/${finding.ruleId}`, finding))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}
