// The `eslint-utils` entry alone: the package index loads all of ESLint (~200 ms), which the
// CLI, running these rules through ESLint's lighter `Linter` entry, never needs.
import { RuleCreator, applyDefault, type RuleWithMetaAndName } from '@typescript-eslint/utils/eslint-utils';
import type { TSESLint } from '@typescript-eslint/utils';
import { notSourceReason } from '../../analysis/source-scope.js';
import { readIgnoreComments, type IgnoreComments } from './ignore-comments.js';
import type { DotenvDocument, DotenvEntry } from '../../analysis/dotenv/index.js';
import { isDotenvSourceCode, type DotenvSourceCode } from '../languages/dotenv.js';
import { PrismaSchemaSourceCode, type PrismaSchema } from '../../analysis/prisma-schema/index.js';

/** The base of every rule's `meta.docs.url`: one page per rule in docs/rules/. */
export const RULE_DOCS_BASE = 'https://github.com/prisma-aurora-fix/prisma-aurora-fix/blob/main/docs/rules/';

export interface PrismaAuroraFixDocs {
  description: string;
  /** Whether `configs.recommended` turns the rule on. */
  recommended?: boolean;
}

const typescriptEslintRuleCreator = RuleCreator<PrismaAuroraFixDocs>((name) => `${RULE_DOCS_BASE}${name}.md`);

type RuleDefinition<Options extends readonly unknown[], MessageIds extends string> = Readonly<
  RuleWithMetaAndName<Options, MessageIds, PrismaAuroraFixDocs>
> & {
  /**
   * The rule's listeners for a dotenv file (rules/languages/dotenv.ts). A rule without it runs
   * on JavaScript and TypeScript only: on any other language's file it listens to nothing, so a
   * project block without `files` that turns it on never crashes on a `.env`.
   */
  readonly createForDotenv?: (
    context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
    sourceCode: DotenvSourceCode,
    options: Options,
  ) => DotenvRuleListener;
  /** The rule's listeners for a Prisma schema (rules/languages/prisma-schema.ts); as `createForDotenv`. */
  readonly createForPrismaSchema?: (
    context: Readonly<TSESLint.RuleContext<MessageIds, Options>>,
    sourceCode: PrismaSchemaSourceCode,
    options: Options,
  ) => PrismaSchemaRuleListener;
};

/** Listeners on the schema tree: the schema (its blocks are read from it). */
export interface PrismaSchemaRuleListener {
  PrismaSchema?: (node: PrismaSchema) => void;
}

/** Listeners on the dotenv tree: the document, each entry. */
export interface DotenvRuleListener {
  Document?: (node: DotenvDocument) => void;
  Entry?: (node: DotenvEntry) => void;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * typescript-eslint's `RuleCreator`, with the options merged once per distinct configuration
 * instead of once per file. Its `create` runs `applyDefault` (a `structuredClone` of the
 * defaults and a deep merge) for every rule on every file, and ESLint hands each file a fresh
 * options array: over a 3000-file lint that was more CPU time than all seven rules' own work
 * (bench figure 1, ESLint's stats). The merged options are frozen, since files share them.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  definition: RuleDefinition<Options, MessageIds>,
): TSESLint.RuleModule<MessageIds, Options, PrismaAuroraFixDocs> {
  const { createForDotenv, createForPrismaSchema, ...javascriptDefinition } = definition;
  const rule = typescriptEslintRuleCreator(javascriptDefinition);
  // As RuleCreator resolves them (the top-level `defaultOptions` is the deprecated spelling we use).
  const defaults = (definition.meta.defaultOptions ?? definition.defaultOptions ?? []) as unknown as Options;
  const mergedByConfiguration = new Map<string, Options>();
  return {
    ...rule,
    create(context) {
      const sourceCode: unknown = context.sourceCode;
      const isDotenv = isDotenvSourceCode(sourceCode);
      const isSchema = sourceCode instanceof PrismaSchemaSourceCode;
      if (!isDotenv && !isSchema && (sourceCode as { ast?: { type?: string } }).ast?.type !== 'Program') return {};
      if (isDotenv && createForDotenv === undefined) return {};
      if (isSchema && createForPrismaSchema === undefined) return {};
      if (isNotSource(context)) return {};
      const key = JSON.stringify(context.options);
      let options = mergedByConfiguration.get(key);
      if (options === undefined) {
        const merged: Options = deepFreeze(applyDefault<Options, Options>(defaults, context.options));
        mergedByConfiguration.set(key, merged);
        options = merged;
      }
      const honouring = honouringIgnoreComments(context, definition.name);
      if (isDotenv) return createForDotenv!(honouring, sourceCode, options) as TSESLint.RuleListener;
      if (isSchema) return createForPrismaSchema!(honouring, sourceCode, options) as TSESLint.RuleListener;
      return definition.create(honouring, options);
    },
  };
}

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const notSourceBySourceCode = new WeakMap<object, boolean>();

/**
 * Build output, minified, generated and oversized files (analysis/source-scope.ts): no rule
 * looks at them, so ESLint and the CLI agree however the project's ignores are set. Judged
 * once per file for all rules.
 */
function isNotSource(context: AnyContext): boolean {
  const sourceCode = context.sourceCode;
  let notSource = notSourceBySourceCode.get(sourceCode);
  if (notSource === undefined) {
    notSource = notSourceReason(context.filename, sourceCode.text, context.cwd) !== undefined;
    notSourceBySourceCode.set(sourceCode, notSource);
  }
  return notSource;
}

const ignoreCommentsBySourceCode = new WeakMap<object, IgnoreComments>();

/** The start line of a report descriptor, whether it gives a node or a location. */
function reportedLine(descriptor: TSESLint.ReportDescriptor<string>): number | undefined {
  const loc = 'loc' in descriptor && descriptor.loc !== undefined ? descriptor.loc : 'node' in descriptor ? descriptor.node.loc : undefined;
  if (loc === undefined) return undefined;
  return 'start' in loc ? loc.start.line : loc.line;
}

/**
 * The rule's context with a `report` that drops findings a `prisma-aurora-fix-ignore` comment
 * ignores (rules/util/ignore-comments.ts). The rule gets a child of ESLint's context that
 * shadows `report`.
 */
function honouringIgnoreComments<C extends AnyContext>(context: C, ruleName: string): C {
  const sourceCode = context.sourceCode;
  // Only files that mention the comment pay for reading their comments.
  if (!sourceCode.text.includes('prisma-aurora-fix-ignore')) return context;
  let ignore = ignoreCommentsBySourceCode.get(sourceCode);
  if (ignore === undefined) {
    ignore = readIgnoreComments(sourceCode.ast.comments ?? [], sourceCode.text);
    ignoreCommentsBySourceCode.set(sourceCode, ignore);
  }
  const ignoreComments = ignore;
  const report = (descriptor: TSESLint.ReportDescriptor<string>): void => {
    const line = reportedLine(descriptor);
    if (line !== undefined && ignoreComments.ignores(ruleName, line)) return;
    context.report(descriptor);
  };
  // ESLint's rule context is frozen and holds plain properties: a child object shadows `report`.
  return Object.create(context, { report: { value: report, enumerable: true } }) as C;
}
