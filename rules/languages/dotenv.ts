import {
  DOTENV_VISITOR_KEYS,
  dotenvLocator,
  parseDotenv,
  type DotenvComment,
  type DotenvDocument,
  type DotenvNode,
  type DotenvPosition,
} from '../../analysis/dotenv/index.js';

/**
 * The dotenv language the plugin brings to ESLint 9 and 10 (`language: 'prisma-aurora-fix/dotenv'`),
 * shaped as @eslint/json's and @eslint/markdown's languages are: a Language object that parses
 * the file (analysis/dotenv/parse-dotenv.ts, dotenv's own grammar) and a SourceCode that ESLint
 * walks (`Document`, then each `Entry`), locates reports with, and reads `eslint-disable`
 * comments from. Written without @eslint/plugin-kit so the plugin adds no dependency; the CLI
 * builds the same SourceCode for its own run of the rules (cli/lint-findings.ts).
 */

/** `eslint-disable`, `eslint-enable`, `eslint-disable-line`, `eslint-disable-next-line`: the directive comments. */
const DIRECTIVE = /^\s*(eslint-disable-next-line|eslint-disable-line|eslint-disable|eslint-enable)(?=\s|$)/u;

type DirectiveType = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

/** What ESLint's linter reads from `getDisableDirectives()` (@eslint/plugin-kit's `Directive` has this shape). */
interface DotenvDirective {
  type: DirectiveType;
  node: DotenvComment;
  value: string;
  justification: string;
}

/** One step of ESLint's traversal: visit `target` on entering (phase 1) or leaving (phase 2). */
interface VisitStep {
  kind: 1;
  type: 'visit';
  target: DotenvNode;
  phase: 1 | 2;
  args: [DotenvNode, DotenvNode | undefined];
}

/** Splits a directive comment's text into its label, rule list and `-- justification`, as ESLint does. */
export function parseDotenvDirective(commentValue: string): { type: DirectiveType; value: string; justification: string } | undefined {
  const label = DIRECTIVE.exec(commentValue);
  if (!label) return undefined;
  const rest = commentValue.slice(label[0].length);
  const separator = /\s-{2,}\s/u.exec(rest);
  return {
    type: label[1]!.slice('eslint-'.length) as DirectiveType,
    value: (separator ? rest.slice(0, separator.index) : rest).trim(),
    justification: separator ? rest.slice(separator.index + separator[0].length).trim() : '',
  };
}

export class DotenvSourceCode {
  readonly text: string;
  readonly ast: DotenvDocument;
  readonly lines: string[];
  readonly comments: DotenvComment[];
  readonly visitorKeys = DOTENV_VISITOR_KEYS;
  readonly #locate: (offset: number) => DotenvPosition;
  readonly #parents = new WeakMap<object, DotenvNode>();
  #steps: VisitStep[] | undefined;

  constructor({ text, ast }: { text: string; ast: DotenvDocument }) {
    this.text = text;
    this.ast = ast;
    this.lines = text.split(/\r\n|\r|\n/u);
    this.comments = ast.comments;
    this.#locate = dotenvLocator(text);
    for (const entry of ast.entries) this.#parents.set(entry, ast);
  }

  getLoc(node: { loc: DotenvNode['loc'] }): DotenvNode['loc'] {
    return node.loc;
  }

  getRange(node: { range: [number, number] }): [number, number] {
    return node.range;
  }

  getText(node?: { range: [number, number] }): string {
    return node === undefined ? this.text : this.text.slice(node.range[0], node.range[1]);
  }

  getParent(node: DotenvNode): DotenvNode | undefined {
    return this.#parents.get(node);
  }

  getAllComments(): DotenvComment[] {
    return this.comments;
  }

  /** 1-based line, 0-based column, as ESLint's JavaScript SourceCode gives them. */
  getLocFromIndex(index: number): DotenvPosition {
    return this.#locate(index);
  }

  getIndexFromLoc({ line, column }: DotenvPosition): number {
    let offset = 0;
    for (let current = 1; current < line; current += 1) {
      const lineBreak = /\r\n|\r|\n/u.exec(this.text.slice(offset));
      if (!lineBreak) return this.text.length;
      offset += lineBreak.index + lineBreak[0].length;
    }
    return offset + column;
  }

  /** `# eslint-disable…` / `# eslint-enable` comments; a `#` comment may hold every form (dotenv has no block comments). */
  getInlineConfigNodes(): DotenvComment[] {
    return this.comments.filter((comment) => DIRECTIVE.test(comment.value));
  }

  getDisableDirectives(): { problems: []; directives: DotenvDirective[] } {
    const directives: DotenvDirective[] = [];
    for (const node of this.getInlineConfigNodes()) {
      const directive = parseDotenvDirective(node.value);
      if (directive) directives.push({ ...directive, node });
    }
    return { problems: [], directives };
  }

  /** Config comments (`# eslint rule: off`) are not read in dotenv files: there are none to apply. */
  applyInlineConfig(): { configs: []; problems: [] } {
    return { configs: [], problems: [] };
  }

  traverse(): IterableIterator<VisitStep> {
    if (this.#steps === undefined) {
      const steps: VisitStep[] = [];
      steps.push({ kind: 1, type: 'visit', target: this.ast, phase: 1, args: [this.ast, undefined] });
      for (const entry of this.ast.entries) {
        steps.push({ kind: 1, type: 'visit', target: entry, phase: 1, args: [entry, this.ast] });
        steps.push({ kind: 1, type: 'visit', target: entry, phase: 2, args: [entry, this.ast] });
      }
      steps.push({ kind: 1, type: 'visit', target: this.ast, phase: 2, args: [this.ast, undefined] });
      this.#steps = steps;
    }
    return this.#steps.values();
  }
}

/** Whether a rule's `context.sourceCode` is a dotenv file's. */
export function isDotenvSourceCode(sourceCode: unknown): sourceCode is DotenvSourceCode {
  return sourceCode instanceof DotenvSourceCode;
}

export const dotenvLanguage = {
  fileType: 'text' as const,
  lineStart: 1 as const,
  columnStart: 0 as const,
  nodeTypeKey: 'type',
  visitorKeys: DOTENV_VISITOR_KEYS as unknown as Record<string, string[]>,
  defaultLanguageOptions: {},
  /**
   * Takes none, and refuses none: a project's block without `files` (`languageOptions: { globals }`)
   * reaches dotenv files too, and must not stop the lint.
   */
  validateLanguageOptions(): void {},
  /** Never fails: dotenv ignores the lines it cannot read, and so does the parser. */
  parse(file: { body: string | Uint8Array }): { ok: true; ast: DotenvDocument } {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    return { ok: true, ast: parseDotenv(text) };
  },
  createSourceCode(file: { body: string | Uint8Array }, parseResult: { ast: DotenvDocument }): DotenvSourceCode {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    return new DotenvSourceCode({ text, ast: parseResult.ast });
  },
};
