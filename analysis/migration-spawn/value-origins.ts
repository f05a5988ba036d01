import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, memberName, moduleExportName, propertyKeyName, stringLiteralValue } from '../ast/names.js';
import { isFunctionNode } from '../ast/node-kinds.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { referenceIndexOf, type ReferenceIndex, type Variable } from '../ast/scope.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import type { SpawnApi } from './spawn-types.js';

/**
 * Where a value comes from, as far as spawning goes: which module export a callee is
 * (`execFile` of `child_process` under any alias, `promisify`d or not, `execa`, zx's `$`),
 * and what a constant or a destructured binding holds.
 */

type Node = TSESTree.Node;

/** Where a value comes from: a module's export path, possibly promisified. */
export interface Origin {
  module: string;
  path: string[];
  promisified: boolean;
}

const CHILD_PROCESS_APIS = new Set(['execFile', 'execFileSync', 'exec', 'execSync', 'spawn', 'spawnSync', 'fork']);

export class ValueOrigins {
  private readonly references: ReferenceIndex;

  /** `importsZxGlobals`: the file imports `zx/globals`, which makes `$` a global. Needs parent pointers. */
  constructor(
    file: ParsedFile,
    readonly importsZxGlobals: boolean,
  ) {
    this.references = referenceIndexOf(file.scopeManager);
  }

  private variableOf(identifier: Node): Variable | undefined {
    return this.references.resolvedVariableOf(identifier);
  }

  /**
   * Whether an identifier is the global of that name: unresolved, or resolved to a global
   * with no declaration (ESLint declares `require`, `module`, ... for CommonJS files).
   */
  private isGlobal(identifier: Node): boolean {
    const variable = this.variableOf(identifier);
    return variable === undefined || variable.defs.length === 0;
  }

  /** The initialiser a single-definition, never-reassigned variable holds, with the pattern path to it. */
  definitionOf(identifier: Node): { init: Node; path: string[] } | { importOrigin: Origin } | undefined {
    const variable = this.variableOf(identifier);
    if (variable === undefined || variable.defs.length !== 1) return undefined;
    const def = variable.defs[0]!;
    if (def.type === 'ImportBinding') {
      const spec = def.node as Node;
      if (spec.type === 'TSImportEqualsDeclaration') {
        const source =
          spec.moduleReference.type === 'TSExternalModuleReference' ? stringLiteralValue(spec.moduleReference.expression) : undefined;
        return source === undefined ? undefined : { importOrigin: { module: source, path: [], promisified: false } };
      }
      const declaration = def.parent as TSESTree.ImportDeclaration | undefined;
      const module = declaration?.source.value;
      if (module === undefined) return undefined;
      if (spec.type === 'ImportSpecifier') {
        return { importOrigin: { module, path: [moduleExportName(spec.imported)], promisified: false } };
      }
      if (spec.type === 'ImportDefaultSpecifier') return { importOrigin: { module, path: ['default'], promisified: false } };
      if (spec.type === 'ImportNamespaceSpecifier') return { importOrigin: { module, path: [], promisified: false } };
      return undefined;
    }
    if (def.type !== 'Variable') return undefined;
    if (variable.references.some((reference) => reference.isWrite() && reference.init !== true)) return undefined;
    const declarator = def.node as TSESTree.VariableDeclarator;
    if (declarator.init == null) return undefined;
    const path = patternPath(declarator.id, def.name as Node);
    return path === undefined ? undefined : { init: declarator.init, path };
  }

