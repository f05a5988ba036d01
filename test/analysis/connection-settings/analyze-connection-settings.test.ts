import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { analyzeConnectionSettings, connectionSettingsMode } from '../../../analysis/connection-settings/index.js';

function analyze(code: string, path = '/p/src/db.ts') {
  return analyzeConnectionSettings(parseModule(code, path));
}

const kinds = (code: string, path?: string) => analyze(code, path).pgConstructors.map((site) => `${site.kind}:${site.argument.kind}`);

describe('pg and PrismaPg constructors, under any import shape', () => {
  it.each([
    ["import { Pool } from 'pg'; new Pool({});", ['Pool:options']],
    ["import { Pool as PgPool, Client } from 'pg'; new PgPool({}); new Client({});", ['Pool:options', 'Client:options']],
    ["import pg from 'pg'; new pg.Pool({}); new pg['Client']({});", ['Pool:options', 'Client:options']],
    ["import * as pg from 'pg'; const { Pool } = pg; new Pool();", ['Pool:none']],
    ["import pg = require('pg'); new pg.Pool({});", ['Pool:options']],
    ["const { Pool: P } = require('pg'); new P({});", ['Pool:options']],
    ["const Pool = require('pg').Pool; new Pool({});", ['Pool:options']],
    ["const pg = require('pg'); new pg.Pool({});", ['Pool:options']],
    ["import { PrismaPg as A } from '@prisma/adapter-pg'; new A(process.env.DATABASE_URL!);", ['PrismaPg:connectionString']],
    [
      "import * as adapter from '@prisma/adapter-pg'; import { Pool } from 'pg'; const pool = new Pool({}); new adapter.PrismaPg(pool);",
      ['Pool:options', 'PrismaPg:pool'],
    ],
    ["import { PrismaPg } from '@prisma/adapter-pg'; const config = { max: 1 }; new PrismaPg(config);", ['PrismaPg:options']],
    ["import { PrismaPg } from '@prisma/adapter-pg'; new PrismaPg(makeConfig());", ['PrismaPg:unknown']],
  ])('%s', (code, expected) => {
    expect(kinds(code)).toEqual(expected);
  });

  it('ignores look-alikes: other modules, local classes, type-only imports', () => {
    // `DATABASE_URL` gets these past the prefilter, so the detection itself is what answers.
    expect(kinds("import { Pool } from 'generic-pool'; new Pool({}); const DATABASE_URL = '';")).toEqual([]);
    expect(kinds("class Pool {} new Pool(); const DATABASE_URL = '';")).toEqual([]);
    expect(kinds("import type { Pool } from 'pg'; declare const P: typeof Pool; new P({});")).toEqual([]);
    expect(kinds("import { type Pool } from 'pg'; new Pool({});")).toEqual([]);
  });

  it('works on JavaScript parsed with JSX', () => {
    expect(kinds("const { Pool } = require('pg');\nconst el = <div />;\nnew Pool({ max: 1 });", '/p/src/db.jsx')).toEqual(['Pool:options']);
  });
});

describe('driver adapter usage', () => {
  it.each([
    ["import { PrismaPg } from '@prisma/adapter-pg';", true],
    ["const { PrismaNeon } = require('@prisma/adapter-neon');", true],
    ["const m = await import('@prisma/adapter-planetscale');", true],
    ["import { PrismaClient } from '@prisma/client'; import { adapter } from './db'; new PrismaClient({ adapter });", true],
    ["import { PrismaClient as P } from './generated/prisma/client'; const options = { adapter: makeAdapter() }; new P(options);", true],
    // A local alias of the class is the class: its adapter counts (it did not when two recognisers disagreed).
    ["import { PrismaClient } from '@prisma/client'; import { adapter } from './db'; const Db = PrismaClient; new Db({ adapter });", true],
    [
      "import { PrismaClient } from '@prisma/client'; const Base = PrismaClient; const Db = Base; new Db({ adapter: makeAdapter() });",
      true,
    ],
    ["import { PrismaClient } from '@prisma/client'; new PrismaClient({ adapter: undefined });", false],
    ["import { PrismaClient } from '@prisma/client'; new PrismaClient({ log: ['error'] });", false],
    ["import type { PrismaPg } from '@prisma/adapter-pg';", false],
  ])('%s -> %s', (code, expected) => {
    // The prefilter skips files with nothing database-related; these carry a `pg`-ish word.
    expect(analyze(`${code}\nconst DATABASE_URL = process.env.DATABASE_URL;`).usesDriverAdapter).toBe(expected);
  });

  it('decides the mode from the file, then the Prisma version', () => {
    const plain = analyze("const url = 'postgresql://h.example.com/db';");
    const adapter = analyze("import { PrismaPg } from '@prisma/adapter-pg'; const url = 'postgresql://h.example.com/db';");
    expect(connectionSettingsMode(plain, undefined)).toBe('url');
    expect(connectionSettingsMode(plain, 6)).toBe('url');
    expect(connectionSettingsMode(plain, 7)).toBe('adapter');
    expect(connectionSettingsMode(adapter, 6)).toBe('adapter');
  });
});
