import type { TextEdit } from '../edit/text-edit.js';
import { assignmentOf, type EngineGenerator } from './generator-engine.js';

/**
 * The text edit that adds `targets` to a generator's `binaryTargets`, keeping what is listed
 * (`native` first among it): appended to the array, one per line when the array is written one
 * per line; or, without a `binaryTargets`, a new line `binaryTargets = ["native", …]` after
 * the `provider` line, indented and aligned like it. One plan for the editor's suggestion and
 * the CLI's fix.
 */
export function planTargetEdit(text: string, generator: EngineGenerator, targets: readonly string[]): TextEdit {
  const quoted = targets.map((target) => JSON.stringify(target));
  const { binaryTargets, block } = generator;
  if (binaryTargets !== undefined && binaryTargets.value.type === 'ArrayValue') {
    const array = binaryTargets.value;
    const last = array.elements.at(-1);
    if (last === undefined) return { start: array.range[0], end: array.range[1], text: `[${['"native"', ...quoted].join(', ')}]` };
    const multiline = last.loc.start.line !== array.loc.start.line;
    if (!multiline) return { start: last.range[1], end: last.range[1], text: quoted.map((item) => `, ${item}`).join('') };
    const lineStart = text.lastIndexOf('\n', last.range[0] - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    return { start: last.range[1], end: last.range[1], text: quoted.map((item) => `,${eol}${indent}${item}`).join('') };
  }
  // No binaryTargets: a new line below `provider` (the generator's first line when it has none).
  const anchor = assignmentOf(block, 'provider') ?? block.assignments[0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const value = `[${['"native"', ...quoted].join(', ')}]`;
  if (anchor === undefined) {
    const open = text.indexOf('{', block.name.range[1]);
    return { start: open + 1, end: open + 1, text: `${eol}  binaryTargets = ${value}` };
  }
  const lineStart = text.lastIndexOf('\n', anchor.range[0] - 1) + 1;
  const indent = text.slice(lineStart, anchor.range[0]);
  const equals = text.indexOf('=', anchor.key.range[1]);
  // Aligned with the provider's `=`, as `prisma format` aligns a block's assignments.
  const padding = ' '.repeat(Math.max(1, equals - anchor.range[0] - 'binaryTargets'.length));
  let lineEnd = text.indexOf('\n', anchor.range[1]);
  if (lineEnd === -1) lineEnd = text.length;
  if (text[lineEnd - 1] === '\r') lineEnd -= 1;
  return { start: lineEnd, end: lineEnd, text: `${eol}${/^\s*$/.test(indent) ? indent : '  '}binaryTargets${padding}= ${value}` };
}
