/**
 * `prisma-aurora-fix-ignore`: a tool-neutral way to keep a finding, for code that is linted by
 * no ESLint (or whose ESLint config forbids inline disables) but still goes through the CLI.
 * The rules themselves honour it, so ESLint and the CLI (which runs the rules) agree on it:
 *
 * - `// prisma-aurora-fix-ignore` on a line of its own ignores the findings that start on the
 *   next line; on a line with code (`code // …`, `/* … *\/ code`), those that start on that line;
 * - `/* prisma-aurora-fix-ignore-file *\/` anywhere ignores the whole file;
 * - either may name rules (`prisma-aurora-fix-ignore require-retry-extension, no-query-logging`,
 *   with or without the `prisma-aurora-fix/` prefix) and give a reason after ` -- `, as
 *   `eslint-disable` comments do. Without rule names every rule of the plugin is ignored.
 */

export interface CommentLike {
  type: 'Line' | 'Block' | string;
  value: string;
  loc: { start: { line: number }; end: { line: number } };
  range: readonly [number, number];
}

const IGNORE_COMMENT = /^[\s*]*prisma-aurora-fix-ignore(-file)?(?=\s|$)([^]*)$/;

interface IgnoreDirective {
  /** The line whose findings it ignores; `undefined` for the whole file. */
  line: number | undefined;
  /** Rule ids (without the prefix); empty for every rule. */
  ruleIds: readonly string[];
}

export interface IgnoreComments {
  /** True when a finding of `ruleId` starting on `line` (1-based) is ignored. */
  ignores(ruleId: string, line: number): boolean;
}

const NOTHING_IGNORED: IgnoreComments = { ignores: () => false };

function ruleIdsOf(text: string): string[] {
  const withoutReason = text.split(/\s--\s|\s--$/)[0] ?? '';
  return withoutReason
    .split(/[\s,]+/)
    .map((name) => name.replace(/^prisma-aurora-fix\//, ''))
    .filter((name) => name !== '');
}

/** Reads the ignore comments of a file; `text` is the file's text, for "code before the comment on its line". */
export function readIgnoreComments(comments: readonly CommentLike[], text: string): IgnoreComments {
  const directives: IgnoreDirective[] = [];
  for (const comment of comments) {
    // The cheap test first: almost no comment is one of ours.
    if (!comment.value.includes('prisma-aurora-fix-ignore')) continue;
    const match = IGNORE_COMMENT.exec(comment.value);
    if (match === null) continue;
    const ruleIds = ruleIdsOf(match[2] ?? '');
    if (match[1] !== undefined) {
      directives.push({ line: undefined, ruleIds });
      continue;
    }
    // Sharing a line with code (`code // ignore`, `/* ignore */ code`): that line; alone: the next.
    const lineStart = text.lastIndexOf('\n', comment.range[0] - 1) + 1;
    const lineEnd = text.indexOf('\n', comment.range[1]);
    const codeBefore = text.slice(lineStart, comment.range[0]).trim() !== '';
    const codeAfter = text.slice(comment.range[1], lineEnd === -1 ? text.length : lineEnd).trim() !== '';
    if (codeBefore) directives.push({ line: comment.loc.start.line, ruleIds });
    else if (codeAfter) directives.push({ line: comment.loc.end.line, ruleIds });
    else directives.push({ line: comment.loc.end.line + 1, ruleIds });
  }
  if (directives.length === 0) return NOTHING_IGNORED;
  return {
    ignores: (ruleId, line) =>
      directives.some(
        (directive) =>
          (directive.line === undefined || directive.line === line) &&
          (directive.ruleIds.length === 0 || directive.ruleIds.includes(ruleId)),
      ),
  };
}
