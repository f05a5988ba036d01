import { isAbsolute } from 'node:path';
import type { Range } from '../ast/range.js';
import type { TextEdit } from '../edit/text-edit.js';
import { deployedByConfigReason } from '../lambda-scope/deployed-by-config.js';
import { packageLooksLikeLambda } from '../lambda-scope/package-verdict.js';
import { nearestPackage } from '../package/nearest-package.js';
import { prismaVersionOf } from '../package/prisma-version.js';
import type { PrismaSchema } from '../prisma-schema/schema-ast.js';
import { deployedPlatformsOf, imageBuildOf } from './deployed-platforms.js';
import { hasDatasourceUrl, rustEngineGenerators } from './generator-engine.js';
import { knowsOpenSsl3Targets, requiredLambdaTargets } from './lambda-targets.js';
import { planTargetEdit } from './target-edit.js';

/**
 * The missing Lambda binary targets of a schema file: for each client generator that runs
 * the Rust engine (Prisma ≤ 6, not `engineType = "client"`), the Lambda platforms the
 * project deploys to (deployed-platforms.ts) that its `binaryTargets` does not list. Asked
 * only for a schema whose package is deployed to Lambda; a container image that installs the
 * client inside itself needs nothing (`native` is the image's platform there), nor does a
 * deployment that sets the engine's path itself (`PRISMA_QUERY_ENGINE_LIBRARY`, seen on a
 * real SST app whose Lambda layer installs the engine in the runtime's build image).
 */

export interface MissingTargetsFinding {
  /** What the rule reports: the `binaryTargets` array, or the generator's name when it has none. */
  range: Range;
  generatorName: string;
  missing: string[];
  /** Where the architectures were read (for the message). */
  evidence: string;
  /** The edit that adds them; undefined when it cannot be shown safe (see `fixBlocker`). */
  edit: TextEdit | undefined;
  fixBlocker?: string;
}

export type LambdaMode = 'auto' | 'always' | 'never';

function schemaIsDeployedToLambda(schemaPath: string, lambda: LambdaMode): boolean {
  if (lambda !== 'auto') return lambda === 'always';
  return packageLooksLikeLambda(schemaPath) || deployedByConfigReason(schemaPath) !== undefined;
}

export function findMissingLambdaTargets(
  schema: PrismaSchema,
  text: string,
  schemaPath: string,
  lambda: LambdaMode = 'auto',
): MissingTargetsFinding[] {
  if (!isAbsolute(schemaPath)) return [];
  const generators = rustEngineGenerators(schema);
  if (generators.length === 0) return [];
  const version = prismaVersionOf(schemaPath);
  // Prisma 7 has no Rust engine; an unknown version counts as ≤ 6 only when the schema is written for it.
  if (version !== undefined ? version.major >= 7 : !hasDatasourceUrl(schema)) return [];
  if (!schemaIsDeployedToLambda(schemaPath, lambda)) return [];
  if (imageBuildOf(schemaPath, nearestPackage(schemaPath).dir) !== undefined) return [];

  const platforms = deployedPlatformsOf(schemaPath);
  if (platforms.engineShippedBy !== undefined) return [];
  const required = requiredLambdaTargets(platforms.architectures, platforms.nodeMajors);
  const findings: MissingTargetsFinding[] = [];
  for (const generator of generators) {
    const missing = required.filter((target) => !generator.listedTargets.includes(target));
    if (missing.length === 0) continue;
    const needsOpenSsl3 = missing.some((target) => target.endsWith('openssl-3.0.x'));
    const fixBlocker =
      needsOpenSsl3 && !knowsOpenSsl3Targets(version)
        ? `Prisma ${version!.text} predates the OpenSSL 3 engines (3.13.0): upgrade Prisma, then add ${missing.join(', ')}`
        : undefined;
    findings.push({
      range: generator.binaryTargets?.value.range ?? generator.block.name.range,
      generatorName: generator.block.name.name,
      missing,
      evidence: platforms.evidence,
      edit: fixBlocker === undefined ? planTargetEdit(text, generator, missing) : undefined,
      ...(fixBlocker === undefined ? {} : { fixBlocker }),
    });
  }
  return findings;
}
