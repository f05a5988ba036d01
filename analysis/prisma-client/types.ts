import type { Range } from '../ast/range.js';

/**
 * What the PrismaClient analysis reports. Everything the rules and the `add-retry-extension` transform need to know about how a
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
    { range: Range; siblingRanges: Range[]; objectRange: Range; objectIsOnlyArgument: boolean; callArgumentsRange: Range } | undefined;
}

/** The variable the client (as constructed, before any `$extends` elsewhere) is stored in. */
export interface ClientHolder {
  name: string;
  kind: 'const' | 'let' | 'var' | 'assignment';
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
   * The client is only connected and disconnected (`await new PrismaClient().$connect()`, a
   * reachability probe before a migration) and goes nowhere else: no query, so a query
   * extension has nothing to retry.
   */
  onlyConnects: boolean;
  /** How the retry fix keeps the client typed as the class in TypeScript (client-type.ts). */
  typeKeeping: ClientTypeKeeping;
}

/**
 * `<construction and its chain> as unknown as <typeText>`: the retry fix's cast back to the
 * class's instance type (client-type.ts says why).
 */
export interface ClientTypeKeeping {
  /** `PrismaClient`, `Db`, `P.PrismaClient`, or `InstanceType<typeof PrismaClient>` for a `require`d class. */
  typeText: string;
  /** The cast needs parentheses where the chain sits (`(...).user`, `await (...)`). */
  needsParentheses: boolean;
  /** Why the cast cannot be shown to keep the client's types (a global `omit`), if so. */
  blocker: string | undefined;
}

/** An existing `import { auroraRetry } from '<source>'` (or CommonJS destructuring). */
export interface NamedImport {
  importedName: string;
  localName: string;
  source: string;
}

export interface PrismaClientAnalysis {
  constructions: PrismaClientConstruction[];
  /** Named imports and CommonJS destructured requires (for reusing an existing `auroraRetry`). */
  namedImports: NamedImport[];
}
