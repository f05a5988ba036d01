import { describe, expect, it } from 'vitest';
import { listItemsRemoval } from '../../../analysis/edit/list-removal.js';

// `[a, b, c]` with items at [1,2) [4,5) [7,8).
const items = [
  [1, 2],
  [4, 5],
  [7, 8],
] as const;

describe('listItemsRemoval', () => {
  it('takes the separator after an item, or before the last one', () => {
    expect(listItemsRemoval(items, 0)).toEqual([1, 4]);
    expect(listItemsRemoval(items, 1)).toEqual([4, 7]);
    expect(listItemsRemoval(items, 2)).toEqual([5, 8]);
    expect(listItemsRemoval(items, 0, 1)).toEqual([1, 7]);
    expect(listItemsRemoval(items, 1, 2)).toEqual([2, 8]);
  });

  it('with no neighbour left: the items, or what the caller says', () => {
    expect(listItemsRemoval(items, 0, 2)).toEqual([1, 8]);
    expect(listItemsRemoval([[2, 16]], 0, 0, [1, 17])).toEqual([1, 17]);
  });
});
