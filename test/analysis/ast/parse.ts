import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import type { ParsedFile } from '../../../analysis/ast/parsed-file.js';
import { ensureParentPointers, visitNodes } from '../../../analysis/ast/tree.js';

/** Parses `code` (a .ts file unless told) with parent pointers set. */
export function parse(code: string, path = '/p/src/file.ts'): ParsedFile {
  const file = parseModule(code, path);
  ensureParentPointers(file.program);
  return file;
}

/** The first node of `type` in source order whose text is `text` (any text when omitted). */
export function nodeOf<T extends `${TSESTree.Node['type']}`>(
  file: ParsedFile,
  type: T,
  text?: string,
): Extract<TSESTree.Node, { type: T }> {
  let found: TSESTree.Node | undefined;
  visitNodes(file.program, (node) => {
    if (found === undefined && node.type === type && (text === undefined || file.sourceText.slice(node.range[0], node.range[1]) === text))
      found = node;
  });
  if (found === undefined) throw new Error(`no ${type}${text === undefined ? '' : ` \`${text}\``} in ${file.sourceText}`);
  return found as Extract<TSESTree.Node, { type: T }>;
}

/** The source text of a node. */
export function textOf(file: ParsedFile, node: TSESTree.Node | null | undefined): string | undefined {
  return node == null ? undefined : file.sourceText.slice(node.range[0], node.range[1]);
}
