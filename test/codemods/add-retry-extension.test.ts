import { Linter } from 'eslint';
import * as tsParser from '@typescript-eslint/parser';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import transform from '../../codemods/add-retry-extension.js';
import { DEFAULT_RUNTIME_IMPORT, runTransform, type AuroraTransformOptions } from '../../codemods/lib/transform.js';
import noQueryLogging from '../../rules/no-query-logging.js';
import requireRetryExtension from '../../rules/require-retry-extension.js';
import { createPrismaTypeChecker, type PrismaMajor, type PrismaTypeChecker, type TypeCheckResult } from '../support/prisma-client-types.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/add-retry-extension');

interface Fixture {
  name: string;
  extension: string;
  input: string;
  output: string;
  options: AuroraTransformOptions;
}

const fixtures: Fixture[] = readdirSync(FIXTURES)
  .filter((file) => file.includes('.input.'))
  .sort()
  .map((file) => {
    const name = file.slice(0, file.indexOf('.input.'));
    const extension = file.slice(file.lastIndexOf('.'));
    const optionsPath = join(FIXTURES, `${name}.options.json`);
    const extra = existsSync(optionsPath) ? (JSON.parse(readFileSync(optionsPath, 'utf8')) as Partial<AuroraTransformOptions>) : {};
    return {
      name,
      extension,
      input: readFileSync(join(FIXTURES, file), 'utf8'),
      output: readFileSync(join(FIXTURES, `${name}.output${extension}`), 'utf8'),
      options: { runtimeImport: DEFAULT_RUNTIME_IMPORT, ...extra },
    };
  });

/** Fixtures the transform deliberately leaves with a finding: the client's `$on` needs the base client. */
const LEFT_ALONE = new Set(['nothing-to-do-event-listener']);

const typescriptFixtures = fixtures.filter((fixture) => /^\.[cm]?tsx?$/.test(fixture.extension));

it('covers TypeScript and TSX fixtures', () => {
  expect(typescriptFixtures.map((fixture) => fixture.extension)).toEqual(expect.arrayContaining(['.ts', '.tsx']));
});

/** Fixtures with `declare global` clash with each other in one program: each is checked alone. */
const declaresGlobals = (code: string): boolean => /\bdeclare global\b/.test(code);

describe.each([7, 6] as PrismaMajor[])('add-retry-extension outputs type-check against a generated Prisma %i client', (major) => {
  const inputs = new Map<string, TypeCheckResult>();
  const outputs = new Map<string, TypeCheckResult>();
  let checker: PrismaTypeChecker;
  beforeAll(async () => {
    checker = await createPrismaTypeChecker(major);
    const fileOf = (fixture: Fixture, code: string) => ({ fileName: `${fixture.name}${fixture.extension}`, code });
    const shared = typescriptFixtures.filter((fixture) => !declaresGlobals(fixture.input) && !declaresGlobals(fixture.output));
    for (const [name, result] of checker.check(shared.map((fixture) => fileOf(fixture, fixture.input)))) inputs.set(name, result);
    for (const [name, result] of checker.check(shared.map((fixture) => fileOf(fixture, fixture.output)))) outputs.set(name, result);
    for (const fixture of typescriptFixtures.filter((candidate) => !shared.includes(candidate))) {
      for (const [name, result] of checker.check([fileOf(fixture, fixture.input)])) inputs.set(name, result);
      for (const [name, result] of checker.check([fileOf(fixture, fixture.output)])) outputs.set(name, result);
    }
  }, 180_000);

  // Prisma 7: `@prisma/client` is a prisma-client-js client (optional constructor options),
  // generated paths a `prisma-client` one (adapter required). Prisma 6.19: prisma-client-js.
  it.each(typescriptFixtures)('$name: input and output type-check', (fixture) => {
    const fileName = `${fixture.name}${fixture.extension}`;
    const input = inputs.get(fileName)!;
    expect(input.diagnostics, 'the input fixture itself must be valid code').toEqual([]);
    expect(input.clients.every((client) => !client.isAny)).toBe(true);

    const output = outputs.get(fileName)!;
    expect(output.diagnostics).toEqual([]);
    for (const client of output.clients) {
      expect(client, `${client.name} must keep a real client type`).toMatchObject({ isAny: false, hasUserDelegate: true });
      expect(client.extended, `${client.name} extended`).toBe(!LEFT_ALONE.has(fixture.name));
    }
  });

  it('negative controls: keeping `PrismaClient` as the type either fails or hides the extension', () => {
    const header = `import { PrismaPg } from '@prisma/adapter-pg'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
import { PrismaClient } from './generated/prisma'
`;
    const construction = `new PrismaClient({ adapter: new PrismaPg({ connectionString: '' }) }).$extends(auroraRetry())`;
    const results = checker.check([
      {
        fileName: 'with-undefined.ts',
        code: `${header}const globalForPrisma = globalThis as unknown as { prisma: PrismaClient | undefined }
export const prisma = globalForPrisma.prisma ?? ${construction}
globalForPrisma.prisma = prisma
`,
      },
      {
        fileName: 'with-or.ts',
        code: `${header}const globalForPrisma = globalThis as unknown as { prisma: PrismaClient }
export const prisma = globalForPrisma.prisma || ${construction}
globalForPrisma.prisma = prisma
`,
      },
    ]);
    expect(results.get('with-undefined.ts')!.diagnostics.join('\n')).toMatch(/TS2322|TS2741/);
    // With `||` on an always-truthy type, TypeScript types the result as the left side: it
    // compiles, but `prisma` claims to be a base client (`$on` allowed) while it is not.
    const withOr = results.get('with-or.ts')!;
    expect(withOr.diagnostics).toEqual([]);
    expect(withOr.clients).toEqual([{ name: 'prisma', isAny: false, extended: false, hasUserDelegate: true }]);
  });
});

