import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { importCallSource, requireCallSource } from '../ast/module-source.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { propertyKeyName } from '../ast/names.js';
import { ensureParentPointers, visitNodes } from '../ast/tree.js';
import { isPrismaClientConstruction } from '../prisma-client/client-class.js';
import { isDriverAdapterSource, isPrismaClientSource, passesDriverAdapter } from '../prisma-client/driver-adapter.js';
import { mayHoldConnectionSettings } from '../text-gates.js';
import {
  DATABASE_URL_PARAM_KEYS,
  hasDatabaseScheme,
  isConnectionOptionsName,
  isDatabaseUrlName,
  isShadowDatabaseUrlName,
  parseConnectionString,
  type ParsedConnectionString,
} from './connection-string.js';
import { pgConstructorKind, poolArgumentOf, type PgConstructorKind, type PoolArgument } from './pg-constructors.js';
import { flattenString, flowSinks, type FlatString, type FlowSink } from './string-flow.js';
import { isComparisonSink, isPgConnectionStringSink } from './string-uses.js';
import { urlObjectSite, type UrlObjectSite } from './url-objects.js';

/**
 * The one detection behind `require-connection-params`, `no-sslmode-disable` and the
 * `set-connection-params` transform: every connection string the file builds (literals,
 * templates, concatenations, `?`-fragments that flow into a `DATABASE_URL`-like name), every
 * `URL` object whose `searchParams` are edited, every `new PrismaPg(...)`/`new Pool(...)`
 * from `pg`, and whether the file runs Prisma through a driver adapter. Findings carry exact
 * source ranges and, where a fix is safe, the text edits of the suggestion; the codemod
 * applies the same edits.
 */

/** Prisma ≤ 6 reads pool settings from the URL; with a driver adapter (always on Prisma 7) the pool options do. */
export type ConnectionSettingsMode = 'url' | 'adapter';

export interface ConnectionStringSite {
  /** The whole string expression (see {@link flowSinks}). */
  value: TSESTree.Node;
  /** Names it is stored under (`DATABASE_URL`, `databaseUrl`, `connectionString`...). */
  names: string[];
  flat: FlatString;
  parsed: ParsedConnectionString;
  /** A PostgreSQL/MySQL URL, or a URL/query stored under a database-URL name. */
  isConnectionString: boolean;
  /** Only the shadow database of `prisma migrate dev` uses it. */
  isShadow: boolean;
  /** Handed straight to a node-postgres `Client`/`Pool`, which reads none of Prisma's URL parameters. */
  feedsPgDirectly: boolean;
  /** The `new URL(value)` whose `searchParams` the file edits. */
  urlObject: UrlObjectSite | undefined;
  /**
   * `DATABASE_OPTION: ''`: an empty options fragment that a `.env` or another file glues onto
   * the URL. It carries no setting, and the code does not show whether the join adds the `?`.
   */
  isEmptyOptionsFragment: boolean;
}

export interface PgConstructorSite {
  kind: PgConstructorKind;
  construction: TSESTree.NewExpression;
  argument: PoolArgument;
}

export interface ConnectionSettingsAnalysis {
  file: ParsedFile;
  sites: ConnectionStringSite[];
  urlObjects: UrlObjectSite[];
  pgConstructors: PgConstructorSite[];
  /** Imports a `@prisma/adapter-*` package, or passes `adapter:` to a PrismaClient. */
  usesDriverAdapter: boolean;
  /** Imports a Prisma client or adapter, or constructs a PrismaClient. */
  usesPrisma: boolean;
}

/** Strings worth following: a URL, a query parameter, or a connection setting by name. */
const SEED_TEXT = /:\/\/|[?&][\w%.-]*=|sslmode|connection_limit|connect_timeout/;
const analysisByProgram = new WeakMap<TSESTree.Program, ConnectionSettingsAnalysis>();

/** Analyses a file once (cached per AST, shared by both rules). */
export function analyzeConnectionSettings(file: ParsedFile): ConnectionSettingsAnalysis {
  const { program, sourceText } = file;
  const cached = analysisByProgram.get(program);
  if (cached) return cached;
  const analysis: ConnectionSettingsAnalysis = {
    file,
    sites: [],
    urlObjects: [],
    pgConstructors: [],
    usesDriverAdapter: false,
    usesPrisma: false,
  };
  analysisByProgram.set(program, analysis);
  if (!mayHoldConnectionSettings(sourceText)) return analysis;
  ensureParentPointers(program);

  const seeds: TSESTree.Node[] = [];
  const constructions: TSESTree.NewExpression[] = [];
  const importSources: string[] = [];
  visitNodes(program, (node) => {
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'string' && (SEED_TEXT.test(node.value) || isEmptyOptionsValue(node))) seeds.push(node);
        break;
      case 'TemplateLiteral':
        if (node.quasis.some((quasi) => SEED_TEXT.test(quasi.value.cooked ?? quasi.value.raw)) || isEmptyOptionsValue(node))
          seeds.push(node);
        break;
      case 'NewExpression':
        constructions.push(node);
        break;
      case 'ImportDeclaration':
        if (node.importKind !== 'type') importSources.push(node.source.value);
        break;
      case 'ImportExpression':
      case 'CallExpression': {
        const source = importCallSource(node) ?? requireCallSource(node);
        if (source !== undefined) importSources.push(source);
        break;
      }
      default:
        break;
    }
  });

  analysis.usesDriverAdapter = importSources.some(isDriverAdapterSource);
  analysis.usesPrisma = analysis.usesDriverAdapter || importSources.some(isPrismaClientSource);
  for (const construction of constructions) {
    if (isPrismaClientConstruction(file, construction)) {
      analysis.usesPrisma = true;
      if (passesDriverAdapter(file, construction)) analysis.usesDriverAdapter = true;
      continue;
    }
    const kind = pgConstructorKind(file, construction);
    if (kind) analysis.pgConstructors.push({ kind, construction, argument: poolArgumentOf(file, construction) });
  }

  const pgTargets = new Set<TSESTree.Node>();
  for (const site of analysis.pgConstructors) {
    if (site.kind === 'PrismaPg') continue;
    if (site.argument.kind === 'options') pgTargets.add(site.argument.options.object);
    if (site.argument.kind === 'connectionString') pgTargets.add(site.argument.node);
  }
  analysis.sites = connectionStringSites(file, seeds, pgTargets);
  const siteByValue = new Map(analysis.sites.map((site) => [site.value, site]));
  for (const construction of constructions) {
    const urlObject = urlObjectSite(file, construction);
    if (!urlObject) continue;
    const argument = construction.arguments[0];
    const baseSite = argument ? siteByValue.get(argument) : undefined;
    if (baseSite?.isConnectionString) urlObject.isDatabaseUrl = true;
    if (urlObject.isDatabaseUrl) {
      analysis.urlObjects.push(urlObject);
      if (baseSite) baseSite.urlObject = urlObject;
    }
  }
  return analysis;
}

