import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { Range } from '../ast/range.js';
import { skipTypeWrappers } from '../ast/unwrap.js';
import { listItemsRemoval } from '../edit/list-removal.js';
import type { SecretEvaluator } from './evaluator.js';
import type { SecretPart } from './findings.js';
import { LABEL_WORDS, TRANSPARENT_BUILTINS } from './known-names.js';
import { credentialedUrlPasswordSpans, DYNAMIC_TEXT, type TextPiece } from './secret-names.js';
import { carried, stringified } from './value.js';

/**
 * The secret-carrying pieces of a log call's arguments, each in the shape that says how to
 * redact it in place (an expression, a shorthand property, a template slot, an object
 * spread, passwords inside a URL literal), and whether the call prints anything but the
 * secret and its labels.
 */
export class SecretParts {
  constructor(
    private readonly evaluator: SecretEvaluator,
    private readonly text: string,
  ) {}

  /**
   * Collects the secret-carrying pieces of a printed expression. `asString`: the expression
   * is converted to a string (a template slot, a `+` operand), where an object prints as
   * `[object Object]` and reveals nothing.
   */
  collectParts(node: TSESTree.Node, parts: SecretPart[], asString = false): void {
    const inner = skipTypeWrappers(node);
    const before = parts.length;
    switch (inner.type) {
      case AST_NODE_TYPES.ObjectExpression:
        if (asString) return;
        for (const property of inner.properties) {
          if (property.type === AST_NODE_TYPES.SpreadElement) {
            const found = carried(this.evaluator.valueOf(property.argument));
            if (found)
              parts.push({
                kind: 'object-spread',
                range: property.range,
                removal: this.elementRemoval(inner, inner.properties, property),
                ...found,
              });
          } else if (property.kind === 'init' && !property.method) {
            const value = property.value;
            if (property.shorthand && value.type === AST_NODE_TYPES.Identifier) {
              const found = carried(this.evaluator.valueOf(value));
              if (found) parts.push({ kind: 'shorthand-property', range: property.range, key: value.name, ...found });
            } else {
              this.collectParts(value, parts);
            }
          }
        }
        break;
      case AST_NODE_TYPES.ArrayExpression:
        for (const element of inner.elements) {
          if (element === null) continue;
          if (element.type === AST_NODE_TYPES.SpreadElement) {
            const found = carried(this.evaluator.valueOf(element.argument));
            if (found) parts.push({ kind: 'expression', range: element.range, ...found });
          } else {
            this.collectParts(element, parts);
          }
        }
        break;
      case AST_NODE_TYPES.TemplateLiteral:
        for (const expression of inner.expressions) {
          const found = stringified(this.evaluator.valueOf(expression));
          const slot = found && !this.isStructural(expression) ? this.templateSlot(expression) : undefined;
          if (found && slot) parts.push({ kind: 'template-slot', range: slot, ...found });
          else this.collectParts(expression, parts, true);
        }
        break;
      case AST_NODE_TYPES.BinaryExpression:
        if (inner.operator === '+') {
          this.collectParts(inner.left, parts, true);
          this.collectParts(inner.right, parts, true);
        }
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        this.collectParts(inner.consequent, parts, asString);
        this.collectParts(inner.alternate, parts, asString);
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (inner.operator !== '&&') this.collectParts(inner.left, parts, asString);
        this.collectParts(inner.right, parts, asString);
        break;
      case AST_NODE_TYPES.SequenceExpression:
        this.collectParts(inner.expressions[inner.expressions.length - 1]!, parts, asString);
        break;
      case AST_NODE_TYPES.AwaitExpression:
        this.collectParts(inner.argument, parts, asString);
        break;
      case AST_NODE_TYPES.CallExpression: {
        const builtin = this.transparentBuiltin(inner);
        if (builtin === undefined) break;
        const printed = builtin === 'util.format' || builtin === 'util.formatWithOptions' ? inner.arguments : inner.arguments.slice(0, 1);
        for (const argument of printed) {
          if (argument.type !== AST_NODE_TYPES.SpreadElement) this.collectParts(argument, parts);
        }
        // `JSON.stringify(url)`: the whole call is the secret, not its argument.
        const added = parts.slice(before);
        if (
          added.length === 1 &&
          added[0]!.kind === 'expression' &&
          printed.some((argument) => added[0]!.range[0] === argument.range[0] && added[0]!.range[1] === argument.range[1])
        ) {
          parts.splice(before, 1, { ...added[0]!, range: node.range });
        }
        break;
      }
      default:
        break;
    }
    if (parts.length > before) return;
    const found = asString ? stringified(this.evaluator.valueOf(node)) : carried(this.evaluator.valueOf(node));
    if (!found) return;
    if (inner.type === AST_NODE_TYPES.Literal || inner.type === AST_NODE_TYPES.TemplateLiteral) {
      const passwords = found.sourceKind === 'credentialed-url' ? this.passwordRanges(inner) : [];
      if (passwords.length > 0) {
        parts.push({ kind: 'password-text', range: node.range, passwords, ...found });
        return;
      }
    }
    parts.push({ kind: 'expression', range: node.range, ...found });
  }

