/**
 * The deterministic benchmark corpus: a monorepo of Lambda APIs, Next.js apps, CDK stacks, a
 * UI kit and shared libraries, in the proportions of a real Prisma-on-Lambda codebase. The
 * same seed and size give byte-identical files on every machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ENTITIES, kebab, pascal } from './names.js';
import { Random } from './random.js';
import { databaseConstruct, databaseHandler, migrationRunner, plainConstruct, plainHandler } from './templates-aws.js';
import { prismaModule, repository, routeHandler, seedScript, service, type PackageContext } from './templates-data.js';
import { reactComponent, reactHook } from './templates-frontend.js';
import { httpClient, incidentalMention, javascriptModule, reducerModule, testModule, typesModule, utilities } from './templates-general.js';

/** Bump when the templates change, so recorded results name the corpus they ran on. */
export const CORPUS_GENERATOR_VERSION = 1;

export const DEFAULT_SEED = 'prisma-aurora-fix';

export type FileKind =
  | 'prisma-module'
  | 'repository'
  | 'service'
  | 'route-handler'
  | 'seed-script'
  | 'db-handler'
  | 'plain-handler'
  | 'migration-runner'
  | 'db-construct'
  | 'plain-construct'
  | 'react-component'
  | 'react-hook'
  | 'utilities'
  | 'types'
  | 'test'
  | 'http-client'
  | 'reducer'
  | 'javascript'
  | 'package-json'
  | 'dockerfile';

export interface CorpusFile {
  /** Path relative to the corpus root, with forward slashes. */
  path: string;
  kind: FileKind;
  source: string;
}

export interface CorpusOptions {
  seed?: string;
  /** Number of source files (package.json and Dockerfiles come on top). */
  files: number;
}

type PackageType = 'api' | 'web' | 'infra' | 'ui' | 'shared';

const PACKAGE_WEIGHTS: Record<PackageType, number> = { api: 3, web: 2, infra: 1, ui: 2, shared: 2 };

/** Source kinds per package type (the fixed files, like the Prisma module, come first). */
const KIND_WEIGHTS: Record<PackageType, Partial<Record<FileKind, number>>> = {
  api: {
    repository: 18,
    service: 12,
    'db-handler': 20,
    'plain-handler': 8,
    utilities: 10,
    types: 10,
    test: 10,
    'http-client': 2,
    javascript: 2,
  },
  web: {
    'react-component': 35,
    'react-hook': 10,
    'route-handler': 8,
    repository: 5,
    utilities: 10,
    types: 8,
    test: 8,
    reducer: 6,
    'http-client': 3,
    javascript: 3,
  },
  infra: { 'db-construct': 12, 'plain-construct': 30, utilities: 5, types: 5, test: 8, javascript: 2 },
  ui: { 'react-component': 55, 'react-hook': 15, types: 10, test: 10, utilities: 8, reducer: 4 },
  shared: { utilities: 35, types: 25, test: 15, 'http-client': 8, reducer: 7, javascript: 10 },
};

const FILES_PER_PACKAGE: Record<PackageType, [number, number]> = {
  api: [30, 120],
  web: [50, 160],
  infra: [10, 40],
  ui: [40, 140],
  shared: [20, 80],
};

/** Where each kind lives inside a package, and its extension. */
const PLACEMENT: Record<FileKind, { dir: string; extension: string; suffix: string }> = {
  'prisma-module': { dir: 'src/lib', extension: '.ts', suffix: '' },
  repository: { dir: 'src/repositories', extension: '.ts', suffix: 'repository' },
  service: { dir: 'src/services', extension: '.ts', suffix: 'service' },
  'route-handler': { dir: 'app/api', extension: '.ts', suffix: 'route' },
  'seed-script': { dir: 'prisma', extension: '.ts', suffix: '' },
  'db-handler': { dir: 'src/handlers', extension: '.ts', suffix: 'handler' },
  'plain-handler': { dir: 'src/handlers', extension: '.ts', suffix: 'handler' },
  'migration-runner': { dir: 'src/migrate', extension: '.ts', suffix: 'handler' },
  'db-construct': { dir: 'lib/constructs', extension: '.ts', suffix: 'api' },
  'plain-construct': { dir: 'lib/constructs', extension: '.ts', suffix: 'pipeline' },
  'react-component': { dir: 'src/components', extension: '.tsx', suffix: '' },
  'react-hook': { dir: 'src/hooks', extension: '.ts', suffix: 'hook' },
  utilities: { dir: 'src/utils', extension: '.ts', suffix: 'utils' },
  types: { dir: 'src/types', extension: '.ts', suffix: 'types' },
  test: { dir: 'test', extension: '.test.ts', suffix: '' },
  'http-client': { dir: 'src/client', extension: '.ts', suffix: 'client' },
  reducer: { dir: 'src/state', extension: '.ts', suffix: 'reducer' },
  javascript: { dir: 'scripts', extension: '', suffix: '' },
  'package-json': { dir: '', extension: '', suffix: '' },
  dockerfile: { dir: '', extension: '', suffix: '' },
};

