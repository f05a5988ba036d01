import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transforms } from '../../codemods/index.js';
import { mightNeedAFix } from '../../cli/prefilter.js';

/**
 * The prefilter may only skip files no transform would change. Every fixture input a
 * transform changes must pass it, also when only that transform is selected (`--transform`);
 * a transform that starts looking for something new fails here until its analysis's text
 * gate (analysis/text-gates.ts) learns the word.
 */

const FIXTURES = join(import.meta.dirname, '../../fixtures');

const changingInputs = Object.keys(transforms).flatMap((id) => {
  const dir = join(FIXTURES, id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /\.input\.[cm]?[jt]sx?$/.test(file))
    .map((file) => ({
      id,
      file,
      input: readFileSync(join(dir, file), 'utf8'),
      output: readFileSync(join(dir, file.replace('.input.', '.output.')), 'utf8'),
    }))
    .filter((fixture) => fixture.input !== fixture.output);
});

describe('mightNeedAFix', () => {
  it('there are changing fixtures to check against', () => {
    expect(changingInputs.length).toBeGreaterThan(0);
  });

  it.each(changingInputs.map((fixture) => [`${fixture.id}/${fixture.file}`, fixture.id, fixture.input]))(
    'passes %s',
    (_name, id, input) => {
      expect(mightNeedAFix(input)).toBe(true);
      expect(mightNeedAFix(input, [id])).toBe(true);
    },
  );

  it('a transform it does not know (a test registry) sees every file', () => {
    expect(mightNeedAFix('export const a = 1;', ['some-other-transform'])).toBe(true);
  });

  it.each([
    ['a PrismaClient', "import { PrismaClient } from '@prisma/client';"],
    ['a Prisma CLI spawn', "import { spawn } from 'node:child_process';\nspawn('npx', ['prisma', 'migrate', 'deploy']);"],
    ['a connection string', "const url = 'postgresql://u:p@h/db';"],
    ['the environment', 'console.log(process.env);'],
    ['a pg pool module', "import { Pool } from 'pg';"],
    ['a connection_limit fragment', "const option = '?connection_limit=5';"],
  ])('passes %s', (_name, text) => {
    expect(mightNeedAFix(text)).toBe(true);
  });

  it.each([
    ['arithmetic', 'export const add = (a: number, b: number) => a + b;'],
    ['a React component', 'export function Button() { return <button>ok</button>; }'],
    ['an HTTP client', 'await fetch(`${API_BASE}/users`);'],
    ['code that uses a Prisma client but makes none', "import { prisma } from './db';\nexport const users = () => prisma.user.findMany();"],
  ])('skips %s', (_name, text) => {
    expect(mightNeedAFix(text)).toBe(false);
  });
});
