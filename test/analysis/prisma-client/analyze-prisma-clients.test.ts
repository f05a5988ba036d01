import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import {
  analyzePrismaClients,
  hasRetryExtension,
  isRetryExtension,
  type PrismaClientConstruction,
} from '../../../analysis/prisma-client/index.js';

function analyze(code: string, path = '/p/src/db.ts') {
  return analyzePrismaClients(parseModule(code, path));
}

/** A construction with every range replaced by the source it covers, so expectations read like code. */
function readable(code: string, construction: PrismaClientConstruction) {
  const text = (range: readonly [number, number] | undefined) => (range === undefined ? undefined : code.slice(range[0], range[1]));
  return {
    ...construction,
    range: text(construction.range),
    optionsRange: text(construction.optionsRange),
    chainEnd: code.slice(construction.range[0], construction.chainEnd),
    statementRange: text(construction.statementRange),
    extensions: construction.extensions.map((use) => ({ ...use, callRange: text(use.callRange), argumentRange: text(use.argumentRange) })),
    logQueryEntries: construction.logQueryEntries.map((entry) => ({
      range: text(entry.range),
      form: entry.form,
      emit: entry.emit,
      arrayRange: text(entry.arrayRange),
      siblingRanges: entry.siblingRanges.map(text),
      logProperty: entry.logProperty && text(entry.logProperty.range),
    })),
    eventApiUses: construction.eventApiUses.map((use) => ({ ...use, range: text(use.range) })),
  };
}

function constructions(code: string, path?: string) {
  return analyze(code, path).constructions.map((construction) => readable(code, construction));
}

describe('analyzePrismaClients: constructions', () => {
  it('describes the Next.js-style singleton in full', () => {
    const code = `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'

const globalForPrisma = globalThis as unknown as { prisma: PrismaClient | undefined }

export const prisma: PrismaClient = globalForPrisma.prisma ?? new PrismaClient({ log: ['query', 'warn'] })
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma
`;
    const analysis = analyze(code);
    expect(analysis.constructions.map((construction) => readable(code, construction))).toEqual([
      {
        range: "new PrismaClient({ log: ['query', 'warn'] })",
        calleeText: 'PrismaClient',
        hasArgumentList: true,
        optionsRange: "{ log: ['query', 'warn'] }",
        chainEnd: "new PrismaClient({ log: ['query', 'warn'] })",
        extensions: [],
        holder: { name: 'prisma', kind: 'const', moduleScope: true },
        placement: { kind: 'module' },
        logQueryEntries: [
          {
            range: "'query'",
            form: 'string',
            emit: undefined,
            arrayRange: "['query', 'warn']",
            siblingRanges: ["'query'", "'warn'"],
            logProperty: "log: ['query', 'warn']",
          },
        ],
        eventApiUses: [],
        statementRange: "export const prisma: PrismaClient = globalForPrisma.prisma ?? new PrismaClient({ log: ['query', 'warn'] })",
        insideFunction: false,
        onlyConnects: false,
        typeKeeping: { typeText: 'PrismaClient', needsParentheses: false, blocker: undefined },
      },
    ]);
    expect(analysis.namedImports).toEqual([
      { importedName: 'PrismaClient', localName: 'PrismaClient', source: '@prisma/client' },
      { importedName: 'auroraRetry', localName: 'auroraRetry', source: 'prisma-aurora-fix/runtime' },
    ]);
  });

  it('tells `new PrismaClient` from `new PrismaClient()`, and reads a class alias', () => {
    expect(
      constructions(
        "import { PrismaClient } from '@prisma/client'\nconst Db = PrismaClient\nexport const a = new Db\nexport const b = new Db()",
      ),
    ).toEqual([
      expect.objectContaining({
        range: 'new Db',
        calleeText: 'Db',
        hasArgumentList: false,
        optionsRange: undefined,
        holder: { name: 'a', kind: 'const', moduleScope: true },
      }),
      expect.objectContaining({
        range: 'new Db()',
        calleeText: 'Db',
        hasArgumentList: true,
        optionsRange: undefined,
        holder: { name: 'b', kind: 'const', moduleScope: true },
      }),
    ]);
  });

  it('is empty for a file that never names the class, and the same object on a second call', () => {
    expect(analyze("import { Pool } from 'pg'\nexport const pool = new Pool()")).toEqual({
      constructions: [],
      namedImports: [],
    });
    const file = parseModule("import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient()", '/p/src/db.ts');
    expect(analyzePrismaClients({ ...file })).toBe(analyzePrismaClients(file));
  });
});

