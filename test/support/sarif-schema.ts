import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';

/**
 * A validator for the official SARIF 2.1.0 JSON schema (test/cli/sarif/, OASIS). ajv 6 is the
 * release that reads JSON Schema draft-04, the schema's draft.
 */

const require = createRequire(import.meta.url);

let validator: ValidateFunction | undefined;

export function sarifValidator(): ValidateFunction {
  if (validator !== undefined) return validator;
  const Ajv = require('ajv') as typeof import('ajv');
  const ajv = new Ajv({ schemaId: 'id', allErrors: true, logger: false });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
  validator = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../cli/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object);
  return validator;
}

/** What the schema finds wrong in `log` ([] when it is valid SARIF 2.1.0). */
export function sarifSchemaErrors(log: unknown): string[] {
  const validate = sarifValidator();
  return validate(log) ? [] : (validate.errors as ErrorObject[]).map((error) => `${error.dataPath} ${error.message}`);
}
