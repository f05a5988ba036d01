import type { Reference, ScopeManager, Variable } from '@typescript-eslint/scope-manager';
import { simpleTraverse, type TSESTree } from '@typescript-eslint/typescript-estree';
import { isHandlerExportName, isHandlerShapedExport } from './lambda-scope/index.js';

/**
 * Everything the rules and the `add-retry-extension` transform need to know about how a
 * module constructs its PrismaClient: which `new` expressions build one, which `$extends`
 * calls the client goes through before it is used or exported, where it is built relative
 * to the Lambda handler, and what its `log` option asks for. Plain values out (ranges,
 * names, kinds); computed once per AST and shared by every consumer.
 *
 * What counts as PrismaClient: the export named `PrismaClient` of any module, imported
 * under any alias (`import { PrismaClient as Db }`), destructured (`const { PrismaClient } =
 * require(...)` / `await import(...)` / a default-imported package object) or reached as a
 * member (`new P.PrismaClient()` on a namespace import, `require('@prisma/client').PrismaClient`).
 * The source is deliberately not checked: the generator's `output` can be any path
 * (`@/generated/prisma`, `../generated/prisma/client`, `.prisma/client`, ...), monorepos
 * re-export it from workspace packages (`@acme/db`), and no other library exports a class
 * of that name. A class that merely extends PrismaClient (NestJS `PrismaService`) is not a
 * construction: the framework builds it once.
 */

/** A source range: UTF-16 offsets `[start, end)`, as ESLint and Babel count them. */
export type Range = readonly [number, number];

/** One `$extends(...)` the client goes through, described for retry recognition. */
export interface ExtensionUse {
  /** The whole `x.$extends(arg)` call. */
  callRange: Range;
  argumentRange: Range | undefined;
  /**
   * Names the argument goes by: the identifier passed or called (`auroraRetry`, `ext`), the
   * name it was imported under, member names (`retry` of `ext.retry()`) and dotted paths.
   */
  names: string[];
  /** Sources the argument's names were imported from. */
  importSources: string[];
  /**
   * An inline extension (object, `Prisma.defineExtension(...)`, `(client) => client.$extends(...)`)
   * whose `query.$allOperations` (top-level, `$allModels` or a model's) calls `query(args)`
   * inside a try/catch in a loop, or hands it to a helper named like `*retry*`.
   */
  inlineRetry: boolean;
}

/** Where a construction runs relative to the Lambda handler. */
export type Placement =
  /** Top level of the module (or a module-level IIFE): once per cold start. */
  | { kind: 'module' }
  /** Inside a function, but the client is stored somewhere that outlives the call. */
  | { kind: 'memoised' }
  /** On every invocation: inside the handler, or in a helper the handler calls. */
  | { kind: 'per-invocation'; handlerName: string; helperName: string | undefined }
  /** Inside a function not seen to run per request (an exported factory, a class, ...). */
  | { kind: 'function' };

/** A `'query'` entry of a PrismaClient `log` option. */
export interface LogQueryEntry {
  /** The `'query'` string or `{ level: 'query', emit }` object. */
  range: Range;
  form: 'string' | 'object';
  /** `emit` of the object form (`'stdout'`, `'event'`), when written as a literal. */
  emit: string | undefined;
  /** The array literal holding the entry, and the entry's neighbours (for removal). */
  arrayRange: Range;
  siblingRanges: Range[];
  /**
   * The `log: [...]` property, when the array is written inline as its value (removing the
   * last entry then removes the property), with its object's other properties and the
   * object's own range and whether it is the construction's only argument.
   */
  logProperty:
    | { range: Range; siblingRanges: Range[]; objectRange: Range; objectIsOnlyArgument: boolean; callArgumentsRange: Range }
    | undefined;
}

/** The variable the client (as constructed, before any `$extends` elsewhere) is stored in. */
export interface ClientHolder {
  name: string;
  kind: 'const' | 'let' | 'var' | 'assignment';
  /** `: PrismaClient` on the declarator, when the annotation mentions the PrismaClient type. */
  annotationRange: Range | undefined;
  /** At module scope (not inside any function). */
  moduleScope: boolean;
}

export interface PrismaClientConstruction {
  /** The `new PrismaClient(...)` expression. */
  range: Range;
  /** How the class is written at the construction (`PrismaClient`, `Db`, `P.PrismaClient`). */
  calleeText: string;
  /** Whether the `new` has an argument list (`new PrismaClient` has none). */
  hasArgumentList: boolean;
  /** The first argument (the options object or an identifier holding it). */
  optionsRange: Range | undefined;
  /**
   * End of the construction plus the `$extends(...)` calls chained directly onto it: where
   * another `.$extends(...)` goes so every later use sees it.
   */
  chainEnd: number;
  /** Every `$extends` call reached from the construction, directly or through variables, returns and calls. */
  extensions: ExtensionUse[];
  holder: ClientHolder | undefined;
  placement: Placement;
  logQueryEntries: LogQueryEntry[];
  /** `$on(...)` / `$use(...)` calls on the unextended client: extended clients have neither. */
  eventApiUses: { method: string; range: Range; firstArgument: string | undefined }[];
  /** The module-level statement that contains the construction. */
  statementRange: Range;
  /** Inside a function or class body (not a module-level IIFE). */
  insideFunction: boolean;
  /**
   * A named module-level function that returns the client (`const createPrismaClient = () =>
   * new PrismaClient()`), whose `ReturnType` types the client.
   */
  factoryName: string | undefined;
  /** The factory is `async`: its client type is `Awaited<ReturnType<...>>`. */
  factoryIsAsync: boolean;
}

/** An existing `import { auroraRetry } from '<source>'` (or CommonJS destructuring). */
export interface NamedImport {
  importedName: string;
  localName: string;
  source: string;
}

export interface PrismaClientAnalysis {
  constructions: PrismaClientConstruction[];
  /** Every type-position use of the PrismaClient class (`: PrismaClient`, `{ prisma: Db | undefined }`), whole `TSTypeReference` ranges. */
  typeReferences: Range[];
  /** Named imports and CommonJS destructured requires (for reusing an existing `auroraRetry`). */
  namedImports: NamedImport[];
  /** Names declared at module scope (a new helper must not collide with them). */
  moduleScopeNames: Set<string>;
  /** Start of the first statement after the imports and directives (where a new module-level helper goes). */
  afterImports: number;
}

type Node = TSESTree.Node;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

const PRISMA_CLIENT = 'PrismaClient';

/** Methods of the base client that extended clients do not have. */
const BASE_ONLY_METHODS = new Set(['$on', '$use']);

/** Exports frameworks call once per request, besides Lambda handler names. */
const PER_REQUEST_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'getServerSideProps']);

/** Functions that wrap a handler and return the handler Lambda calls. */
const HANDLER_WRAPPERS = /^(middy|wrapHandler|withSentry|lambdaHandler|withLambda\w*|withMiddlewares?|captureLambdaHandler)$/;

/** Values of NODE_ENV / STAGE-like variables that do not run on a deployed Lambda. */
const DEVELOPMENT_VALUES = new Set(['development', 'dev', 'test', 'local']);
const DEVELOPMENT_FLAG = /^(is)?(dev|development|local|test)(env|mode)?$/i;

