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
    // The cast keeps the class's own type (client-type.ts): every export is typed as it was.
    expect(output.clients).toEqual(input.clients);
  });

  // What broke real projects (issue 12): callers in other files that take a `PrismaClient` or
  // type transaction callbacks with `Prisma.TransactionClient`.
  const caller = `import { PrismaClient, Prisma } from '@prisma/client'
import { prisma } from './client'
function takesClient(client: PrismaClient): void { void client }
takesClient(prisma)
export async function work(): Promise<void> {
  await prisma.$transaction(async (tx: Prisma.TransactionClient) => { await tx.user.count() })
  const inTransaction = async (tx: Prisma.TransactionClient) => tx.user.count()
  await prisma.$transaction((tx) => inTransaction(tx))
}
`;
  const clientModule = `import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient()\n`;

  it('callers in other files keep compiling against the fixed client', async () => {
    const fixed = await runTransform(transform, { path: 'lib/client.ts', source: clientModule }, { runtimeImport: DEFAULT_RUNTIME_IMPORT });
    expect(fixed).toContain('as unknown as PrismaClient');
    const results = checker.check([
      { fileName: 'client.ts', code: fixed! },
      { fileName: 'caller.ts', code: caller },
    ]);
    expect(results.get('client.ts')!.diagnostics).toEqual([]);
    expect(results.get('caller.ts')!.diagnostics).toEqual([]);
  });

  it('negative control: the same callers fail against the bare extended client', () => {
    const bare = clientModule.replace(
      /^export const prisma = new PrismaClient\(\)$/m,
      (line) => `import { auroraRetry } from 'prisma-aurora-fix/runtime'\n${line}.$extends(auroraRetry())`,
    );
    const results = checker.check([
      { fileName: 'client.ts', code: bare },
      { fileName: 'caller.ts', code: caller },
    ]);
    expect(results.get('client.ts')!.diagnostics).toEqual([]);
    const codes = results.get('caller.ts')!.diagnostics.map((line) => /TS\d+/.exec(line)![0]);
    expect(codes).toEqual(['TS2345', 'TS2769', 'TS2345']);
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

  it.each(fixtures.filter((fixture) => !LEFT_ALONE.has(fixture.name)))(
    '$name: applying the editor suggestions one by one reaches the same code',
    (fixture) => {
      let code = fixture.input;
      for (let step = 0; step < 10; step += 1) {
        const messages = lintWithRetryRules(code, fixture.extension);
        // Log fixes first, as the transform does.
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
        `const globalForPrisma = globalThis as unknown as { prisma: PrismaClient }`,
        `export const prisma = globalForPrisma.prisma ?? new PrismaClient().$extends(auroraRetry()) as unknown as PrismaClient`,
        ``,
      ].join('\r\n'),
    );
  });

  it('casts to the class as the file can name it, in parentheses where the chain is an operand', async () => {
    expect(await run(`import { PrismaClient as Db } from '@prisma/client'\nexport const users = new Db().user\n`)).toBe(
      `import { PrismaClient as Db } from '@prisma/client'\nimport { auroraRetry } from 'prisma-aurora-fix/runtime'\nexport const users = (new Db().$extends(auroraRetry()) as unknown as Db).user\n`,
    );
    expect(
      await run(`const { PrismaClient } = require('@prisma/client')\nexport const prisma = new PrismaClient()\n`, 'lib/db.cts'),
    ).toContain(`new PrismaClient().$extends(auroraRetry()) as unknown as InstanceType<typeof PrismaClient>`);
  });

  it('leaves, with the reason, a client whose global `omit` the cast would hide; JavaScript gets no cast', async () => {
    const source = `import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient({ omit: { user: { password: true } } })\n`;
    const skipped: string[] = [];
    expect(await run(source, 'lib/prisma.ts', { onSkip: (finding) => skipped.push(finding.reason) })).toBeUndefined();
    expect(skipped).toEqual([expect.stringMatching(/global `omit`/)]);
    expect(await run(source, 'lib/prisma.js')).toContain(
      `new PrismaClient({ omit: { user: { password: true } } }).$extends(auroraRetry())\n`,
    );
  });

  it('adds `()` to a construction without an argument list', async () => {
    expect(await run(`import { PrismaClient } from '@prisma/client'\nexport const prisma = new PrismaClient\n`)).toBe(
      `import { PrismaClient } from '@prisma/client'\nimport { auroraRetry } from 'prisma-aurora-fix/runtime'\nexport const prisma = new PrismaClient().$extends(auroraRetry()) as unknown as PrismaClient\n`,
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
