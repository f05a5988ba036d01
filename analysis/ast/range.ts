/** A source range: UTF-16 offsets `[start, end)`, as ESTree `range` and Babel `start`/`end` count them. */
export type Range = readonly [start: number, end: number];

/** A copy of a node's range (the node's own array is shared with the AST). */
export function rangeOf(node: { range: readonly [number, number] }): Range {
  return [node.range[0], node.range[1]];
}

export function sameRange(a: Range, b: Range): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** `inner` lies within `outer` (both ends included). */
export function rangeContains(outer: Range, inner: Range): boolean {
  return outer[0] <= inner[0] && inner[1] <= outer[1];
}