const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

/** Collection methods that keep a value beyond the call (`cache.set(key, client)`). */
const STORING_METHODS = new Set(['set', 'add', 'push', 'unshift', 'put']);

function rangeOf(node: Node): Range {
  return [node.range[0], node.range[1]];
}

function isFunctionNode(node: Node): node is FunctionNode {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** `x.name` or `x['name']` (also optional `x?.name`). */
function memberName(node: Node): string | undefined {
  if (node.type !== 'MemberExpression') return undefined;
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.computed && node.property.type === 'Literal' && typeof node.property.value === 'string') return node.property.value;
  return undefined;
}

function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function propertyKeyName(property: TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | undefined {
  if (!property.computed && property.key.type === 'Identifier') return property.key.name;
  return stringValue(property.key);
}

/** Expressions that pass their operand's value through unchanged (TS casts, `!`, optional chains). */
function isTransparentWrapper(node: Node): boolean {
  return (
    node.type === 'TSAsExpression' ||
    node.type === 'TSSatisfiesExpression' ||
    node.type === 'TSNonNullExpression' ||
    node.type === 'TSTypeAssertion' ||
    node.type === 'ChainExpression'
  );
}

function unwrapExpression(node: Node): Node {
  let current = node;
  while (
    current.type === 'TSAsExpression' ||
    current.type === 'TSSatisfiesExpression' ||
    current.type === 'TSNonNullExpression' ||
    current.type === 'TSTypeAssertion' ||
    current.type === 'ChainExpression' ||
    current.type === 'AwaitExpression'
  ) {
    current = current.type === 'AwaitExpression' ? current.argument : current.expression;
  }
  return current;
}

/** The text of a callee / reference like `P.PrismaClient` or `ext.retry`. */
function dottedName(node: Node): string | undefined {
  const inner = unwrapExpression(node);
  if (inner.type === 'Identifier') return inner.name;
  if (inner.type === 'ThisExpression') return 'this';
  if (inner.type === 'MemberExpression') {
    const property = memberName(inner);
    const object = dottedName(inner.object);
    return property !== undefined && object !== undefined ? `${object}.${property}` : property;
  }
  return undefined;
}

/** Per-AST indexes built in one traversal. */
class ModuleIndex {
  readonly parents = new Map<Node, Node>();
  readonly referenceByIdentifier = new Map<Node, Reference>();
  readonly newExpressions: TSESTree.NewExpression[] = [];
  readonly typeReferences: TSESTree.TSTypeReference[] = [];
  readonly importDeclarations: TSESTree.ImportDeclaration[] = [];
  readonly variableDeclarators: TSESTree.VariableDeclarator[] = [];
  readonly moduleScopeNames = new Set<string>();
  /** Local variables exported under these names (`export { a as handler }`, `exports.handler = a`). */
  readonly exportNamesByVariable = new Map<Variable, string[]>();
  readonly namedImports: NamedImport[] = [];
  private readonly callSitesCache = new Map<Node, Node[]>();

  constructor(
    readonly program: TSESTree.Program,
    readonly scopeManager: ScopeManager,
  ) {
    simpleTraverse(program, {
      enter: (node, parent) => {
        if (parent) this.parents.set(node, parent);
        if (node.type === 'NewExpression') this.newExpressions.push(node);
        else if (node.type === 'TSTypeReference') this.typeReferences.push(node);
        else if (node.type === 'ImportDeclaration') this.importDeclarations.push(node);
        else if (node.type === 'VariableDeclarator') this.variableDeclarators.push(node);
      },
    });
    for (const scope of scopeManager.scopes) {
      for (const reference of scope.references) this.referenceByIdentifier.set(reference.identifier, reference);
    }
    const moduleScope = scopeManager.scopes.find((scope) => scope.type === 'module') ?? scopeManager.globalScope;
    for (const variable of moduleScope?.variables ?? []) this.moduleScopeNames.add(variable.name);
    this.collectExportsAndImports();
  }

  parentOf(node: Node): Node | undefined {
    return this.parents.get(node);
  }

  variableOf(identifier: Node): Variable | undefined {
    return this.referenceByIdentifier.get(identifier)?.resolved ?? undefined;
  }

  /** The variable an `Identifier` in a declaring position (declarator id, param, import) declares. */
  declaredVariable(identifier: TSESTree.Identifier): Variable | undefined {
    let node: Node | undefined = identifier;
    while (node) {
      const variables = this.scopeManager.getDeclaredVariables(node);
      const found = variables.find((variable) => variable.identifiers.includes(identifier));
      if (found) return found;
      if (node.type === 'VariableDeclarator' || node.type === 'ImportDeclaration' || isFunctionNode(node)) break;
      node = this.parentOf(node);
    }
    return undefined;
  }

  isModuleScopeVariable(variable: Variable): boolean {
    return variable.scope.type === 'module' || variable.scope.type === 'global';
  }

  /** The innermost function (or class, for instance fields) whose execution runs `node`. */
  executionContextOf(node: Node): Node | undefined {
    let child: Node = node;
    let current = this.parentOf(node);
    while (current) {
      if (isFunctionNode(current)) return current;
      if (current.type === 'PropertyDefinition' && child === current.value && !current.static) {
        return this.parentOf(this.parentOf(current) ?? current);
      }
      child = current;
      current = this.parentOf(current);
    }
    return undefined;
  }

  /** The module-level statement containing `node`. */
  topLevelStatementOf(node: Node): Node {
    let current: Node = node;
    for (;;) {
      const parent = this.parentOf(current);
      if (!parent || parent.type === 'Program') return current;
      current = parent;
    }
  }

  /** Places where a function (or class, for its constructor) is called. */
  callSitesOf(context: Node): Node[] {
    const cached = this.callSitesCache.get(context);
    if (cached) return cached;
    const sites: Node[] = [];
    this.callSitesCache.set(context, sites);
    const outer = this.climbWrappers(context);
    const parent = this.parentOf(outer);
    // An IIFE: `(() => new PrismaClient())()`.
    if (parent?.type === 'CallExpression' && parent.callee === outer) sites.push(parent);
    for (const variable of this.bindingsOf(context)) {
      for (const reference of variable.references) {
        if (reference.init) continue;
        const site = this.climbWrappers(reference.identifier);
        const siteParent = this.parentOf(site);
        if ((siteParent?.type === 'CallExpression' || siteParent?.type === 'NewExpression') && siteParent.callee === site) {
          sites.push(siteParent);
        }
      }
    }
    return sites;
  }

  /** The variables a function or class is bound to (`function f`, `const f = () => ...`, `class C`). */
  bindingsOf(context: Node): Variable[] {
    const target: Node = context.type === 'FunctionExpression' && this.isConstructorMethod(context) ? this.classOfMethod(context) ?? context : context;
    if ((target.type === 'FunctionDeclaration' || target.type === 'ClassDeclaration') && target.id) {
      const variable = this.declaredVariable(target.id);
      return variable ? [variable] : [];
    }
    const outer = this.climbWrappers(target);
    const parent = this.parentOf(outer);
    if (parent?.type === 'VariableDeclarator' && parent.init === outer && parent.id.type === 'Identifier') {
      const variable = this.declaredVariable(parent.id);
      return variable ? [variable] : [];
    }
    if (parent?.type === 'AssignmentExpression' && parent.right === outer && parent.left.type === 'Identifier') {
      const variable = this.variableOf(parent.left);
      return variable ? [variable] : [];
    }
    return [];
  }

  isConstructorMethod(fn: Node): boolean {
    const parent = this.parentOf(fn);
    return parent?.type === 'MethodDefinition' && parent.kind === 'constructor';
  }

  classOfMethod(fn: Node): Node | undefined {
    const method = this.parentOf(fn);
    const body = method && this.parentOf(method);
    return body && this.parentOf(body);
  }

  /** Climbs from a node through casts and optional-chain wrappers. */
  climbWrappers(node: Node): Node {
    let current = node;
    for (;;) {
      const parent = this.parentOf(current);
      if (parent && isTransparentWrapper(parent)) current = parent;
      else return current;
    }
  }

  private noteExport(variable: Variable | undefined, exportedName: string): void {
    if (!variable) return;
    const names = this.exportNamesByVariable.get(variable) ?? [];
    names.push(exportedName);
    this.exportNamesByVariable.set(variable, names);
  }

  private collectExportsAndImports(): void {
    for (const statement of this.program.body) {
      if (statement.type === 'ExportNamedDeclaration' && !statement.source) {
        for (const specifier of statement.specifiers) {
          if (specifier.type !== 'ExportSpecifier' || specifier.local.type !== 'Identifier') continue;
          const exported = specifier.exported.type === 'Identifier' ? specifier.exported.name : String(specifier.exported.value);
          this.noteExport(this.variableOf(specifier.local), exported);
        }
      } else if (statement.type === 'ImportDeclaration') {
        for (const specifier of statement.specifiers) {
          if (specifier.type !== 'ImportSpecifier') continue;
          const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : String(specifier.imported.value);
          this.namedImports.push({ importedName: imported, localName: specifier.local.name, source: statement.source.value });
        }
      } else if (statement.type === 'VariableDeclaration') {
        for (const declarator of statement.declarations) {
          const source = requireSource(declarator.init);
          if (source === undefined || declarator.id.type !== 'ObjectPattern') continue;
          for (const property of declarator.id.properties) {
            if (property.type !== 'Property') continue;
            const imported = propertyKeyName(property);
            const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
            if (imported !== undefined && value.type === 'Identifier') this.namedImports.push({ importedName: imported, localName: value.name, source });
          }
        }
      } else if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
        const { left, right } = statement.expression;
        // exports.handler = handler / module.exports.handler = handler / module.exports = { handler }
        const name = left.type === 'MemberExpression' && isCommonJsExportsObject(left.object) ? memberName(left) : undefined;
        if (name !== undefined && right.type === 'Identifier') this.noteExport(this.variableOf(right), name);
        if (isModuleExports(left) && right.type === 'ObjectExpression') {
          for (const property of right.properties) {
            if (property.type !== 'Property') continue;
            const key = propertyKeyName(property);
            if (key !== undefined && property.value.type === 'Identifier') this.noteExport(this.variableOf(property.value), key);
          }
        }
      }
    }
  }
}

