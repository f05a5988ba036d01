import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { findSecretLogs } from '../../../analysis/secret-logging/index.js';

/** A validated copy of the environment is a secret source too (issue 13 item 6). */

function sources(text: string): string[] {
  return findSecretLogs(parseModule(text, 'a.ts')).map((finding) => `${finding.source} via ${finding.origin}`);
}

describe('typed env modules and validators', () => {
  it.each([
    ["import { env } from '~/env'; console.log(env.DATABASE_URL)", "DATABASE_URL via '~/env'"],
    ["import { env } from '@/env.mjs'; console.log('db', env.DIRECT_URL)", "DIRECT_URL via '@/env.mjs'"],
    [
      "import { env } from '../env/server.mjs'; const { DATABASE_URL } = env; logger.info({ DATABASE_URL })",
      "DATABASE_URL via '../env/server.mjs'",
    ],
    ["import * as envModule from './env.js'; console.log(envModule.env.DATABASE_URL)", "DATABASE_URL via './env.js'"],
    ["const { env } = require('./env'); console.log(env.DB_PASSWORD)", "DB_PASSWORD via './env'"],
    ["import { DATABASE_URL } from '$env/static/private'; console.log(DATABASE_URL)", "DATABASE_URL via '$env/static/private'"],
    [
      "import { createEnv } from '@t3-oss/env-nextjs'; export const env = createEnv({ server: {}, runtimeEnv: process.env }); console.log(env.DATABASE_URL)",
      'DATABASE_URL via createEnv()',
    ],
    [
      "import { cleanEnv, url } from 'envalid'; const env = cleanEnv(process.env, { DATABASE_URL: url() }); console.log(env.DATABASE_URL)",
      'DATABASE_URL via cleanEnv()',
    ],
    ['const env = envSchema.parse(process.env); console.log(env.DATABASE_URL)', 'DATABASE_URL via parse(process.env)'],
    ['const result = envSchema.safeParse(process.env); console.log(result.data?.DATABASE_URL)', 'DATABASE_URL via safeParse(process.env)'],
    // The whole validated environment.
    ["import { env } from '~/env'; console.log(env)", "'~/env' via '~/env'"],
  ])('%s', (text, source) => {
    expect(sources(text)).toEqual([source]);
  });

  it.each([
    "import { env } from '~/env'; console.log(env.NODE_ENV, env.DATABASE_URL.length, !!env.DIRECT_URL)",
    "import { env } from '~/env'; console.log(env.DATABASE_URL.split('://')[0])",
    "import { getSession } from '~/env'; console.log(getSession)",
    "import { env } from '@t3-oss/env-nextjs'; console.log(env.DATABASE_URL)",
    'const body = schema.parse(request.body); console.log(body.DATABASE_URL)',
    "import { environment } from './environment'; console.log(environment.DATABASE_URL)",
  ])('%s is no leak', (text) => {
    expect(sources(text)).toEqual([]);
  });
});
