import {
  mayConstructPrismaClient,
  mayContainMigrationSpawn,
  mayContainSecretLog,
  mayDeclareDatabaseFunction,
  mayDeclarePausingCluster,
  mayHoldClientGenerator,
  mayHoldConnectionSettings,
} from '../analysis/text-gates.js';
import type { RuleLanguage } from '../analysis/file-language.js';
import type { TransformId } from '../analysis/transform-ids.js';

/**
 * Where each rule's parts live, by the rule's id: the detection it shares with its transform,
 * the transform that fixes it in the CLI (none for a rule whose fix needs a human), the
 * text gate that tells, without parsing, that a file cannot hold a finding, its docs page and
 * its fixtures. The CLI reads this to know which rules to run for the transforms a user
 * selected; `test/structure.test.ts` checks that every part named here exists.
 *
 * Data only, with no parser behind it: the CLI loads it before deciding to load anything.
 */
export interface RuleParts {
  /** The analysis folder the rule and its transform share (its index.ts exports the detection). */
  detection: string;
  /** The CLI transform that fixes the rule's findings, when one can. */
  transform?: TransformId;
  /** False when a file's text cannot hold a finding of the rule (analysis/text-gates.ts). */
  mightReport: (text: string) => boolean;
  /** The transform's input/output fixtures, or the rule's own, relative to the package root. */
  fixtures?: string;
  /** Why the CLI leaves the findings of a rule without a transform to a hand fix. */
  handFixReason?: string;
  /**
   * The languages the rule lints, when not only JavaScript and TypeScript: `dotenv` and
   * `prisma-schema` are the plugin's own (`language: 'prisma-aurora-fix/<language>'`). The
   * recommended config turns the rule on in each of its languages' blocks, and the CLI runs a
   * file only through the rules of the file's language.
   */
  languages?: readonly RuleLanguage[];
}

export const RULE_PARTS = {
  'no-database-url-logging': {
    detection: 'analysis/secret-logging',
    transform: 'remove-url-logging',
    mightReport: mayContainSecretLog,
    fixtures: 'fixtures/remove-url-logging',
  },
  'require-retry-extension': {
    detection: 'analysis/prisma-client',
    transform: 'add-retry-extension',
    mightReport: mayConstructPrismaClient,
    fixtures: 'fixtures/add-retry-extension',
  },
  'require-connection-params': {
    detection: 'analysis/connection-settings',
    transform: 'set-connection-params',
    mightReport: mayHoldConnectionSettings,
    fixtures: 'fixtures/set-connection-params',
    languages: ['javascript', 'dotenv'],
  },
  'require-query-timeout': {
    detection: 'analysis/connection-settings',
    transform: 'set-query-timeout',
    mightReport: mayHoldConnectionSettings,
    fixtures: 'fixtures/set-query-timeout',
  },
  'prisma-client-at-module-scope': {
    detection: 'analysis/prisma-client',
    mightReport: mayConstructPrismaClient,
    handFixReason: 'moving a client out of the handler changes when it connects; see the rule docs for the edit',
  },
  'no-query-logging': {
    detection: 'analysis/prisma-client',
    transform: 'add-retry-extension',
    mightReport: mayConstructPrismaClient,
    fixtures: 'fixtures/add-retry-extension',
  },
  'require-migration-retry': {
    detection: 'analysis/migration-spawn',
    transform: 'wrap-migration-runner',
    mightReport: mayContainMigrationSpawn,
    fixtures: 'fixtures/wrap-migration-runner',
  },
  'no-sslmode-disable': {
    detection: 'analysis/connection-settings',
    mightReport: mayHoldConnectionSettings,
    handFixReason: 'turning TLS on needs a server that accepts it; apply the editor suggestion once it does',
    languages: ['javascript', 'dotenv'],
  },
  'no-short-lambda-timeout': {
    detection: 'analysis/infrastructure',
    mightReport: mayDeclareDatabaseFunction,
    handFixReason:
      'a longer timeout changes what a function may cost and can break the deploy (an SQS event source needs a visibility timeout at least as long); apply the editor suggestion after checking its triggers',
  },
  'require-idle-session-timeout': {
    detection: 'analysis/infrastructure',
    mightReport: mayDeclarePausingCluster,
    handFixReason:
      'the server then closes every session idle that long, pools and consoles included; apply the editor suggestion once nothing needs long idle sessions',
  },
  'require-lambda-binary-targets': {
    detection: 'analysis/binary-targets',
    transform: 'add-binary-targets',
    mightReport: mayHoldClientGenerator,
    fixtures: 'fixtures/add-binary-targets',
    languages: ['prisma-schema'],
  },
} as const satisfies Record<string, RuleParts>;

export type RuleId = keyof typeof RULE_PARTS;

export const RULE_IDS = Object.keys(RULE_PARTS) as RuleId[];

/** The plugin's namespace in a flat config: rules are `prisma-aurora-fix/<id>`. */
export const PLUGIN_NAMESPACE = 'prisma-aurora-fix';

export function partsOf(ruleId: RuleId): RuleParts {
  return RULE_PARTS[ruleId];
}

/** The languages a rule lints (JavaScript and TypeScript unless its parts say otherwise). */
export function languagesOf(ruleId: RuleId): readonly RuleLanguage[] {
  return (partsOf(ruleId) as RuleParts).languages ?? ['javascript'];
}

/** Whether `ruleId` lints files of `language`. */
export function lintsLanguage(ruleId: RuleId, language: RuleLanguage): boolean {
  return languagesOf(ruleId).includes(language);
}

/** The docs page of a rule, relative to the package root. */
export function docsPathOf(ruleId: RuleId): string {
  return `docs/rules/${ruleId}.md`;
}

/**
 * The rules a run checks for these transforms: the rules the transforms fix, plus, when every
 * transform runs, the rules no transform fixes (their findings are listed for a hand fix).
 */
export function rulesForTransforms(transformIds: readonly string[], allTransformIds: readonly string[]): RuleId[] {
  const everyTransform = allTransformIds.every((id) => transformIds.includes(id));
  return RULE_IDS.filter((ruleId) => {
    const transform = partsOf(ruleId).transform;
    return transform === undefined ? everyTransform : transformIds.includes(transform);
  });
}
