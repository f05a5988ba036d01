import { describe, expect, it } from 'vitest';
import { calleeBinding } from '../../../analysis/ast/imported-binding.js';
import { nodeOf, parse } from './parse.js';

const bindingOf = (code: string, path = '/p/src/db.ts') => {
  const file = parse(code, path);
  return calleeBinding(file.scopeManager, nodeOf(file, 'NewExpression').callee);
};

describe('calleeBinding', () => {
  it.each([
    ["import { Pool as P } from 'pg'; new P();", { source: 'pg', name: 'Pool' }],
    ["import pg from 'pg'; new pg.Pool();", { source: 'pg', name: 'Pool' }],
    ["import * as pg from 'pg'; new pg['Client']();", { source: 'pg', name: 'Client' }],
    ["import pg = require('pg'); new pg.Pool();", { source: 'pg', name: 'Pool' }],
    ["const { Pool } = require('pg'); new Pool();", { source: 'pg', name: 'Pool' }],
    ["const Pool = require('pg').Pool; new Pool();", { source: 'pg', name: 'Pool' }],
    ["const pg = await import('pg'); new pg.Pool();", { source: 'pg', name: 'Pool' }],
    ["import pg from 'pg'; const { Pool } = pg; new Pool();", { source: 'pg', name: 'Pool' }],
    ["import { URL } from 'node:url'; new URL(x);", { source: 'node:url', name: 'URL' }],
  ])('%s', (code, expected) => {
    expect(bindingOf(code)).toEqual(expected);
  });

  it('is undefined for what no module exports', () => {
    expect(bindingOf('class Pool {} new Pool();')).toBeUndefined();
    expect(bindingOf('new Pool();')).toBeUndefined();
    expect(bindingOf("import type { Pool } from 'pg'; new Pool();")).toBeUndefined();
    expect(bindingOf("const pg = import('pg'); new pg.Pool();")).toBeUndefined();
  });
});
