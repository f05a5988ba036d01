import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { getStaticValue } from '@typescript-eslint/utils/ast-utils';
import { importedBindingOf } from '../ast/imported-binding.js';
import { memberNameOf } from '../ast/names.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { lookUpVariable, scopeOf } from '../ast/scope.js';
import { parentOf } from '../ast/tree.js';
import { isTypeWrapper } from '../ast/unwrap.js';
import {
  DATABASE_URL_PARAM_KEYS,
  hasDatabaseScheme,
  isDatabaseUrlName,
  parseConnectionString,
  type ParsedConnectionString,
} from './connection-string.js';
import { flattenString } from './string-flow.js';

/** `URL` objects built from a database URL whose `searchParams` the file edits (`url.searchParams.set('connection_limit', '1')`). */

export interface SearchParamOperation {
  method: 'set' | 'append' | 'delete';
  key: string | undefined;
  value: string | undefined;
  call: TSESTree.CallExpression;
  valueNode: TSESTree.Node | undefined;
}

export interface UrlObjectSite {
  construction: TSESTree.NewExpression;
  variableName: string;
  base: ParsedConnectionString | undefined;
  operations: SearchParamOperation[];
  /** `url.search = ...` or `url.href = ...` somewhere: the query is replaced wholesale. */
  replacesQuery: boolean;
  isDatabaseUrl: boolean;
  /** The statement new `searchParams.set(...)` calls go after (the last edit of the query, or the declaration). */
  insertAfter: TSESTree.Node | undefined;
}

function staticString(file: ParsedFile, node: TSESTree.Node | undefined): string | undefined {
  if (node === undefined || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const folded = getStaticValue(node as TSESTree.Expression, scopeOf(file.scopeManager, node));
  return folded && (typeof folded.value === 'string' || typeof folded.value === 'number') ? String(folded.value) : undefined;
}

/** The statement around `node` that sits directly in a statement list (so a statement can follow it), within the same function. */
function statementInList(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current: TSESTree.Node = node; current.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    switch (parent.type) {
      case AST_NODE_TYPES.Program:
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.StaticBlock:
        return current;
      case AST_NODE_TYPES.SwitchCase:
        return parent.consequent.includes(current as TSESTree.Statement) ? current : undefined;
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.ClassBody:
        return undefined;
      default:
        break;
    }
  }
  return undefined;
}

/** `const url = new URL(x)` followed by `url.searchParams.set/append/delete(...)`. */
export function urlObjectSite(file: ParsedFile, construction: TSESTree.NewExpression): UrlObjectSite | undefined {
  const callee = construction.callee;
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'URL') return undefined;
  const urlVariable = lookUpVariable(file.scopeManager, callee);
  if (urlVariable && urlVariable.defs.length > 0) {
    const binding = importedBindingOf(file.scopeManager, callee);
    if (!binding || (binding.source !== 'url' && binding.source !== 'node:url')) return undefined;
  }
  let holder: TSESTree.Node = construction;
  for (let parent = parentOf(holder); parent && isTypeWrapper(parent); parent = parentOf(holder)) holder = parent;
  const declarator = holder.parent;
  if (
    declarator?.type !== AST_NODE_TYPES.VariableDeclarator ||
    declarator.init !== holder ||
    declarator.id.type !== AST_NODE_TYPES.Identifier
  )
    return undefined;
  const variableName = declarator.id.name;
  const variable = file.scopeManager.getDeclaredVariables(declarator).find((candidate) => candidate.name === variableName);
  if (!variable) return undefined;

  const operations: SearchParamOperation[] = [];
  let replacesQuery = false;
  for (const reference of variable.references) {
    if (!reference.isRead()) continue;
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const property = memberNameOf(member);
    if (
      (property === 'search' || property === 'href') &&
      member.parent?.type === AST_NODE_TYPES.AssignmentExpression &&
      member.parent.left === member
    ) {
      replacesQuery = true;
      continue;
    }
    if (property !== 'searchParams') continue;
    const method = memberNameOf(member.parent);
    const call = member.parent?.parent;
    if (
      (method === 'set' || method === 'append' || method === 'delete') &&
      call?.type === AST_NODE_TYPES.CallExpression &&
      call.callee === member.parent
    ) {
      const valueNode = call.arguments[1];
      operations.push({ method, key: staticString(file, call.arguments[0]), value: staticString(file, valueNode), call, valueNode });
    }
  }

  const argument = construction.arguments[0];
  const baseFlat = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? flattenString(file, argument) : undefined;
  const base = baseFlat ? parseConnectionString(baseFlat.text) : undefined;
  const isDatabaseUrl =
    (base !== undefined && hasDatabaseScheme(base)) ||
    (baseFlat?.placeholderNames.some(isDatabaseUrlName) ?? false) ||
    isDatabaseUrlName(variableName) ||
    operations.some((operation) => operation.key !== undefined && DATABASE_URL_PARAM_KEYS.has(operation.key));
  const lastOperation = operations.reduce<SearchParamOperation | undefined>(
    (last, operation) => (!last || operation.call.range[0] > last.call.range[0] ? operation : last),
    undefined,
  );
  const insertAfter = statementInList(lastOperation ? lastOperation.call : declarator);
  return { construction, variableName, base, operations, replacesQuery, isDatabaseUrl, insertAfter };
}
