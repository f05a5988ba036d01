import {
  parseSchema,
  PrismaSchemaSourceCode,
  SchemaSyntaxError,
  SCHEMA_VISITOR_KEYS,
  type PrismaSchema,
} from '../../analysis/prisma-schema/index.js';

/**
 * The Prisma schema language, as `@eslint/json` and `@eslint/markdown` bring theirs to ESLint
 * 9 and 10: a config block with `files: ['**\/*.prisma']` and
 * `language: 'prisma-aurora-fix/prisma-schema'` lints schemas with the plugin's schema rules.
 * Positions follow ESTree (1-based lines, 0-based columns), so a schema rule reports the same
 * line and column to ESLint and to the CLI. It takes no language options; options other
 * configs set for every file (a `parser`, `globals`) are ignored rather than refused, so a
 * project's JavaScript blocks without `files` keep working.
 */

export interface SchemaFile {
  body: string | Uint8Array;
  path: string;
}

export const prismaSchemaLanguage = {
  fileType: 'text' as const,
  lineStart: 1 as const,
  columnStart: 0 as const,
  nodeTypeKey: 'type',
  visitorKeys: Object.fromEntries(Object.entries(SCHEMA_VISITOR_KEYS).map(([type, keys]) => [type, [...keys]])),
  defaultLanguageOptions: {},

  validateLanguageOptions(): void {
    // Nothing to validate: see above.
  },

  parse(file: SchemaFile): { ok: true; ast: PrismaSchema } | { ok: false; errors: { message: string; line: number; column: number }[] } {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    try {
      return { ok: true, ast: parseSchema(text) };
    } catch (error) {
      if (!(error instanceof SchemaSyntaxError)) throw error;
      return { ok: false, errors: [{ message: error.message.replace(/ \(\d+:\d+\)$/, ''), line: error.line, column: error.column }] };
    }
  },

  createSourceCode(file: SchemaFile, parsed: { ast: PrismaSchema }): PrismaSchemaSourceCode {
    const text = typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
    return new PrismaSchemaSourceCode({ text, ast: parsed.ast });
  },
};
