import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import transform from '../../codemods/set-connection-params.js';
import { DEFAULT_RUNTIME_IMPORT, runTransform, type AuroraTransformOptions } from '../../codemods/lib/transform.js';
import { clearNearestPackageCache } from '../../analysis/package/nearest-package.js';
import rule from '../../rules/require-connection-params.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/set-connection-params');

async function run(
  source: string,
  path = '/project/src/db.ts',
  options: Partial<AuroraTransformOptions> = {},
): Promise<string | undefined> {
  return runTransform(transform, { path, source }, { runtimeImport: DEFAULT_RUNTIME_IMPORT, ...options });
}

/**
 * The rule's suggestions applied the way an editor user would, one after the other: the
 * transform must produce exactly that (one detection, two consumers).
 */
function applyRuleSuggestions(source: string, filename: string, prismaMajor: number | undefined): string {
  const linter = new Linter({ configType: 'flat' });
  const config: Linter.Config[] = [
    {
      files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
      plugins: { aurora: { rules: { 'require-connection-params': rule as never } } },
      rules: { 'aurora/require-connection-params': ['error', prismaMajor === undefined ? {} : { prismaMajor }] },
      settings: { 'prisma-aurora-fix': { lambda: 'always' } },
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
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

describe('set-connection-params applies exactly the rule suggestions', () => {
  const inputs = readdirSync(FIXTURES).filter((file) => /\.input\.[cm]?[jt]sx?$/.test(file));
  it.each(inputs)('%s', async (file) => {
    const source = readFileSync(join(FIXTURES, file), 'utf8');
    const optionsPath = join(FIXTURES, file.replace(/\.input\.[cm]?[jt]sx?$/, '.options.json'));
    const options = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as Partial<AuroraTransformOptions>) : {};
    // A relative name: no package.json lookup, only the options decide the Prisma version.
    const fromRule = applyRuleSuggestions(source, `fixture${extname(file)}`, options.prismaMajor);
    const fromTransform = (await run(source, join(FIXTURES, file), options)) ?? source;
    expect(fromTransform).toBe(fromRule);
  });
});

describe('set-connection-params', () => {
  it('returns undefined when nothing changes', async () => {
    expect(await run('export const answer = 42;\n')).toBeUndefined();
    expect(await run("const url = 'postgresql://app:secret@db.example.com/app?connection_limit=1&connect_timeout=30';\n")).toBeUndefined();
    expect(await run("const url = 'postgresql://postgres@localhost:5432/test';\n")).toBeUndefined();
  });

  it('leaves URLs alone on Prisma 7 and fixes them on Prisma 6 or an unknown version', async () => {
    const source = "export const DATABASE_URL = 'postgresql://app:secret@db.example.com/app';\n";
    const fixed = "export const DATABASE_URL = 'postgresql://app:secret@db.example.com/app?connection_limit=1&connect_timeout=30';\n";
    expect(await run(source, '/p/a.ts', { prismaMajor: 7 })).toBeUndefined();
    expect(await run(source, '/p/a.ts', { prismaMajor: 6 })).toBe(fixed);
    expect(await run(source, '/p/a.ts', {})).toBe(fixed);
  });

  it('reads the Prisma version from the nearest package.json when the options do not say', async () => {
    const root = mkdtempSync(join(tmpdir(), 'set-connection-params-'));
    try {
      for (const [name, range] of [
        ['p6', '^6.19.0'],
        ['p7', '^7.10.0'],
      ] as const) {
        mkdirSync(join(root, name, 'src'), { recursive: true });
        writeFileSync(join(root, name, 'package.json'), JSON.stringify({ dependencies: { '@prisma/client': range } }));
      }
      clearNearestPackageCache();
      const source = "export const DATABASE_URL = 'postgresql://app:secret@db.example.com/app';\n";
      expect(await run(source, join(root, 'p6/src/env.ts'))).toBe(
        "export const DATABASE_URL = 'postgresql://app:secret@db.example.com/app?connection_limit=1&connect_timeout=30';\n",
      );
      expect(await run(source, join(root, 'p7/src/env.ts'))).toBeUndefined();
      // The CLI's resolved version wins.
      expect(await run(source, join(root, 'p7/src/env.ts'), { prismaMajor: 6 })).toBeDefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
      clearNearestPackageCache();
    }
  });

  it('keeps CRLF line breaks in the properties it adds', async () => {
    const source = [
      "import { PrismaPg } from '@prisma/adapter-pg';",
      'export const adapter = new PrismaPg({',
      '  connectionString: process.env.DATABASE_URL,',
      '});',
      '',
    ].join('\r\n');
    const expected = [
      "import { PrismaPg } from '@prisma/adapter-pg';",
      'export const adapter = new PrismaPg({',
      '  connectionString: process.env.DATABASE_URL,',
      '  max: 1,',
      '  connectionTimeoutMillis: 30_000,',
      '});',
      '',
    ].join('\r\n');
    expect(await run(source)).toBe(expected);
  });

  it('keeps a byte-order mark and edits at the right offsets after it', async () => {
    const source = "\uFEFFconst url = 'postgresql://app@db.example.com/app';\n";
    expect(await run(source)).toBe("\uFEFFconst url = 'postgresql://app@db.example.com/app?connection_limit=1&connect_timeout=30';\n");
  });

  it('does not edit a fragment that also feeds a string that is already right', async () => {
    const source = `const option = '?pool_timeout=20';
export const DATABASE_URL = \`postgresql://app:secret@db.example.com/app\${option}\`;
export const READER_DATABASE_URL = \`postgresql://app:secret@reader.example.com/app\${option}&connection_limit=1&connect_timeout=30\`;
`;
    expect(await run(source)).toBeUndefined();
  });

  it('adds options to a pool built without any', async () => {
    const source =
      "import { PrismaPg } from '@prisma/adapter-pg';\nimport { Pool } from 'pg';\nconst pool = new Pool();\nexport const adapter = new PrismaPg(pool);\n";
    expect(await run(source)).toBe(
      "import { PrismaPg } from '@prisma/adapter-pg';\nimport { Pool } from 'pg';\nconst pool = new Pool({ max: 1, connectionTimeoutMillis: 30_000 });\nexport const adapter = new PrismaPg(pool);\n",
    );
  });

  it('edits an option in place when no later spread can replace it', async () => {
    const source =
      "import { PrismaPg } from '@prisma/adapter-pg';\nconst base = { idleTimeoutMillis: 1000 };\nexport const adapter = new PrismaPg({ max: 5, ...base, connectionTimeoutMillis: 30_000 });\n";
    expect(await run(source)).toBe(
      "import { PrismaPg } from '@prisma/adapter-pg';\nconst base = { idleTimeoutMillis: 1000 };\nexport const adapter = new PrismaPg({ max: 1, ...base, connectionTimeoutMillis: 30_000 });\n",
    );
  });

  it('moves an option after a spread that could replace it (no duplicate keys)', async () => {
    const source =
      "import { PrismaPg } from '@prisma/adapter-pg';\nexport const adapter = new PrismaPg({ max: 5, ...settings, connectionTimeoutMillis: 30_000 });\n";
    expect(await run(source)).toBe(
      "import { PrismaPg } from '@prisma/adapter-pg';\nexport const adapter = new PrismaPg({ ...settings, connectionTimeoutMillis: 30_000, max: 1 });\n",
    );
  });

  it('leaves a fragment that also feeds a value that is not a connection string, and says why', async () => {
    const source = `const option = '?pool_timeout=20&connect_timeout=20';
export const DATABASE_URL = \`postgresql://app:secret@db.example.com/app\${option}\`;
console.info('query options', option.length);
`;
    const skipped: string[] = [];
    expect(await run(source, '/project/src/db.ts', { onSkip: ({ reason }) => skipped.push(reason) })).toBeUndefined();
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped[0]).toMatch(/^`option` \(line 1\) is also used at line 3, in a value that is not a connection string/);
  });

  it('reports a wrong fallback of an environment value and does not rewrite it', async () => {
    const source = `const limit = process.env.PRISMA_CONNECTION_LIMIT || 5;
export const DATABASE_URL = \`postgresql://app:secret@db.example.com/app?connect_timeout=30&connection_limit=\${limit}\`;
`;
    const skipped: string[] = [];
    expect(await run(source, '/project/src/db.ts', { onSkip: ({ reason }) => skipped.push(reason) })).toBeUndefined();
    expect(skipped).toEqual([
      'the value comes from `PRISMA_CONNECTION_LIMIT` when it is set, which this file does not show: set the fallback to `1` by hand, and check the variable',
    ]);
  });

  it('reports an empty options fragment and writes nothing: how the join adds the `?` is not in the file', async () => {
    const source = "export const environment = { DATABASE_OPTION: '' };\n";
    const skipped: string[] = [];
    expect(await run(source, '/project/src/db.ts', { onSkip: ({ reason }) => skipped.push(reason) })).toBeUndefined();
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/^the options fragment is empty .*`\?connection_limit=1&connect_timeout=30`/);
  });

  it('leaves URLs that a comparison or node-postgres reads', async () => {
    const source = `import pg from 'pg';
const DEFAULT_URL = 'postgresql://user:password@db.example.com/app';
export const isDefault = (value: string) => value === DEFAULT_URL || ['postgres://u:p@h.example.com/db'].includes(value);
switch (process.env.DATABASE_URL) {
  case 'postgresql://u:p@db.example.com/app':
    break;
}
export const client = new pg.Client('postgresql://admin:secret@db.example.com/postgres');
`;
    expect(await run(source)).toBeUndefined();
  });

  it('still fixes a URL that a comparison and a real setting share when both want the fix', async () => {
    const source = `const url = 'postgresql://app:secret@db.example.com/app';
export const env = { DATABASE_URL: url };
`;
    expect(await run(source)).toBe(`const url = 'postgresql://app:secret@db.example.com/app?connection_limit=1&connect_timeout=30';
export const env = { DATABASE_URL: url };
`);
  });

  it('leaves a wrong value that only a conditional spread sets, and says why', async () => {
    const source = `import { PrismaPg } from '@prisma/adapter-pg';
export const adapter = new PrismaPg({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 30_000, ...(isProd ? { max: 10 } : { max: 1 }) });
`;
    const skipped: string[] = [];
    expect(await run(source, '/project/src/db.ts', { onSkip: ({ reason }) => skipped.push(reason) })).toBeUndefined();
    expect(skipped).toEqual(['`max` is set in a conditional spread: fix the value in that branch by hand (`max: 1`)']);
  });

  it('throws on a file that does not parse (the CLI reports it and leaves it untouched)', async () => {
    await expect(run("const url = 'postgresql://h/db';\nconst = ;\n")).rejects.toThrow();
  });
});