/** Kinds that never mention a database; a few of them get an incidental comment that does. */
const UNRELATED_KINDS = new Set<FileKind>([
  'plain-handler',
  'plain-construct',
  'react-component',
  'react-hook',
  'utilities',
  'types',
  'test',
  'http-client',
  'reducer',
  'javascript',
]);
const INCIDENTAL_MENTION_RATE = 0.03;

function packageJson(name: string, type: PackageType, context: PackageContext, usesRuntime: boolean): string {
  const prismaVersion = context.prismaMajor === 7 ? '^7.10.0' : '^6.19.0';
  const dependencies: Record<string, string> = {};
  const devDependencies: Record<string, string> = { typescript: '^5.9.0', vitest: '^3.2.0' };
  if (type === 'api' || type === 'web') {
    dependencies['@prisma/client'] = prismaVersion;
    devDependencies.prisma = prismaVersion;
    if (context.prismaMajor === 7) {
      dependencies['@prisma/adapter-pg'] = prismaVersion;
      dependencies.pg = '^8.16.0';
    }
  }
  if (type === 'api') {
    devDependencies['@types/aws-lambda'] = '^8.10.150';
    dependencies['@middy/core'] = '^6.0.0';
  }
  if (usesRuntime) dependencies['prisma-aurora-fix'] = '^0.1.0';
  if (type === 'web') Object.assign(dependencies, { next: '^15.3.0', react: '^19.1.0', 'react-dom': '^19.1.0' });
  if (type === 'ui') Object.assign(dependencies, { react: '^19.1.0' });
  if (type === 'infra') Object.assign(dependencies, { 'aws-cdk-lib': '^2.200.0', constructs: '^10.4.0' });
  return `${JSON.stringify({ name: `@corpus/${name}`, private: true, type: 'module', dependencies, devDependencies }, null, 2)}\n`;
}

const LAMBDA_ADAPTER_DOCKERFILE = `FROM public.ecr.aws/awsguru/aws-lambda-adapter:0.9.1 AS adapter
FROM node:20-slim
COPY --from=adapter /lambda-adapter /opt/extensions/lambda-adapter
WORKDIR /app
COPY .next/standalone ./
ENV PORT=3000
CMD ["node", "server.js"]
`;

function sourceFor(kind: FileKind, random: Random, context: PackageContext): { source: string; extension?: string } {
  switch (kind) {
    case 'prisma-module':
      return { source: prismaModule(random, context) };
    case 'repository':
      return { source: repository(random, context) };
    case 'service':
      return { source: service(random, context) };
    case 'route-handler':
      return { source: routeHandler(random, context) };
    case 'seed-script':
      return { source: seedScript(random) };
    case 'db-handler':
      return { source: databaseHandler(random, context) };
    case 'plain-handler':
      return { source: plainHandler(random) };
    case 'migration-runner':
      return { source: migrationRunner(random) };
    case 'db-construct':
      return { source: databaseConstruct(random) };
    case 'plain-construct':
      return { source: plainConstruct(random) };
    case 'react-component':
      return { source: reactComponent(random) };
    case 'react-hook':
      return { source: reactHook(random) };
    case 'utilities':
      return { source: utilities(random) };
    case 'types':
      return { source: typesModule(random) };
    case 'test':
      return { source: testModule(random) };
    case 'http-client':
      return { source: httpClient(random) };
    case 'reducer':
      return { source: reducerModule(random) };
    case 'javascript': {
      const { extension, source } = javascriptModule(random);
      return { source, extension };
    }
    case 'package-json':
    case 'dockerfile':
      throw new Error(`sourceFor: ${kind} is written with its package`);
  }
}

