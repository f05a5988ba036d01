import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/typescript-estree';
import type { ParsedFile } from '../ast/parsed-file.js';
import { resolveIdentifierValue } from '../ast/scope.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { sameTextEdit, textEditsOverlap, type TextEdit } from '../edit/text-edit.js';
import type { ConnectionStringSite } from './analyze-connection-settings.js';
import { innermostOwner, quoteOf, sourceRangeOf } from './findings.js';
import { flowSinks, isInterpolateTag } from './string-flow.js';

/**
 * Edits on a connection string's flat text mapped back to the literals that wrote it: into
 * the literal that opens the query, into a constant's own literal when it feeds only this
 * string, else `+ '...'` after the value. A fix that would edit a literal other strings read
 * too is dropped unless they all want the same edit.
 */

export interface SiteFix {
  edits: TextEdit[];
  /** Literals (or the value itself) the edits change: each must only feed strings that want the same change. */
  carriers: TSESTree.Node[];
}

/** Appends `text` at the end of an expression's string: inside its last literal, else as `+ 'text'`. */
function appendToExpression(file: ParsedFile, node: TSESTree.Node, text: string, quote: string, siteValue: TSESTree.Node = node): SiteFix {
  const inner = skipTypeWrappers(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Literal:
      if (typeof inner.value === 'string')
        return { edits: [{ start: inner.range[1] - 1, end: inner.range[1] - 1, text }], carriers: [inner] };
      break;
    case AST_NODE_TYPES.TemplateLiteral:
      return { edits: [{ start: inner.range[1] - 1, end: inner.range[1] - 1, text }], carriers: [inner] };
    case AST_NODE_TYPES.TaggedTemplateExpression:
      if (isInterpolateTag(inner.tag)) return appendToExpression(file, inner.quasi, text, quote, siteValue);
      break;
    case AST_NODE_TYPES.BinaryExpression:
      if (inner.operator === '+') return appendToExpression(file, inner.right, text, quote, siteValue);
      break;
    case AST_NODE_TYPES.Identifier: {
      // Into the constant's own literal when this is the only string it feeds; else right here.
      const value = resolveIdentifierValue(file.scopeManager, inner);
      if (value && flowSinks(file, value).every((sink) => sink.value === siteValue))
        return appendToExpression(file, value, text, quote, siteValue);
      break;
    }
    default:
      break;
  }
  const literal = `${quote}${text}${quote}`;
  const bindsTighterThanPlus =
    node.type === AST_NODE_TYPES.Identifier ||
    node.type === AST_NODE_TYPES.MemberExpression ||
    node.type === AST_NODE_TYPES.CallExpression ||
    node.type === AST_NODE_TYPES.NewExpression ||
    node.type === AST_NODE_TYPES.ChainExpression ||
    node.type === AST_NODE_TYPES.TSNonNullExpression;
  if (bindsTighterThanPlus) return { edits: [{ start: node.range[1], end: node.range[1], text: ` + ${literal}` }], carriers: [node] };
  return {
    edits: [
      { start: node.range[0], end: node.range[0], text: '(' },
      { start: node.range[1], end: node.range[1], text: `) + ${literal}` },
    ],
    carriers: [node],
  };
}

/** Source edits for edits expressed on a site's flat text; undefined when some part is not written literally. */
export function mapSiteEdits(file: ParsedFile, site: ConnectionStringSite, flatEdits: readonly TextEdit[]): SiteFix | undefined {
  const { flat, parsed } = site;
  const fix: SiteFix = { edits: [], carriers: [] };
  for (const edit of flatEdits) {
    if (edit.start < edit.end) {
      const range = sourceRangeOf(flat, edit.start, edit.end);
      if (!range) return undefined;
      fix.edits.push({ start: range[0], end: range[1], text: edit.text });
      fix.carriers.push(innermostOwner(flat, edit.start)!);
      continue;
    }
    if (edit.start < flat.text.length) {
      // Before a `#fragment`: right before that character.
      const offset = flat.offsets[edit.start]!;
      if (offset < 0) return undefined;
      fix.edits.push({ start: offset, end: offset, text: edit.text });
      fix.carriers.push(innermostOwner(flat, edit.start)!);
      continue;
    }
    // At the end: into the literal that opened the query when it also ends the string, else after the whole value.
    const owner = parsed.queryStart === undefined ? undefined : innermostOwner(flat, parsed.queryStart);
    const lastOwners = flat.owners[flat.text.length - 1];
    if (owner && lastOwners?.includes(owner)) {
      fix.edits.push({ start: owner.range[1] - 1, end: owner.range[1] - 1, text: edit.text });
      fix.carriers.push(owner);
      continue;
    }
    const appended = appendToExpression(file, site.value, edit.text, quoteOf(file, flat));
    fix.edits.push(...appended.edits);
    fix.carriers.push(...appended.carriers);
  }
  return textEditsOverlap(fix.edits) ? undefined : fix;
}

function isWithin(inner: TSESTree.Node, outer: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/**
 * A fix that edits a literal outside its own expression (a `const option = '?...'` read
 * elsewhere) is safe only when every string that literal feeds wants exactly that edit.
 */
export function dropUnsafeFixes(file: ParsedFile, fixes: Map<ConnectionStringSite, SiteFix | undefined>): void {
  const siteByValue = new Map([...fixes.keys()].map((site) => [site.value, site]));
  for (const [site, fix] of fixes) {
    if (!fix) continue;
    const safe = fix.carriers.every((carrier) => {
      if (isWithin(carrier, site.value)) return true;
      const own = fix.edits.filter((edit) => edit.start >= carrier.range[0] && edit.end <= carrier.range[1]);
      return flowSinks(file, carrier).every((sink) => {
        const other = siteByValue.get(sink.value);
        const otherFix = other ? fixes.get(other) : undefined;
        return otherFix !== undefined && own.every((edit) => otherFix.edits.some((candidate) => sameTextEdit(candidate, edit)));
      });
    });
    if (!safe) fixes.set(site, undefined);
  }
}