function isModuleExports(node: Node): boolean {
  return (
    node.type === 'MemberExpression' &&
    node.object.type === 'Identifier' &&
    node.object.name === 'module' &&
    memberName(node) === 'exports'
  );
}

function isCommonJsExportsObject(node: Node): boolean {
  return (node.type === 'Identifier' && node.name === 'exports') || isModuleExports(node);
}

/** `require('x')` or `await import('x')` → `'x'`. */
function requireSource(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrapExpression(node);
  if (inner.type === 'CallExpression' && inner.callee.type === 'Identifier' && inner.callee.name === 'require') {
    return stringValue(inner.arguments[0]);
  }
  if (inner.type === 'ImportExpression') return stringValue(inner.source);
  return undefined;
}

/** Finds the PrismaClient class bindings of a module: imports, destructurings, member aliases. */
function prismaClientClassVariables(index: ModuleIndex): Set<Variable> {
  const classVariables = new Set<Variable>();
  const add = (identifier: TSESTree.Identifier): void => {
    const variable = index.declaredVariable(identifier);
    if (variable) classVariables.add(variable);
  };
  const aliasCandidates: TSESTree.VariableDeclarator[] = [];
  for (const declaration of index.importDeclarations) {
    if (declaration.importKind === 'type') continue;
    for (const specifier of declaration.specifiers) {
      if (specifier.type !== 'ImportSpecifier' || specifier.importKind === 'type') continue;
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
      if (imported === PRISMA_CLIENT) add(specifier.local);
    }
  }
  for (const declarator of index.variableDeclarators) {
    if (declarator.id.type === 'ObjectPattern') {
      for (const property of declarator.id.properties) {
        if (property.type !== 'Property' || propertyKeyName(property) !== PRISMA_CLIENT) continue;
        const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
        if (value.type === 'Identifier') add(value);
      }
    } else if (declarator.id.type === 'Identifier' && declarator.init) {
      const init = unwrapExpression(declarator.init);
      if (memberName(init) === PRISMA_CLIENT) add(declarator.id);
      else if (init.type === 'Identifier') aliasCandidates.push(declarator);
    }
  }
  // `const Db = PrismaClient`: follow aliases until nothing new appears.
  for (let changed = true; changed; ) {
    changed = false;
    for (const declarator of aliasCandidates) {
      const init = unwrapExpression(declarator.init!);
      const source = index.variableOf(init);
      if (source && classVariables.has(source) && declarator.id.type === 'Identifier') {
        const variable = index.declaredVariable(declarator.id);
        if (variable && !classVariables.has(variable)) {
          classVariables.add(variable);
          changed = true;
        }
      }
    }
  }
  return classVariables;
}

/** Variables naming the PrismaClient type: the value bindings plus `import type { PrismaClient }`. */
function prismaClientTypeVariables(index: ModuleIndex, classVariables: Set<Variable>): Set<Variable> {
  const typeVariables = new Set(classVariables);
  for (const statement of index.importDeclarations) {
    for (const specifier of statement.specifiers) {
      if (specifier.type !== 'ImportSpecifier') continue;
      const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
      if (imported !== PRISMA_CLIENT) continue;
      const variable = index.declaredVariable(specifier.local);
      if (variable) typeVariables.add(variable);
    }
  }
  return typeVariables;
}

function isPrismaClientTypeReference(index: ModuleIndex, node: TSESTree.TSTypeReference, typeVariables: Set<Variable>): boolean {
  const name = node.typeName;
  if (name.type === 'TSQualifiedName') return name.right.name === PRISMA_CLIENT;
  if (name.type !== 'Identifier') return false;
  const variable = index.variableOf(name);
  return variable !== undefined && typeVariables.has(variable);
}

