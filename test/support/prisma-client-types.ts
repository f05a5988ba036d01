import { join } from 'node:path';
import { Project, ts, type Diagnostic, type SourceFile } from 'ts-morph';
import { generatePrismaClient, PRISMA6_WORKSPACE, REPO_ROOT } from './prisma-generate.js';

/**
 * Type-checks code the way a user's project would, against real generated clients (from
 * `prisma-generate.ts`, offline): with Prisma 7, `@prisma/client` resolves to a
 * `prisma-client-js` client and generated paths to a `prisma-client` one (whose constructor
 * requires a driver adapter); with Prisma 6.19, both resolve to its `prisma-client-js`
 * client and `@prisma/adapter-pg` to its 6.19 adapter.
 */

export type PrismaMajor = 6 | 7;

/** What type-checking one file found. */
export interface TypeCheckResult {
  /** `file:line:column TScode message`; empty when the file type-checks. */
  diagnostics: string[];
  /**
   * The file's exported values whose type is a Prisma client (has `$extends`), with whether
   * the type is the extended client (`$on` gone), `any`, and has a typed `user` delegate.
   */
  clients: { name: string; isAny: boolean; extended: boolean; hasUserDelegate: boolean }[];
}

export interface PrismaTypeChecker {
  /**
   * Type-checks files placed (virtually) in `src/lib/`, together in one program: checking is
   * costly (the generated client's types are resolved per program), so batch files that can
   * share one. Files declaring the same `declare global` variable cannot: check them alone.
   */
  check(files: readonly { fileName: string; code: string }[]): Map<string, TypeCheckResult>;
}

/**
 * A ts-morph project in which fixture code imports PrismaClient from `@prisma/client`,
 * `@/generated/prisma`, `~/generated/prisma`, `../generated/prisma/client` or
 * `./generated/prisma`, `auroraRetry` from `prisma-aurora-fix/runtime` (this repository's
 * `runtime/index.ts`) or a vendored `./aurora-retry.js`,
 * and `Handler` types from `aws-lambda` (a minimal stub: the package is not a dependency here).
 */
export async function createPrismaTypeChecker(major: PrismaMajor): Promise<PrismaTypeChecker> {
  const packageClient = await generatePrismaClient(major === 7 ? 'prisma7-js' : 'prisma6');
  const generatedClient = major === 7 ? (await generatePrismaClient('prisma7-ts')).entry : join(packageClient.outputDir, 'index.d.ts');
  const root = join(REPO_ROOT, 'test/.generated/typecheck');
  const src = join(root, 'src');
  const runtimeModule = join(REPO_ROOT, 'runtime/index.ts');
  const adapterTypes = major === 7 ? undefined : join(PRISMA6_WORKSPACE, 'node_modules/@prisma/adapter-pg/dist/index.d.ts');

  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      esModuleInterop: true,
      jsx: ts.JsxEmit.Preserve,
      types: ['node'],
      typeRoots: [join(REPO_ROOT, 'node_modules/@types')],
      baseUrl: root,
      paths: {
        '@prisma/client': [join(packageClient.outputDir, 'index.d.ts')],
        ...(adapterTypes ? { '@prisma/adapter-pg': [adapterTypes] } : {}),
        '@/*': [join(src, '*')],
        '~/*': [join(src, '*')],
        'prisma-aurora-fix/runtime': [runtimeModule],
        'aws-lambda': [join(src, 'aws-lambda-stub.ts')],
      },
    },
  });
  const generatedIndex = `export * from '${generatedClient}'\n`;
  for (const path of [
    'generated/prisma/client.ts',
    'generated/prisma/index.ts',
    'lib/generated/prisma/index.ts',
    'lib/generated/prisma/client.ts',
  ]) {
    project.createSourceFile(join(src, path), generatedIndex, { overwrite: true });
  }
  project.createSourceFile(join(src, 'lib/aurora-retry.ts'), `export * from '${runtimeModule}'\n`, { overwrite: true });
  project.createSourceFile(
    join(src, 'aws-lambda-stub.ts'),
    `export interface Context { awsRequestId: string }
export type Handler<TEvent = unknown, TResult = unknown> = (event: TEvent, context: Context) => Promise<TResult>
export interface APIGatewayProxyResult { statusCode: number; body: string }
export type APIGatewayProxyHandler = Handler<{ body: string | null }, APIGatewayProxyResult>
`,
    { overwrite: true },
  );
  project.createSourceFile(
    join(src, 'jsx.d.ts'),
    'declare namespace JSX { interface IntrinsicElements { [name: string]: unknown } type Element = unknown }\n',
    {
      overwrite: true,
    },
  );

  const format = (diagnostic: Diagnostic): string => {
    const file = diagnostic.getSourceFile();
    const position = file && diagnostic.getStart() !== undefined ? file.getLineAndColumnAtPos(diagnostic.getStart()!) : undefined;
    const message = ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, '\n');
    return `${file?.getBaseName() ?? '?'}:${position ? `${position.line}:${position.column}` : '?'} TS${diagnostic.getCode()} ${message}`;
  };

  const clientsOf = (sourceFile: SourceFile): TypeCheckResult['clients'] => {
    const clients: TypeCheckResult['clients'] = [];
    for (const [name, declarations] of sourceFile.getExportedDeclarations()) {
      for (const declaration of declarations) {
        const type = declaration.getType();
        if (type.isAny()) {
          clients.push({ name, isAny: true, extended: false, hasUserDelegate: false });
          continue;
        }
        const nonNullable = type.getNonNullableType();
        if (!nonNullable.getProperty('$extends')) continue;
        clients.push({
          name,
          isAny: false,
          extended: nonNullable.getProperty('$on') === undefined,
          hasUserDelegate: nonNullable.getProperty('user') !== undefined,
        });
      }
    }
    return clients;
  };

  let previous: SourceFile[] = [];
  return {
    check(files) {
      for (const file of previous) if (!file.wasForgotten()) project.removeSourceFile(file);
      previous = files.map(({ fileName, code }) => project.createSourceFile(join(src, 'lib', fileName), code, { overwrite: true }));
      const program = project.getProgram();
      const results = new Map<string, TypeCheckResult>();
      files.forEach(({ fileName }, index) => {
        const sourceFile = previous[index]!;
        const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map(format);
        results.set(fileName, { diagnostics, clients: clientsOf(sourceFile) });
      });
      return results;
    },
  };
}
