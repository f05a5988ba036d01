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
    expect(plugin.meta).toEqual({ name: 'prisma-aurora-fix', version: ownPackage().version, namespace: 'prisma-aurora-fix' });
    const ruleIds = Object.keys(plugin.rules);
    expect(ruleIds.sort()).toEqual(
      [
        'no-database-url-logging',
        'no-query-logging',
        'no-short-lambda-timeout',
        'no-sslmode-disable',
        'prisma-client-at-module-scope',
        'require-connection-params',
        'require-idle-session-timeout',
        'require-lambda-binary-targets',
        'require-migration-retry',
        'require-query-timeout',
        'require-retry-extension',
      ].sort(),
    );
    for (const id of ruleIds) {
      const rule = (plugin.rules as Record<string, { meta: { docs?: { url?: string } } }>)[id]!;
      expect(rule.meta.docs?.url).toMatch(new RegExp(`/docs/rules/${id}\\.md$`));
      expect(existsSync(join(ROOT, 'docs/rules', `${id}.md`)), `docs/rules/${id}.md`).toBe(true);
    }
  });

  it("turns every recommended rule on in configs.recommended, by its prefixed id, in each of its languages' blocks", () => {
    const blockOf = (language: string | undefined) =>
      plugin.configs.recommended.find((block) => block.rules !== undefined && (block as { language?: string }).language === language);
    const rulesOf = (language: string | undefined) => Object.keys(blockOf(language)?.rules ?? {}).sort();
    expect(blockOf('prisma-aurora-fix/prisma-schema')).toMatchObject({ files: ['**/*.prisma'] });
    expect(rulesOf('prisma-aurora-fix/prisma-schema')).toEqual(['prisma-aurora-fix/require-lambda-binary-targets']);
    expect(rulesOf('prisma-aurora-fix/dotenv')).toEqual([
      'prisma-aurora-fix/no-sslmode-disable',
      'prisma-aurora-fix/require-connection-params',
    ]);
    expect(rulesOf(undefined)).not.toContain('prisma-aurora-fix/require-lambda-binary-targets');
    const enabled = new Set(plugin.configs.recommended.flatMap((block) => Object.keys(block.rules ?? {})));
    const recommended = Object.entries(plugin.rules as Record<string, { meta: { docs?: { recommended?: boolean } } }>)
      .filter(([, rule]) => rule.meta.docs?.recommended === true)
      .map(([id]) => `prisma-aurora-fix/${id}`);
    expect([...enabled].sort()).toEqual(recommended.sort());
    expect(enabled.size).toBeGreaterThan(0);
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

describe.each(ESLINT_VERSIONS)('meta.namespace with $label', ({ label, ESLint }) => {
  // defineConfig renames the rule ids of an extended config to the name the user registered
  // the plugin under; it can only do that when the plugin says its own namespace.
  it("extends the recommended config under a name of the user's choosing", async () => {
    // One defineConfig signature for both: the plugin's types here are ESLint 10's, which ESLint
    // 9's do not accept (a user has one ESLint: test/package/config-types.test.ts).
    const { defineConfig } = (label === 'ESLint 10' ? await import('eslint/config') : await import('eslint9/config')) as {
      defineConfig: (config: object) => unknown;
    };
    const eslint = new ESLint({
      cwd: ROOT,
      overrideConfigFile: true,
      overrideConfig: defineConfig({ plugins: { paf: plugin }, extends: ['paf/recommended'] }) as never,
    });
    const [result] = await eslint.lintText('console.log(process.env.DATABASE_URL);\n', {
      filePath: join(ROOT, 'fixtures', '.virtual', 'renamed.ts'),
    });
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['paf/no-database-url-logging']);
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
