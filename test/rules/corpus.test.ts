import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESLINT_VERSIONS, recommendedESLint } from '../support/eslint-versions.js';

/**
 * The realistic corpus under fixtures/corpus: every line where a finding starts carries a
 * trailing `// expect-lint: rule-a, rule-b` comment. Linting it with `configs.recommended`
 * must produce exactly those findings and no others, on ESLint 9 and 10 alike: this is the
 * precision-and-recall check on real code shapes.
 */
const CORPUS = join(import.meta.dirname, '../../fixtures/corpus');
const MARKER = /\/\/\s*expect-lint:\s*([\w\-, ]+?)\s*$/;

function expectedFindings(filePath: string): string[] {
  const lines = readFileSync(filePath, 'utf8').split(/\r?\n/);
  return lines.flatMap((line, index) => {
    const match = MARKER.exec(line);
    if (!match) return [];
    return match[1]!
      .split(',')
      .map((rule) => rule.trim())
      .filter(Boolean)
      .map((rule) => `${relative(CORPUS, filePath)}:${index + 1} prisma-aurora-fix/${rule}`);
  });
}

describe.each(ESLINT_VERSIONS)('corpus with $label', ({ ESLint }) => {
  it('reports exactly the findings marked in the corpus', async () => {
    const eslint = recommendedESLint(ESLint, CORPUS);
    const results = await eslint.lintFiles(['.']);
    expect(results.length).toBeGreaterThan(0);

    const actual: string[] = [];
    const expected: string[] = [];
    for (const result of results) {
      const fatal = result.messages.filter((message) => message.fatal || message.ruleId === null);
      expect(fatal, `${result.filePath} failed to parse`).toEqual([]);
      for (const message of result.messages) {
        actual.push(`${relative(CORPUS, result.filePath)}:${message.line} ${message.ruleId}`);
      }
      expected.push(...expectedFindings(result.filePath));
    }
    expect(actual.sort()).toEqual(expected.sort());
  });
});
