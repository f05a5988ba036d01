import type { TextEdit } from '../edit/text-edit.js';
import type { PrismaClientConstruction } from './types.js';

/**
 * The edits behind both the `require-retry-extension` suggestion and the
 * `add-retry-extension` transform, as text edits (`analysis/edit/text-edit.ts`) on the
 * original source: the editor and the codemod produce the same code, and nothing outside an
 * edit is reprinted.
 */

export interface RetryFixOptions {
  /** The call to chain, e.g. `auroraRetry()`. */
  retryCall: string;
  /** The file is TypeScript: the extended client is cast back to the class's type (client-type.ts). */
  typescript: boolean;
}

/**
 * Chains `.$extends(<retryCall>)` onto each target construction. In TypeScript the result is
 * cast back to the class's instance type (`as unknown as PrismaClient`), so every expression
 * keeps the type it had and no caller, in this file or any other, stops type-checking
 * (client-type.ts says why a cast, and when none can be shown to be safe: callers check
 * `typeKeeping.blocker` first).
 */
export function planRetryFix(targets: readonly PrismaClientConstruction[], options: RetryFixOptions): TextEdit[] {
  const edits: TextEdit[] = [];
  const chain = `.$extends(${options.retryCall})`;
  for (const target of targets) {
    const call = target.hasArgumentList ? chain : `()${chain}`;
    // Already extended in the same chain (`.$extends(withAccelerate())`): the client's type is
    // that extension's, not the class's, and stays so with one more extension that adds nothing.
    const alreadyExtended = target.chainEnd !== target.range[1];
    if (!options.typescript || alreadyExtended) {
      edits.push({ start: target.chainEnd, end: target.chainEnd, text: call });
      continue;
    }
    const { typeText, needsParentheses } = target.typeKeeping;
    const cast = `${call} as unknown as ${typeText}`;
    if (needsParentheses) edits.push({ start: target.range[0], end: target.range[0], text: '(' });
    edits.push({ start: target.chainEnd, end: target.chainEnd, text: needsParentheses ? `${cast})` : cast });
  }
  return edits;
}

/** Files whose extension makes TypeScript type-check them (`.ts`, `.tsx`, `.mts`, `.cts`). */
export function isTypeScriptPath(filePath: string): boolean {
  return /\.[cm]?tsx?$/i.test(filePath);
}
