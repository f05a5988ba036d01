import { describe, expect, it } from 'vitest';
import noDatabaseUrlLogging from '../../rules/no-database-url-logging.js';
import requireRetryExtension from '../../rules/require-retry-extension.js';
import { readIgnoreComments } from '../../rules/util/ignore-comments.js';
import { javascriptRuleTester, typescriptRuleTester } from '../support/rule-tester.js';

/**
 * `prisma-aurora-fix-ignore`, honoured by every rule through createRule (and so by the CLI,
 * which runs the rules): next line, same line, whole file, by rule name, with a reason.
 */

const lambda = { 'prisma-aurora-fix': { lambda: 'always' } };
const ts = typescriptRuleTester(lambda);
const js = await javascriptRuleTester(lambda);

const LOG = 'console.log(process.env.DATABASE_URL)';

for (const [label, tester] of [
  ['TypeScript', ts],
  ['JavaScript', js],
] as const) {
  tester.run(`prisma-aurora-fix-ignore (${label})`, noDatabaseUrlLogging, {
    valid: [
      `// prisma-aurora-fix-ignore\n${LOG}`,
      `// prisma-aurora-fix-ignore no-database-url-logging -- local tunnel check\n${LOG}`,
      `// prisma-aurora-fix-ignore prisma-aurora-fix/no-database-url-logging\n${LOG}`,
      `/* prisma-aurora-fix-ignore */ ${LOG}`,
      `${LOG} // prisma-aurora-fix-ignore`,
      `/* prisma-aurora-fix-ignore-file */\nconst a = 1\n${LOG}\n${LOG}`,
      `/* prisma-aurora-fix-ignore-file no-database-url-logging, require-retry-extension */\n${LOG}`,
      `/*\n * prisma-aurora-fix-ignore -- a block comment over two lines\n */\n${LOG}`,
    ],
    invalid: [
      // Another rule named: this one still reports.
      {
        code: `// prisma-aurora-fix-ignore require-retry-extension\n${LOG}`,
        errors: [{ messageId: 'envVariableLogged' as const, line: 2 }],
      },
      // Next line only.
      { code: `// prisma-aurora-fix-ignore\n${LOG}\n${LOG}`, errors: [{ messageId: 'envVariableLogged' as const, line: 3 }] },
      // A trailing comment covers its own line, not the next.
      { code: `${LOG} // prisma-aurora-fix-ignore\n${LOG}`, errors: [{ messageId: 'envVariableLogged' as const, line: 2 }] },
      // A look-alike is not the directive.
      { code: `// prisma-aurora-fix-ignored\n${LOG}`, errors: [{ messageId: 'envVariableLogged' as const, line: 2 }] },
      { code: `// see prisma-aurora-fix-ignore in the docs\n${LOG}`, errors: [{ messageId: 'envVariableLogged' as const, line: 2 }] },
      // Each case's reported log is its last line: the suggestion removes that line.
    ].map((test) => ({
      ...test,
      errors: test.errors.map((error) => ({
        ...error,
        suggestions: [{ messageId: 'removeLogStatement' as const, output: `${test.code.slice(0, test.code.lastIndexOf('\n'))}\n` }],
      })),
    })),
  });
}

ts.run('prisma-aurora-fix-ignore on a multi-line report: the line it starts on', requireRetryExtension, {
  valid: [
    `import { PrismaClient } from '@prisma/client'
// prisma-aurora-fix-ignore require-retry-extension
export const prisma = new PrismaClient({
  log: ['warn'],
})`,
  ],
  invalid: [],
});

describe('readIgnoreComments', () => {
  const comment = (value: string, line: number, start: number, type = 'Line') => ({
    type,
    value,
    loc: { start: { line }, end: { line } },
    range: [start, start + value.length + 2] as const,
  });

  it('reads the rule list and drops the reason', () => {
    const text = '// prisma-aurora-fix-ignore a, b -- because c\nx';
    const ignore = readIgnoreComments([comment(' prisma-aurora-fix-ignore a, b -- because c', 1, 0)], text);
    expect(ignore.ignores('a', 2)).toBe(true);
    expect(ignore.ignores('b', 2)).toBe(true);
    expect(ignore.ignores('c', 2)).toBe(false);
    expect(ignore.ignores('because', 2)).toBe(false);
    expect(ignore.ignores('a', 1)).toBe(false);
    expect(ignore.ignores('a', 3)).toBe(false);
  });

  it('ignores nothing without a directive', () => {
    expect(readIgnoreComments([comment(' an ordinary comment', 1, 0)], '// an ordinary comment\nx').ignores('a', 2)).toBe(false);
  });
});
