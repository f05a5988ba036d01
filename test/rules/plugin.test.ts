import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';
import { ownPackage } from '../../analysis/package/own-package.js';
import { ESLINT_VERSIONS, recommendedESLint } from '../support/eslint-versions.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');

describe('the plugin object', () => {
  it('names itself and lists every rule with docs', () => {
    expect(plugin.meta).toEqual({ name: 'prisma-aurora-fix', version: ownPackage().version });
    const ruleIds = Object.keys(plugin.rules);
    expect(ruleIds.sort()).toEqual(
      [
        'no-database-url-logging',
        'no-query-logging',
        'no-sslmode-disable',
        'prisma-client-at-module-scope',
        'require-connection-params',
        'require-lambda-binary-targets',
        'require-migration-retry',
        'require-retry-extension',
      ].sort(),
    );
    for (const id of ruleIds) {
      const rule = (plugin.rules as Record<string, { meta: { docs?: { url?: string } } }>)[id]!;
      expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
      expect(existsSync(join(ROOT, 'docs/rules', `${id}.md`)), `docs/rules/${id}.md`).toBe(true);
    }
  });

  it("turns every recommended rule on in configs.recommended, by its prefixed id, each in its language's block", () => {
    const enabled = plugin.configs.recommended.flatMap((block) => Object.keys(block.rules ?? {}));
    const schemaBlock = plugin.configs.recommended.find((block) => (block as { language?: string }).language !== undefined);
    expect(schemaBlock).toMatchObject({ files: ['**/*.prisma'], language: 'prisma-aurora-fix/prisma-schema' });
    expect(Object.keys(schemaBlock?.rules ?? {})).toEqual(['prisma-aurora-fix/require-lambda-binary-targets']);
    const recommended = Object.entries(plugin.rules as Record<string, { meta: { docs?: { recommended?: boolean } } }>)
      .filter(([, rule]) => rule.meta.docs?.recommended === true)
      .map(([id]) => `prisma-aurora-fix/${id}`);
    expect(enabled.sort()).toEqual(recommended.sort());
    expect(enabled.length).toBeGreaterThan(0);
  });
});

describe.each(ESLINT_VERSIONS)('configs.recommended alone with $label', ({ ESLint }) => {
  const sources: Record<string, string> = {
    'handler.ts': 'const url: string = process.env.DATABASE_URL!;\nconsole.log(url);\n',
    'component.tsx': 'export const C = () => <div>{String(1)}</div>;\nconsole.log(process.env.DATABASE_URL);\n',
    'module.mts': 'console.log(process.env.DATABASE_URL as string);\n',
    'common.cts': 'import fs = require("node:fs");\nconsole.log(process.env.DATABASE_URL, fs);\n',
    'plain.js': 'console.log(process.env.DATABASE_URL);\n',
    'module.mjs': 'export const x = 1;\nconsole.log(process.env.DATABASE_URL);\n',
    'common.cjs': 'const fs = require("node:fs");\nconsole.log(process.env.DATABASE_URL, fs);\n',
    'view.jsx': 'export const V = () => <p />;\nconsole.log(process.env.DATABASE_URL);\n',
  };

  it.each(Object.entries(sources))('parses and lints %s', async (fileName, code) => {
    const eslint = recommendedESLint(ESLint, ROOT);
    const [result] = await eslint.lintText(code, { filePath: join(ROOT, 'fixtures', '.virtual', fileName) });
    expect(result!.messages.filter((m) => m.fatal)).toEqual([]);
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['prisma-aurora-fix/no-database-url-logging']);
  });
});

describe('the plugin source', () => {
  it('passes eslint-plugin-eslint-plugin', async () => {
    const { stdout } = await run(process.execPath, [join(ROOT, 'node_modules/eslint/bin/eslint.js'), 'rules', 'test/rules'], { cwd: ROOT });
    expect(stdout).toBe('');
  });

  it('keeps the README rule table and the rule doc headers in sync (eslint-doc-generator --check)', async () => {
    const result = await run(
      process.execPath,
      [join(ROOT, 'node_modules/eslint-doc-generator/dist/bin/eslint-doc-generator.js'), '--check'],
      {
        cwd: ROOT,
      },
    ).catch((error: { stdout: string; stderr: string; code: number }) => error);
    expect('code' in result ? `${result.stdout}\n${result.stderr}` : '').toBe('');
  }, 60_000);
});
