import { describe, expect, it } from 'vitest';
import { GitignoreRules } from '../../cli/gitignore.js';

/** The .gitignore fallback used outside git, against gitignore(5)'s documented examples. */

const rules = (text: string, base = ''): GitignoreRules => new GitignoreRules().withFile(base, text);

describe('GitignoreRules', () => {
  it.each([
    ['generated', 'generated', true, true],
    ['generated', 'src/generated', true, true],
    ['generated/', 'src/generated', false, false],
    ['generated/', 'src/generated', true, true],
    ['/generated', 'src/generated', true, false],
    ['/generated', 'generated', true, true],
    ['src/gen', 'src/gen', true, true],
    ['src/gen', 'lib/src/gen', true, false],
    ['*.log', 'a/b/debug.log', false, true],
    ['*.ts', 'a/b.tsx', false, false],
    ['a/**/b', 'a/x/y/b', false, true],
    ['a/**/b', 'a/b', false, true],
    ['**/cache', 'deep/er/cache', true, true],
    ['secret/**', 'secret/x/y.ts', false, true],
    ['file?.ts', 'file1.ts', false, true],
    ['file[0-9].ts', 'filex.ts', false, false],
    ['file[!0-9].ts', 'filex.ts', false, true],
    ['\\#notcomment', '#notcomment', false, true],
    ['# comment', '# comment', false, false],
  ])('%s matches %s (directory: %s) -> %s', (pattern, path, isDirectory, expected) => {
    expect(rules(pattern).ignores(path, isDirectory)).toBe(expected);
  });

  it('the last matching rule wins; negation re-includes', () => {
    const ignore = rules('*.ts\n!keep.ts\n');
    expect(ignore.ignores('src/drop.ts', false)).toBe(true);
    expect(ignore.ignores('src/keep.ts', false)).toBe(false);
  });

  it("a nested .gitignore applies below its own folder only, after its parents' rules", () => {
    const ignore = rules('*.gen.ts\n').withFile('packages/api', '!special.gen.ts\n/local.ts\n');
    expect(ignore.ignores('packages/api/special.gen.ts', false)).toBe(false);
    expect(ignore.ignores('packages/web/special.gen.ts', false)).toBe(true);
    expect(ignore.ignores('packages/api/local.ts', false)).toBe(true);
    expect(ignore.ignores('packages/api/src/local.ts', false)).toBe(false);
    expect(ignore.ignores('local.ts', false)).toBe(false);
  });
});
