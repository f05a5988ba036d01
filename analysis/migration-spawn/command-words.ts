import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { calleeName, memberName, stringLiteralValue } from '../ast/names.js';
import { rangeOf, type Range } from '../ast/range.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import type { Word, WordPart } from './prisma-command-line.js';
import type { ValueOrigins } from './value-origins.js';

/**
 * A spawn's arguments as command-line words: literals, templates, `+`, constants,
 * `path.join`/`resolve`, `require.resolve('prisma')`, args arrays with spreads and
 * `.concat(...)`; what the file does not pin down stays a run-time part (its source range).
 */

type Node = TSESTree.Node;

export class CommandWords {
  constructor(private readonly origins: ValueOrigins) {}

  /** A value as command-line text: literals, templates, `+`, constants, `path.join`/`resolve`, `require.resolve`. */
  partsOf(node: Node | null | undefined, depth = 0): WordPart[] {
    const inner = skipTypeWrappers(node);
    if (inner == null) return [];
    const opaque: WordPart[] = [{ range: rangeOf(inner) }];
    if (depth > 8) return opaque;
    switch (inner.type) {
      case 'Literal':
        return typeof inner.value === 'string' ? [inner.value] : typeof inner.value === 'number' ? [String(inner.value)] : opaque;
      case 'TemplateLiteral': {
        const parts: WordPart[] = [];
        inner.quasis.forEach((quasi, position) => {
          parts.push(quasi.value.cooked ?? quasi.value.raw);
          const expression = inner.expressions[position];
          if (expression !== undefined) parts.push(...this.partsOf(expression, depth + 1));
        });
        return mergeText(parts);
      }
      case 'BinaryExpression':
        return inner.operator === '+'
          ? mergeText([...this.partsOf(inner.left as Node, depth + 1), ...this.partsOf(inner.right, depth + 1)])
          : opaque;
      case 'Identifier': {
        const definition = this.origins.definitionOf(inner);
        if (definition !== undefined && 'init' in definition && definition.path.length === 0) {
          const parts = this.partsOf(definition.init, depth + 1);
          // A constant that folds to nothing known stays this identifier (copying it keeps the meaning).
          return parts.every((part) => typeof part !== 'string') ? opaque : parts;
        }
        return opaque;
      }
      case 'CallExpression': {
        const callee = skipTypeWrappers(inner.callee);
        const name = callee === undefined || callee === null ? undefined : calleeName(callee);
        const origin = this.origins.originOf(inner.callee);
        const isPathJoin = origin?.module === 'path' && /^(?:posix\.|win32\.)?(?:join|resolve|normalize)$/.test(origin.path.join('.'));
        if (isPathJoin) {
          const joined: WordPart[] = [];
          inner.arguments.forEach((argument, position) => {
            if (position > 0) joined.push('/');
            joined.push(...this.partsOf(argument, depth + 1));
          });
          return mergeText(joined);
        }
        // `require.resolve('prisma')`, `createRequire(...).resolve(...)`, `import.meta.resolve(...)`
        if (name === 'resolve' && callee?.type === 'MemberExpression') {
          const request = stringLiteralValue(inner.arguments[0]);
          if (request === 'prisma' || request === 'prisma/build/index.js')
            return [{ range: rangeOf(inner) }, '/node_modules/prisma/build/index.js'];
          return opaque;
        }
        // `fileURLToPath(new URL('../node_modules/prisma/build/index.js', import.meta.url))`
        if (name === 'fileURLToPath') return this.partsOf(inner.arguments[0], depth + 1);
        if (name === 'String' && inner.arguments.length === 1) return this.partsOf(inner.arguments[0], depth + 1);
        return opaque;
      }
      case 'NewExpression':
        return skipTypeWrappers(inner.callee)?.type === 'Identifier' && (inner.callee as TSESTree.Identifier).name === 'URL'
          ? this.partsOf(inner.arguments[0], depth + 1)
          : opaque;
      default:
        return opaque;
    }
  }

  private isProcessExecPath(node: Node | null | undefined): boolean {
    const inner = skipTypeWrappers(node);
    return (
      inner?.type === 'MemberExpression' &&
      memberName(inner) === 'execPath' &&
      skipTypeWrappers(inner.object)?.type === 'Identifier' &&
      (skipTypeWrappers(inner.object) as TSESTree.Identifier).name === 'process'
    );
  }

  wordOf(node: Node): Word {
    const inner = skipTypeWrappers(node) ?? node;
    return { parts: this.partsOf(inner), source: rangeOf(inner), isNodeBinary: this.isProcessExecPath(inner) };
  }

  /** An args-array argument as words, with the `.concat(...)` arguments that follow it. */
  argsWordsOf(node: Node, depth = 0): { words: Word[]; concat: Range[] } {
    const inner = skipTypeWrappers(node) ?? node;
    const unknown = { words: [{ parts: [{ range: rangeOf(inner) }], spread: true, source: rangeOf(inner) }], concat: [] };
    if (depth > 4) return unknown;
    if (inner.type === 'ArrayExpression') {
      const words: Word[] = [];
      for (const element of inner.elements) {
        if (element === null) continue;
        if (element.type === 'SpreadElement') {
          words.push({ parts: [{ range: rangeOf(element.argument) }], spread: true, source: rangeOf(element.argument) });
        } else {
          words.push(this.wordOf(element));
        }
      }
      return { words, concat: [] };
    }
    if (
      inner.type === 'CallExpression' &&
      skipTypeWrappers(inner.callee)?.type === 'MemberExpression' &&
      calleeName(inner.callee) === 'concat'
    ) {
      const base = this.argsWordsOf((skipTypeWrappers(inner.callee) as TSESTree.MemberExpression).object, depth + 1);
      const concat = inner.arguments.map((argument) => rangeOf(argument));
      const words = [...base.words, ...concat.map((range) => ({ parts: [{ range }], spread: true, source: range }))];
      return { words, concat: [...base.concat, ...concat] };
    }
    if (inner.type === 'Identifier') {
      const definition = this.origins.definitionOf(inner);
      if (definition !== undefined && 'init' in definition && definition.path.length === 0) {
        const resolved = this.argsWordsOf(definition.init, depth + 1);
        if (!resolved.words.every((word) => word.spread && word.source?.[0] === definition.init.range[0])) return resolved;
      }
    }
    return unknown;
  }
}

export function mergeText(parts: readonly WordPart[]): WordPart[] {
  const merged: WordPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
    else merged.push(part);
  }
  return merged;
}
