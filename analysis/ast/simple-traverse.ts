import type { TSESTree } from '@typescript-eslint/types';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

/**
 * typescript-estree's `simpleTraverse`, over the same visitor keys. Importing it from
 * `@typescript-eslint/typescript-estree` loads TypeScript itself (~600 ms on a 2-core VM,
 * most of a pre-commit run), which only the typescript-estree parser needs: the CLI parses
 * with oxc-parser where it can (analysis/ast/parse-module.ts), so the walk lives here.
 */
type Visitor = (node: TSESTree.Node, parent: TSESTree.Node | undefined) => void;
export type SimpleTraverseOptions = { enter: Visitor } | { visitors: Partial<Record<string, Visitor>> };

export function simpleTraverse(startingNode: TSESTree.Node, options: SimpleTraverseOptions, setParentPointers = false): void {
  const visit = (node: unknown, parent: TSESTree.Node | undefined): void => {
    if (typeof node !== 'object' || node === null || typeof (node as { type?: unknown }).type !== 'string') return;
    const current = node as TSESTree.Node;
    if (setParentPointers) (current as { parent?: TSESTree.Node | undefined }).parent = parent;
    if ('enter' in options) options.enter(current, parent);
    else options.visitors[current.type]?.(current, parent);
    for (const key of (visitorKeys as Record<string, readonly string[] | undefined>)[current.type] ?? []) {
      const child = (current as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) for (const item of child) visit(item, current);
      else visit(child, current);
    }
  };
  visit(startingNode, undefined);
}
