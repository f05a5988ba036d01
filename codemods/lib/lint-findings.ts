import type { Linter } from 'eslint';
import { parse as parsePath } from 'node:path';
import { rememberParse } from '../../analysis/parse-module.js';
import plugin from '../../rules/index.js';
import { PLUGIN_NAMESPACE, type RuleId } from '../../rules/registry.js';
import type { RuleConfigForFile } from './eslint-config.js';
import { TRANSFORMABLE_EXTENSIONS } from './transform.js';

/**
 * The CLI's findings are the rules' findings: each candidate file is linted by ESLint's own
 * `Linter` with this package's rules, as the project's ESLint config sets them for the file
 * (options, settings, globals, `noInlineConfig`), so `eslint-disable` comments, Lambda scope
 * and rule options mean in the CLI exactly what they mean in ESLint, because ESLint decides.
 * The transforms then fix those findings and nothing else (codemods/lib/transform.ts).
 *
 * Every file is parsed with @typescript-eslint/parser (the recommended config's parser for
 * TypeScript; our rules are tested on it and on espree for JavaScript), and the tree is handed
 * on to the transforms (analysis/parse-module.ts), so a file is parsed once per text.
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

type TypescriptParser = typeof import('@typescript-eslint/parser');

let LinterClass: typeof Linter | undefined;
let typescriptParser: TypescriptParser | undefined;
/** One Linter per file-system root: it matches `files` against the path relative to its cwd. */
const lintersByRoot = new Map<string, Linter>();

async function linterFor(filePath: string): Promise<Linter> {
  // `eslint/universal` is the Linter alone (no config loading, no file system): half the load time.
  LinterClass ??= (
    await import('eslint/universal').catch(() =>
      import('eslint').catch(() => {
        throw new MissingEslintError();
      }),
    )
  ).Linter;
  typescriptParser ??= await import('@typescript-eslint/parser');
  const root = parsePath(filePath).root;
  let linter = lintersByRoot.get(root);
  if (linter === undefined) {
    linter = new LinterClass({ configType: 'flat', cwd: root });
    lintersByRoot.set(root, linter);
  }
  return linter;
}

/**
 * A parser for the Linter that parses with @typescript-eslint/parser and remembers the tree
 * for the transforms that run on the same text next.
 */
function sharingParser(parser: TypescriptParser, jsx: boolean): Linter.Parser {
  const shared = {
    meta: { name: 'prisma-aurora-fix/shared-parse' },
    parseForESLint(code: string, options?: Record<string, unknown>) {
      const filePath = String(options?.['filePath'] ?? '');
      const result = parser.parseForESLint(code, { ...options, filePath, ecmaFeatures: { jsx }, sourceType: 'module', range: true, loc: true, tokens: true, comment: true });
      rememberParse(code, filePath, { ast: result.ast, scopeManager: result.scopeManager! });
      return result;
    },
  };
  return shared as unknown as Linter.Parser;
}

/** .ts must not parse JSX (`<T>value` is a type assertion there); JavaScript may hold it. */
function allowsJsx(filePath: string): boolean {
  return !/\.[cm]?ts$/i.test(filePath);
}

/** Lints `text` (the file's LF text, no BOM) with the rules `config` turns on for it. */
export async function lintFindings(filePath: string, text: string, config: RuleConfigForFile): Promise<Finding[]> {
  const linter = await linterFor(filePath);
  const rules: Linter.RulesRecord = {};
  for (const [ruleId, options] of Object.entries(config.rules)) rules[`${PLUGIN_NAMESPACE}/${ruleId}`] = ['error', ...(options as unknown[])];
  if (Object.keys(rules).length === 0) return [];
  const flatConfig: Linter.Config[] = [
    {
      // A universal `**/*` alone matches no file in a flat config: name the extensions.
      files: TRANSFORMABLE_EXTENSIONS.map((extension) => `**/*${extension}`),
      plugins: { [PLUGIN_NAMESPACE]: plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
      languageOptions: {
        parser: sharingParser(typescriptParser!, allowsJsx(filePath)),
        ecmaVersion: 'latest',
        sourceType: 'module',
        ...(config.globals === undefined ? {} : { globals: config.globals }),
      },
      linterOptions: { reportUnusedDisableDirectives: 'off', ...(config.noInlineConfig === undefined ? {} : { noInlineConfig: config.noInlineConfig }) },
      settings: config.settings,
      rules,
    },
  ];
  const messages = linter.verify(text, flatConfig, { filename: filePath });
  const lineStarts = lineStartsOf(text);
  const findings: Finding[] = [];
  for (const message of messages) {
    if (message.fatal === true) throw new LintParseError(message.message.replace(/^Parsing error: /, ''), message.line, message.column - 1);
    const prefix = `${PLUGIN_NAMESPACE}/`;
    if (message.ruleId === null || !message.ruleId.startsWith(prefix)) continue;
    const endLine = message.endLine ?? message.line;
    const endColumn = message.endColumn ?? message.column;
    findings.push({
      ruleId: message.ruleId.slice(prefix.length) as RuleId,
      range: [offsetOf(lineStarts, message.line, message.column), offsetOf(lineStarts, endLine, endColumn)],
      line: message.line,
      column: message.column,
      endLine,
      endColumn,
      message: message.message,
    });
  }
  return findings;
}

/** ESLint is a peer dependency (npm installs it; pnpm and Yarn may not): the run cannot check anything without it. */
export class MissingEslintError extends Error {
  constructor() {
    super("the CLI runs the plugin's ESLint rules, and ESLint (a peer dependency) is not installed: run `npm install --save-dev eslint`");
    this.name = 'MissingEslintError';
  }
}

/** A syntax error, in typescript-estree's shape: 1-based `lineNumber`, 0-based `column`. */
export class LintParseError extends Error {
  constructor(
    message: string,
    readonly lineNumber: number,
    readonly column: number,
  ) {
    super(message);
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** ESLint's 1-based line and column back to an offset (columns count UTF-16 units, as offsets do). */
function offsetOf(lineStarts: readonly number[], line: number, column: number): number {
  return (lineStarts[line - 1] ?? 0) + column - 1;
}
