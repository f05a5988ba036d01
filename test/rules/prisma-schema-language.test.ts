import js from '@eslint/js';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';
import { ESLINT_VERSIONS } from '../support/eslint-versions.js';

/**
 * The Prisma schema language in real ESLint 9 and 10, configured as a user's eslint.config.js
 * would: the recommended config next to the project's own JavaScript blocks, some without
 * `files` (they apply to the schema too, and must not break its lint), disable comments,
 * and a schema that does not parse.
 */

let project: string;

const SCHEMA = `generator client {
  provider      = "prisma-client-js"
  binaryTargets = ["native"]
}

datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
`;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'paf-schema-language-'));
  mkdirSync(join(project, 'prisma/schema'), { recursive: true });
  mkdirSync(join(project, 'src'));
  mkdirSync(join(project, '.git'));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'app', type: 'module', dependencies: { '@prisma/client': '6.19.0' }, devDependencies: { serverless: '4.4.0' } }),
  );
  writeFileSync(join(project, 'serverless.yml'), 'service: app\nprovider:\n  name: aws\n  runtime: nodejs22.x\n  architecture: arm64\n');
  writeFileSync(join(project, 'prisma/schema.prisma'), SCHEMA);
  // The multi-file layout: a second file with the generator silenced by a disable comment.
  writeFileSync(
    join(project, 'prisma/schema/generator.prisma'),
    SCHEMA.replace(
      '  binaryTargets',
      '  // eslint-disable-next-line prisma-aurora-fix/require-lambda-binary-targets -- the build runs on Amazon Linux\n  binaryTargets',
    ),
  );
  writeFileSync(join(project, 'prisma/schema/broken.prisma'), 'model User {\n  id Int @id\n');
  writeFileSync(join(project, 'src/handler.js'), 'export const handler = async () => { const unused = 1; return 1 }\n');
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe.each(ESLINT_VERSIONS)('$label', ({ ESLint }) => {
  const lint = async (): Promise<Record<string, { line: number; column: number; ruleId: string | null; message: string }[]>> => {
    const eslint = new ESLint({
      cwd: project,
      overrideConfigFile: true,
      overrideConfig: [
        // A project's own blocks without `files`: they reach the schema files too.
        js.configs.recommended as never,
        { rules: { semi: 'error', 'no-unused-vars': 'error', eqeqeq: 'error' } } as never,
        { languageOptions: { globals: { process: 'readonly' } } } as never,
        ...(plugin.configs.recommended as never[]),
      ],
    });
    const results = await eslint.lintFiles(['.']);
    return Object.fromEntries(
      results.map((result) => [
        result.filePath.slice(project.length + 1),
        result.messages.map(({ line, column, ruleId, message }) => ({ line, column, ruleId, message })),
      ]),
    );
  };

  it('reports the missing target where it is written, and leaves the JavaScript blocks working', async () => {
    const byFile = await lint();
    expect(Object.keys(byFile).sort()).toEqual([
      'prisma/schema.prisma',
      'prisma/schema/broken.prisma',
      'prisma/schema/generator.prisma',
      'src/handler.js',
    ]);
    expect(byFile['prisma/schema.prisma']).toEqual([
      expect.objectContaining({ line: 3, column: 19, ruleId: 'prisma-aurora-fix/require-lambda-binary-targets' }),
    ]);
    expect(byFile['prisma/schema.prisma']![0]!.message).toContain('"linux-arm64-openssl-3.0.x"');
    // The disable comment holds.
    expect(byFile['prisma/schema/generator.prisma']).toEqual([]);
    // A schema that does not parse is a parsing error at its position, as for JavaScript.
    expect(byFile['prisma/schema/broken.prisma']).toEqual([
      { line: 3, column: 1, ruleId: null, message: "Parsing error: expected '}', found the end of the file" },
    ]);
    expect(byFile['src/handler.js']!.map((message) => message.ruleId).sort()).toEqual(['no-unused-vars', 'semi', 'semi']);
  });
});
