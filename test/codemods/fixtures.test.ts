import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transforms } from '../../codemods/index.js';
import { DEFAULT_RUNTIME_IMPORT, runTransform, type AuroraTransformOptions } from '../../codemods/lib/transform.js';

/**
 * Every transform is proven by input/output pairs under fixtures/<transform-id>/:
 * `<case>.input.<ext>` must become `<case>.output.<ext>` (identical text for a "nothing to
 * do" case), optional `<case>.options.json` sets transform options, and running the
 * transform again on the output must change nothing (idempotence).
 */
const FIXTURES = join(import.meta.dirname, '../../fixtures');

interface FixtureCase {
  name: string;
  inputPath: string;
  outputPath: string;
  options: AuroraTransformOptions;
}

function casesOf(transformId: string): FixtureCase[] {
  const dir = join(FIXTURES, transformId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /\.input\.(?:[cm]?[jt]sx?|prisma)$/.test(file))
    .sort()
    .map((file) => {
      const name = file.replace(/\.input\.(?:[cm]?[jt]sx?|prisma)$/, '');
      const extension = file.slice(file.lastIndexOf('.'));
      const optionsPath = join(dir, `${name}.options.json`);
      const extra = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as Partial<AuroraTransformOptions>) : {};
      return {
        name: `${name}${extension}`,
        inputPath: join(dir, file),
        outputPath: join(dir, `${name}.output${extension}`),
        options: { runtimeImport: DEFAULT_RUNTIME_IMPORT, ...extra },
      };
    });
}

/** Fixture folders that are not transforms: rule sources, the demo app, the starter-kit end-to-end project, the lint corpus. */
const NON_TRANSFORM_FIXTURES = new Set(['demo-app', 'starter-kit', 'rules', 'corpus', 'no-crash']);

it('every transform fixture folder belongs to a registered transform', () => {
  const folders = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NON_TRANSFORM_FIXTURES.has(entry.name))
    .map((entry) => entry.name);
  expect(folders.filter((folder) => !(folder in transforms))).toEqual([]);
});

describe.each(Object.keys(transforms))('transform %s', (transformId) => {
  const transform = transforms[transformId]!;
  const cases = casesOf(transformId);

  it('has fixtures, including a "nothing to do" and a "run twice" case', () => {
    expect(cases.length).toBeGreaterThan(0);
    const names = cases.map((c) => c.name);
    expect(names.some((n) => n.startsWith('nothing-to-do'))).toBe(true);
    expect(names.some((n) => n.startsWith('run-twice'))).toBe(true);
  });

  it.each(cases)('$name', async ({ inputPath, outputPath, options }) => {
    const input = readFileSync(inputPath, 'utf8');
    expect(existsSync(outputPath), `missing ${outputPath}`).toBe(true);
    const expected = readFileSync(outputPath, 'utf8');
    const output = (await runTransform(transform, { path: inputPath, source: input }, options)) ?? input;
    expect(output).toBe(expected);
    // Idempotent: a second run over the result changes nothing.
    const second = await runTransform(transform, { path: inputPath, source: output }, options);
    expect(second).toBeUndefined();
  });
});
