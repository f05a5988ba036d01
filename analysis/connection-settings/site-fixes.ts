import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { ParsedFile } from '../ast/parsed-file.js';
import { resolveIdentifierValue } from '../ast/scope.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { sameTextEdit, textEditsOverlap, type TextEdit } from '../edit/text-edit.js';
import type { ConnectionStringSite } from './analyze-connection-settings.js';
import { innermostOwner, quoteOf, sourceRangeOf } from './findings.js';
import { flowSinks, isInterpolateTag } from './string-flow.js';
import { isComparisonSink } from './string-uses.js';

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

/** The 1-based line of an offset. */
function lineOf(file: ParsedFile, offset: number): number {
  let line = 1;
  for (let index = file.sourceText.indexOf('\n'); index >= 0 && index < offset; index = file.sourceText.indexOf('\n', index + 1)) line += 1;
  return line;
}

/** `option` for the literal of `const option = '...'`, else a description of the literal. */
function carrierName(carrier: TSESTree.Node): string {
  const declarator = carrier.parent;
  return declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.id.type === AST_NODE_TYPES.Identifier
    ? `\`${declarator.id.name}\``
    : 'the string it would edit';
}

/**
 * A fix that edits a literal outside its own expression (a `const option = '?...'` read
 * elsewhere) is safe only when every string that literal feeds wants exactly that edit: the
 * options fragment of `DATABASE_OPTION: option` and the URL `${...}/${db}${option}` both do.
 * Returns why each dropped fix was dropped: the first use the edit would change against its will.
 */
export function dropUnsafeFixes(
  file: ParsedFile,
  fixes: Map<ConnectionStringSite, SiteFix | undefined>,
  allSites: readonly ConnectionStringSite[],
): Map<ConnectionStringSite, string> {
  const siteByValue = new Map([...fixes.keys()].map((site) => [site.value, site]));
  const anySiteByValue = new Map(allSites.map((site) => [site.value, site]));
  const reasons = new Map<ConnectionStringSite, string>();
  for (const [site, fix] of fixes) {
    if (!fix) continue;
    for (const carrier of fix.carriers) {
      if (isWithin(carrier, site.value)) continue;
      const own = fix.edits.filter((edit) => edit.start >= carrier.range[0] && edit.end <= carrier.range[1]);
      const conflict = flowSinks(file, carrier).find((sink) => {
        const other = siteByValue.get(sink.value);
        const otherFix = other ? fixes.get(other) : undefined;
        return otherFix === undefined || !own.every((edit) => otherFix.edits.some((candidate) => sameTextEdit(candidate, edit)));
      });
      if (!conflict) continue;
      const other = anySiteByValue.get(conflict.value);
      const what = isComparisonSink(file, conflict)
        ? 'where it is only compared'
        : other?.feedsPgDirectly
          ? 'where node-postgres reads it, and pg ignores Prisma’s URL parameters'
          : siteByValue.has(conflict.value)
            ? 'in a connection string that needs a different edit'
            : 'in a value that is not a connection string';
      reasons.set(
        site,
        `${carrierName(carrier)} (line ${lineOf(file, carrier.range[0])}) is also used at line ${lineOf(file, conflict.value.range[0])}, ${what}: the same edit would change it too. Give this connection string its own parameters by hand`,
      );
      fixes.set(site, undefined);
      break;
    }
  }
  return reasons;
}

/** Why a site has no fix when its edits cannot be mapped back to the source. */
export const UNMAPPED_FIX_REASON =
  'the characters to edit are not written literally in this file (an escape sequence, or a value built elsewhere): fix the string by hand';