/**
 * `''` (or ``` `` ```) stored right under an options-fragment name (`DATABASE_OPTION: ''`,
 * `const dbOptions = ''`): worth following although it holds no URL text, because the URL it
 * completes then has no settings at all.
 */
function isEmptyOptionsValue(node: TSESTree.Literal | TSESTree.TemplateLiteral): boolean {
  const isEmpty = node.type === 'Literal' ? node.value === '' : node.expressions.length === 0 && node.quasis[0]?.value.raw === '';
  if (!isEmpty) return false;
  const parent = node.parent;
  if (parent?.type === 'Property' && parent.value === node) {
    const key = propertyKeyName(parent);
    return key !== undefined && isConnectionOptionsName(key);
  }
  if (parent?.type === 'VariableDeclarator' && parent.init === node && parent.id.type === 'Identifier') {
    return isConnectionOptionsName(parent.id.name);
  }
  return false;
}

function connectionStringSites(
  file: ParsedFile,
  seeds: readonly TSESTree.Node[],
  pgTargets: ReadonlySet<TSESTree.Node>,
): ConnectionStringSite[] {
  const sinksByValue = new Map<TSESTree.Node, FlowSink[]>();
  for (const seed of seeds) {
    for (const sink of flowSinks(file, seed)) {
      const sinks = sinksByValue.get(sink.value) ?? [];
      sinks.push(sink);
      sinksByValue.set(sink.value, sinks);
    }
  }
  return [...sinksByValue].map(([value, sinks]) => {
    const names = [...new Set(sinks.flatMap((sink) => sink.names))];
    const flat = flattenString(file, value);
    const parsed = parseConnectionString(flat.text);
    const allNames = [...names, ...flat.placeholderNames];
    const stored = allNames.some(isDatabaseUrlName);
    // `?pool_timeout=20&connect_timeout=20` under `DATABASE_OPTION`: the query of a URL put together elsewhere.
    const isOptionsFragment =
      parsed.scheme === undefined &&
      !parsed.schemeIsPlaceholder &&
      parsed.queryStart === 0 &&
      !parsed.extendsBaseQuery &&
      // A key only connection URLs carry, so `dbQuery = '?select=*'` for a REST call is not one.
      parsed.params.some((param) => param.key !== undefined && DATABASE_URL_PARAM_KEYS.has(param.key)) &&
      names.some(isConnectionOptionsName);
    const isEmptyOptionsFragment = flat.text === '' && flat.placeholderNames.length === 0 && names.some(isConnectionOptionsName);
    const looksLikeConnectionString =
      hasDatabaseScheme(parsed) ||
      isOptionsFragment ||
      isEmptyOptionsFragment ||
      (parsed.scheme === undefined &&
        stored &&
        (parsed.schemeIsPlaceholder || (parsed.queryStart !== undefined && parsed.params.length > 0)));
    // A URL only compared (`value.startsWith('postgresql://user:password@host/db')`) sets nothing.
    const isConnectionString = looksLikeConnectionString && !sinks.every((sink) => isComparisonSink(file, sink));
    return {
      value,
      names,
      flat,
      // The empty fragment is the whole query of the URL it completes: nothing else can add a setting.
      parsed: isEmptyOptionsFragment ? { ...parsed, queryMayHideInPlaceholder: false } : parsed,
      isConnectionString,
      isShadow: allNames.some(isShadowDatabaseUrlName),
      feedsPgDirectly: sinks.every((sink) => isPgConnectionStringSink(sink, pgTargets)),
      urlObject: undefined,
      isEmptyOptionsFragment,
    };
  });
}

/** Prisma ≤ 6 URL settings, or driver-adapter pool options: what the file and the package's Prisma version say. */
export function connectionSettingsMode(analysis: ConnectionSettingsAnalysis, prismaMajor: number | undefined): ConnectionSettingsMode {
  return analysis.usesDriverAdapter || (prismaMajor !== undefined && prismaMajor >= 7) ? 'adapter' : 'url';
}