describe('analyzePrismaClients: placement', () => {
  const placementOf = (code: string) =>
    analyze(code).constructions.map((construction) => ({
      placement: construction.placement,
      insideFunction: construction.insideFunction,
    }));

  it('at module scope, or in a module-level IIFE: once per cold start', () => {
    expect(placementOf("import { PrismaClient } from '@prisma/client'\nexport const prisma = (() => new PrismaClient())()")).toEqual([
      { placement: { kind: 'module' }, insideFunction: false },
    ]);
  });

  it('inside the handler, or a helper the handler calls: per invocation', () => {
    expect(
      placementOf(
        "import { PrismaClient } from '@prisma/client'\nexport const handler = async (event) => {\n  const prisma = new PrismaClient()\n  return prisma.user.count()\n}",
      ),
    ).toEqual([
      {
        placement: { kind: 'per-invocation', handlerName: 'handler', helperName: undefined },
        insideFunction: true,
      },
    ]);
    expect(
      placementOf(
        "import { PrismaClient } from '@prisma/client'\nfunction getClient() {\n  return new PrismaClient()\n}\nexport async function main(event) {\n  return getClient().user.count()\n}",
      ),
    ).toEqual([
      {
        placement: { kind: 'per-invocation', handlerName: 'main', helperName: 'getClient' },
        insideFunction: true,
      },
    ]);
    expect(
      placementOf(
        "import { PrismaClient } from '@prisma/client'\nimport middy from '@middy/core'\nconst base = async (event) => new PrismaClient().user.count()\nexport const handler = middy(base)",
      ),
    ).toEqual([
      {
        placement: { kind: 'per-invocation', handlerName: 'handler', helperName: undefined },
        insideFunction: true,
      },
    ]);
  });

  it('memoised in a module-level variable, or only in a function nobody is seen to call per request', () => {
    expect(
      placementOf(
        "import { PrismaClient } from '@prisma/client'\nlet client\nexport const handler = async (event) => {\n  client ??= new PrismaClient()\n  return client.user.count()\n}",
      ),
    ).toEqual([{ placement: { kind: 'memoised' }, insideFunction: true }]);
    expect(
      placementOf("import { PrismaClient } from '@prisma/client'\nexport async function createClient() {\n  return new PrismaClient()\n}"),
    ).toEqual([{ placement: { kind: 'function' }, insideFunction: true }]);
  });
});

