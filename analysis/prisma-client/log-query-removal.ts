import { sameRange } from '../ast/range.js';
import { listItemsRemoval } from '../edit/list-removal.js';
import { replaceRange, type TextEdit } from '../edit/text-edit.js';
import type { LogQueryEntry } from './types.js';

/**
 * The edits behind both the `no-query-logging` suggestion and the `add-retry-extension`
 * transform's removal of `'query'` log levels.
 */

/**
 * Removes `'query'` entries from `log` arrays. Entries of one array are removed together;
 * an inline `log: [...]` left empty is removed as a property, and an options object left
 * empty as the only constructor argument (`new PrismaClient()`). Other levels
 * (`'info'`, `'warn'`, `'error'`) stay: they are rare and useful; only `'query'` writes every
 * statement and its parameters.
 */
export function planLogQueryRemoval(entries: readonly LogQueryEntry[]): TextEdit[] {
  const byArray = new Map<string, LogQueryEntry[]>();
  for (const entry of entries) {
    const key = entry.arrayRange.join(':');
    const group = byArray.get(key) ?? [];
    if (!group.some((existing) => sameRange(existing.range, entry.range))) group.push(entry);
    byArray.set(key, group);
  }
  const edits: TextEdit[] = [];
  for (const group of byArray.values()) {
    const first = group[0]!;
    const removed = first.siblingRanges.map((sibling) => group.some((entry) => sameRange(entry.range, sibling)));
    if (removed.every(Boolean) && first.logProperty) {
      const property = first.logProperty;
      const propertyIndex = property.siblingRanges.findIndex((sibling) => sameRange(sibling, property.range));
      if (property.siblingRanges.length === 1 && property.objectIsOnlyArgument) {
        edits.push(replaceRange(property.callArgumentsRange, ''));
      } else {
        edits.push(replaceRange(listItemsRemoval(property.siblingRanges, propertyIndex, propertyIndex), ''));
      }
      continue;
    }
    for (let start = 0; start < removed.length; start += 1) {
      if (!removed[start]) continue;
      let end = start;
      while (end + 1 < removed.length && removed[end + 1]) end += 1;
      edits.push(replaceRange(listItemsRemoval(first.siblingRanges, start, end), ''));
      start = end;
    }
  }
  return edits;
}
