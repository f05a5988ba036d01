import { describe, expect, it } from 'vitest';
import { importCallSource, loadedModuleSource, requireCallSource, requiredModuleSource } from '../../../analysis/ast/module-source.js';
import { nodeOf, parse } from './parse.js';

const init = (code: string) => nodeOf(parse(code, '/p/src/file.ts'), 'VariableDeclarator').init!;

describe('require and import() sources', () => {
  it('reads the call forms with a static specifier', () => {
    expect(requireCallSource(init("const x = require('pg');"))).toBe('pg');
    expect(requireCallSource(init('const x = require(`pg`);'))).toBe('pg');
    expect(requireCallSource(init('const x = require(name);'))).toBeUndefined();
    expect(requireCallSource(init("const x = load('pg');"))).toBeUndefined();
    expect(importCallSource(init("const x = import('pg');"))).toBe('pg');
    expect(importCallSource(init("const x = require('pg');"))).toBeUndefined();
  });

  it('requiredModuleSource: the expression is the module (a bare import() is a promise)', () => {
    expect(requiredModuleSource(init("const x = require('pg');"))).toBe('pg');
    expect(requiredModuleSource(init("const x = require('pg') as typeof import('pg');"))).toBe('pg');
    expect(requiredModuleSource(init("const x = await import('pg');"))).toBe('pg');
    expect(requiredModuleSource(init("const x = (await import('pg')) as Pg;"))).toBe('pg');
    expect(requiredModuleSource(init("const x = import('pg');"))).toBeUndefined();
    expect(requiredModuleSource(init("const x = require('pg').Pool;"))).toBeUndefined();
  });

  it('loadedModuleSource: any module the expression loads, whatever it reads off it', () => {
    expect(loadedModuleSource(init("const x = require('aws-lambda').Context;"))).toBe('aws-lambda');
    expect(loadedModuleSource(init("const x = (await import('@middy/core')).default;"))).toBe('@middy/core');
    expect(loadedModuleSource(init("const x = import('@middy/core');"))).toBe('@middy/core');
    expect(loadedModuleSource(init("const x = f('@middy/core');"))).toBeUndefined();
  });
});
