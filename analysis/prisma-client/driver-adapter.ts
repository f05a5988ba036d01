import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { optionsArgumentOf } from '../ast/object-options.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { skipTypeWrappers } from '../ast/unwrap.js';

/**
 * Whether Prisma runs through a driver adapter (always on Prisma 7; on Prisma 6 with
 * `previewFeatures = ["driverAdapters"]`): which modules are Prisma's client and adapters,
 * and whether a PrismaClient construction passes `adapter:`.
 */

/** `@prisma/adapter-pg`, `@prisma/adapter-neon`, `@prisma/adapter-planetscale`, `@prisma/adapter-mariadb`, ... */
export function isDriverAdapterSource(source: string): boolean {
  return source.startsWith('@prisma/adapter-');
}

/** `@prisma/client` or a generated client (`./generated/prisma`, `@/generated/prisma/client`, `.prisma/client`). */
export function isPrismaClientSource(source: string): boolean {
  return (
    source === '@prisma/client' ||
    source.startsWith('@prisma/client/') ||
    /(?:^|\/)(?:generated\/prisma|\.prisma\/client)(?:\/|$)/.test(source)
  );
}

/**
 * Whether a PrismaClient construction (see `isPrismaClientConstruction`) passes a driver
 * adapter: its options, written inline or in a constant (spreads of constants followed),
 * have an `adapter` that is not `undefined` or `null`.
 */
export function passesDriverAdapter(file: ParsedFile, construction: TSESTree.NewExpression): boolean {
  const adapter = optionsArgumentOf(file.scopeManager, construction)?.entries.get('adapter');
  if (!adapter) return false;
  const value = skipTypeWrappers(adapter.value);
  return !(value.type === 'Identifier' && value.name === 'undefined') && !(value.type === 'Literal' && value.value === null);
}
