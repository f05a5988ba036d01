import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { lineBreakOf } from './code-style.js';
import { indentationOfLine } from './lines.js';
import type { TextEdit } from './text-edit.js';

/**
 * Text edits that add, replace or remove properties of an object literal while keeping its
 * layout: a one-line object stays on one line, a multi-line object gets one property per line
 * at the indentation of its last property, trailing-comma style and line comments are kept.
 * (jscodeshift/recast reprints a whole object literal when a property is added, which breaks
 * exactly that, so fixes are described as text.)
 */

/** Index of the first `,` in `text` from `from`, skipping whitespace and comments; -1 when another token comes first. */
function commaAfter(text: string, from: number, limit: number): number {
  let index = from;
  while (index < limit) {
    const char = text[index]!;
    if (/\s/.test(char)) {
      index += 1;
    } else if (text.startsWith('//', index)) {
      const newline = text.indexOf('\n', index);
      index = newline < 0 || newline > limit ? limit : newline;
    } else if (text.startsWith('/*', index)) {
      const close = text.indexOf('*/', index + 2);
      index = close < 0 ? limit : close + 2;
    } else {
      return char === ',' ? index : -1;
    }
  }
  return -1;
}

/** Where the line holding `offset` ends (before `\r\n` or `\n`), or `limit` when the line runs past it. */
function lineEndAfter(text: string, offset: number, limit: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0 || newline >= limit) return limit;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

/** Appends `key: value` texts (e.g. `max: 1`) after the last property of `object`. */
export function appendPropertiesEdits(sourceText: string, object: TSESTree.ObjectExpression, propertyTexts: readonly string[]): TextEdit[] {
  if (propertyTexts.length === 0) return [];
  const closeBrace = object.range[1] - 1;
  const last = object.properties.at(-1);
  if (last === undefined) {
    return [{ start: object.range[0], end: object.range[1], text: `{ ${propertyTexts.join(', ')} }` }];
  }
  const comma = commaAfter(sourceText, last.range[1], closeBrace);
  const afterLast = comma >= 0 ? comma + 1 : last.range[1];
  const lineEnd = lineEndAfter(sourceText, afterLast, closeBrace);
  const multiLine = lineEnd < closeBrace && sourceText.slice(lineEnd, closeBrace).includes('\n');
  if (!multiLine) {
    return [{ start: last.range[1], end: last.range[1], text: `, ${propertyTexts.join(', ')}` }];
  }
  const lineBreak = lineBreakOf(sourceText);
  const indent = indentationOfLine(sourceText, last.range[0]);
  const lines = propertyTexts.map((text) => `${lineBreak}${indent}${text}`);
  if (comma >= 0) {
    return [{ start: lineEnd, end: lineEnd, text: lines.map((line) => `${line},`).join('') }];
  }
  // No trailing comma: add the separator after the last property (before any comment on its line), and none after the new ones.
  if (lineEnd === last.range[1]) return [{ start: lineEnd, end: lineEnd, text: `,${lines.join(',')}` }];
  return [
    { start: last.range[1], end: last.range[1], text: ',' },
    { start: lineEnd, end: lineEnd, text: lines.join(',') },
  ];
}

/** Removes a property with its separator; a property alone on its line takes the line with it. */
export function removePropertyEdits(sourceText: string, object: TSESTree.ObjectExpression, property: TSESTree.Node): TextEdit[] {
  const closeBrace = object.range[1] - 1;
  const comma = commaAfter(sourceText, property.range[1], closeBrace);
  const lineStart = sourceText.lastIndexOf('\n', property.range[0] - 1) + 1;
  const aloneOnLine = /^[ \t]*$/.test(sourceText.slice(lineStart, property.range[0]));
  if (aloneOnLine) {
    const end = comma >= 0 ? comma + 1 : property.range[1];
    const lineEnd = lineEndAfter(sourceText, end, closeBrace);
    const restOfLine = sourceText.slice(end, lineEnd);
    const newline = sourceText.indexOf('\n', lineEnd);
    if (/^[ \t]*$/.test(restOfLine) && newline >= 0 && newline < closeBrace) {
      return [{ start: lineStart, end: newline + 1, text: '' }];
    }
  }
  if (comma >= 0) {
    const next = /^[ \t]*/.exec(sourceText.slice(comma + 1))![0].length;
    return [{ start: property.range[0], end: comma + 1 + next, text: '' }];
  }
  // The last property without a trailing comma: take the separator before it.
  const index = object.properties.indexOf(property as TSESTree.ObjectLiteralElement);
  const previous = index > 0 ? object.properties[index - 1] : undefined;
  if (previous === undefined) return [{ start: property.range[0], end: property.range[1], text: '' }];
  const separator = commaAfter(sourceText, previous.range[1], property.range[0]);
  return [{ start: separator >= 0 ? separator : previous.range[1], end: property.range[1], text: '' }];
}
