import { positionAt } from './parse-schema.js';
import { SCHEMA_VISITOR_KEYS, type Comment, type Position, type PrismaSchema, type SourceLocation } from './schema-ast.js';

/**
 * A parsed schema as ESLint's language API wants it (the `SourceCode` of
 * `@eslint/core`'s `TextSourceCode`, written out so the plugin needs no `@eslint/*` package
 * at run time): the text, the tree, locations, parents, the traversal ESLint drives the
 * rules' listeners with, and the `eslint-disable-line` / `eslint-disable-next-line` comments.
 * The CLI's rule host (cli/lint-findings.ts) gives the rules this same object.
 */

interface SchemaNodeLike {
  type: string;
  range: [number, number];
  loc: SourceLocation;
}

/** ESLint's `VisitNodeStep`: enter (phase 1) or leave (phase 2) a node. */
export interface VisitStep {
  kind: 1;
  target: SchemaNodeLike;
  phase: 1 | 2;
  args: [SchemaNodeLike, SchemaNodeLike | undefined];
}

/** ESLint's disable directive (as @eslint/plugin-kit's `Directive`). */
export interface DisableDirective {
  type: 'disable-line' | 'disable-next-line';
  node: Comment;
  value: string;
  justification: string;
}

/**
 * Prisma has only line comments; as in JavaScript, a line comment holds only the `-line` and
 * `-next-line` forms (cli/disable-directives.ts reads them the same way for the CLI).
 */
const LINE_DIRECTIVE = /^\s*eslint-(disable-line|disable-next-line)(?:\s|$)/u;

export class PrismaSchemaSourceCode {
  readonly text: string;
  readonly ast: PrismaSchema;
  readonly lines: string[];
  readonly visitorKeys: Record<string, string[]> = Object.fromEntries(
    Object.entries(SCHEMA_VISITOR_KEYS).map(([type, keys]) => [type, [...keys]]),
  );
  readonly comments: Comment[];
  private readonly lineStarts: number[];
  private readonly parents = new WeakMap<object, SchemaNodeLike>();
  private steps: VisitStep[] | undefined;

  constructor({ text, ast }: { text: string; ast: PrismaSchema }) {
    this.text = text;
    this.ast = ast;
    this.comments = ast.comments;
    this.lines = text.split(/\r\n|[\r\n]/u);
    this.lineStarts = [0];
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) this.lineStarts.push(index + 1);
  }

  getLoc(node: SchemaNodeLike): SourceLocation {
    return node.loc;
  }

  getRange(node: SchemaNodeLike): [number, number] {
    return node.range;
  }

  getText(node?: SchemaNodeLike): string {
    return node === undefined ? this.text : this.text.slice(node.range[0], node.range[1]);
  }

  getAllComments(): Comment[] {
    return this.comments;
  }

  /** 1-based line, 0-based column, as ESTree's `getLocFromIndex`. */
  getLocFromIndex(index: number): Position {
    return positionAt(this.lineStarts, index);
  }

  getIndexFromLoc({ line, column }: Position): number {
    return (this.lineStarts[line - 1] ?? this.text.length) + column;
  }

  getParent(node: SchemaNodeLike): SchemaNodeLike | undefined {
    if (this.steps === undefined) this.traverse();
    return this.parents.get(node);
  }

  getAncestors(node: SchemaNodeLike): SchemaNodeLike[] {
    const ancestors: SchemaNodeLike[] = [];
    for (let parent = this.getParent(node); parent !== undefined; parent = this.getParent(parent)) ancestors.unshift(parent);
    return ancestors;
  }

  /** Every node, depth first in source order, entered then left. */
  traverse(): Iterable<VisitStep> {
    if (this.steps !== undefined) return this.steps;
    const steps: VisitStep[] = [];
    const visit = (node: SchemaNodeLike, parent: SchemaNodeLike | undefined): void => {
      if (parent !== undefined) this.parents.set(node, parent);
      steps.push({ kind: 1, target: node, phase: 1, args: [node, parent] });
      for (const key of this.visitorKeys[node.type] ?? []) {
        const child = (node as unknown as Record<string, unknown>)[key];
        for (const item of Array.isArray(child) ? child : [child]) {
          if (typeof item === 'object' && item !== null && 'type' in item) visit(item as SchemaNodeLike, node);
        }
      }
      steps.push({ kind: 1, target: node, phase: 2, args: [node, parent] });
    };
    visit(this.ast, undefined);
    this.steps = steps;
    return steps;
  }

  getInlineConfigNodes(): Comment[] {
    return this.comments.filter((comment) => LINE_DIRECTIVE.test(comment.value));
  }

  getDisableDirectives(): { directives: DisableDirective[]; problems: [] } {
    const directives: DisableDirective[] = [];
    for (const comment of this.getInlineConfigNodes()) {
      const match = LINE_DIRECTIVE.exec(comment.value)!;
      const rest = comment.value.slice(match[0].length);
      // ` -- ` (two or more dashes, spaced) starts the reason, as in ESLint's ConfigCommentParser.
      const reason = /\s-{2,}\s/u.exec(rest);
      directives.push({
        type: match[1] as DisableDirective['type'],
        node: comment,
        value: (reason === null ? rest : rest.slice(0, reason.index)).trim(),
        justification: reason === null ? '' : rest.slice(reason.index + reason[0].length).trim(),
      });
    }
    return { directives, problems: [] };
  }
}
