// Not from '@typescript-eslint/utils' (its index loads ESLint): see string-flow.ts.
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/typescript-estree';
import { getStaticValue } from '@typescript-eslint/utils/ast-utils';
import {
  DATABASE_URL_PARAM_KEYS,
  DEFAULT_CONNECTION_PARAM_OPTIONS,
  DRIVER_ADAPTER_IGNORED_PARAMS,
  connectionParamProblems,
  connectsOnlyToLocalHosts,
  driverAdapterIgnoredParams,
  editsForConnectionParamProblems,
  hasDatabaseScheme,
  isDatabaseUrlName,
  isLocalHost,
  isShadowDatabaseUrlName,
  parseConnectionString,
  sslModeDisableParams,
  sslModeRequireEdits,
  type ConnectionParamOptions,
  type ParsedConnectionString,
  type RequiredConnectionParam,
} from './connection-string.js';
import {
  importedBindingOf,
  isOverriddenBySpread,
  isDriverAdapterSource,
  isPrismaClientConstruction,
  isPrismaClientSource,
  pgConstructorKind,
  poolArgumentOf,
  staticOptionValue,
  type PgConstructorKind,
  type PoolArgument,
  type PoolOptions,
} from './driver-adapter.js';
import { lineBreakOf } from './edit/code-style.js';
import { appendPropertiesEdits, removePropertyEdits } from './edit/object-literal-edits.js';
import {
  ensureParentPointers,
  flattenString,
  flowSinks,
  isInterpolateTag,
  memberPropertyName,
  resolveIdentifierValue,
  scopeOf,
  unwrapExpression,
  variableOf,
  visitNodes,
  type FlatString,
  type LiteralCarrier,
  type ModuleContext,
  type ScopeManager,
} from './string-flow.js';
import { sameTextEdit, textEditsOverlap, type TextEdit } from './edit/text-edit.js';
import { mayHoldConnectionSettings } from './text-gates.js';

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
  /** The `new URL(value)` whose `searchParams` the file edits. */
  urlObject: UrlObjectSite | undefined;
}

export interface SearchParamOperation {
  method: 'set' | 'append' | 'delete';
  key: string | undefined;
  value: string | undefined;
  call: TSESTree.CallExpression;
  valueNode: TSESTree.Node | undefined;
}

export interface UrlObjectSite {
  construction: TSESTree.NewExpression;
  variableName: string;
  base: ParsedConnectionString | undefined;
  operations: SearchParamOperation[];
  /** `url.search = ...` or `url.href = ...` somewhere: the query is replaced wholesale. */
  replacesQuery: boolean;
  isDatabaseUrl: boolean;
  /** The statement new `searchParams.set(...)` calls go after (the last edit of the query, or the declaration). */
  insertAfter: TSESTree.Node | undefined;
}

export interface PgConstructorSite {
  kind: PgConstructorKind;
  construction: TSESTree.NewExpression;
  argument: PoolArgument;
}

export interface ConnectionSettingsAnalysis {
  context: ModuleContext;
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
export function analyzeConnectionSettings(program: TSESTree.Program, scopeManager: ScopeManager, sourceText: string): ConnectionSettingsAnalysis {
  const cached = analysisByProgram.get(program);
  if (cached) return cached;
  const context: ModuleContext = { program, scopeManager, sourceText };
  const analysis: ConnectionSettingsAnalysis = { context, sites: [], urlObjects: [], pgConstructors: [], usesDriverAdapter: false, usesPrisma: false };
  analysisByProgram.set(program, analysis);
  if (!mayHoldConnectionSettings(sourceText)) return analysis;
  ensureParentPointers(program);

  const seeds: TSESTree.Node[] = [];
  const constructions: TSESTree.NewExpression[] = [];
  const importSources: string[] = [];
  visitNodes(program, (node) => {
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        if (typeof node.value === 'string' && SEED_TEXT.test(node.value)) seeds.push(node);
        break;
      case AST_NODE_TYPES.TemplateLiteral:
        if (node.quasis.some((quasi) => SEED_TEXT.test(quasi.value.cooked ?? quasi.value.raw))) seeds.push(node);
        break;
      case AST_NODE_TYPES.NewExpression:
        constructions.push(node);
        break;
      case AST_NODE_TYPES.ImportDeclaration:
        if (node.importKind !== 'type') importSources.push(node.source.value);
        break;
      case AST_NODE_TYPES.ImportExpression:
        if (node.source.type === AST_NODE_TYPES.Literal && typeof node.source.value === 'string') importSources.push(node.source.value);
        break;
      case AST_NODE_TYPES.CallExpression:
        if (node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require' && node.arguments[0]?.type === AST_NODE_TYPES.Literal && typeof node.arguments[0].value === 'string') {
          importSources.push(node.arguments[0].value);
        }
        break;
      default:
        break;
    }
  });

