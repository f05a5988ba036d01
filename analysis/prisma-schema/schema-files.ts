import { extname } from 'node:path';

/**
 * Which files are Prisma schemas: `schema.prisma` and the multi-file `prisma/schema/*.prisma`,
 * and any other `.prisma` file (`package.json` `prisma.schema` may name one); Prisma reads
 * no other extension.
 */
export function isPrismaSchemaPath(path: string): boolean {
  return extname(path).toLowerCase() === '.prisma';
}