describe('analyzePrismaClients: retry extensions', () => {
  it('reads the names and sources of an extension chained on the construction', () => {
    const code =
      "import { PrismaClient } from '@prisma/client'\nimport { auroraRetry as retry } from 'prisma-aurora-fix/runtime'\nexport const prisma = new PrismaClient().$extends(retry({ maxAttempts: 5 }))";
    const [construction] = analyze(code).constructions;
    expect(readable(code, construction!).extensions).toEqual([
      {
        callRange: 'new PrismaClient().$extends(retry({ maxAttempts: 5 }))',
        argumentRange: 'retry({ maxAttempts: 5 })',
        names: ['retry', 'auroraRetry'],
        importSources: ['prisma-aurora-fix/runtime'],
        inlineRetry: false,
      },
    ]);
    expect(readable(code, construction!).chainEnd).toBe('new PrismaClient().$extends(retry({ maxAttempts: 5 }))');
    expect(hasRetryExtension(construction!)).toBe(true);
  });

  it('follows the client through a variable to a later $extends, and tells a retry from another extension', () => {
    const code =
      "import { PrismaClient } from '@prisma/client'\nimport { withAccelerate } from '@prisma/extension-accelerate'\nconst base = new PrismaClient()\nexport const prisma = base.$extends(withAccelerate())";
    const [construction] = analyze(code).constructions;
    expect(construction!.extensions.map((use) => use.names)).toEqual([['withAccelerate', 'withAccelerate']]);
    expect(readable(code, construction!).chainEnd).toBe('new PrismaClient()');
    expect(hasRetryExtension(construction!)).toBe(false);
    expect(hasRetryExtension(construction!, { retryExtensions: ['withAccelerate'] })).toBe(true);
  });

  it('recognises an inline $allOperations that retries query(args) in a loop, and not one that calls it once', () => {
    const retrying = `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient().$extends({
  query: {
    async $allOperations({ args, query }) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await query(args)
        } catch (error) {
          if (attempt >= 3) throw error
        }
      }
    },
  },
})`;
    const once =
      "import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient().$extends({ query: { async $allOperations({ args, query }) { return query(args) } } })";
    const [loop] = analyze(retrying).constructions;
    const [plain] = analyze(once).constructions;
    expect(loop!.extensions.map((use) => ({ names: use.names, inlineRetry: use.inlineRetry }))).toEqual([{ names: [], inlineRetry: true }]);
    expect(isRetryExtension(loop!.extensions[0]!)).toBe(true);
    expect(plain!.extensions.map((use) => use.inlineRetry)).toEqual([false]);
    expect(hasRetryExtension(plain!)).toBe(false);
  });

  it('notes $on/$use on the base client, which an extended client lacks', () => {
    const code =
      "import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient({ log: [{ emit: 'event', level: 'query' }] })\nprisma.$on('query', (event) => console.log(event.duration))";
    expect(constructions(code)).toEqual([
      expect.objectContaining({
        eventApiUses: [{ method: '$on', range: "prisma.$on('query', (event) => console.log(event.duration))", firstArgument: 'query' }],
        logQueryEntries: [
          {
            range: "{ emit: 'event', level: 'query' }",
            form: 'object',
            emit: 'event',
            arrayRange: "[{ emit: 'event', level: 'query' }]",
            siblingRanges: ["{ emit: 'event', level: 'query' }"],
            logProperty: "log: [{ emit: 'event', level: 'query' }]",
          },
        ],
      }),
    ]);
  });
});

describe('analyzePrismaClients: the log option', () => {
  const entries = (code: string) => constructions(code).flatMap((construction) => construction.logQueryEntries.map((entry) => entry.range));

  it('follows constants and spreads, and leaves branches that only run in development', () => {
    expect(
      entries(
        "import { PrismaClient } from '@prisma/client'\nconst levels = ['warn', 'query']\nexport const prisma = new PrismaClient({ log: [...levels, 'error'] })",
      ),
    ).toEqual(["'query'"]);
    expect(
      entries(
        "import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient({ log: process.env.NODE_ENV === 'development' ? ['query'] : ['error'] })",
      ),
    ).toEqual([]);
    // A Lambda rarely sets NODE_ENV: "not production" is not development-only.
    expect(
      entries(
        "import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient({ log: process.env.NODE_ENV !== 'production' ? ['query'] : ['error'] })",
      ),
    ).toEqual(["'query'"]);
  });
});