  private isStructural(node: TSESTree.Node): boolean {
    const inner = skipTypeWrappers(node);
    switch (inner.type) {
      case AST_NODE_TYPES.ObjectExpression:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.TemplateLiteral:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.SequenceExpression:
        return true;
      case AST_NODE_TYPES.BinaryExpression:
        return inner.operator === '+';
      case AST_NODE_TYPES.CallExpression:
        return this.transparentBuiltin(inner) !== undefined;
      default:
        return false;
    }
  }

  private transparentBuiltin(call: TSESTree.CallExpression): string | undefined {
    const callee = this.evaluator.valueOf(call.callee);
    return callee?.kind === 'builtin' && TRANSPARENT_BUILTINS.has(callee.name) ? callee.name : undefined;
  }

  /** The `${ ... }` around a template literal expression, found in the text. */
  templateSlot(expression: TSESTree.Node): Range | undefined {
    let start = expression.range[0];
    while (start > 0 && /[\s(]/.test(this.text[start - 1]!)) start -= 1;
    let end = expression.range[1];
    while (end < this.text.length && /[\s)]/.test(this.text[end]!)) end += 1;
    if (this.text.slice(start - 2, start) !== '${' || this.text[end] !== '}') return undefined;
    return [start - 2, end + 1];
  }

  /** The range that deletes one element of a bracketed, comma-separated list, with its comma; the only one leaves `{}`. */
  private elementRemoval(list: TSESTree.Node, elements: readonly TSESTree.Node[], element: TSESTree.Node): Range {
    const index = elements.indexOf(element);
    return listItemsRemoval(
      elements.map((node) => node.range),
      index,
      index,
      [list.range[0] + 1, list.range[1] - 1],
    );
  }

  /** Source ranges of the passwords in a string or template literal holding a credentialed URL. */
  private passwordRanges(node: TSESTree.Literal | TSESTree.TemplateLiteral): Range[] {
    // Pieces of the literal's source text, each mapped back to where it sits in the file.
    const pieces: Array<{ text: TextPiece; range: Range; exact: boolean }> = [];
    if (node.type === AST_NODE_TYPES.Literal) {
      if (typeof node.value !== 'string') return [];
      pieces.push({
        text: this.text.slice(node.range[0] + 1, node.range[1] - 1),
        range: [node.range[0] + 1, node.range[1] - 1],
        exact: true,
      });
    } else {
      let staticStart = node.range[0] + 1;
      for (const expression of node.expressions) {
        const slot = this.templateSlot(expression);
        if (!slot) return [];
        pieces.push({ text: this.text.slice(staticStart, slot[0]), range: [staticStart, slot[0]], exact: true });
        pieces.push({ text: this.evaluator.staticPiece(expression), range: slot, exact: false });
        staticStart = slot[1];
      }
      pieces.push({ text: this.text.slice(staticStart, node.range[1] - 1), range: [staticStart, node.range[1] - 1], exact: true });
    }
    const spans = credentialedUrlPasswordSpans(pieces.map((piece) => piece.text));
    const locate = (offset: number, isEnd: boolean): number => {
      let position = 0;
      for (const piece of pieces) {
        const length = piece.text === DYNAMIC_TEXT ? 1 : piece.text.length;
        if (offset < position + length || (isEnd && offset === position + length)) {
          if (piece.exact) return piece.range[0] + (offset - position);
          return isEnd ? piece.range[1] : piece.range[0];
        }
        position += length;
      }
      return node.range[1] - 1;
    };
    return spans.map(([start, end]) => [locate(start, false), locate(end, true)] as Range);
  }

