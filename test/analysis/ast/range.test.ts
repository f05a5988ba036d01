import { describe, expect, it } from 'vitest';
import { rangeContains, rangeOf, sameRange } from '../../../analysis/ast/range.js';

describe('ranges', () => {
  it('copies, compares and nests', () => {
    const node = { range: [3, 7] as [number, number] };
    const copy = rangeOf(node);
    expect(copy).toEqual([3, 7]);
    expect(copy).not.toBe(node.range);
    expect(sameRange([3, 7], [3, 7])).toBe(true);
    expect(sameRange([3, 7], [3, 8])).toBe(false);
    expect(rangeContains([0, 10], [3, 7])).toBe(true);
    expect(rangeContains([0, 10], [0, 10])).toBe(true);
    expect(rangeContains([3, 7], [0, 10])).toBe(false);
  });
});
