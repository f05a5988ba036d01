import type { ASTPath, Collection, JSCodeshift } from 'jscodeshift';

/** A source range as both parsers report it: UTF-16 offsets, end exclusive. */
export interface SourceRange {
  start: number;
  end: number;
}

/**
 * The node in jscodeshift's (Babel) tree that covers exactly `range`, as found by the shared
 * detection code on the ESTree of the same text. Both parsers count UTF-16 offsets from the
 * start of the file, so the ranges agree; `type` narrows ties (an ExpressionStatement and
 * its expression can share a range when there is no semicolon).
 */
export function findPathAtRange(j: JSCodeshift, root: Collection, range: SourceRange, type?: string): ASTPath | undefined {
  let found: ASTPath | undefined;
  root.find(j.Node).forEach((path) => {
    const node = path.node as { start?: number; end?: number; type: string };
    if (node.start === range.start && node.end === range.end && (type === undefined || node.type === type)) {
      // The outermost match wins unless a type was asked for.
      if (found === undefined) found = path as ASTPath;
    }
  });
  return found;
}
