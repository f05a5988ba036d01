import { describe, expect, it } from 'vitest';
import {
  applyTextEdits,
  combineTextEdits,
  replaceRange,
  sameTextEdit,
  sortTextEdits,
  textEditsOverlap,
} from '../../../analysis/edit/text-edit.js';

describe('text edits', () => {
  it('applies non-overlapping edits in any order', () => {
    expect(
      applyTextEdits('abcdef', [
        { start: 4, end: 6, text: 'X' },
        { start: 0, end: 1, text: '' },
        { start: 2, end: 2, text: '-' },
      ]),
    ).toBe('b-cdX');
  });

  it('refuses overlapping edits, two insertions at one offset included', () => {
    expect(
      textEditsOverlap([
        { start: 0, end: 3, text: '' },
        { start: 2, end: 4, text: '' },
      ]),
    ).toBe(true);
    expect(
      textEditsOverlap([
        { start: 1, end: 1, text: 'a' },
        { start: 1, end: 1, text: 'b' },
      ]),
    ).toBe(true);
    expect(
      textEditsOverlap([
        { start: 1, end: 1, text: 'a' },
        { start: 1, end: 2, text: 'b' },
      ]),
    ).toBe(false);
    expect(() =>
      applyTextEdits('abc', [
        { start: 0, end: 2, text: '' },
        { start: 1, end: 3, text: '' },
      ]),
    ).toThrow(/overlapping/);
  });

  it('sorts and drops duplicates; combines insertions at one offset in order', () => {
    expect(
      sortTextEdits([
        { start: 2, end: 2, text: 'a' },
        { start: 0, end: 1, text: '' },
        { start: 2, end: 2, text: 'a' },
      ]),
    ).toEqual([
      { start: 0, end: 1, text: '' },
      { start: 2, end: 2, text: 'a' },
    ]);
    expect(
      combineTextEdits(
        [{ start: 3, end: 3, text: 'a' }],
        [
          { start: 3, end: 3, text: 'b' },
          { start: 0, end: 1, text: '' },
        ],
      ),
    ).toEqual([
      { start: 3, end: 3, text: 'ab' },
      { start: 0, end: 1, text: '' },
    ]);
    expect(sameTextEdit(replaceRange([1, 2], 'x'), { start: 1, end: 2, text: 'x' })).toBe(true);
  });
});
