import type { TSESTree } from '@typescript-eslint/typescript-estree';
import type { ParsedFile } from '../ast/parsed-file.js';
import type { Range } from '../ast/range.js';
import { isSideEffectFree } from '../ast/side-effects.js';
import { ensureParentPointers, parentOf } from '../ast/tree.js';
import type { StatementRemoval } from './statement-removal.js';

/**
 * Declarations that removing or redacting `dropped` code leaves unread: `const url =
 * process.env.DATABASE_URL` whose every read was in that code. Only single-declarator
 * statements in a block (not exported, not `declare`) with side-effect-free initialisers;
 * repeated until nothing more frees up (`const env = process.env; const url = env.DATABASE_URL`).
 * Each found declaration's range is added to `dropped`.
 */
export function declarationsOnlyReadBy(file: ParsedFile, dropped: Range[]): StatementRemoval[] {
  const { scopeManager } = file;
  ensureParentPointers(file.program);
  const isDropped = (node: TSESTree.Node): boolean => dropped.some(([start, end]) => start <= node.range[0] && node.range[1] <= end);
  const removed = new Set<TSESTree.Node>();
  const removals: StatementRemoval[] = [];
  for (let changed = true; changed;) {
    changed = false;
    for (const scope of scopeManager.scopes) {
      for (const variable of scope.variables) {
        const definition = variable.defs.length === 1 ? variable.defs[0] : undefined;
        if (definition?.type !== 'Variable' || definition.node.type !== 'VariableDeclarator') continue;
        const declarator = definition.node;
        const declaration = parentOf(declarator);
        if (declaration?.type !== 'VariableDeclaration' || removed.has(declaration) || isDropped(declaration)) continue;
        if (declaration.declarations.length !== 1 || declaration.declare || !declarator.init || !isSideEffectFree(declarator.init))
          continue;
        const container = parentOf(declaration);
        if (container?.type !== 'Program' && container?.type !== 'BlockStatement' && container?.type !== 'StaticBlock') continue;
        const declared = scopeManager.getDeclaredVariables(declarator);
        const onlyReadByDroppedCode = declared.every((candidate) =>
          candidate.references.every((reference) => reference.init === true || (!reference.isWrite() && isDropped(reference.identifier))),
        );
        const readByDroppedCode = declared.some((candidate) =>
          candidate.references.some((reference) => reference.init !== true && isDropped(reference.identifier)),
        );
        if (!onlyReadByDroppedCode || !readByDroppedCode) continue;
        removed.add(declaration);
        dropped.push(declaration.range);
        removals.push({ kind: 'statement', range: declaration.range });
        changed = true;
      }
    }
  }
  return removals;
}
