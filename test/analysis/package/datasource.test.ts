import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  clearDatasourceCache,
  datasourceProviderInSchema,
  datasourceProviderOf,
  nonAuroraDatasourceFor,
} from '../../../analysis/package/datasource.js';
import { clearNearestPackageCache } from '../../../analysis/package/nearest-package.js';
import { runTransform, DEFAULT_RUNTIME_IMPORT } from '../../../codemods/lib/transform.js';
import addRetryExtension from '../../../codemods/add-retry-extension.js';
import requireRetryExtension from '../../../rules/require-retry-extension.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
beforeEach(() => {
  clearNearestPackageCache();
  clearDatasourceCache();
});

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'paf-datasource-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const schema = (provider: string) =>
  `generator client {\n  provider = "prisma-client-js"\n}\n\ndatasource db {\n  // provider = "postgresql"\n  provider = "${provider}"\n  url      = env("DATABASE_URL")\n}\n`;

describe('datasourceProviderInSchema', () => {
  it('reads the datasource block, not the generator nor a comment', () => {
    expect(datasourceProviderInSchema(schema('sqlite'))).toBe('sqlite');
    expect(datasourceProviderInSchema('generator client { provider = "prisma-client-js" }')).toBeUndefined();
  });
});

describe('datasourceProviderOf', () => {
  it('finds prisma/schema.prisma, a package.json prisma.schema path, the multi-file folder, and a monorepo root schema', () => {
    const root = project({
      '.git/HEAD': '',
      'package.json': '{ "name": "root", "workspaces": ["packages/*"] }',
      'prisma/schema.prisma': schema('postgresql'),
      'packages/api/package.json': '{ "name": "api" }',
      'packages/api/src/db.ts': '',
      'packages/lite/package.json': '{ "name": "lite", "prisma": { "schema": "db/app.prisma" } }',
      'packages/lite/db/app.prisma': schema('sqlite'),
      'packages/lite/src/db.ts': '',
      'packages/docs/package.json': '{ "name": "docs" }',
      'packages/docs/prisma/schema/base.prisma': schema('mongodb'),
      'packages/docs/src/db.ts': '',
    });
    expect(datasourceProviderOf(join(root, 'packages/api/src/db.ts'))).toBe('postgresql');
    expect(datasourceProviderOf(join(root, 'packages/lite/src/db.ts'))).toBe('sqlite');
    expect(datasourceProviderOf(join(root, 'packages/docs/src/db.ts'))).toBe('mongodb');
    expect(nonAuroraDatasourceFor(join(root, 'packages/api/src/db.ts'))).toBeUndefined();
    expect(nonAuroraDatasourceFor(join(root, 'packages/lite/src/db.ts'))).toBe('sqlite');
  });

  it('is undefined without a schema, and for a relative path', () => {
    const root = project({ '.git/HEAD': '', 'package.json': '{ "name": "app" }', 'src/db.ts': '' });
    expect(datasourceProviderOf(join(root, 'src/db.ts'))).toBeUndefined();
    expect(datasourceProviderOf('src/db.ts')).toBeUndefined();
  });
});

describe('require-retry-extension and add-retry-extension on a non-Aurora schema', () => {
  const code = "import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient()\n";
  const lint = (root: string) =>
    new Linter({ configType: 'flat', cwd: root }).verify(
      code,
      [
        {
          files: ['**/*.ts'],
          plugins: { p: { rules: { r: requireRetryExtension } } as never },
          rules: { 'p/r': 'error' },
          settings: { 'prisma-aurora-fix': { lambda: 'always' } },
          languageOptions: { parser: tsParser as never },
        },
      ],
      join(root, 'src/db.ts'),
    );

  it('SQLite: no finding, no edit; PostgreSQL: both', async () => {
    const sqlite = project({
      'package.json': '{ "name": "a", "dependencies": { "@prisma/client": "^6.6.0" } }',
      'prisma/schema.prisma': schema('sqlite'),
    });
    const postgres = project({
      'package.json': '{ "name": "b", "dependencies": { "@prisma/client": "^6.6.0" } }',
      'prisma/schema.prisma': schema('postgresql'),
    });
    expect(lint(sqlite)).toEqual([]);
    expect(lint(postgres).map((message) => message.ruleId)).toEqual(['p/r']);
    const run = (root: string) =>
      runTransform(addRetryExtension, { path: join(root, 'src/db.ts'), source: code }, { runtimeImport: DEFAULT_RUNTIME_IMPORT });
    expect(await run(sqlite)).toBeUndefined();
    expect(await run(postgres)).toContain('$extends(auroraRetry())');
  });
});
