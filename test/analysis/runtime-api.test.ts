import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RUNTIME_IMPORT,
  QUERY_RETRY_BUDGET_MS,
  RETRY_EXTENSION_NAME,
  RUN_MIGRATION_NAME,
  RUN_MIGRATION_SCHEDULE,
  WITH_RETRY_NAME,
} from '../../analysis/runtime-api.js';
import { MIGRATION_DEFAULTS } from '../../runtime/migration.js';
import { RETRY_DEFAULTS } from '../../runtime/options.js';
import * as runtime from '../../runtime/index.js';

describe('runtime API names', () => {
  it('are what the runtime exports', () => {
    for (const name of [RETRY_EXTENSION_NAME, RUN_MIGRATION_NAME, WITH_RETRY_NAME])
      expect(typeof (runtime as Record<string, unknown>)[name]).toBe('function');
  });

  it('the import specifier is the package export of the runtime', () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
      name: string;
      exports: Record<string, unknown>;
    };
    const [name, ...subpath] = DEFAULT_RUNTIME_IMPORT.split('/');
    expect(name).toBe(manifest.name);
    expect(Object.keys(manifest.exports)).toContain(`./${subpath.join('/')}`);
  });

  it('the budgets the infrastructure checks compute with are the runtime defaults', () => {
    expect(QUERY_RETRY_BUDGET_MS).toBe(RETRY_DEFAULTS.maxElapsedMs);
    const { maxRetries, baseDelayMs, maxDelayMs, safetyMarginMs } = MIGRATION_DEFAULTS;
    expect(RUN_MIGRATION_SCHEDULE).toEqual({ maxRetries, baseDelayMs, maxDelayMs, safetyMarginMs });
  });
});