function lintWithRetryRules(code: string, extension: string): Linter.LintMessage[] {
  const linter = new Linter({ configType: 'flat' });
  const isTypeScript = /^\.[cm]?tsx?$/.test(extension);
  return linter.verify(
    code,
    [
      {
        files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
        plugins: {
          'prisma-aurora-fix': { rules: { 'require-retry-extension': requireRetryExtension, 'no-query-logging': noQueryLogging } } as never,
        },
        rules: { 'prisma-aurora-fix/require-retry-extension': 'error', 'prisma-aurora-fix/no-query-logging': 'error' },
        settings: { 'prisma-aurora-fix': { lambda: 'always' } },
        languageOptions: {
          ...(isTypeScript ? { parser: tsParser as never } : {}),
          sourceType: extension === '.cjs' ? 'commonjs' : 'module',
          parserOptions: { ecmaFeatures: { jsx: true } },
        },
      },
    ],
    join(process.cwd(), `lib/file${extension}`),
  );
}

describe('add-retry-extension agrees with the rules', () => {
  it.each(fixtures)('$name: the output has no require-retry-extension or no-query-logging finding', (fixture) => {
    const messages = lintWithRetryRules(fixture.output, fixture.extension);
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    const findings = messages.map((message) => message.ruleId);
    if (LEFT_ALONE.has(fixture.name)) expect(findings.length).toBeGreaterThan(0);
    else expect(findings).toEqual([]);
  });

  // The transform builds one factory for identical constructions; suggestions applied one
  // at a time build it for the first and chain the second in place: both type-check.
  const SHARED_FACTORY = new Set(['old-nextjs-let']);
  it.each(fixtures.filter((fixture) => !LEFT_ALONE.has(fixture.name) && !SHARED_FACTORY.has(fixture.name)))(
    '$name: applying the editor suggestions one by one reaches the same code',
    (fixture) => {
      let code = fixture.input;
      for (let step = 0; step < 10; step += 1) {
        const messages = lintWithRetryRules(code, fixture.extension);
        // Log fixes first, as the transform does: the retry fix may move the construction.
        const next =
          messages.find((message) => message.ruleId === 'prisma-aurora-fix/no-query-logging' && message.suggestions?.length) ??
          messages.find((message) => message.suggestions?.length);
        if (!next) break;
        const { fix } = next.suggestions![0]!;
        code = code.slice(0, fix.range[0]) + fix.text + code.slice(fix.range[1]);
      }
      if (fixture.options.runtimeImport !== DEFAULT_RUNTIME_IMPORT) {
        // The rule's import source is an option too; the fixture's vendored path is not its default.
        code = code.replace(`'${DEFAULT_RUNTIME_IMPORT}'`, `'${fixture.options.runtimeImport}'`);
      }
      expect(code).toBe(fixture.output);
    },
  );
});

