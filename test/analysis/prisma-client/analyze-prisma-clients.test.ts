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
    holder: construction.holder && { ...construction.holder, annotationRange: text(construction.holder.annotationRange) },
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
        holder: { name: 'prisma', kind: 'const', annotationRange: ': PrismaClient', moduleScope: true },
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
        factoryName: undefined,
        factoryIsAsync: false,
      },
    ]);
    expect(analysis.typeReferences.map(([start, end]) => code.slice(start, end))).toEqual(['PrismaClient', 'PrismaClient']);
    expect(analysis.namedImports).toEqual([
      { importedName: 'PrismaClient', localName: 'PrismaClient', source: '@prisma/client' },
      { importedName: 'auroraRetry', localName: 'auroraRetry', source: 'prisma-aurora-fix/runtime' },
    ]);
    expect([...analysis.moduleScopeNames].sort()).toEqual(['PrismaClient', 'auroraRetry', 'globalForPrisma', 'prisma']);
    expect(analysis.afterImports).toBe(code.indexOf('const globalForPrisma'));
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
        holder: { name: 'a', kind: 'const', annotationRange: undefined, moduleScope: true },
      }),
      expect.objectContaining({
        range: 'new Db()',
        calleeText: 'Db',
        hasArgumentList: true,
        optionsRange: undefined,
        holder: { name: 'b', kind: 'const', annotationRange: undefined, moduleScope: true },
      }),
    ]);
  });

  it('is empty for a file that never names the class, and the same object on a second call', () => {
    expect(analyze("import { Pool } from 'pg'\nexport const pool = new Pool()")).toEqual({
      constructions: [],
      typeReferences: [],
      namedImports: [],
      moduleScopeNames: new Set(),
      afterImports: 0,
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
      factoryName: construction.factoryName,
    }));

  it('at module scope, or in a module-level IIFE: once per cold start', () => {
    expect(placementOf("import { PrismaClient } from '@prisma/client'\nexport const prisma = (() => new PrismaClient())()")).toEqual([
      { placement: { kind: 'module' }, insideFunction: false, factoryName: undefined },
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
        factoryName: undefined,
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
        factoryName: 'getClient',
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
        factoryName: undefined,
      },
    ]);
  });

  it('memoised in a module-level variable, or only in a function nobody is seen to call per request', () => {
    expect(
      placementOf(
        "import { PrismaClient } from '@prisma/client'\nlet client\nexport const handler = async (event) => {\n  client ??= new PrismaClient()\n  return client.user.count()\n}",
      ),
    ).toEqual([{ placement: { kind: 'memoised' }, insideFunction: true, factoryName: undefined }]);
    expect(
      placementOf("import { PrismaClient } from '@prisma/client'\nexport async function createClient() {\n  return new PrismaClient()\n}"),
    ).toEqual([{ placement: { kind: 'function' }, insideFunction: true, factoryName: 'createClient' }]);
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
