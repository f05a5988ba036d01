import type { TSESTree } from '@typescript-eslint/types';
import { simpleTraverse } from './simple-traverse.js';

/**
 * Walking the tree. The one parent index is the `parent` pointer ESLint sets on every node;
 * typescript-estree's `parse` (the codemods) and espree leave it unset, so an analysis that
 * climbs calls {@link ensureParentPointers} first (or walks with `setParentPointers`).
 * typescript-eslint's visitor keys cover espree's node types too.
 */

type Node = TSESTree.Node;

/** Sets `parent` on every node, unless the tree already has it. */
export function ensureParentPointers(program: TSESTree.Program): void {
  const first = program.body[0] as (Node & { parent?: Node }) | undefined;
  if (first !== undefined && first.parent === undefined) simpleTraverse(program, { enter: () => {} }, true);
}

/** The node's parent (undefined for the Program, or before {@link ensureParentPointers}). */
export function parentOf(node: Node): Node | undefined {
  return (node as { parent?: Node }).parent;
}

/** Visits every node, in source order, setting `parent` on the way when asked. */
export function visitNodes(root: Node, enter: (node: Node) => void, setParentPointers = false): void {
  simpleTraverse(root, { enter: (node) => enter(node) }, setParentPointers);
}

/** Keys that hold no child worth walking: positions, and type annotations (no value hides in a type). */
const SKIPPED_KEYS = new Set([
  'parent',
  'range',
  'loc',
  'tokens',
  'comments',
  'typeAnnotation',
  'returnType',
  'typeArguments',
  'typeParameters',
]);

/** A node's child nodes outside type annotations, in no particular order. */
export function valueChildrenOf(node: Node): Node[] {
  const children: Node[] = [];
  for (const key of Object.keys(node)) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child !== null && typeof child === 'object' && typeof (child as Node).type === 'string') children.push(child as Node);
    }
  }
  return children;
}
