import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { transforms } from '../../codemods/index.js';
import { parserForPath } from '../../codemods/lib/transform.js';

/**
 * The transforms are real jscodeshift transforms: jscodeshift's own runner, pointed at the
 * built modules (`npx jscodeshift --no-babel -t node_modules/prisma-aurora-fix/dist/codemods/<id>.js`),
 * turns every fixture input into its expected output, with options passed as its flags.
 */
const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'fixtures');
const JSCODESHIFT = join(ROOT, 'node_modules/jscodeshift/bin/jscodeshift.js');
const run = promisify(execFile);
const tempDirs: string[] = [];

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

interface RunnerGroup {
  parser: string;
  flags: string[];
  cases: Array<{ input: string; output: string; file: string }>;
}

/** Fixture cases grouped by what one runner invocation can share: the parser and the option flags. */
function groupsOf(transformId: string): RunnerGroup[] {
  const dir = join(FIXTURES, transformId);
  const groups = new Map<string, RunnerGroup>();
  for (const file of readdirSync(dir)
    .filter((name) => /\.input\.[cm]?[jt]sx?$/.test(name))
    .sort()) {
    const name = file.replace(/\.input\.[cm]?[jt]sx?$/, '');
    const extension = file.slice(file.lastIndexOf('.'));
    const optionsPath = join(dir, `${name}.options.json`);
    const options = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as Record<string, unknown>) : {};
    const flags = Object.entries(options).map(([key, value]) => `--${key}=${String(value)}`);
    const parser = parserForPath(file);
    const key = `${parser} ${flags.join(' ')}`;
    const group = groups.get(key) ?? { parser, flags, cases: [] };
    group.cases.push({ input: join(dir, file), output: join(dir, `${name}.output${extension}`), file: `${name}${extension}` });
    groups.set(key, group);
  }
  return [...groups.values()];
}

// add-binary-targets edits a Prisma schema, which jscodeshift cannot parse: the CLI applies it
// (test/codemods/add-binary-targets.test.ts, test/cli/prisma-schema.test.ts).
const JAVASCRIPT_TRANSFORMS = Object.keys(transforms).filter((transformId) => transformId !== 'add-binary-targets');

describe.each(JAVASCRIPT_TRANSFORMS)('jscodeshift runner with %s', (transformId) => {
  it.each(groupsOf(transformId).map((group) => [`${group.parser} ${group.flags.join(' ')}`.trim(), group] as const))(
    'turns the fixtures (%s) into their outputs',
    async (_label, group) => {
      const work = mkdtempSync(join(tmpdir(), 'paf-jscodeshift-'));
      tempDirs.push(work);
      for (const fixture of group.cases) copyFileSync(fixture.input, join(work, fixture.file));
      const { stdout } = await run(
        process.execPath,
        [
          JSCODESHIFT,
          '--no-babel',
          '--run-in-band',
          '--fail-on-error',
          `--parser=${group.parser}`,
          '--extensions=ts,tsx,mts,cts,js,jsx,mjs,cjs',
          '-t',
          join(ROOT, 'dist/codemods', `${transformId}.js`),
          ...group.flags,
          work,
        ],
        { cwd: ROOT },
      );
      expect(stdout).toMatch(/0 errors/);
      for (const fixture of group.cases) {
        expect(readFileSync(join(work, fixture.file), 'utf8'), fixture.file).toBe(readFileSync(fixture.output, 'utf8'));
      }
    },
    60_000,
  );
});