/** What the flow of one construction found. */
interface FlowState {
  extensions: ExtensionUse[];
  memoised: boolean;
  holder: ClientHolder | undefined;
  eventApiUses: { method: string; range: Range; firstArgument: string | undefined }[];
  visited: Set<unknown>;
  /** The execution context of the construction (for "stored outside the function"). */
  context: Node | undefined;
  factoryName: string | undefined;
  factoryIsAsync: boolean;
}

/** What one path from the construction has been through so far. */
interface PathState {
  /** Through an `$extends(...)`: `$on`/`$use` beyond it are not on the base client. */
  extended: boolean;
  /** Through a variable or an assignment. */
  stored: boolean;
  /** Passed into a local helper at `site`: its return goes back there. */
  callFrame?: { fn: Node; site: Node };
}

class ConstructionAnalyzer {
  private readonly perRequestCache = new Map<Node, { handlerName: string; helperName: string | undefined } | null>();
  private readonly extensionCache = new Map<Node, ExtensionUse>();

  constructor(
    private readonly index: ModuleIndex,
    private readonly typeVariables: Set<Variable>,
  ) {}

  analyze(node: TSESTree.NewExpression, sourceText: string | undefined): PrismaClientConstruction {
    const index = this.index;
    const context = index.executionContextOf(node);
    const state: FlowState = {
      extensions: [],
      memoised: false,
      holder: undefined,
      eventApiUses: [],
      visited: new Set(),
      context,
      factoryName: undefined,
      factoryIsAsync: false,
    };
    const chainEnd = this.follow(node, state, true, { extended: false, stored: false });
    const insideFunction = context !== undefined && !this.isModuleLevelIife(context);
    const calleeText = dottedName(node.callee) ?? (sourceText ? sourceText.slice(node.callee.range[0], node.callee.range[1]) : PRISMA_CLIENT);
    return {
      range: rangeOf(node),
      calleeText,
      hasArgumentList: node.arguments.length > 0 || (sourceText ? /\)\s*$/.test(sourceText.slice(node.callee.range[1], node.range[1])) : true),
      optionsRange: node.arguments[0] ? rangeOf(node.arguments[0]) : undefined,
      chainEnd,
      extensions: state.extensions,
      holder: state.holder,
      placement: this.placementOf(context, state),
      logQueryEntries: this.logQueryEntries(node),
      eventApiUses: state.eventApiUses,
      statementRange: rangeOf(index.topLevelStatementOf(node)),
      insideFunction,
      factoryName: state.factoryName,
      factoryIsAsync: state.factoryIsAsync,
    };
  }

  private isModuleLevelIife(context: Node): boolean {
    if (!isFunctionNode(context)) return false;
    const outer = this.index.climbWrappers(context);
    const parent = this.index.parentOf(outer);
    return parent?.type === 'CallExpression' && parent.callee === outer && this.index.executionContextOf(parent) === undefined;
  }

  /**
   * Follows the client from `start` to everything that uses it. Returns the end of the
   * `$extends` chain directly on `start` (only meaningful for the construction itself).
   */
  private follow(start: Node, state: FlowState, direct: boolean, path: PathState): number {
    const index = this.index;
    let { extended, stored } = path;
    let node: Node = start;
    let chainEnd = start.range[1];
    let stillDirect = direct;
    for (;;) {
      const parent = index.parentOf(node);
      if (!parent) return chainEnd;
      // client.$extends(arg)
      if (parent.type === 'MemberExpression' && parent.object === node) {
        const name = memberName(parent);
        const call = index.parentOf(parent);
        if (name === '$extends' && call?.type === 'CallExpression' && call.callee === parent) {
          state.extensions.push(this.describeExtension(call));
          extended = true;
          node = call;
          if (stillDirect) chainEnd = call.range[1];
          continue;
        }
        if (name !== undefined && BASE_ONLY_METHODS.has(name) && call?.type === 'CallExpression' && call.callee === parent && !extended) {
          state.eventApiUses.push({ method: name, range: rangeOf(call), firstArgument: stringValue(call.arguments[0]) });
        }
        return chainEnd;
      }
      if (isTransparentWrapper(parent) || parent.type === 'AwaitExpression') {
        node = parent;
        continue;
      }
      stillDirect = false;
      if (parent.type === 'LogicalExpression' && parent.right === node && (parent.operator === '??' || parent.operator === '||')) {
        // `globalForPrisma.prisma ?? new PrismaClient()`: the singleton's fallback.
        node = parent;
        continue;
      }
      if (parent.type === 'ConditionalExpression' && parent.test !== node) {
        node = parent;
        continue;
      }
      if (parent.type === 'AssignmentExpression' && parent.right === node) {
        this.followAssignmentTarget(parent.left, state, { ...path, extended, stored: true });
        stored = true;
        node = parent;
        continue;
      }
      if (parent.type === 'VariableDeclarator' && parent.init === node) {
        if (parent.id.type === 'Identifier') {
          const variable = index.declaredVariable(parent.id);
          const declaration = index.parentOf(parent);
          const kind = declaration?.type === 'VariableDeclaration' && (declaration.kind === 'let' || declaration.kind === 'var') ? declaration.kind : 'const';
          this.noteHolder(state, parent.id.name, kind, parent.id, variable);
          if (variable) {
            if (this.storesOutsideContext(variable, state)) state.memoised = true;
            this.followVariable(variable, state, { ...path, extended, stored: true });
          }
        }
        return chainEnd;
      }
      if (parent.type === 'ReturnStatement' || (parent.type === 'ArrowFunctionExpression' && parent.body === node)) {
        const fn = parent.type === 'ReturnStatement' ? index.executionContextOf(parent) : parent;
        if (fn) this.followReturn(fn, state, { ...path, extended, stored });
        return chainEnd;
      }
      if (parent.type === 'SequenceExpression' && parent.expressions[parent.expressions.length - 1] === node) {
        node = parent;
        continue;
      }
      if (parent.type === 'CallExpression' && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
        // `clients.set(tenant, client)` / `pool.push(client)` on a module-level cache.
        const callee = unwrapExpression(parent.callee);
        if (callee.type === 'MemberExpression' && STORING_METHODS.has(memberName(callee) ?? '')) this.noteMemberStore(callee.object, state);
        // A helper of this file: `extendPrismaClient(new PrismaClient())` extends and returns it.
        const helper = callee.type === 'Identifier' ? this.localFunctionOf(callee) : undefined;
        const parameter = helper?.params[parent.arguments.indexOf(node as TSESTree.CallExpressionArgument)];
        if (helper && parameter?.type === 'Identifier') {
          const variable = index.declaredVariable(parameter);
          if (variable) this.followVariable(variable, state, { extended, stored, callFrame: { fn: helper, site: parent } });
        }
        return chainEnd;
      }
      if (parent.type === 'PropertyDefinition' && parent.value === node) {
        // A class field: `prisma = new PrismaClient()` lives as long as the instance.
        return chainEnd;
      }
      return chainEnd;
    }
  }

  private noteHolder(state: FlowState, name: string, kind: ClientHolder['kind'], id: Node, variable: Variable | undefined): void {
    if (state.holder) return;
    const annotation = id.type === 'Identifier' ? id.typeAnnotation?.typeAnnotation : undefined;
    state.holder = {
      name,
      kind,
      annotationRange: annotation && this.mentionsPrismaClientType(annotation) ? rangeOf(id.type === 'Identifier' ? id.typeAnnotation! : annotation) : undefined,
      moduleScope: variable ? this.index.isModuleScopeVariable(variable) : false,
    };
  }

  private mentionsPrismaClientType(type: Node): boolean {
    let found = false;
    simpleTraverse(type, {
      visitors: {
        TSTypeReference: (node) => {
          if (isPrismaClientTypeReference(this.index, node as TSESTree.TSTypeReference, this.typeVariables)) found = true;
        },
      },
    });
    return found;
  }

  /** A store into a variable or member that outlives the current call (memoisation). */
  private followAssignmentTarget(target: Node, state: FlowState, path: PathState): void {
    const index = this.index;
    if (target.type === 'Identifier') {
      const variable = index.variableOf(target);
      if (!variable) return;
      const declaration = variable.defs[0]?.parent;
      const kind = declaration?.type === 'VariableDeclaration' && (declaration.kind === 'let' || declaration.kind === 'var') ? declaration.kind : 'assignment';
      const declaredId = variable.identifiers[0];
      this.noteHolder(state, variable.name, kind, declaredId ?? target, variable);
      if (this.storesOutsideContext(variable, state)) state.memoised = true;
      this.followVariable(variable, state, path);
      return;
    }
    if (target.type === 'MemberExpression') this.noteMemberStore(target, state);
  }

  /**
   * A store into `object` (or a member of it) memoises when the object outlives the call:
   * `globalThis`/`global`, or a module-level or closure variable (`globalForPrisma`, a cache
   * `Map`). `this.prisma = ...` lives as long as the instance: placement follows the class.
   */
  private noteMemberStore(object: Node, state: FlowState): void {
    let root: Node = unwrapExpression(object);
    while (root.type === 'MemberExpression') root = unwrapExpression(root.object);
    if (root.type !== 'Identifier') return;
    const variable = this.index.variableOf(root);
    if (GLOBAL_OBJECTS.has(root.name) && (!variable || variable.defs.length === 0)) state.memoised = true;
    else if (variable && this.storesOutsideContext(variable, state)) state.memoised = true;
  }

  /** Whether `variable` lives outside the construction's execution context (module or closure). */
  private storesOutsideContext(variable: Variable, state: FlowState): boolean {
    if (state.context === undefined) return true;
    if (this.index.isModuleScopeVariable(variable)) return true;
    const declaredAt = variable.identifiers[0];
    if (!declaredAt) return false;
    // A local or parameter of the construction's own function is not a cache; a variable of
    // a function enclosing it is (a closure cache).
    const declaringContext = this.index.executionContextOf(declaredAt);
    if (declaringContext === state.context) return false;
    for (let context = this.index.executionContextOf(state.context); context; context = this.index.executionContextOf(context)) {
      if (context === declaringContext) return true;
    }
    return false;
  }

  private followVariable(variable: Variable, state: FlowState, path: PathState): void {
    if (state.visited.has(variable)) return;
    state.visited.add(variable);
    for (const reference of variable.references) {
      if (reference.init || !reference.isRead()) continue;
      if ((reference as { isTypeReference?: boolean }).isTypeReference) continue;
      this.follow(reference.identifier, state, false, path);
    }
  }

  private followReturn(fn: Node, state: FlowState, path: PathState): void {
    // Returned from a helper the client was passed to: back to that one call.
    if (path.callFrame?.fn === fn) {
      this.follow(path.callFrame.site, state, false, { extended: path.extended, stored: path.stored });
      return;
    }
    if (state.visited.has(fn)) return;
    state.visited.add(fn);
    const bindings = this.index.bindingsOf(fn);
    // Only a factory that returns the construction itself can type the client: one that
    // returns a variable typed with that very type would make `ReturnType` circular.
    if (state.factoryName === undefined && !path.stored && bindings.length === 1 && this.index.isModuleScopeVariable(bindings[0]!)) {
      state.factoryName = bindings[0]!.name;
      state.factoryIsAsync = isFunctionNode(fn) && fn.async;
    }
    for (const site of this.index.callSitesOf(fn)) this.follow(site, state, false, path);
  }

  /** The function a callee names, when this file declares it (`function f`, `const f = () => ...`). */
  private localFunctionOf(callee: TSESTree.Identifier): FunctionNode | undefined {
    const definition = this.index.variableOf(callee)?.defs[0];
    if (definition?.type === 'FunctionName' && isFunctionNode(definition.node)) return definition.node;
    if (definition?.type === 'Variable' && definition.node.type === 'VariableDeclarator' && definition.node.init) {
      const init = unwrapExpression(definition.node.init);
      if (isFunctionNode(init)) return init;
    }
    return undefined;
  }

  private placementOf(context: Node | undefined, state: FlowState): Placement {
    if (context === undefined || this.isModuleLevelIife(context)) return { kind: 'module' };
    if (state.memoised) return { kind: 'memoised' };
    const perRequest = this.perRequest(context);
    if (perRequest) return { kind: 'per-invocation', ...perRequest };
    return { kind: 'function' };
  }

  /**
   * Whether an execution context runs per request: it is a handler, is nested in one, or is
   * a helper (function or class) called from one. `helperName` names the outermost helper.
   */
  private perRequest(context: Node): { handlerName: string; helperName: string | undefined } | null {
    const cached = this.perRequestCache.get(context);
    if (cached !== undefined) return cached;
    this.perRequestCache.set(context, null); // cycle guard
    let result: { handlerName: string; helperName: string | undefined } | null = null;
    const handlerName = this.handlerNameOf(context);
    if (handlerName !== undefined) {
      result = { handlerName, helperName: undefined };
    } else {
      const enclosing = this.index.executionContextOf(context);
      const viaEnclosing = enclosing ? this.perRequest(enclosing) : null;
      if (viaEnclosing) result = viaEnclosing;
      else {
        for (const site of this.index.callSitesOf(context)) {
          const siteContext = this.index.executionContextOf(site);
          const viaCaller = siteContext ? this.perRequest(siteContext) : null;
          if (viaCaller) {
            result = { handlerName: viaCaller.handlerName, helperName: viaCaller.helperName ?? this.nameOf(context) };
            break;
          }
        }
      }
    }
    this.perRequestCache.set(context, result);
    return result;
  }

  private nameOf(context: Node): string | undefined {
    const bindings = this.index.bindingsOf(context);
    if (bindings[0]) return bindings[0].name;
    if ((context.type === 'ClassDeclaration' || context.type === 'ClassExpression') && context.id) return context.id.name;
    return undefined;
  }

  /** The name Lambda (or a framework) calls this function by, when it is a handler. */
  private handlerNameOf(context: Node): string | undefined {
    if (!isFunctionNode(context)) return undefined;
    const index = this.index;
    const direct = this.handlerNameFrom(context, context);
    if (direct !== undefined) return direct;
    // Handed over by name: `const lambdaHandler = async () => ...; export const handler = middy(lambdaHandler)`.
    for (const variable of index.bindingsOf(context)) {
      for (const reference of variable.references) {
        if (reference.init) continue;
        const site = index.climbWrappers(reference.identifier);
        const parent = index.parentOf(site);
        if ((parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.callee === site) continue;
        const name = this.handlerNameFrom(reference.identifier, context);
        if (name !== undefined) return name;
      }
    }
    return undefined;
  }

  /**
   * Climbs from a function (or a reference to it) through wrapper calls — `middy(fn)`,
   * `middy().handler(fn)`, `Sentry.wrapHandler(fn)`, `.use(...)` chains — to where it is
   * exported or declared, and names the handler that expression is.
   */
  private handlerNameFrom(start: Node, fn: FunctionNode): string | undefined {
    const index = this.index;
    const origin = index.climbWrappers(start);
    let expression: Node = origin;
    let wrapped = false;
    for (;;) {
      const parent = index.parentOf(expression);
      if (parent?.type === 'CallExpression' && parent.arguments.includes(expression as TSESTree.CallExpressionArgument)) {
        const lastName = dottedName(parent.callee)?.split('.').pop();
        if (lastName !== undefined && (HANDLER_WRAPPERS.test(lastName) || (lastName === 'handler' && isMiddyChain(parent.callee)))) wrapped = true;
        expression = index.climbWrappers(parent);
        continue;
      }
      // middy(fn).use(...).before(...): the chain's result is the handler.
      if (parent?.type === 'MemberExpression' && parent.object === expression) {
        const call = index.parentOf(parent);
        if (call?.type === 'CallExpression' && call.callee === parent) {
          expression = index.climbWrappers(call);
          continue;
        }
      }
      break;
    }
    const exportedName = this.exportedNameOf(expression === origin ? start : expression, fn);
    if (exportedName !== undefined) return exportedName;
    if (wrapped) return this.declaredNameOf(expression) ?? 'handler';
    return undefined;
  }

  /** The name an expression is stored under: `const x = <expr>`, `exports.x = <expr>`, `{ x: <expr> }`. */
  private declaredNameOf(expression: Node): string | undefined {
    const parent = this.index.parentOf(expression);
    if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
    if (parent?.type === 'AssignmentExpression' && parent.left.type === 'MemberExpression') return memberName(parent.left);
    if (parent?.type === 'Property') return propertyKeyName(parent);
    return undefined;
  }

  /**
   * The name an expression holding the function `fn` is exported under, when that export is
   * called per request: `handler`/`lambdaHandler`, a handler-shaped export (`main(event)`,
   * `fooHandler(event)`, any `(event, context)`: analysis/lambda-scope.ts), a Next.js route
   * handler or `getServerSideProps`, or a variable typed `...Handler` (`main: Handler`).
   */
  private exportedNameOf(expression: Node, fn: FunctionNode): string | undefined {
    const index = this.index;
    const parameterNames = fn.params.map((parameter) => {
      const target = parameter.type === 'AssignmentPattern' ? parameter.left : parameter;
      return target.type === 'Identifier' ? target.name : undefined;
    });
    const isPerRequestName = (name: string): boolean =>
      isHandlerExportName(name) || PER_REQUEST_EXPORTS.has(name) || isHandlerShapedExport({ name, parameterNames });
    if (expression.type === 'FunctionDeclaration' && expression.id) {
      const parent = index.parentOf(expression);
      if ((parent?.type === 'ExportNamedDeclaration' || parent?.type === 'ExportDefaultDeclaration') && isPerRequestName(expression.id.name)) {
        return expression.id.name;
      }
      const variable = index.declaredVariable(expression.id);
      return variable ? index.exportNamesByVariable.get(variable)?.find(isPerRequestName) : undefined;
    }
    const outer = index.climbWrappers(expression);
    const parent = index.parentOf(outer);
    if (parent?.type === 'VariableDeclarator' && parent.init === outer && parent.id.type === 'Identifier') {
      const name = parent.id.name;
      const declaration = index.parentOf(parent);
      const exported = declaration && index.parentOf(declaration)?.type === 'ExportNamedDeclaration';
      const annotation = parent.id.typeAnnotation?.typeAnnotation;
      const typedAsHandler = annotation?.type === 'TSTypeReference' && /Handler$/.test(typeNameText(annotation.typeName));
      if (exported && (isPerRequestName(name) || typedAsHandler)) return name;
      if (typedAsHandler) return name;
      const variable = index.declaredVariable(parent.id);
      return variable ? index.exportNamesByVariable.get(variable)?.find(isPerRequestName) : undefined;
    }
    if (parent?.type === 'AssignmentExpression' && parent.right === outer && parent.left.type === 'MemberExpression' && isCommonJsExportsObject(parent.left.object)) {
      const name = memberName(parent.left);
      return name !== undefined && isPerRequestName(name) ? name : undefined;
    }
    if (parent?.type === 'Property' && parent.value === outer) {
      const object = index.parentOf(parent);
      const assignment = object && index.parentOf(object);
      const key = propertyKeyName(parent);
      if (assignment?.type === 'AssignmentExpression' && isModuleExports(assignment.left) && key !== undefined && isPerRequestName(key)) return key;
    }
    return undefined;
  }

  private describeExtension(call: TSESTree.CallExpression): ExtensionUse {
    const cached = this.extensionCache.get(call);
    if (cached) return cached;
    const argument = call.arguments[0];
    const use: ExtensionUse = {
      callRange: rangeOf(call),
      argumentRange: argument ? rangeOf(argument) : undefined,
      names: [],
      importSources: [],
      inlineRetry: false,
    };
    this.extensionCache.set(call, use);
    if (argument) this.describeExtensionValue(argument, use, new Set());
    return use;
  }

  private describeExtensionValue(value: Node, use: ExtensionUse, seen: Set<Node>): void {
    if (seen.has(value)) return;
    seen.add(value);
    const node = unwrapExpression(value);
    if (node.type === 'Identifier') {
      this.noteName(node, use, seen);
      return;
    }
    if (node.type === 'MemberExpression') {
      const dotted = dottedName(node);
      if (dotted !== undefined) use.names.push(dotted);
      const property = memberName(node);
      if (property !== undefined) use.names.push(property);
      let root: Node = node;
      while (root.type === 'MemberExpression') root = unwrapExpression(root.object);
      if (root.type === 'Identifier') this.noteName(root, use, seen);
      return;
    }
    if (node.type === 'CallExpression') {
      const callee = unwrapExpression(node.callee);
      // Prisma.defineExtension({...}) / Prisma.defineExtension((client) => client.$extends({...}))
      if (memberName(callee) === 'defineExtension' || (callee.type === 'Identifier' && callee.name === 'defineExtension')) {
        if (node.arguments[0]) this.describeExtensionValue(node.arguments[0], use, seen);
        return;
      }
      this.describeExtensionValue(callee, use, seen);
      return;
    }
    if (node.type === 'ObjectExpression') {
      if (this.objectRetriesInLoop(node)) use.inlineRetry = true;
      return;
    }
    if (isFunctionNode(node)) {
      // (client) => client.$extends({...})
      simpleTraverse(node.body, {
        visitors: {
          ObjectExpression: (object) => {
            if (this.objectRetriesInLoop(object as TSESTree.ObjectExpression)) use.inlineRetry = true;
          },
        },
      });
    }
  }

  /** Records an identifier's names and, for a local constant, what it is bound to. */
  private noteName(identifier: TSESTree.Identifier, use: ExtensionUse, seen: Set<Node>): void {
    use.names.push(identifier.name);
    const variable = this.index.variableOf(identifier);
    const definition = variable?.defs[0];
    if (!definition) return;
    if (definition.type === 'ImportBinding') {
      const specifier = definition.node;
      if (specifier.type === 'ImportSpecifier') {
        const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
        use.names.push(imported);
      }
      const declaration = definition.parent;
      if (declaration?.type === 'ImportDeclaration') use.importSources.push(declaration.source.value);
      return;
    }
    if (definition.type === 'Variable' && definition.node.type === 'VariableDeclarator') {
      const declarator = definition.node;
      const source = requireSource(declarator.init);
      if (source !== undefined) {
        use.importSources.push(source);
        if (declarator.id.type === 'ObjectPattern') {
          for (const property of declarator.id.properties) {
            if (property.type === 'Property' && property.value === identifier) {
              const key = propertyKeyName(property);
              if (key !== undefined) use.names.push(key);
            }
          }
        }
        return;
      }
      if (declarator.id.type === 'Identifier' && declarator.init) this.describeExtensionValue(declarator.init, use, seen);
    }
  }

  /** `{ query: { $allOperations } }` (or `$allModels` / a model) that retries `query(args)`. */
  private objectRetriesInLoop(object: TSESTree.ObjectExpression): boolean {
    const query = object.properties.find(
      (property): property is TSESTree.Property => property.type === 'Property' && propertyKeyName(property) === 'query',
    );
    if (!query || unwrapExpression(query.value).type !== 'ObjectExpression') return false;
    const operationsOf = (container: TSESTree.ObjectExpression): Node[] =>
      container.properties.flatMap((property) => {
        if (property.type !== 'Property') return [];
        const key = propertyKeyName(property);
        const value = unwrapExpression(property.value);
        if (key === '$allOperations') return [value];
        if (value.type === 'ObjectExpression') return operationsOf(value);
        return [];
      });
    return operationsOf(unwrapExpression(query.value) as TSESTree.ObjectExpression).some((operation) => isFunctionNode(operation) && this.retriesQuery(operation));
  }

  /** The `$allOperations` body calls its `query` inside try/catch in a loop, or through a `*retry*` helper. */
  private retriesQuery(fn: FunctionNode): boolean {
    const queryName = queryParameterName(fn);
    if (queryName === undefined) return false;
    let retries = false;
    const index = this.index;
    simpleTraverse(fn.body, {
      enter: (node) => {
        if (retries || node.type !== 'CallExpression') return;
        const callee = unwrapExpression(node.callee);
        if (callee.type !== 'Identifier' || callee.name !== queryName) return;
        let inTry = false;
        let inLoop = false;
        let viaRetryHelper = false;
        let child: Node = node;
        for (let current = index.parentOf(node); current && current !== fn; current = index.parentOf(current)) {
          if (current.type === 'TryStatement' && current.block === child) inTry = true;
          if (
            current.type === 'ForStatement' ||
            current.type === 'WhileStatement' ||
            current.type === 'DoWhileStatement' ||
            current.type === 'ForOfStatement' ||
            current.type === 'ForInStatement'
          ) {
            inLoop = true;
          }
          if (current.type === 'CallExpression' && current !== node && /retry/i.test(dottedName(current.callee) ?? '')) viaRetryHelper = true;
          child = current;
        }
        if ((inTry && inLoop) || viaRetryHelper) retries = true;
      },
    });
    return retries;
  }

  private logQueryEntries(construction: TSESTree.NewExpression): LogQueryEntry[] {
    const first = construction.arguments[0];
    if (!first) return [];
    const options = this.resolveConstant(first);
    if (options?.type !== 'ObjectExpression') return [];
    let logProperty: TSESTree.Property | undefined;
    for (const property of options.properties) {
      if (property.type === 'Property' && propertyKeyName(property) === 'log') logProperty = property;
    }
    if (!logProperty) return [];
    const entries: LogQueryEntry[] = [];
    const inlineArray = unwrapExpression(logProperty.value);
    const logPropertyInfo =
      inlineArray.type === 'ArrayExpression' && unwrapExpression(first) === options
        ? {
            range: rangeOf(logProperty),
            siblingRanges: options.properties.map(rangeOf),
            objectRange: rangeOf(options),
            objectIsOnlyArgument: construction.arguments.length === 1,
            callArgumentsRange: [first.range[0], construction.arguments[construction.arguments.length - 1]!.range[1]] as Range,
          }
        : undefined;
    this.collectQueryEntries(logProperty.value, entries, logPropertyInfo, new Set());
    return entries;
  }

  private collectQueryEntries(value: Node, entries: LogQueryEntry[], logProperty: LogQueryEntry['logProperty'], seen: Set<Node>): void {
    if (seen.has(value)) return;
    seen.add(value);
    const node = unwrapExpression(value);
    if (node.type === 'Identifier') {
      const resolved = this.resolveConstant(node);
      if (resolved && resolved !== node) this.collectQueryEntries(resolved, entries, undefined, seen);
      return;
    }
    if (node.type === 'ConditionalExpression') {
      const developmentBranch = developmentOnlyBranch(node.test, (identifier) => this.resolveConstant(identifier));
      if (developmentBranch !== 'consequent') this.collectQueryEntries(node.consequent, entries, undefined, seen);
      if (developmentBranch !== 'alternate') this.collectQueryEntries(node.alternate, entries, undefined, seen);
      return;
    }
    if (node.type !== 'ArrayExpression') return;
    const siblings = node.elements.filter((element): element is NonNullable<typeof element> => element !== null);
    for (const element of siblings) {
      if (element.type === 'SpreadElement') {
        this.collectQueryEntries(element.argument, entries, undefined, seen);
        continue;
      }
      const inner = unwrapExpression(element);
      const resolved = inner.type === 'Identifier' ? this.resolveConstant(inner) : inner;
      if (stringValue(resolved) === 'query') {
        entries.push({ range: rangeOf(element), form: 'string', emit: undefined, arrayRange: rangeOf(node), siblingRanges: siblings.map(rangeOf), logProperty });
      } else if (resolved?.type === 'ObjectExpression') {
        const level = resolved.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === 'level');
        const emit = resolved.properties.find((p): p is TSESTree.Property => p.type === 'Property' && propertyKeyName(p) === 'emit');
        if (level && stringValue(this.resolveConstant(level.value)) === 'query') {
          entries.push({
            range: rangeOf(element),
            form: 'object',
            emit: emit ? stringValue(this.resolveConstant(emit.value)) : undefined,
            arrayRange: rangeOf(node),
            siblingRanges: siblings.map(rangeOf),
            logProperty,
          });
        }
      }
    }
  }

  /** An identifier bound once to a constant (`const logLevels = [...]`) resolves to its initialiser. */
  private resolveConstant(node: Node): Node | undefined {
    let current = unwrapExpression(node);
    const seen = new Set<Node>();
    while (current.type === 'Identifier' && !seen.has(current)) {
      seen.add(current);
      const variable = this.index.variableOf(current);
      const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (definition?.type !== 'Variable' || definition.node.type !== 'VariableDeclarator') return current;
      const declaration = definition.parent;
      if (declaration?.type !== 'VariableDeclaration' || declaration.kind !== 'const' || !definition.node.init) return current;
      current = unwrapExpression(definition.node.init);
    }
    return current;
  }
}