describe('analyzePrismaClients: how the retry fix keeps the class type', () => {
  const keeping = (code: string) => analyze(code).constructions.map((construction) => construction.typeKeeping);

  it('names the class as the file imports it, or its instance type when it is a value only', () => {
    expect(keeping("import { PrismaClient as Db } from '@prisma/client'\nexport const prisma = new Db()")).toEqual([
      { typeText: 'Db', needsParentheses: false, blocker: undefined },
    ]);
    expect(keeping("import * as P from '@prisma/client'\nexport const prisma = new P.PrismaClient()")).toEqual([
      { typeText: 'P.PrismaClient', needsParentheses: false, blocker: undefined },
    ]);
    expect(keeping("const { PrismaClient } = require('@prisma/client')\nmodule.exports = { prisma: new PrismaClient() }")).toEqual([
      { typeText: 'InstanceType<typeof PrismaClient>', needsParentheses: false, blocker: undefined },
    ]);
    expect(keeping("import { PrismaClient } from '@prisma/client'\nconst Db = PrismaClient\nexport const prisma = new Db()")).toEqual([
      { typeText: 'InstanceType<typeof Db>', needsParentheses: false, blocker: undefined },
    ]);
  });

  it('asks for parentheses where `as` would bind to less than the chain', () => {
    const needs = (code: string) => keeping(`import { PrismaClient } from '@prisma/client'\n${code}`).map((kept) => kept.needsParentheses);
    expect(needs('export const prisma = globalThis.prisma ?? new PrismaClient()')).toEqual([false]);
    expect(needs('export const prisma = cond ? new PrismaClient() : other')).toEqual([false]);
    expect(needs('export const getPrisma = () => new PrismaClient().$extends(other)')).toEqual([false]);
    expect(needs('class Repo { db = new PrismaClient() }')).toEqual([false]);
    expect(needs('export const users = new PrismaClient().user')).toEqual([true]);
    expect(needs('export const prisma = new PrismaClient()!')).toEqual([true]);
    expect(needs('void new PrismaClient()')).toEqual([true]);
  });

  it('blocks the cast when a global `omit` is, or may be, in the options', () => {
    const blocked = (code: string) =>
      keeping(`import { PrismaClient } from '@prisma/client'\n${code}`).map((kept) => kept.blocker !== undefined);
    expect(blocked('export const prisma = new PrismaClient({ omit: { user: { password: true } } })')).toEqual([true]);
    expect(blocked('const options = { omit: { user: { password: true } } }\nexport const prisma = new PrismaClient(options)')).toEqual([
      true,
    ]);
    expect(blocked("import { options } from './options'\n// omit the password\nexport const prisma = new PrismaClient(options)")).toEqual([
      true,
    ]);
    expect(blocked("import { options } from './options'\nexport const prisma = new PrismaClient(options)")).toEqual([false]);
    expect(blocked("export const prisma = new PrismaClient({ log: ['warn'] })")).toEqual([false]);
  });
});

describe('analyzePrismaClients: clients only connected (a reachability probe)', () => {
  const onlyConnects = (code: string) =>
    analyze(`import { PrismaClient } from '@prisma/client'\n${code}`).constructions.map((construction) => construction.onlyConnects);

  it('is a probe when $connect/$disconnect are all the client does', () => {
    expect(
      onlyConnects(
        'export async function handler() {\n  const client = new PrismaClient()\n  await client.$connect()\n  await client.$disconnect()\n}',
      ),
    ).toEqual([true]);
    expect(onlyConnects('export async function handler() {\n  await new PrismaClient().$connect()\n}')).toEqual([true]);
  });

  it('is not one when the client is queried, exported, passed on, returned or stored', () => {
    expect(
      onlyConnects(
        'export async function handler() {\n  const client = new PrismaClient()\n  await client.$connect()\n  return client.user.count()\n}',
      ),
    ).toEqual([false]);
    expect(onlyConnects('export const prisma = new PrismaClient()\nawait prisma.$connect()')).toEqual([false]);
    expect(
      onlyConnects('declare function use(client: unknown): void\nconst client = new PrismaClient()\nawait client.$connect()\nuse(client)'),
    ).toEqual([false]);
    expect(
      onlyConnects('export function createClient() {\n  const client = new PrismaClient()\n  void client.$connect()\n  return client\n}'),
    ).toEqual([false]);
    expect(onlyConnects('const holder: { client?: unknown } = {}\nholder.client = new PrismaClient()')).toEqual([false]);
    expect(onlyConnects('export const prisma = new PrismaClient()')).toEqual([false]);
  });
});