/** Builds the corpus in memory: every file with its kind, in a stable order. */
export function buildCorpus(options: CorpusOptions): CorpusFile[] {
  const random = new Random(`${options.seed ?? DEFAULT_SEED}:v${CORPUS_GENERATOR_VERSION}`);
  const files: CorpusFile[] = [];
  let sourceCount = 0;
  let packageIndex = 0;
  while (sourceCount < options.files) {
    const packageRandom = random.fork(`package-${packageIndex}`);
    const type = packageRandom.weighted(PACKAGE_WEIGHTS);
    const name = `${kebab(packageRandom.pick(ENTITIES))}-${type}-${packageIndex}`;
    const root = `packages/${name}`;
    const context: PackageContext = {
      prismaMajor: packageRandom.chance(0.5) ? 7 : 6,
      prismaImport: '../lib/prisma.js',
      clientName: packageRandom.weighted({ prisma: 6, db: 2, client: 1 }),
    };
    const packageFiles: CorpusFile[] = [];
    const withLambdaAdapter = type === 'web' && packageRandom.chance(0.5);

    const [minFiles, maxFiles] = FILES_PER_PACKAGE[type];
    // Small corpora (--quick) still get several packages, so their mix stays representative.
    const cap = Math.max(10, Math.ceil(options.files / 6));
    const budget = Math.min(packageRandom.int(Math.min(minFiles, cap), Math.min(maxFiles, cap)), options.files - sourceCount);
    const kinds: FileKind[] = [];
    if (type === 'api' || type === 'web') kinds.push('prisma-module');
    if (type === 'api' && packageRandom.chance(0.6)) kinds.push('migration-runner');
    if (type === 'api' && packageRandom.chance(0.4)) kinds.push('seed-script');
    while (kinds.length < budget) kinds.push(packageRandom.weighted(KIND_WEIGHTS[type] as Record<FileKind, number>));
    kinds.length = Math.min(kinds.length, budget);

    const usedPaths = new Set<string>();
    kinds.forEach((kind, index) => {
      const fileRandom = packageRandom.fork(`file-${index}`);
      const { source, extension } = sourceFor(kind, fileRandom, context);
      const placement = PLACEMENT[kind];
      let path: string;
      if (kind === 'prisma-module') {
        path = `${root}/src/lib/prisma.ts`;
      } else if (kind === 'seed-script') {
        path = `${root}/prisma/seed.ts`;
      } else if (kind === 'route-handler') {
        path = `${root}/app/api/${kebab(fileRandom.pick(ENTITIES))}-${index}/route.ts`;
      } else {
        const stem =
          kind === 'react-component'
            ? pascal(fileRandom.pick(ENTITIES), 'View', String(index))
            : `${kebab(fileRandom.pick(ENTITIES))}-${placement.suffix || kind}-${index}`;
        path = `${root}/${placement.dir}/${stem}${extension ?? placement.extension}`;
      }
      if (usedPaths.has(path)) path = path.replace(/(\.[a-z.]+)$/, `-${index}$1`);
      usedPaths.add(path);
      const withMention =
        UNRELATED_KINDS.has(kind) && fileRandom.chance(INCIDENTAL_MENTION_RATE)
          ? insertAfterDirectives(source, `${incidentalMention(fileRandom)}\n`)
          : source;
      packageFiles.push({ path, kind, source: withMention });
    });
    // The manifest lists the runtime when a module already imports it (a package fixed earlier).
    const usesRuntime = packageFiles.some((file) => file.source.includes("'prisma-aurora-fix/runtime'"));
    files.push({ path: `${root}/package.json`, kind: 'package-json', source: packageJson(name, type, context, usesRuntime) });
    if (withLambdaAdapter) files.push({ path: `${root}/Dockerfile`, kind: 'dockerfile', source: LAMBDA_ADAPTER_DOCKERFILE });
    files.push(...packageFiles);
    sourceCount += kinds.length;
    packageIndex++;
  }
  return files;
}

/** Inserts a line at the top of a module, after a shebang or `'use strict'` where present. */
function insertAfterDirectives(source: string, line: string): string {
  const match = /^(#![^\n]*\n|'use strict';\n)/.exec(source);
  if (match) return source.slice(0, match[0].length) + line + source.slice(match[0].length);
  return line + source;
}

/** The same corpus with a line appended to every source file, so every file passes a text prefilter. */
export function markEveryFile(files: readonly CorpusFile[], marker: string): CorpusFile[] {
  return files.map((file) => (isSourceFile(file) ? { ...file, source: `${file.source}${marker}\n` } : file));
}

export function isSourceFile(file: CorpusFile): boolean {
  return file.kind !== 'package-json' && file.kind !== 'dockerfile';
}

export function writeCorpus(root: string, files: readonly CorpusFile[]): void {
  const made = new Set<string>();
  for (const file of files) {
    const path = join(root, file.path);
    const directory = dirname(path);
    if (!made.has(directory)) {
      mkdirSync(directory, { recursive: true });
      made.add(directory);
    }
    writeFileSync(path, file.source);
  }
}

export interface CorpusSummary {
  seed: string;
  generatorVersion: number;
  sourceFiles: number;
  bytes: number;
  lines: number;
  byKind: Partial<Record<FileKind, number>>;
  byExtension: Record<string, number>;
}

export function summarizeCorpus(files: readonly CorpusFile[], seed: string): CorpusSummary {
  const byKind: Partial<Record<FileKind, number>> = {};
  const byExtension: Record<string, number> = {};
  let bytes = 0;
  let lines = 0;
  for (const file of files) {
    if (!isSourceFile(file)) continue;
    byKind[file.kind] = (byKind[file.kind] ?? 0) + 1;
    const extension = /\.[a-z]+$/.exec(file.path)?.[0] ?? '';
    byExtension[extension] = (byExtension[extension] ?? 0) + 1;
    bytes += Buffer.byteLength(file.source);
    lines += file.source.split('\n').length - 1;
  }
  return {
    seed,
    generatorVersion: CORPUS_GENERATOR_VERSION,
    sourceFiles: files.filter(isSourceFile).length,
    bytes,
    lines,
    byKind,
    byExtension,
  };
}
