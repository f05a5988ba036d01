/**
 * Prisma schema files as a language: the parser (parse-schema.ts), its tree (schema-ast.ts),
 * and the source code object ESLint and the CLI give the schema rules (source-code.ts).
 */
export { parseSchema, positionAt, SchemaSyntaxError } from './parse-schema.js';
export { PrismaSchemaSourceCode, type DisableDirective, type VisitStep } from './source-code.js';
export * from './schema-ast.js';
export { isPrismaSchemaPath } from './schema-files.js';