function typeNameText(name: TSESTree.EntityName): string {
  if (name.type === 'Identifier') return name.name;
  if (name.type === 'TSQualifiedName') return `${typeNameText(name.left)}.${name.right.name}`;
  return '';
}

/** `middy(...).use(...).handler` style callee. */
function isMiddyChain(callee: Node): boolean {
  let node = unwrapExpression(callee);
  while (node.type === 'MemberExpression' || node.type === 'CallExpression') {
    if (node.type === 'CallExpression') {
      const name = dottedName(node.callee);
      if (name === 'middy') return true;
      node = unwrapExpression(node.callee);
    } else {
      node = unwrapExpression(node.object);
    }
  }
  return false;
}

/** The name `$allOperations` gives `query`: `({ args, query })`, `({ query: next })`, or `(params)` → `params.query`. */
function queryParameterName(fn: FunctionNode): string | undefined {
  const parameter = fn.params[0];
  if (parameter?.type !== 'ObjectPattern') return undefined;
  for (const property of parameter.properties) {
    if (property.type !== 'Property' || propertyKeyName(property) !== 'query') continue;
    const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
    if (value.type === 'Identifier') return value.name;
  }
  return undefined;
}

/**
 * Which branch of `cond ? a : b` only runs in development: `NODE_ENV === 'development'`
 * (consequent), `STAGE !== 'dev'` (alternate), `isDev ? ...`. A Lambda rarely sets NODE_ENV,
 * so `NODE_ENV !== 'production' ? [...'query'] : ...` is not development-only: it logs there.
 */
