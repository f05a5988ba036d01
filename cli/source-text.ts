import { diffLines, splitLines } from './line-diff.js';

/**
 * What transforms see of a file, and how to put their output back: transforms get text
 * without a byte-order mark and with LF line endings (recast prints LF), and the written
 * file gets its BOM and its line endings back: every line the transform did not touch keeps
 * its own ending (mixed files stay mixed), new lines take the file's dominant one.
 */
export interface SourceText {
  /** The text transforms see: no BOM, LF only. */
  text: string;
  hadBom: boolean;
  /** Original ending of each line of `text` ('' for a last line without one). */
  lineEndings: string[];
  /** The ending most lines use, for inserted lines. */
  dominantEnding: '\n' | '\r\n';
}

const BOM = '\uFEFF';

export function decodeSource(original: string): SourceText {
  const hadBom = original.startsWith(BOM);
  const withoutBom = hadBom ? original.slice(1) : original;
  const lineEndings: string[] = [];
  let crlf = 0;
  let lf = 0;
  const pattern = /\r?\n/g;
  for (let match = pattern.exec(withoutBom); match !== null; match = pattern.exec(withoutBom)) {
    lineEndings.push(match[0]);
    if (match[0] === '\r\n') crlf += 1;
    else lf += 1;
  }
  if (!withoutBom.endsWith('\n') && withoutBom !== '') lineEndings.push('');
  return {
    text: crlf === 0 ? withoutBom : withoutBom.replace(/\r\n/g, '\n'),
    hadBom,
    lineEndings,
    dominantEnding: crlf > lf ? '\r\n' : '\n',
  };
}

/** Turns a transform's LF output back into the file's own conventions. */
export function encodeSource(source: SourceText, output: string): string {
  const prefix = source.hadBom ? BOM : '';
  if (!source.lineEndings.includes('\r\n')) return prefix + output;

  const before = splitLines(source.text).lines;
  const { lines: after, trailingNewline } = splitLines(output);
  const endings: string[] = new Array<string>(after.length).fill(source.dominantEnding);
  for (const edit of diffLines(before, after)) {
    if (edit.kind === 'equal') endings[edit.newIndex] = source.lineEndings[edit.oldIndex] || source.dominantEnding;
  }
  let result = prefix;
  after.forEach((line, index) => {
    const isLast = index === after.length - 1;
    result += line + (isLast && !trailingNewline ? '' : endings[index]);
  });
  return result;
}