describe('add-retry-extension edge cases', () => {
  const run = (source: string, path = 'lib/prisma.ts', options: Partial<AuroraTransformOptions> = {}) =>
    runTransform(transform, { path, source }, { runtimeImport: DEFAULT_RUNTIME_IMPORT, ...options });

  it('returns undefined for files without a PrismaClient construction', async () => {
    expect(await run(`export const answer = 42\n`)).toBeUndefined();
    expect(await run(`import type { PrismaClient } from '@prisma/client'\nexport type Db = PrismaClient\n`)).toBeUndefined();
    expect(await run(`class PrismaClient {}\nexport const fake = new PrismaClient()\n`)).toBeUndefined();
  });

  it('keeps CRLF line endings in the lines it adds', async () => {
    const source = [
      `import { PrismaClient } from '@prisma/client'`,
      `const globalForPrisma = globalThis as unknown as { prisma: PrismaClient }`,
      `export const prisma = globalForPrisma.prisma ?? new PrismaClient()`,
      ``,
    ].join('\r\n');
    const output = await run(source);
    expect(output).toBeDefined();
    expect(output!.replace(/\r\n/g, '')).not.toContain('\n');
    expect(output).toBe(
      [
        `import { PrismaClient } from '@prisma/client'`,
        `import { auroraRetry } from 'prisma-aurora-fix/runtime'`,
        `const globalForPrisma = globalThis as unknown as { prisma: ReturnType<typeof createPrismaClient> }`,
        `const createPrismaClient = () => new PrismaClient().$extends(auroraRetry())`,
        ``,
        `export const prisma = globalForPrisma.prisma ?? createPrismaClient()`,
        ``,
      ].join('\r\n'),
    );
  });

  it('picks a factory name that does not collide with the module', async () => {
    const output = await run(`import { PrismaClient } from '@prisma/client'
const createPrismaClient = 1
declare global { var prisma: PrismaClient | undefined }
export const prisma = globalThis.prisma ?? new PrismaClient()
`);
    expect(output).toContain('const createPrismaClient2 = () => new PrismaClient().$extends(auroraRetry())');
    expect(output).toContain('var prisma: ReturnType<typeof createPrismaClient2> | undefined');
  });

  it('adds `()` to a construction without an argument list', async () => {
    expect(await run(`import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient\n`)).toBe(
      `import { PrismaClient } from '@prisma/client'\nimport { auroraRetry } from 'prisma-aurora-fix/runtime'\nexport const prisma = new PrismaClient().$extends(auroraRetry())\n`,
    );
  });

  it('puts the import first in a file without imports, after its directives', async () => {
    expect(await run(`'use server';\nexport const prisma = new (require('@prisma/client').PrismaClient)();\n`, 'lib/db.js')).toBe(
      `'use server';\nimport { auroraRetry } from 'prisma-aurora-fix/runtime';\nexport const prisma = new (require('@prisma/client').PrismaClient)().$extends(auroraRetry());\n`,
    );
  });

  it('leaves a client whose $on/$use the file calls, and the event entries its listener needs', async () => {
    const source = `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient({ log: [{ emit: 'event', level: 'query' }, 'query'] })
prisma.$on('query', (event) => console.log(event.duration))
`;
    expect(await run(source)).toBe(`import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient({ log: [{ emit: 'event', level: 'query' }] })
prisma.$on('query', (event) => console.log(event.duration))
`);
  });

  it('throws on a file that does not parse, so the CLI reports it and leaves it untouched', async () => {
    await expect(run(`import { PrismaClient } from '@prisma/client'\nconst prisma = new PrismaClient(\n`)).rejects.toThrow();
  });
});