function developmentOnlyBranch(test: Node, resolve: (node: Node) => Node | undefined): 'consequent' | 'alternate' | undefined {
  const inner = unwrapExpression(test);
  if (inner.type === 'UnaryExpression' && inner.operator === '!') {
    const branch = developmentOnlyBranch(inner.argument, resolve);
    return branch === 'consequent' ? 'alternate' : branch === 'alternate' ? 'consequent' : undefined;
  }
  if (inner.type === 'BinaryExpression' && ['===', '==', '!==', '!='].includes(inner.operator)) {
    const value = stringValue(inner.right) ?? stringValue(inner.left as Node);
    if (value === undefined || !DEVELOPMENT_VALUES.has(value.toLowerCase())) return undefined;
    return inner.operator.startsWith('=') ? 'consequent' : 'alternate';
  }
  if (inner.type === 'Identifier') {
    const resolved = resolve(inner);
    if (resolved && resolved !== inner) return developmentOnlyBranch(resolved, resolve);
    return DEVELOPMENT_FLAG.test(inner.name) ? 'consequent' : undefined;
  }
  if (inner.type === 'MemberExpression') {
    const name = memberName(inner);
    return name !== undefined && DEVELOPMENT_FLAG.test(name) ? 'consequent' : undefined;
  }
  return undefined;
}

