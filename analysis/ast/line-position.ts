/**
 * Line and column of an offset, as ESLint and ESTree give them (1-based line, 0-based column),
 * by binary search over the offsets where lines start. One lookup for every parser the
 * project has (oxc's trees, dotenv, Prisma schemas) and the CLI's rule host.
 */
export function positionAt(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! };
}
