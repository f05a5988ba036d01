import { diffLines, splitLines } from './line-diff.js';

/**
 * What transforms see of a file, and how to put their output back: transforms get text
 * without a byte-order mark and with LF line endings (recast prints LF), and the written
 * file gets its BOM and its line endings back: every line the transform did not touch keeps
 * its own ending (mixed files stay mixed), and so does a line edited in place (a run of
 * changed lines as long as the one it replaces); new lines take the file's dominant one. CRLF, LF
 * and a lone CR (old Mac files: JavaScript counts it as a line break too) are all endings.
 */
export interface SourceText {
  /** The text transforms see: no BOM, LF only. */
  text: string;
  hadBom: boolean;
  /** Original ending of each line of `text` ('' for a last line without one). */
  lineEndings: string[];
  /** The ending most lines use, for inserted lines. */
  dominantEnding: '\n' | '\r\n' | '\r';
}

const BOM = '\uFEFF';

export function decodeSource(original: string): SourceText {
  const hadBom = original.startsWith(BOM);
  const withoutBom = hadBom ? original.slice(1) : original;
  const lineEndings: string[] = [];
  const counts = { '\n': 0, '\r\n': 0, '\r': 0 };
  const pattern = /\r\n|\r|\n/g;
  for (let match = pattern.exec(withoutBom); match !== null; match = pattern.exec(withoutBom)) {
    const ending = match[0] as keyof typeof counts;
    lineEndings.push(ending);
    counts[ending] += 1;
  }
  if (!/[\r\n]$/.test(withoutBom) && withoutBom !== '') lineEndings.push('');
  const onlyLf = counts['\r\n'] === 0 && counts['\r'] === 0;
  // Ties go to LF, then CRLF: what recast would print, then what Windows editors write.
  const dominantEnding =
    counts['\r\n'] > counts['\n'] && counts['\r\n'] >= counts['\r'] ? '\r\n' : counts['\r'] > counts['\n'] ? '\r' : '\n';
  return {
    text: onlyLf ? withoutBom : withoutBom.replace(/\r\n?/g, '\n'),
    hadBom,
    lineEndings,
    dominantEnding,
  };
}

/** Turns a transform's LF output back into the file's own conventions. */
export function encodeSource(source: SourceText, output: string): string {
  const prefix = source.hadBom ? BOM : '';
  if (source.lineEndings.every((ending) => ending === '\n' || ending === '')) return prefix + output;

  const before = splitLines(source.text).lines;
  const { lines: after, trailingNewline } = splitLines(output);
  const endings: string[] = new Array<string>(after.length).fill(source.dominantEnding);
  // A run of changed lines that replaces as many lines as it removes (a value edited in place)
  // keeps their endings line for line; other new lines take the dominant one.
  let deleted: number[] = [];
  let inserted: number[] = [];
  const closeRun = (): void => {
    if (deleted.length === inserted.length) {
      inserted.forEach((newIndex, index) => (endings[newIndex] = source.lineEndings[deleted[index]!] || source.dominantEnding));
    }
    deleted = [];
    inserted = [];
  };
  for (const edit of diffLines(before, after)) {
    if (edit.kind === 'equal') {
      closeRun();
      endings[edit.newIndex] = source.lineEndings[edit.oldIndex] || source.dominantEnding;
    } else if (edit.kind === 'delete') deleted.push(edit.oldIndex);
    else inserted.push(edit.newIndex);
  }
  closeRun();
  let result = prefix;
  after.forEach((line, index) => {
    const isLast = index === after.length - 1;
    result += line + (isLast && !trailingNewline ? '' : endings[index]);
  });
  return result;
}