  originOf(node: Node | null | undefined, depth = 0): Origin | undefined {
    const inner = skipTypeWrappers(node);
    if (inner == null || depth > 8) return undefined;
    switch (inner.type) {
      case 'Identifier': {
        const definition = this.definitionOf(inner);
        if (definition === undefined) return undefined;
        if ('importOrigin' in definition) return normalizeOrigin(definition.importOrigin);
        const base = this.originOf(definition.init, depth + 1);
        return base && normalizeOrigin({ ...base, path: [...base.path, ...definition.path] });
      }
      case 'MemberExpression': {
        const base = this.originOf(inner.object, depth + 1);
        const name = memberName(inner);
        return base && name !== undefined ? normalizeOrigin({ ...base, path: [...base.path, name] }) : undefined;
      }
      case 'AwaitExpression':
        return this.originOf(inner.argument, depth + 1);
      case 'ImportExpression': {
        const source = stringLiteralValue(inner.source);
        return source === undefined ? undefined : normalizeOrigin({ module: source, path: [], promisified: false });
      }
      case 'CallExpression': {
        // The global `require` only: a local function of that name loads nothing.
        const callee = skipTypeWrappers(inner.callee);
        if (callee?.type === 'Identifier' && callee.name === 'require' && this.isGlobal(callee)) {
          const source = stringLiteralValue(inner.arguments[0]);
          return source === undefined ? undefined : normalizeOrigin({ module: source, path: [], promisified: false });
        }
        if (this.isPromisify(inner.callee)) {
          const base = this.originOf(inner.arguments[0], depth + 1);
          return base && { ...base, promisified: true };
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private isPromisify(callee: Node): boolean {
    const origin = this.originOf(callee);
    if (origin !== undefined) return origin.module === 'util' && origin.path.join('.') === 'promisify';
    return calleeName(callee) === 'promisify';
  }

  /**
   * A function expression, a constant bound to one (`execFile(cli, args, onExit)`), or a
   * parameter named like a callback (`execFile(cli, args, resolve)` in a Promise executor).
   */
  isFunctionValue(node: Node | null | undefined): boolean {
    const inner = skipTypeWrappers(node);
    if (isFunctionNode(inner)) return true;
    if (inner?.type !== 'Identifier') return false;
    const variable = this.variableOf(inner);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type === 'FunctionName') return true;
    if (def?.type === 'Variable') return isFunctionNode(skipTypeWrappers((def.node as TSESTree.VariableDeclarator).init));
    if (def?.type === 'Parameter') return /^(?:resolve|reject|callback|cb|done|next)$|Callback$|^on[A-Z]/.test(inner.name);
    return false;
  }

  /** The spawn API a callee is, if it is one. */
  spawnApiOf(callee: Node): { api: SpawnApi; promisified: boolean } | undefined {
    const inner = skipTypeWrappers(callee);
    if (inner?.type === 'CallExpression') {
      // `$({ cwd })\`...\``: execa's and zx's `$` with options.
      const api = this.spawnApiOf(inner.callee);
      return api?.api === '$' || api?.api === '$.sync' ? api : undefined;
    }
    if (inner?.type === 'Identifier' && inner.name === '$' && this.importsZxGlobals && this.isGlobal(inner)) {
      return { api: '$', promisified: false };
    }
    const origin = this.originOf(callee);
    if (origin === undefined) return undefined;
    const path = origin.path.join('.');
    const promisified = origin.promisified;
    switch (origin.module) {
      case 'child_process':
        return CHILD_PROCESS_APIS.has(path) ? { api: path as SpawnApi, promisified } : undefined;
      case 'execa': {
        const byPath: Record<string, SpawnApi> = {
          '': 'execa',
          default: 'execa',
          execa: 'execa',
          sync: 'execaSync',
          'default.sync': 'execaSync',
          execaSync: 'execaSync',
          node: 'execaNode',
          'default.node': 'execaNode',
          execaNode: 'execaNode',
          command: 'execaCommand',
          'default.command': 'execaCommand',
          execaCommand: 'execaCommand',
          commandSync: 'execaCommandSync',
          'default.commandSync': 'execaCommandSync',
          execaCommandSync: 'execaCommandSync',
          $: '$',
          '$.sync': '$.sync',
          '$.s': '$.sync',
          $sync: '$.sync',
        };
        const api = byPath[path];
        return api === undefined ? undefined : { api, promisified };
      }
      case 'zx':
      case 'zx/core':
        return path === '$' ? { api: '$', promisified } : path === '$.sync' ? { api: '$.sync', promisified } : undefined;
      case 'cross-spawn':
        if (path === '' || path === 'default' || path === 'spawn') return { api: 'spawn', promisified };
        if (path === 'sync' || path === 'default.sync') return { api: 'spawnSync', promisified };
        return undefined;
      default:
        return undefined;
    }
  }

  /** A tag (or `$(options)` tag) from zx, whose template is a shell line; else execa's plain one. */
  isZxTag(tag: Node): boolean {
    const inner = skipTypeWrappers(tag);
    const callee = inner?.type === 'CallExpression' ? inner.callee : inner;
    if (callee == null) return false;
    const origin = this.originOf(callee);
    return origin === undefined ? this.importsZxGlobals : origin.module === 'zx' || origin.module === 'zx/core';
  }
}

/** Keys from a destructuring pattern down to `target`: `{ a: { b } }` -> ['a', 'b']. */
function patternPath(pattern: Node, target: Node): string[] | undefined {
  if (pattern === target) return [];
  if (pattern.type === 'AssignmentPattern') return patternPath(pattern.left, target);
  if (pattern.type !== 'ObjectPattern') return undefined;
  for (const property of pattern.properties) {
    if (property.type !== 'Property') continue;
    const key = propertyKeyName(property);
    if (key === undefined) continue;
    const rest = patternPath(property.value as Node, target);
    if (rest !== undefined) return [key, ...rest];
  }
  return undefined;
}

function normalizeOrigin(origin: Origin): Origin {
  const module = origin.module.replace(/^node:/, '');
  // A builtin's default export is the module itself: `import cp from 'child_process'`.
  const path =
    (module === 'child_process' || module === 'util' || module === 'path') && origin.path[0] === 'default'
      ? origin.path.slice(1)
      : origin.path;
  return { module, path, promisified: origin.promisified };
}
