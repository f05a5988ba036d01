/**
 * `eslint-disable` comments, read and applied as ESLint's Linter does (ESLint 9 and 10:
 * eslint/lib/languages/js/source-code/source-code.js `getDisableDirectives`,
 * eslint/lib/linter/apply-disable-directives.js, @eslint/plugin-kit's `ConfigCommentParser`),
 * for the CLI's run of the plugin's rules (cli/lint-findings.ts):
 *
 * - a directive is a comment whose text starts with the label: `eslint-disable`,
 *   `eslint-enable`, `eslint-disable-line`, `eslint-disable-next-line`, then an optional
 *   comma-separated rule list (quotes allowed), then an optional ` -- reason`;
 * - line comments (`//`) may only hold the `-line` and `-next-line` forms; a block
 *   `eslint-disable-line` that spans lines is ignored (ESLint reports it);
 * - `-line` covers the comment's first line, `-next-line` the line after the comment's last;
 *   `disable`/`enable` take effect from the comment's start, in order, without a rule list
 *   for every rule;
 * - `/* eslint rule-id: off *\/` (a config comment) turns a rule off for the whole file;
 * - `linterOptions.noInlineConfig: true` ignores all of them.
 */

export interface CommentLike {
  type: string;
  value: string;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

interface BlockDirective {
  kind: 'disable' | 'enable';
  /** 1-based line and column of the comment's start. */
  line: number;
  column: number;
  /** Full rule ids; empty for every rule. */
  ruleIds: readonly string[];
}

interface LineDirective {
  line: number;
  ruleIds: readonly string[];
}

export interface DirectiveComments {
  blocks: readonly BlockDirective[];
  lines: readonly LineDirective[];
  /** True when a config comment turns the rule off for the file. */
  turnsOff(ruleId: string): boolean;
}

const DIRECTIVE = /^(eslint(?:-env|-enable|-disable(?:(?:-next)?-line)?)?|exported|globals?)(?:\s|$)/u;

/** The directive text and its reason: ` -- ` (two or more dashes, spaced) starts the reason. */
function splitJustification(value: string): string {
  const match = /\s-{2,}\s/u.exec(value);
  return (match === null ? value : value.slice(0, match.index)).trim();
}

function ruleListOf(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim().replace(/^(['"]?)(.*)\1$/su, '$2'))
    .filter((name) => name !== '');
}

/** Rule ids a `/* eslint ... *\/` config comment sets to off (`off`, `0`, `"off"`, `["off"]`). */
function rulesTurnedOff(text: string): string[] {
  const off: string[] = [];
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(`{${text}}`) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) {
    // The unquoted form: `rule-a: off, rule-b: 0` (options given this way are arrays: JSON above).
    parsed = {};
    for (const entry of text.replace(/(?<!\s)\s*([:,])\s*/gu, '$1').split(/\s|,+/u)) {
      const [key, value] = entry.split(':');
      if (key) parsed[key] = value ?? null;
    }
  }
  for (const [ruleId, value] of Object.entries(parsed)) {
    const severity = Array.isArray(value) ? value[0] : value;
    if (severity === 'off' || severity === 0 || severity === '0' || severity === '"off"' || severity === "'off'") off.push(ruleId);
  }
  return off;
}

export function readDirectiveComments(comments: readonly CommentLike[], noInlineConfig: boolean): DirectiveComments {
  const blocks: BlockDirective[] = [];
  const lines: LineDirective[] = [];
  const off = new Set<string>();
  if (!noInlineConfig) {
    for (const comment of comments) {
      if (comment.type === 'Shebang' || !comment.value.includes('eslint')) continue;
      const text = splitJustification(comment.value);
      const match = DIRECTIVE.exec(text);
      if (match === null) continue;
      const label = match[1]!;
      const value = text.slice(label.length).trim();
      const lineForm = label === 'eslint-disable-line' || label === 'eslint-disable-next-line';
      if (comment.type === 'Line' && !lineForm) continue;
      switch (label) {
        case 'eslint-disable':
        case 'eslint-enable':
          blocks.push({
            kind: label === 'eslint-disable' ? 'disable' : 'enable',
            line: comment.loc.start.line,
            column: comment.loc.start.column + 1,
            ruleIds: ruleListOf(value),
          });
          break;
        case 'eslint-disable-line':
          if (comment.loc.start.line === comment.loc.end.line) lines.push({ line: comment.loc.start.line, ruleIds: ruleListOf(value) });
          break;
        case 'eslint-disable-next-line':
          lines.push({ line: comment.loc.end.line + 1, ruleIds: ruleListOf(value) });
          break;
        case 'eslint':
          for (const ruleId of rulesTurnedOff(value)) off.add(ruleId);
          break;
        default:
          break;
      }
    }
  }
  return { blocks, lines, turnsOff: (ruleId) => off.has(ruleId) };
}

/** Whether the directives disable `ruleId` at a finding's start (1-based line and column). */
export function disabledByDirectives(directives: DirectiveComments, ruleId: string, at: { line: number; column: number }): boolean {
  if (
    directives.lines.some(
      (directive) => directive.line === at.line && (directive.ruleIds.length === 0 || directive.ruleIds.includes(ruleId)),
    )
  )
    return true;
  // The last block directive before the finding that names its rule (or every rule) decides.
  let disabled = false;
  for (const directive of directives.blocks) {
    if (directive.line > at.line || (directive.line === at.line && directive.column > at.column)) break;
    if (directive.ruleIds.length === 0 || directive.ruleIds.includes(ruleId)) disabled = directive.kind === 'disable';
  }
  return disabled;
}
