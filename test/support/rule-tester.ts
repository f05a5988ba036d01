import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

// Wire @typescript-eslint/rule-tester to vitest, as its docs describe.
RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** A RuleTester for TypeScript sources (the @typescript-eslint/parser, no type information). */
export function typescriptRuleTester(settings?: Record<string, unknown>): RuleTester {
  return new RuleTester({ settings: settings ?? {} });
}

/**
 * A RuleTester for JavaScript as ESLint parses it by default (espree), so the rules are
 * proven on plain ESTree and eslint-scope, not only on typescript-eslint's AST. The files are
 * named `.js`/`.jsx`, as ESLint would see them: fixes write TypeScript syntax only into
 * TypeScript files.
 */
export async function javascriptRuleTester(settings?: Record<string, unknown>): Promise<RuleTester> {
  const espree = await import('espree');
  return new RuleTester({
    defaultFilenames: { ts: 'file.js', tsx: 'react.jsx' },
    languageOptions: { parser: espree as never, parserOptions: { ecmaFeatures: { jsx: true } } },
    settings: settings ?? {},
  });
}
