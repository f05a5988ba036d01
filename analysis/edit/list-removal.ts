import type { Range } from '../ast/range.js';

/**
 * The text that deletes items `[first..last]` of a comma-separated list (array elements,
 * properties, specifiers, declarators) with one separating comma: up to the next item, or
 * from the previous one. With no neighbour left, the items themselves, or `whenAlone` (the
 * inside of the brackets, say, so `{ ...x }` becomes `{}`).
 */
export function listItemsRemoval(items: readonly Range[], first: number, last: number = first, whenAlone?: Range): Range {
  const next = items[last + 1];
  if (next) return [items[first]![0], next[0]];
  const previous = items[first - 1];
  if (previous) return [previous[1], items[last]![1]];
  return whenAlone ?? [items[first]![0], items[last]![1]];
}