const analysisByProgram = new WeakMap<TSESTree.Program, PrismaClientAnalysis>();

/**
 * Analyses a module's PrismaClient constructions. Cached per AST, so every rule of a lint
 * pass and the codemod's detection share one walk. `sourceText` (the file's text) lets
 * the analysis tell `new PrismaClient` from `new PrismaClient()`.
 */
export function analyzePrismaClients(program: TSESTree.Program, scopeManager: ScopeManager, sourceText?: string): PrismaClientAnalysis {
  const cached = analysisByProgram.get(program);
  if (cached) return cached;
  const analysis = computeAnalysis(program, scopeManager, sourceText);
  analysisByProgram.set(program, analysis);
  return analysis;
}

const EMPTY_ANALYSIS: PrismaClientAnalysis = { constructions: [], typeReferences: [], namedImports: [], moduleScopeNames: new Set(), afterImports: 0 };

function computeAnalysis(program: TSESTree.Program, scopeManager: ScopeManager, sourceText: string | undefined): PrismaClientAnalysis {
  // Most linted files never mention the class: skip the walk.
  if (sourceText !== undefined && !sourceText.includes(PRISMA_CLIENT)) return EMPTY_ANALYSIS;
  const index = new ModuleIndex(program, scopeManager);
  const classVariables = prismaClientClassVariables(index);
  const typeVariables = prismaClientTypeVariables(index, classVariables);
  const isPrismaClientClass = (callee: Node): boolean => {
    const inner = unwrapExpression(callee);
    if (inner.type === 'Identifier') {
      const variable = index.variableOf(inner);
      return variable !== undefined && classVariables.has(variable);
    }
    return memberName(inner) === PRISMA_CLIENT;
  };
  const analyzer = new ConstructionAnalyzer(index, typeVariables);
  const constructions = index.newExpressions.filter((node) => isPrismaClientClass(node.callee)).map((node) => analyzer.analyze(node, sourceText));
  const typeReferences = index.typeReferences.filter((node) => isPrismaClientTypeReference(index, node, typeVariables)).map(rangeOf);
  const firstStatement = program.body.find(
    (statement) =>
      statement.type !== 'ImportDeclaration' &&
      statement.type !== 'TSImportEqualsDeclaration' &&
      !(statement.type === 'ExpressionStatement' && statement.directive !== undefined),
  );
  return {
    constructions,
    typeReferences,
    namedImports: index.namedImports,
    moduleScopeNames: index.moduleScopeNames,
    afterImports: firstStatement ? firstStatement.range[0] : program.range[1],
  };
}

/** Options that decide what counts as a retry extension. */
export interface RetryRecognitionOptions {
  /** Extra names (local, imported or dotted) that are retry extensions. */
  retryExtensions?: readonly string[];
}

/**
 * Whether an `$extends` argument is a retry extension: `auroraRetry()` (from our runtime or a
 * vendored copy), any name containing "retry" (case-insensitive) — imported or local, called
 * or passed — a configured name, or an inline `$allOperations` that retries. A retry-less
 * extension such as `withAccelerate()` is not one.
 */
export function isRetryExtension(extension: ExtensionUse, options: RetryRecognitionOptions = {}): boolean {
  if (extension.inlineRetry) return true;
  const configured = new Set(options.retryExtensions ?? []);
  return extension.names.some((name) => /retry/i.test(name) || configured.has(name));
}

export function hasRetryExtension(construction: PrismaClientConstruction, options: RetryRecognitionOptions = {}): boolean {
  return construction.extensions.some((extension) => isRetryExtension(extension, options));
}
