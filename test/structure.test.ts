import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRANSFORM_IDS } from '../codemods/transform-ids.js';
import plugin from '../rules/index.js';
import { RULE_IDS, RULE_PARTS, docsPathOf, partsOf } from '../rules/registry.js';

/**
 * Every rule's parts are findable by its name (as eslint-plugin-unicorn's test/package.js
 * keeps its rules honest): the registry names them, and this test fails when one is missing.
 */

const ROOT = join(import.meta.dirname, '..');
const exists = (path: string): boolean => existsSync(join(ROOT, path));

describe('the rule registry (rules/registry.ts)', () => {
  it('lists exactly the plugin’s rules', () => {
    expect([...RULE_IDS].sort()).toEqual(Object.keys(plugin.rules).sort());
  });

  describe.each(RULE_IDS)('%s', (ruleId) => {
    const parts = partsOf(ruleId);

    it('has its rule module, its tests and its docs page', () => {
      expect(exists(`rules/${ruleId}.ts`), `rules/${ruleId}.ts`).toBe(true);
      expect(exists(`test/rules/${ruleId}.test.ts`), `test/rules/${ruleId}.test.ts`).toBe(true);
      expect(exists(docsPathOf(ruleId)), docsPathOf(ruleId)).toBe(true);
    });

    it('names a detection that exists', () => {
      expect(exists(parts.detection), parts.detection).toBe(true);
    });

    it('has a transform with its module, tests and fixtures (a "nothing to do" case among them), or says why not', () => {
      if (parts.transform === undefined) {
        expect(parts.handFixReason, 'a rule without a transform says why its findings need a hand fix').toMatch(/\w/);
        return;
      }
      expect(TRANSFORM_IDS).toContain(parts.transform);
      expect(exists(`codemods/${parts.transform}.ts`)).toBe(true);
      expect(exists(`test/codemods/${parts.transform}.test.ts`)).toBe(true);
      expect(parts.fixtures, 'a transform has fixtures').toBeDefined();
      const fixtures = readdirSync(join(ROOT, parts.fixtures!));
      expect(fixtures.some((file) => /\.input\.(?:[cm]?[jt]sx?|prisma)$/.test(file))).toBe(true);
      expect(fixtures.some((file) => file.startsWith('nothing-to-do'))).toBe(true);
    });
  });

  it('gives every transform to at least one rule: no transform fixes what no rule reports', () => {
    const fixed = new Set(Object.values(RULE_PARTS).map((parts) => ('transform' in parts ? parts.transform : undefined)));
    for (const id of TRANSFORM_IDS) expect(fixed, id).toContain(id);
  });
});