  labelWords(parts: readonly SecretPart[]): Set<string> {
    const labels = new Set(LABEL_WORDS);
    for (const part of parts) for (const word of words(part.source)) labels.add(word);
    return labels;
  }

  hasOtherContent(node: TSESTree.Node, partRanges: readonly Range[], labels: ReadonlySet<string>): boolean {
    if (partRanges.some(([start, end]) => start <= node.range[0] && node.range[1] <= end)) return false;
    switch (node.type) {
      case AST_NODE_TYPES.SpreadElement:
        return this.hasOtherContent(node.argument, partRanges, labels);
      case AST_NODE_TYPES.Literal:
        return typeof node.value === 'string' && words(node.value).some((word) => !labels.has(word));
      case AST_NODE_TYPES.TemplateLiteral:
        return (
          node.quasis.some((quasi) => words(quasi.value.cooked ?? quasi.value.raw).some((word) => !labels.has(word))) ||
          node.expressions.some((expression) => this.hasOtherContent(expression, partRanges, labels))
        );
      case AST_NODE_TYPES.BinaryExpression:
        return (
          node.operator !== '+' ||
          this.hasOtherContent(node.left, partRanges, labels) ||
          this.hasOtherContent(node.right, partRanges, labels)
        );
      case AST_NODE_TYPES.ObjectExpression:
        return node.properties.some((property) =>
          property.type === AST_NODE_TYPES.SpreadElement
            ? this.hasOtherContent(property.argument, partRanges, labels)
            : property.kind !== 'init' ||
              property.method ||
              (property.computed && this.hasOtherContent(property.key, partRanges, labels)) ||
              this.hasOtherContent(property.value, partRanges, labels),
        );
      case AST_NODE_TYPES.ArrayExpression:
        return node.elements.some((element) => element !== null && this.hasOtherContent(element, partRanges, labels));
      case AST_NODE_TYPES.ConditionalExpression:
        return this.hasOtherContent(node.consequent, partRanges, labels) || this.hasOtherContent(node.alternate, partRanges, labels);
      case AST_NODE_TYPES.LogicalExpression:
        return this.hasOtherContent(node.left, partRanges, labels) || this.hasOtherContent(node.right, partRanges, labels);
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        return this.hasOtherContent(node.expression, partRanges, labels);
      case AST_NODE_TYPES.CallExpression:
        return (
          this.transparentBuiltin(node) === undefined ||
          node.arguments.some((argument) => this.hasOtherContent(argument, partRanges, labels))
        );
      case AST_NODE_TYPES.Identifier:
        // An environment variable's name labels its value (`for (const [key, value] of Object.entries(process.env))`).
        return node.name !== 'undefined' && this.evaluator.valueOf(node)?.kind !== 'envKey';
      default:
        return true;
    }
  }
}

/** Lower-case words of a text, camelCase and snake_case split: `databaseUrl:` → `database`, `url`. */
function words(text: string): string[] {
  return (text.match(/[A-Za-z0-9]+/g) ?? [])
    .flatMap((word) => word.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(' '))
    .map((word) => word.toLowerCase())
    .filter((word) => /[a-z]/.test(word));
}