  analysis.usesDriverAdapter = importSources.some(isDriverAdapterSource);
  analysis.usesPrisma = analysis.usesDriverAdapter || importSources.some(isPrismaClientSource);
  for (const construction of constructions) {
    if (isPrismaClientConstruction(context, construction)) {
      analysis.usesPrisma = true;
      if (passesAdapterOption(context, construction)) analysis.usesDriverAdapter = true;
      continue;
    }
    const kind = pgConstructorKind(context, construction);
    if (kind) analysis.pgConstructors.push({ kind, construction, argument: poolArgumentOf(context, construction) });
  }

  analysis.sites = connectionStringSites(context, seeds);
  const siteByValue = new Map(analysis.sites.map((site) => [site.value, site]));
  for (const construction of constructions) {
    const urlObject = urlObjectSite(context, construction);
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

function passesAdapterOption(context: ModuleContext, construction: TSESTree.NewExpression): boolean {
  const argument = poolArgumentOf(context, construction);
  if (argument.kind !== 'options') return false;
  const adapter = argument.options.entries.get('adapter');
  if (!adapter) return false;
  const value = unwrapExpression(adapter.value);
  return !(value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') && !(value.type === AST_NODE_TYPES.Literal && value.value === null);
}

function connectionStringSites(context: ModuleContext, seeds: readonly TSESTree.Node[]): ConnectionStringSite[] {
  const namesByValue = new Map<TSESTree.Node, Set<string>>();
  for (const seed of seeds) {
    for (const sink of flowSinks(context, seed)) {
      const names = namesByValue.get(sink.value) ?? new Set<string>();
      for (const name of sink.names) names.add(name);
      namesByValue.set(sink.value, names);
    }
  }
  return [...namesByValue].map(([value, nameSet]) => {
    const names = [...nameSet];
    const flat = flattenString(context, value);
    const parsed = parseConnectionString(flat.text);
    const allNames = [...names, ...flat.placeholderNames];
    const stored = allNames.some(isDatabaseUrlName);
    const isConnectionString =
      hasDatabaseScheme(parsed) ||
      (parsed.scheme === undefined && stored && (parsed.schemeIsPlaceholder || (parsed.queryStart !== undefined && parsed.params.length > 0)));
    return { value, names, flat, parsed, isConnectionString, isShadow: allNames.some(isShadowDatabaseUrlName), urlObject: undefined };
  });
}

function staticString(context: ModuleContext, node: TSESTree.Node | undefined): string | undefined {
  if (node === undefined || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const folded = getStaticValue(node as TSESTree.Expression, scopeOf(context.scopeManager, node));
  return folded && (typeof folded.value === 'string' || typeof folded.value === 'number') ? String(folded.value) : undefined;
}

function memberName(node: TSESTree.Node | undefined): string | undefined {
  return node?.type === AST_NODE_TYPES.MemberExpression ? memberPropertyName(node) : undefined;
}

/** The statement around `node` that sits directly in a statement list (so a statement can follow it), within the same function. */
function statementInList(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current: TSESTree.Node = node; current.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    switch (parent.type) {
      case AST_NODE_TYPES.Program:
      case AST_NODE_TYPES.BlockStatement:
      case AST_NODE_TYPES.StaticBlock:
        return current;
      case AST_NODE_TYPES.SwitchCase:
        return parent.consequent.includes(current as TSESTree.Statement) ? current : undefined;
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.ClassBody:
        return undefined;
      default:
        break;
    }
  }
  return undefined;
}

/** `const url = new URL(x)` followed by `url.searchParams.set/append/delete(...)`. */
function urlObjectSite(context: ModuleContext, construction: TSESTree.NewExpression): UrlObjectSite | undefined {
  const callee = construction.callee;
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'URL') return undefined;
  const urlVariable = variableOf(context, callee);
  if (urlVariable && urlVariable.defs.length > 0) {
    const binding = importedBindingOf(context, callee);
    if (!binding || (binding.source !== 'url' && binding.source !== 'node:url')) return undefined;
  }
  let holder: TSESTree.Node = construction;
  while (holder.parent && unwrapExpression(holder.parent) !== holder.parent) holder = holder.parent;
  const declarator = holder.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== holder || declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variableName = declarator.id.name;
  const variable = context.scopeManager.getDeclaredVariables(declarator).find((candidate) => candidate.name === variableName);
  if (!variable) return undefined;

  const operations: SearchParamOperation[] = [];
  let replacesQuery = false;
  for (const reference of variable.references) {
    if (!reference.isRead()) continue;
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const property = memberName(member);
    if ((property === 'search' || property === 'href') && member.parent?.type === AST_NODE_TYPES.AssignmentExpression && member.parent.left === member) {
      replacesQuery = true;
      continue;
    }
    if (property !== 'searchParams') continue;
    const method = memberName(member.parent);
    const call = member.parent?.parent;
    if ((method === 'set' || method === 'append' || method === 'delete') && call?.type === AST_NODE_TYPES.CallExpression && call.callee === member.parent) {
      const valueNode = call.arguments[1];
      operations.push({ method, key: staticString(context, call.arguments[0]), value: staticString(context, valueNode), call, valueNode });
    }
  }

  const argument = construction.arguments[0];
  const baseFlat = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? flattenString(context, argument) : undefined;
  const base = baseFlat ? parseConnectionString(baseFlat.text) : undefined;
  const isDatabaseUrl =
    (base !== undefined && hasDatabaseScheme(base)) ||
    (baseFlat?.placeholderNames.some(isDatabaseUrlName) ?? false) ||
    isDatabaseUrlName(variableName) ||
    operations.some((operation) => operation.key !== undefined && DATABASE_URL_PARAM_KEYS.has(operation.key));
  const lastOperation = operations.reduce<SearchParamOperation | undefined>((last, operation) => (!last || operation.call.range[0] > last.call.range[0] ? operation : last), undefined);
  const insertAfter = statementInList(lastOperation ? lastOperation.call : declarator);
  return { construction, variableName, base, operations, replacesQuery, isDatabaseUrl, insertAfter };
}

/** Prisma ≤ 6 URL settings, or driver-adapter pool options: what the file and the package's Prisma version say. */
export function connectionSettingsMode(analysis: ConnectionSettingsAnalysis, prismaMajor: number | undefined): ConnectionSettingsMode {
  return analysis.usesDriverAdapter || (prismaMajor !== undefined && prismaMajor >= 7) ? 'adapter' : 'url';
}

export type ConnectionParamsMessageId =
  | 'missingParams'
  | 'connectionLimit'
  | 'connectTimeout'
  | 'secondQuestionMark'
  | 'ignoredByDriverAdapter'
  | 'missingPoolOptions'
  | 'poolMax'
  | 'poolConnectionTimeout'
  | 'poolSizeIgnored';

export type ConnectionParamsSuggestionId = 'setConnectionParams' | 'setPoolOptions';

export type SslModeMessageId = 'sslModeDisable' | 'sslFalse';
export type SslModeSuggestionId = 'useSslModeRequire' | 'useSslTrue';

export interface ConnectionFinding<MessageId extends string, SuggestionId extends string> {
  messageId: MessageId;
  start: number;
  end: number;
  data: Record<string, string>;
  suggestion?: { messageId: SuggestionId; data: Record<string, string>; edits: TextEdit[] };
}

export type ConnectionParamsFinding = ConnectionFinding<ConnectionParamsMessageId, ConnectionParamsSuggestionId>;
export type SslModeFinding = ConnectionFinding<SslModeMessageId, SslModeSuggestionId>;

export interface ConnectionParamsCheck extends ConnectionParamOptions {
  mode: ConnectionSettingsMode;
}

function innermostOwner(flat: FlatString, index: number): LiteralCarrier | undefined {
  return flat.owners[index]?.at(-1);
}

/** The source range of `[start, end)` of the flat text, when one literal writes it without escapes. */
function sourceRangeOf(flat: FlatString, start: number, end: number): [number, number] | undefined {
  if (start >= end) return undefined;
  const first = flat.offsets[start]!;
  const owner = innermostOwner(flat, start);
  if (first < 0) return undefined;
  for (let index = start; index < end; index += 1) {
    if (flat.offsets[index] !== first + (index - start) || innermostOwner(flat, index) !== owner) return undefined;
  }
  return [first, first + (end - start)];
}

/** Where to report `[start, end)` of a site: the exact characters, else the literal holding them, else the whole value. */
function reportRange(site: ConnectionStringSite, start: number, end: number): [number, number] {
  return sourceRangeOf(site.flat, start, end) ?? innermostOwner(site.flat, start)?.range ?? site.value.range;
}

/** Missing parameters belong to the literal that opens the query (`'?pool_timeout=20'`), else to the whole string. */
function missingParamsRange(site: ConnectionStringSite): [number, number] {
  const { queryStart } = site.parsed;
  const owner = queryStart === undefined ? undefined : innermostOwner(site.flat, queryStart);
  return owner?.range ?? site.value.range;
}

function quoteOf(context: ModuleContext, flat: FlatString): string {
  for (const owners of flat.owners) {
    for (const owner of owners) {
      const first = context.sourceText[owner.range[0]];
      if (owner.type === AST_NODE_TYPES.Literal && (first === "'" || first === '"')) return first;
    }
  }
  return "'";
}

interface SiteFix {
  edits: TextEdit[];
  /** Literals (or the value itself) the edits change: each must only feed strings that want the same change. */
  carriers: TSESTree.Node[];
}

/** Appends `text` at the end of an expression's string: inside its last literal, else as `+ 'text'`. */
function appendToExpression(context: ModuleContext, node: TSESTree.Node, text: string, quote: string, siteValue: TSESTree.Node = node): SiteFix {
  const inner = unwrapExpression(node);
  switch (inner.type) {
    case AST_NODE_TYPES.Literal:
      if (typeof inner.value === 'string') return { edits: [{ start: inner.range[1] - 1, end: inner.range[1] - 1, text }], carriers: [inner] };
      break;
    case AST_NODE_TYPES.TemplateLiteral:
      return { edits: [{ start: inner.range[1] - 1, end: inner.range[1] - 1, text }], carriers: [inner] };
    case AST_NODE_TYPES.TaggedTemplateExpression:
      if (isInterpolateTag(inner.tag)) return appendToExpression(context, inner.quasi, text, quote, siteValue);
      break;
    case AST_NODE_TYPES.BinaryExpression:
      if (inner.operator === '+') return appendToExpression(context, inner.right, text, quote, siteValue);
      break;
    case AST_NODE_TYPES.Identifier: {
      // Into the constant's own literal when this is the only string it feeds; else right here.
      const value = resolveIdentifierValue(context, inner);
      if (value && flowSinks(context, value).every((sink) => sink.value === siteValue)) return appendToExpression(context, value, text, quote, siteValue);
      break;
    }
    default:
      break;
  }
  const literal = `${quote}${text}${quote}`;
  const bindsTighterThanPlus =
    node.type === AST_NODE_TYPES.Identifier ||
    node.type === AST_NODE_TYPES.MemberExpression ||
    node.type === AST_NODE_TYPES.CallExpression ||
    node.type === AST_NODE_TYPES.NewExpression ||
    node.type === AST_NODE_TYPES.ChainExpression ||
    node.type === AST_NODE_TYPES.TSNonNullExpression;
  if (bindsTighterThanPlus) return { edits: [{ start: node.range[1], end: node.range[1], text: ` + ${literal}` }], carriers: [node] };
  return {
    edits: [
      { start: node.range[0], end: node.range[0], text: '(' },
      { start: node.range[1], end: node.range[1], text: `) + ${literal}` },
    ],
    carriers: [node],
  };
}

/** Source edits for edits expressed on a site's flat text; undefined when some part is not written literally. */
function mapSiteEdits(context: ModuleContext, site: ConnectionStringSite, flatEdits: readonly TextEdit[]): SiteFix | undefined {
  const { flat, parsed } = site;
  const fix: SiteFix = { edits: [], carriers: [] };
  for (const edit of flatEdits) {
    if (edit.start < edit.end) {
      const range = sourceRangeOf(flat, edit.start, edit.end);
      if (!range) return undefined;
      fix.edits.push({ start: range[0], end: range[1], text: edit.text });
      fix.carriers.push(innermostOwner(flat, edit.start)!);
      continue;
    }
    if (edit.start < flat.text.length) {
      // Before a `#fragment`: right before that character.
      const offset = flat.offsets[edit.start]!;
      if (offset < 0) return undefined;
      fix.edits.push({ start: offset, end: offset, text: edit.text });
      fix.carriers.push(innermostOwner(flat, edit.start)!);
      continue;
    }
    // At the end: into the literal that opened the query when it also ends the string, else after the whole value.
    const owner = parsed.queryStart === undefined ? undefined : innermostOwner(flat, parsed.queryStart);
    const lastOwners = flat.owners[flat.text.length - 1];
    if (owner && lastOwners?.includes(owner)) {
      fix.edits.push({ start: owner.range[1] - 1, end: owner.range[1] - 1, text: edit.text });
      fix.carriers.push(owner);
      continue;
    }
    const appended = appendToExpression(context, site.value, edit.text, quoteOf(context, flat));
    fix.edits.push(...appended.edits);
    fix.carriers.push(...appended.carriers);
  }
  return textEditsOverlap(fix.edits) ? undefined : fix;
}

function isWithin(inner: TSESTree.Node, outer: TSESTree.Node): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}

/**
 * A fix that edits a literal outside its own expression (a `const option = '?...'` read
 * elsewhere) is safe only when every string that literal feeds wants exactly that edit.
 */
function dropUnsafeFixes(context: ModuleContext, fixes: Map<ConnectionStringSite, SiteFix | undefined>): void {
  const siteByValue = new Map([...fixes.keys()].map((site) => [site.value, site]));
  for (const [site, fix] of fixes) {
    if (!fix) continue;
    const safe = fix.carriers.every((carrier) => {
      if (isWithin(carrier, site.value)) return true;
      const own = fix.edits.filter((edit) => edit.start >= carrier.range[0] && edit.end <= carrier.range[1]);
      return flowSinks(context, carrier).every((sink) => {
        const other = siteByValue.get(sink.value);
        const otherFix = other ? fixes.get(other) : undefined;
        return otherFix !== undefined && own.every((edit) => otherFix.edits.some((candidate) => sameTextEdit(candidate, edit)));
      });
    });
    if (!safe) fixes.set(site, undefined);
  }
}

function describeParams(params: readonly RequiredConnectionParam[], options: ConnectionParamOptions): string {
  return params.map((key) => `\`${key}=${key === 'connection_limit' ? 1 : options.minConnectTimeoutSeconds}\``).join(' and ');
}

/** `30_000` for 30 seconds: the digits grouped as the docs write them. */
export function millisecondsLiteral(seconds: number): string {
  return String(seconds * 1000).replace(/\B(?=(\d{3})+$)/g, '_');
}

function poolOptionTexts(options: ConnectionParamOptions): { max: string; timeout: string } {
  return { max: 'max: 1', timeout: `connectionTimeoutMillis: ${millisecondsLiteral(options.minConnectTimeoutSeconds)}` };
}

/** `require-connection-params` findings for a file, in the given mode. */
export function connectionParamFindings(analysis: ConnectionSettingsAnalysis, check: ConnectionParamsCheck): ConnectionParamsFinding[] {
  const findings = check.mode === 'url' ? urlModeFindings(analysis, check) : adapterModeFindings(analysis, check);
  return dedupeFindings(findings);
}

function dedupeFindings<F extends ConnectionFinding<string, string>>(findings: F[]): F[] {
  const seen = new Set<string>();
  return findings
    .filter((finding) => {
      const key = `${finding.messageId}:${finding.start}:${finding.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

function checkedSites(analysis: ConnectionSettingsAnalysis): ConnectionStringSite[] {
  return analysis.sites.filter((site) => site.isConnectionString && !site.isShadow && !connectsOnlyToLocalHosts(site.parsed));
}

function managesSearchParams(urlObject: UrlObjectSite | undefined): boolean {
  return urlObject !== undefined && urlObject.operations.length > 0 && !urlObject.replacesQuery;
}

function urlModeFindings(analysis: ConnectionSettingsAnalysis, check: ConnectionParamsCheck): ConnectionParamsFinding[] {
  const { context } = analysis;
  const problemsBySite = new Map<ConnectionStringSite, ReturnType<typeof connectionParamProblems>>();
  const fixes = new Map<ConnectionStringSite, SiteFix | undefined>();
  for (const site of checkedSites(analysis)) {
    const problems = connectionParamProblems(site.parsed, check).filter((problem) => problem.kind !== 'missing' || !managesSearchParams(site.urlObject));
    problemsBySite.set(site, problems);
    fixes.set(site, problems.length === 0 ? { edits: [], carriers: [] } : mapSiteEdits(context, site, editsForConnectionParamProblems(site.parsed, problems, check)));
  }
  dropUnsafeFixes(context, fixes);

  const findings: ConnectionParamsFinding[] = [];
  for (const [site, problems] of problemsBySite) {
    const fix = fixes.get(site);
    const suggestion = fix && fix.edits.length > 0 ? { messageId: 'setConnectionParams' as const, data: { params: describeParams(['connection_limit', 'connect_timeout'], check) }, edits: fix.edits } : undefined;
    for (const problem of problems) {
      switch (problem.kind) {
        case 'missing': {
          const [start, end] = missingParamsRange(site);
          findings.push({ messageId: 'missingParams', start, end, data: { params: describeParams(problem.params, check) }, suggestion });
          break;
        }
        case 'connection_limit': {
          const [start, end] = reportRange(site, problem.param.start, problem.param.end);
          findings.push({ messageId: 'connectionLimit', start, end, data: { value: problem.value, max: String(check.maxConnectionLimit) }, suggestion });
          break;
        }
        case 'connect_timeout': {
          const [start, end] = reportRange(site, problem.param.start, problem.param.end);
          findings.push({ messageId: 'connectTimeout', start, end, data: { value: problem.value, min: String(check.minConnectTimeoutSeconds) }, suggestion });
          break;
        }
        case 'secondQuestionMark': {
          const [start, end] = reportRange(site, problem.index, problem.index + 1);
          findings.push({ messageId: 'secondQuestionMark', start, end, data: { key: problem.swallowedKey ?? 'the next parameter' }, suggestion });
          break;
        }
      }
    }
  }
  for (const urlObject of analysis.urlObjects) findings.push(...urlObjectFindings(context, urlObject, check));
  return findings;
}

function quotedLike(context: ModuleContext, node: TSESTree.Node | undefined, text: string): string {
  const first = node ? context.sourceText[node.range[0]] : undefined;
  const quote = first === '"' || first === '`' ? first : "'";
  return `${quote}${text}${quote}`;
}

function urlObjectFindings(context: ModuleContext, urlObject: UrlObjectSite, check: ConnectionParamsCheck): ConnectionParamsFinding[] {
  if (!managesSearchParams(urlObject)) return [];
  if (urlObject.base && connectsOnlyToLocalHosts(urlObject.base)) return [];
  const findings: ConnectionParamsFinding[] = [];
  const present = new Set<string>();
  const baseIsKnown = urlObject.base !== undefined && !urlObject.base.queryMayHideInPlaceholder && !urlObject.base.extendsBaseQuery;
  if (baseIsKnown) for (const param of urlObject.base!.params) if (param.key !== undefined) present.add(param.key);
  const operations = [...urlObject.operations].sort((a, b) => a.call.range[0] - b.call.range[0]);
  for (const operation of operations) {
    if (operation.key === undefined) continue;
    if (operation.method === 'delete') present.delete(operation.key);
    else present.add(operation.key);
    if (operation.method === 'delete' || operation.value === undefined || !operation.valueNode) continue;
    const wrong =
      (operation.key === 'connection_limit' && !(/^\d+$/.test(operation.value) && Number(operation.value) >= 1 && Number(operation.value) <= check.maxConnectionLimit)) ||
      (operation.key === 'connect_timeout' && !(/^\d+$/.test(operation.value) && Number(operation.value) >= check.minConnectTimeoutSeconds));
    if (!wrong) continue;
    const key = operation.key as RequiredConnectionParam;
    const recommended = key === 'connection_limit' ? '1' : String(check.minConnectTimeoutSeconds);
    const keyNode = operation.call.arguments[0];
    findings.push({
      messageId: operation.key === 'connection_limit' ? 'connectionLimit' : 'connectTimeout',
      start: operation.valueNode.range[0],
      end: operation.valueNode.range[1],
      data: operation.key === 'connection_limit' ? { value: operation.value, max: String(check.maxConnectionLimit) } : { value: operation.value, min: String(check.minConnectTimeoutSeconds) },
      suggestion: {
        messageId: 'setConnectionParams',
        data: { params: describeParams([key], check) },
        edits: [{ start: operation.valueNode.range[0], end: operation.valueNode.range[1], text: quotedLike(context, keyNode, recommended) }],
      },
    });
  }
  const missing = (['connection_limit', 'connect_timeout'] as const).filter((key) => !present.has(key));
  if (missing.length > 0) {
    const statement = urlObject.insertAfter;
    const quoteSource = operations[0]?.call.arguments[0];
    const edits: TextEdit[] = [];
    if (statement) {
      const lineStart = context.sourceText.lastIndexOf('\n', statement.range[0] - 1) + 1;
      const indent = /^[ \t]*/.exec(context.sourceText.slice(lineStart, statement.range[0]))![0];
      const lineBreak = lineBreakOf(context.sourceText);
      const text = missing
        .map((key) => {
          const value = key === 'connection_limit' ? '1' : String(check.minConnectTimeoutSeconds);
          return `${lineBreak}${indent}${urlObject.variableName}.searchParams.set(${quotedLike(context, quoteSource, key)}, ${quotedLike(context, quoteSource, value)});`;
        })
        .join('');
      edits.push({ start: statement.range[1], end: statement.range[1], text });
    }
    findings.push({
      messageId: 'missingParams',
      start: urlObject.construction.range[0],
      end: urlObject.construction.range[1],
      data: { params: describeParams(missing, check) },
      suggestion: edits.length > 0 ? { messageId: 'setConnectionParams', data: { params: describeParams(missing, check) }, edits } : undefined,
    });
  }
  return findings;
}

function adapterModeFindings(analysis: ConnectionSettingsAnalysis, check: ConnectionParamsCheck): ConnectionParamsFinding[] {
  const { context } = analysis;
  const findings: ConnectionParamsFinding[] = [];
  // URL parameters are reported as no-ops only where the file hands URLs to a driver adapter:
  // elsewhere (a CDK stack of a Prisma 7 package) the same URL may also feed `prisma migrate`,
  // whose schema engine does read `connect_timeout`.
  const ignoredParamSites = analysis.usesDriverAdapter ? checkedSites(analysis) : [];
  for (const site of ignoredParamSites) {
    for (const param of driverAdapterIgnoredParams(site.parsed)) {
      const [start, end] = reportRange(site, param.start, param.end);
      findings.push({ messageId: 'ignoredByDriverAdapter', start, end, data: { param: param.key!, replacement: DRIVER_ADAPTER_IGNORED_PARAMS.get(param.key!)! } });
    }
  }
  for (const urlObject of analysis.usesDriverAdapter ? analysis.urlObjects : []) {
    if (urlObject.base && connectsOnlyToLocalHosts(urlObject.base)) continue;
    for (const operation of urlObject.operations) {
      if (operation.method === 'delete' || operation.key === undefined || !DRIVER_ADAPTER_IGNORED_PARAMS.has(operation.key)) continue;
      findings.push({
        messageId: 'ignoredByDriverAdapter',
        start: operation.call.range[0],
        end: operation.call.range[1],
        data: { param: operation.key, replacement: DRIVER_ADAPTER_IGNORED_PARAMS.get(operation.key)! },
      });
    }
  }
  if (!analysis.usesDriverAdapter && !analysis.usesPrisma) return findings;
  for (const site of analysis.pgConstructors) {
    if (site.kind === 'Client') continue;
    findings.push(...poolFindings(context, site, check));
  }
  return findings;
}

function calleeText(context: ModuleContext, construction: TSESTree.NewExpression): string {
  return context.sourceText.slice(construction.callee.range[0], construction.callee.range[1]);
}

/** Whether pool options point at a local database only (`host: 'localhost'`, or a local `connectionString`). */
function poolTargetsLocalHost(context: ModuleContext, options: PoolOptions, extraLocalHosts: readonly string[] = []): boolean {
  const host = options.entries.get('host');
  if (host) {
    const value = staticOptionValue(context, host);
    return typeof value === 'string' && value.split(',').every((entry) => isLocalHost(entry, extraLocalHosts));
  }
  const connectionString = options.entries.get('connectionString');
  if (!connectionString) return false;
  return connectsOnlyToLocalHosts(parseConnectionString(flattenString(context, connectionString.value).text), extraLocalHosts);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

function poolFindings(context: ModuleContext, site: PgConstructorSite, check: ConnectionParamsCheck): ConnectionParamsFinding[] {
  const texts = poolOptionTexts(check);
  const optionsDescription = `\`${texts.max}\` and \`${texts.timeout}\``;
  const callee = calleeText(context, site.construction);
  const { argument } = site;
  if (argument.kind === 'none') {
    const open = context.sourceText.indexOf('(', site.construction.callee.range[1]);
    const hasParens = open >= 0 && open < site.construction.range[1];
    const edits: TextEdit[] = hasParens
      ? [{ start: open + 1, end: site.construction.range[1] - 1, text: `{ ${texts.max}, ${texts.timeout} }` }]
      : [{ start: site.construction.range[1], end: site.construction.range[1], text: `({ ${texts.max}, ${texts.timeout} })` }];
    return [
      {
        messageId: 'missingPoolOptions',
        start: site.construction.range[0],
        end: site.construction.range[1],
        data: { callee, options: optionsDescription },
        suggestion: { messageId: 'setPoolOptions', data: { options: optionsDescription }, edits },
      },
    ];
  }
  if (argument.kind === 'connectionString') {
    if (site.kind !== 'PrismaPg') return [];
    if (connectsOnlyToLocalHosts(parseConnectionString(flattenString(context, argument.node).text))) return [];
    const argumentText = context.sourceText.slice(argument.node.range[0], argument.node.range[1]);
    return [
      {
        messageId: 'missingPoolOptions',
        start: argument.node.range[0],
        end: argument.node.range[1],
        data: { callee, options: optionsDescription },
        suggestion: {
          messageId: 'setPoolOptions',
          data: { options: optionsDescription },
          edits: [{ start: argument.node.range[0], end: argument.node.range[1], text: `{ connectionString: ${argumentText}, ${texts.max}, ${texts.timeout} }` }],
        },
      },
    ];
  }
  if (argument.kind !== 'options') return [];
  const { options } = argument;
  if (poolTargetsLocalHost(context, options)) return [];

  const findings: Omit<ConnectionParamsFinding, 'suggestion'>[] = [];
  const toSet: { key: string; text: string }[] = [];
  const missing: string[] = [];
  const minMillis = check.minConnectTimeoutSeconds * 1000;
  const optionChecks = [
    {
      key: 'max',
      text: texts.max,
      messageId: 'poolMax' as const,
      accepts: (value: number) => isPositiveInteger(value) && value <= check.maxConnectionLimit,
      limit: { max: String(check.maxConnectionLimit) } as Record<string, string>,
    },
    {
      key: 'connectionTimeoutMillis',
      text: texts.timeout,
      messageId: 'poolConnectionTimeout' as const,
      accepts: (value: number) => value >= minMillis,
      limit: { min: millisecondsLiteral(check.minConnectTimeoutSeconds) } as Record<string, string>,
    },
  ];
  for (const { key, text, messageId, accepts, limit } of optionChecks) {
    const entry = options.entries.get(key);
    if (!entry) {
      // Absent for sure only when no unresolved spread could bring it.
      if (!options.hasUnknownEntries) {
        missing.push(text);
        toSet.push({ key, text });
      }
      continue;
    }
    const value = staticOptionValue(context, entry);
    if (typeof value === 'number' && !accepts(value)) {
      findings.push({ messageId, start: entry.value.range[0], end: entry.value.range[1], data: { value: String(value), ...limit } });
      toSet.push({ key, text });
    }
  }
  const poolSize = options.entries.get('poolSize');
  const poolSizeProperty = poolSize?.property;
  if (poolSizeProperty) {
    findings.push({ messageId: 'poolSizeIgnored', start: poolSizeProperty.range[0], end: poolSizeProperty.range[1], data: { max: texts.max } });
  }
  if (missing.length > 0) {
    findings.unshift({ messageId: 'missingPoolOptions', start: options.object.range[0], end: options.object.range[1], data: { callee, options: missing.map((text) => `\`${text}\``).join(' and ') } });
  }
  if (findings.length === 0) return [];

  const edits = poolOptionEdits(context, options, toSet, poolSizeProperty);
  const suggestion = edits.length > 0 && !textEditsOverlap(edits) ? { messageId: 'setPoolOptions' as const, data: { options: optionsDescription }, edits } : undefined;
  return findings.map((finding) => ({ ...finding, suggestion }));
}

/**
 * Sets options in place where written (unless a later spread may replace them), appends the
 * rest; a written option that a spread may replace moves to the end (no duplicate keys);
 * `poolSize` gives its place to the first new option, or goes.
 */
function poolOptionEdits(
  context: ModuleContext,
  options: PoolOptions,
  toSet: readonly { key: string; text: string }[],
  poolSizeProperty: TSESTree.Property | undefined,
): TextEdit[] {
  const edits: TextEdit[] = [];
  const toAppend: string[] = [];
  for (const { key, text } of toSet) {
    const property = options.written.get(key);
    if (property && !isOverriddenBySpread(options, property, key)) {
      const valueText = text.slice(text.indexOf(':') + 2);
      edits.push(property.shorthand ? { start: property.range[0], end: property.range[1], text } : { start: property.value.range[0], end: property.value.range[1], text: valueText });
      continue;
    }
    if (property) edits.push(...removePropertyEdits(context.sourceText, options.object, property));
    toAppend.push(text);
  }
  if (poolSizeProperty) {
    const replacement = toAppend.shift();
    if (replacement === undefined) edits.push(...removePropertyEdits(context.sourceText, options.object, poolSizeProperty));
    else edits.push({ start: poolSizeProperty.range[0], end: poolSizeProperty.range[1], text: replacement });
  }
  edits.push(...appendPropertiesEdits(context.sourceText, options.object, toAppend));
  return edits;
}

export interface SslModeCheck {
  /** Hosts to treat as local besides localhost, loopback and Unix sockets (e.g. a docker-compose service name). */
  localHosts: readonly string[];
}

function hostDescription(hosts: readonly string[] | undefined): string {
  return hosts === undefined || hosts.length === 0 ? 'a host only known at runtime' : hosts.map((host) => `\`${host}\``).join(', ');
}

/** `no-sslmode-disable` findings for a file. */
export function sslModeFindings(analysis: ConnectionSettingsAnalysis, check: SslModeCheck): SslModeFinding[] {
  const { context } = analysis;
  const findings: SslModeFinding[] = [];
  for (const site of analysis.sites) {
    if (!site.isConnectionString || connectsOnlyToLocalHosts(site.parsed, check.localHosts)) continue;
    const edits = sslModeRequireEdits(site.flat.text);
    sslModeDisableParams(site.parsed).forEach((param, index) => {
      const [start, end] = reportRange(site, param.start, param.end);
      const edit = edits[index]!;
      const valueRange = sourceRangeOf(site.flat, edit.start, edit.end);
      findings.push({
        messageId: 'sslModeDisable',
        start,
        end,
        data: { host: hostDescription(site.parsed.hosts) },
        suggestion: valueRange ? { messageId: 'useSslModeRequire', data: {}, edits: [{ start: valueRange[0], end: valueRange[1], text: edit.text }] } : undefined,
      });
    });
  }
  for (const urlObject of analysis.urlObjects) {
    if (urlObject.base && connectsOnlyToLocalHosts(urlObject.base, check.localHosts)) continue;
    for (const operation of urlObject.operations) {
      if (operation.method === 'delete' || operation.key !== 'sslmode' || operation.value?.toLowerCase() !== 'disable' || !operation.valueNode) continue;
      findings.push({
        messageId: 'sslModeDisable',
        start: operation.valueNode.range[0],
        end: operation.valueNode.range[1],
        data: { host: hostDescription(urlObject.base?.hosts) },
        suggestion: {
          messageId: 'useSslModeRequire',
          data: {},
          edits: [{ start: operation.valueNode.range[0], end: operation.valueNode.range[1], text: quotedLike(context, operation.valueNode, 'require') }],
        },
      });
    }
  }
  for (const site of analysis.pgConstructors) {
    if (site.argument.kind !== 'options') continue;
    const { options } = site.argument;
    const ssl = options.entries.get('ssl');
    if (!ssl || staticOptionValue(context, ssl) !== false || poolTargetsLocalHost(context, options, check.localHosts)) continue;
    const property = ssl.property;
    const connectionString = options.entries.get('connectionString');
    const hosts = connectionString ? parseConnectionString(flattenString(context, connectionString.value).text).hosts : undefined;
    const hostEntry = options.entries.get('host');
    const hostValue = hostEntry ? staticOptionValue(context, hostEntry) : undefined;
    const edits: TextEdit[] = property
      ? [{ start: property.value.range[0], end: property.value.range[1], text: 'true' }]
      : appendPropertiesEdits(context.sourceText, options.object, ['ssl: true']);
    findings.push({
      messageId: 'sslFalse',
      start: (property ?? options.object).range[0],
      end: (property ?? options.object).range[1],
      data: { host: hostDescription(typeof hostValue === 'string' ? hostValue.split(',') : hostEntry ? undefined : hosts) },
      suggestion: { messageId: 'useSslTrue', data: {}, edits },
    });
  }
  return dedupeFindings(findings);
}
