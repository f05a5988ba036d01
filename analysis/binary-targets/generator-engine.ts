import type { Assignment, ConfigBlock, PrismaSchema, Value } from '../prisma-schema/schema-ast.js';

/**
 * Which generator blocks produce a client that loads Prisma's Rust query engine, and the
 * `binaryTargets` they list. Prisma Client ships the engine for the platforms named there
 * (`native`, the build machine's, when none are named); a client without the Rust engine
 * needs none. Rust-free, per Prisma's docs ("No Rust engine", "Deploy to a different OS"):
 * `engineType = "client"` (GA in 6.16), the `queryCompiler` preview feature (6.7–6.15), and
 * every Prisma 7 client (the version is the caller's to check). A driver adapter alone
 * (`previewFeatures = ["driverAdapters"]` before 6.16) still runs the Rust engine.
 */

/** The generators that write a Prisma Client: the classic one and the new `prisma-client`. */
const CLIENT_PROVIDERS = new Set(['prisma-client-js', 'prisma-client']);

export interface EngineGenerator {
  block: ConfigBlock;
  /** The `binaryTargets` assignment, when written. */
  binaryTargets: Assignment | undefined;
  /** The targets it lists (`native` among them, when listed). */
  listedTargets: string[];
}

export function assignmentOf(block: ConfigBlock, key: string): Assignment | undefined {
  return block.assignments.find((assignment) => assignment.key.name === key);
}

function stringValue(value: Value | undefined): string | undefined {
  return value?.type === 'StringValue' ? value.value : undefined;
}

/** Every string of an array of strings; undefined for anything the text does not pin (`env("TARGETS")`). */
function stringsOf(value: Value): string[] | undefined {
  if (value.type !== 'ArrayValue') return undefined;
  const strings = value.elements.map(stringValue);
  return strings.every((item) => item !== undefined) ? (strings as string[]) : undefined;
}

/**
 * The client generators of `schema` that run the Rust engine and whose targets the text pins.
 * A generator whose provider or targets come from `env()` is left out: its targets are not in
 * the file.
 */
export function rustEngineGenerators(schema: PrismaSchema): EngineGenerator[] {
  const generators: EngineGenerator[] = [];
  for (const block of schema.body) {
    if (block.type !== 'Generator') continue;
    const provider = stringValue(assignmentOf(block, 'provider')?.value);
    if (provider === undefined || !CLIENT_PROVIDERS.has(provider)) continue;
    if (stringValue(assignmentOf(block, 'engineType')?.value) === 'client') continue;
    const previewFeatures = assignmentOf(block, 'previewFeatures');
    if (previewFeatures !== undefined && (stringsOf(previewFeatures.value) ?? []).includes('queryCompiler')) continue;
    const binaryTargets = assignmentOf(block, 'binaryTargets');
    const listedTargets = binaryTargets === undefined ? [] : stringsOf(binaryTargets.value);
    if (listedTargets === undefined) continue;
    generators.push({ block, binaryTargets, listedTargets });
  }
  return generators;
}

/**
 * Whether the schema is written for Prisma 6 or older: a `url` in its `datasource` block,
 * which Prisma 7 refuses (it reads the URL from prisma.config.ts). For a package whose
 * Prisma version cannot be read.
 */
export function hasDatasourceUrl(schema: PrismaSchema): boolean {
  return schema.body.some((block) => block.type === 'Datasource' && assignmentOf(block, 'url') !== undefined);
}
