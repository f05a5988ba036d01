import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { requiredModuleSource } from './module-source.js';
import { memberName, moduleExportName, propertyKeyName, stringLiteralValue } from './names.js';
import { lookUpVariable, type ScopeManager } from './scope.js';
import { skipTypeWrappers } from './unwrap.js';

/**
 * Which module export a local binding is: `import { Pool as P } from 'pg'`, a default or
 * namespace import, `import pg = require('pg')`, a destructured or whole `require`, a member
 * of a module object. What the pg and `URL` recognisers ask; the migration detection follows
 * origins further (promisify, paths) in migration-spawn/value-origins.ts.
 */

/** The module and exported name a local binding comes from (`'*'` for a namespace or a whole `require`). */
export interface ImportedBinding {
  source: string;
  name: string;
}

function keyOfPatternValue(pattern: TSESTree.ObjectPattern, local: TSESTree.Identifier): string | undefined {
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value === local || (value.type === AST_NODE_TYPES.Identifier && value.range[0] === local.range[0]))
      return propertyKeyName(property);
  }
  return undefined;
}

/**
 * Where the binding an identifier reads was imported from: `import { Pool as P } from 'pg'`,
 * `import pg from 'pg'` (`default`), `import * as pg from 'pg'` (`*`), `import pg = require('pg')`,
 * `const { Pool } = require('pg')`, `const pg = require('pg')`, `const { Pool } = pg`.
 */
export function importedBindingOf(scopeManager: ScopeManager, identifier: TSESTree.Identifier): ImportedBinding | undefined {
  const variable = lookUpVariable(scopeManager, identifier);
  const definition = variable?.defs[0];
  if (!definition) return undefined;
  if (definition.type === 'ImportBinding') {
    const specifier = definition.node as TSESTree.Node;
    if (specifier.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const reference = specifier.moduleReference;
      const source = reference.type === AST_NODE_TYPES.TSExternalModuleReference ? stringLiteralValue(reference.expression) : undefined;
      return source === undefined ? undefined : { source, name: '*' };
    }
    const declaration = specifier.parent;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration || declaration.importKind === 'type') return undefined;
    const source = declaration.source.value;
    if (specifier.type === AST_NODE_TYPES.ImportSpecifier) {
      if (specifier.importKind === 'type') return undefined;
      return { source, name: moduleExportName(specifier.imported) };
    }
    if (specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { source, name: 'default' };
    if (specifier.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { source, name: '*' };
    return undefined;
  }
  if (definition.type === 'Variable') {
    const declarator = definition.node as TSESTree.VariableDeclarator;
    if (!declarator.init) return undefined;
    const init = skipTypeWrappers(declarator.init);
    const source = requiredModuleSource(init);
    if (declarator.id.type === AST_NODE_TYPES.Identifier) {
      if (source !== undefined) return { source, name: '*' };
      // `const Pool = require('pg').Pool`
      if (init.type === AST_NODE_TYPES.MemberExpression) return memberBinding(scopeManager, init);
      return undefined;
    }
    if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
      const key = keyOfPatternValue(declarator.id, definition.name as TSESTree.Identifier);
      if (key === undefined) return undefined;
      if (source !== undefined) return { source, name: key };
      // `const { Pool } = pg` where pg is the module object.
      if (init.type === AST_NODE_TYPES.Identifier) {
        const module = importedBindingOf(scopeManager, init);
        if (module && (module.name === '*' || module.name === 'default')) return { source: module.source, name: key };
      }
    }
  }
  return undefined;
}

/** `pg.Pool` / `require('pg').Pool` / `adapter['PrismaPg']` when the object is a whole module. */
function memberBinding(scopeManager: ScopeManager, member: TSESTree.MemberExpression): ImportedBinding | undefined {
  const name = memberName(member);
  if (name === undefined) return undefined;
  const object = skipTypeWrappers(member.object);
  const source = requiredModuleSource(object);
  if (source !== undefined) return { source, name };
  if (object.type === AST_NODE_TYPES.Identifier) {
    const module = importedBindingOf(scopeManager, object);
    if (module && (module.name === '*' || module.name === 'default')) return { source: module.source, name };
  }
  return undefined;
}

/** What a callee refers to, when it comes from a module. */
export function calleeBinding(scopeManager: ScopeManager, callee: TSESTree.Node): ImportedBinding | undefined {
  const node = skipTypeWrappers(callee);
  if (node.type === AST_NODE_TYPES.Identifier) return importedBindingOf(scopeManager, node);
  if (node.type === AST_NODE_TYPES.MemberExpression) return memberBinding(scopeManager, node);
  return undefined;
}
