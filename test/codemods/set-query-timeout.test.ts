import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import transform from '../../codemods/set-query-timeout.js';
import { DEFAULT_RUNTIME_IMPORT, runTransform, type AuroraTransformOptions, type SkippedFinding } from '../../codemods/lib/transform.js';
import rule from '../../rules/require-query-timeout.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/set-query-timeout');

/** What the fixtures' options.json may set: the transform's flags. */
type FixtureOptions = Partial<AuroraTransformOptions>;

function run(source: string, path: string, options: FixtureOptions = {}): Promise<string | undefined> {
  return runTransform(transform, { path, source }, { runtimeImport: DEFAULT_RUNTIME_IMPORT, ...options });
}

/** The rule's suggestions, as an editor user applies them one after the other. */
function applyRuleSuggestions(source: string, filename: string, options: FixtureOptions): string {
  const linter = new Linter({ configType: 'flat' });
  const ruleOptions = {
    ...(options.prismaMajor === undefined ? {} : { prismaMajor: options.prismaMajor }),
    ...(options.queryTimeoutMillis === undefined ? {} : { queryTimeoutMillis: options.queryTimeoutMillis }),
  };
  const config: Linter.Config[] = [
    {
      files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
      plugins: { aurora: { rules: { 'require-query-timeout': rule as never } } },
      rules: { 'aurora/require-query-timeout': ['error', ruleOptions] },
      settings: { 'prisma-aurora-fix': { lambda: 'always' } },
    },
    { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tsParser as never } },
  ];
  const messages = linter.verify(source, config, filename);
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  const fixes = messages.flatMap((message) => message.suggestions ?? []).map((suggestion) => suggestion.fix);
  const unique = fixes.filter(
    (fix, index) =>
      fixes.findIndex((other) => other.range[0] === fix.range[0] && other.range[1] === fix.range[1] && other.text === fix.text) === index,
  );
  let output = source;
  for (const fix of unique.sort((a, b) => b.range[0] - a.range[0]))
    output = output.slice(0, fix.range[0]) + fix.text + output.slice(fix.range[1]);
  return output;
}

describe('set-query-timeout applies exactly the rule suggestions, when the value was chosen', () => {
  const inputs = readdirSync(FIXTURES).filter((file) => /\.input\.[cm]?[jt]sx?$/.test(file));
  it.each(inputs)('%s', async (file) => {
    const source = readFileSync(join(FIXTURES, file), 'utf8');
    const optionsPath = join(FIXTURES, file.replace(/\.input\.[cm]?[jt]sx?$/, '.options.json'));
    const options = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as FixtureOptions) : {};
    const fromTransform = (await run(source, join(FIXTURES, file), options)) ?? source;
    if (options.queryTimeoutMillis === undefined) expect(fromTransform).toBe(source);
    else expect(fromTransform).toBe(applyRuleSuggestions(source, `fixture${extname(file)}`, options));
  });
});

describe('set-query-timeout', () => {
  const ADAPTER = `import { PrismaPg } from '@prisma/adapter-pg';
export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, max: 1 });
`;

  it('without a chosen value writes nothing and says why for each finding', async () => {
    const skipped: SkippedFinding[] = [];
    const findings = [
      { ruleId: 'require-query-timeout', range: [ADAPTER.indexOf('{ connectionString'), ADAPTER.lastIndexOf('}') + 1] as const },
    ];
    expect(await run(ADAPTER, '/project/src/db.ts', { findings, onSkip: (each) => skipped.push(each) })).toBeUndefined();
    expect(skipped).toHaveLength(1);
    expect(skipped[0]!.reason).toMatch(/slowest query.*queryTimeoutMillis/);
  });

  it('takes the value from the rule options the CLI passes, before the jscodeshift flag', async () => {
    const output = await run(ADAPTER, '/project/src/db.ts', {
      queryTimeoutMillis: 5000,
      ruleOptions: { 'require-query-timeout': { queryTimeoutMillis: 7000 } },
    });
    expect(output).toContain('max: 1, query_timeout: 7_000 });');
  });

  it('fixes only what the rule reports when findings are given (a disabled line stays)', async () => {
    const output = await run(ADAPTER, '/project/src/db.ts', { queryTimeoutMillis: 5000, findings: [] });
    expect(output).toBeUndefined();
  });
});
