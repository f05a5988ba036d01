import { describe, expect, it } from 'vitest';
import { diffLines, unifiedDiff } from '../../cli/line-diff.js';
import { decodeSource, encodeSource } from '../../cli/source-text.js';

/** The pure pieces under the CLI's byte-exactness: line diffs, BOM and line-ending round trips. */

function applyEdits(oldLines: string[], newLines: string[]): string[] {
  const out: string[] = [];
  for (const edit of diffLines(oldLines, newLines)) {
    if (edit.kind === 'equal') {
      expect(oldLines[edit.oldIndex]).toBe(newLines[edit.newIndex]);
      out.push(oldLines[edit.oldIndex]!);
    } else if (edit.kind === 'insert') {
      out.push(newLines[edit.newIndex]!);
    }
  }
  return out;
}

describe('diffLines', () => {
  it('turns any sequence into any other, keeping every old line exactly once', () => {
    // Deterministic pseudo-random cases over a small alphabet (many repeats, many ties).
    let seed = 42;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let round = 0; round < 500; round += 1) {
      const a = Array.from({ length: next() % 12 }, () => `l${next() % 4}`);
      const b = Array.from({ length: next() % 12 }, () => `l${next() % 4}`);
      expect(applyEdits(a, b)).toEqual(b);
      const edits = diffLines(a, b);
      const kept = edits.filter((edit) => edit.kind !== 'insert').map((edit) => (edit as { oldIndex: number }).oldIndex);
      expect(kept).toEqual(a.map((_, index) => index));
    }
  });

  it('stays minimal on a large file with an edit every few dozen lines (no wholesale fallback)', () => {
    // 30,000 lines, one in twenty removed: a whole frontier saved per edit step (the old trace)
    // passed its memory cap here and printed the whole file as removed and added again.
    const before = Array.from({ length: 30_000 }, (_, index) => (index % 20 === 7 ? `  console.log(url${index});` : `  line ${index};`));
    const after = before.filter((_, index) => index % 20 !== 7);
    const edits = diffLines(before, after);
    expect(edits.filter((edit) => edit.kind === 'delete')).toHaveLength(1_500);
    expect(edits.filter((edit) => edit.kind === 'insert')).toHaveLength(0);
    const patch = unifiedDiff('x.ts', `${before.join('\n')}\n`, `${after.join('\n')}\n`);
    expect(patch.match(/^@@ /gm)).toHaveLength(1_500);
    // The second and the last hunk: three lines of context above line 28 (new 27), above line 29,988 (new 28,489).
    expect(patch).toContain('@@ -25,7 +24,6 @@\n');
    expect(patch).toContain('@@ -29985,7 +28486,6 @@\n');
  });

  it('is minimal on a one-line change', () => {
    const edits = diffLines(['a', 'b', 'c'], ['a', 'B', 'c']);
    expect(edits.filter((edit) => edit.kind !== 'equal')).toHaveLength(2);
  });
});

describe('unifiedDiff', () => {
  it('writes hunks with three lines of context, merging close changes', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n';
    const after = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nM\nn\n';
    expect(unifiedDiff('x.ts', before, after)).toBe(
      [
        '--- a/x.ts',
        '+++ b/x.ts',
        '@@ -1,5 +1,5 @@',
        ' a',
        '-b',
        '+B',
        ' c',
        ' d',
        ' e',
        '@@ -10,5 +10,5 @@',
        ' j',
        ' k',
        ' l',
        '-m',
        '+M',
        ' n',
        '',
      ].join('\n'),
    );
    expect(unifiedDiff('x.ts', 'a\nb\n', 'a\nB\n')).toBe(['--- a/x.ts', '+++ b/x.ts', '@@ -1,2 +1,2 @@', ' a', '-b', '+B', ''].join('\n'));
  });

  it('marks a missing final newline, and a new file', () => {
    expect(unifiedDiff('x.ts', 'a\n', 'a\nb')).toBe(
      ['--- a/x.ts', '+++ b/x.ts', '@@ -1 +1,2 @@', ' a', '+b', '\\ No newline at end of file', ''].join('\n'),
    );
    expect(unifiedDiff('new.ts', undefined, 'x\n')).toBe(['--- /dev/null', '+++ b/new.ts', '@@ -0,0 +1 @@', '+x', ''].join('\n'));
    expect(unifiedDiff('x.ts', 'same\n', 'same\n')).toBe('');
  });
});

describe('decodeSource / encodeSource', () => {
  it('LF files pass through', () => {
    const source = decodeSource('a\nb\n');
    expect(source.text).toBe('a\nb\n');
    expect(encodeSource(source, 'a\nX\nb\n')).toBe('a\nX\nb\n');
  });

  it('CRLF files: transforms see LF, the result is CRLF throughout', () => {
    const source = decodeSource('a\r\nb\r\nc');
    expect(source.text).toBe('a\nb\nc');
    expect(encodeSource(source, 'a\nnew\nb\nc')).toBe('a\r\nnew\r\nb\r\nc');
    expect(encodeSource(source, 'a\nb\nc\nd\n')).toBe('a\r\nb\r\nc\r\nd\r\n');
  });

  it('mixed files: untouched lines keep their own ending, new lines take the majority one', () => {
    const source = decodeSource('a\r\nb\nc\r\nd\r\n');
    expect(encodeSource(source, 'a\nb\nnew\nc\nd\n')).toBe('a\r\nb\nnew\r\nc\r\nd\r\n');
  });

  it('CR-only files (old Mac): transforms see LF, inserted lines get CR too', () => {
    const source = decodeSource('a\rb\rc\r');
    expect(source.text).toBe('a\nb\nc\n');
    expect(source.dominantEnding).toBe('\r');
    expect(encodeSource(source, 'a\nnew\nb\nc\n')).toBe('a\rnew\rb\rc\r');
  });

  it('a lone CR in a LF file is a line break of its own, kept where it was', () => {
    const source = decodeSource('a\rb\nc\n');
    expect(source.text).toBe('a\nb\nc\n');
    expect(encodeSource(source, 'a\nb\nnew\nc\n')).toBe('a\rb\nnew\nc\n');
  });

  it('a byte-order mark is stripped for transforms and put back', () => {
    const source = decodeSource('\uFEFFa\r\n');
    expect(source.text).toBe('a\n');
    expect(encodeSource(source, 'a\nb\n')).toBe('\uFEFFa\r\nb\r\n');
  });

  it('round-trips unchanged text byte for byte', () => {
    for (const text of ['', 'x', 'a\r\n\r\n', '\uFEFF\r\n', 'a\nb\r\nc', 'lone\rcarriage\r\n', 'a\rb\r', 'a\r\rb', '\r']) {
      const source = decodeSource(text);
      expect(encodeSource(source, source.text)).toBe(text);
    }
  });
});
