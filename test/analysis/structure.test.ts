import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The shape of analysis/ (house style): one folder per concept, dependencies pointing one
 * way (a family -> ast/, edit/; edit/ -> ast/; nothing -> rules/ or codemods/), no import
 * cycles (type-only imports included), no file past 600 lines, an index.ts per family.
 */

const ROOT = join(import.meta.dirname, '../..');
const ANALYSIS = join(ROOT, 'analysis');
const MAX_LINES = 600;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Repository-relative paths of the local modules a file imports (static, dynamic and type-only). */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)'(\.{1,2}\/[^']+)'/gm)].map((match) => match[1]!);
  return specifiers.map((specifier) =>
    relative(ROOT, resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
      .split(sep)
      .join('/'),
  );
}

const files = sourceFiles(ANALYSIS);
const rel = (file: string) => relative(ROOT, file).split(sep).join('/');
const areaOf = (path: string): string => {
  const [, first] = path.split('/');
  return first!.endsWith('.ts') ? first!.replace(/\.ts$/, '') : first!;
};

describe('analysis/ structure', () => {
  it('never imports rules/, codemods/ or cli/', () => {
    const offending = files.flatMap((file) =>
      localImports(file)
        .filter((target) => !target.startsWith('analysis/'))
        .map((target) => `${rel(file)} -> ${target}`),
    );
    expect(offending).toEqual([]);
  });

  it('ast/ imports only ast/; edit/ only ast/ and edit/', () => {
    const allowed: Record<string, readonly string[]> = { ast: ['ast'], edit: ['ast', 'edit'] };
    const offending = files.flatMap((file) => {
      const area = areaOf(rel(file));
      const permitted = allowed[area];
      if (permitted === undefined) return [];
      return localImports(file)
        .filter((target) => !permitted.includes(areaOf(target)))
        .map((target) => `${rel(file)} -> ${target}`);
    });
    expect(offending).toEqual([]);
  });

  it('has no import cycles', () => {
    const graph = new Map(files.map((file) => [rel(file), localImports(file)]));
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === 'done') return;
      if (state.get(node) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
        return;
      }
      state.set(node, 'visiting');
      for (const next of graph.get(node) ?? []) visit(next, [...path, node]);
      state.set(node, 'done');
    };
    for (const node of graph.keys()) visit(node, []);
    expect(cycles).toEqual([]);
  });

  it(`keeps every file under ${MAX_LINES} lines`, () => {
    const long = files
      .map((file) => ({ file: rel(file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('gives each family folder an index.ts, and keeps the top level to shared one-file concepts', () => {
    const folders = readdirSync(ANALYSIS).filter((name) => statSync(join(ANALYSIS, name)).isDirectory());
    expect(folders.sort()).toEqual([
      'ast',
      'binary-targets',
      'connection-settings',
      'dotenv',
      'edit',
      'infrastructure',
      'lambda-scope',
      'migration-spawn',
      'package',
      'prisma-client',
      'prisma-schema',
      'secret-logging',
    ]);
    const families = folders.filter((name) => name !== 'ast' && name !== 'edit');
    expect(families.filter((name) => !statSync(join(ANALYSIS, name, 'index.ts'), { throwIfNoEntry: false }))).toEqual([]);
    expect(
      readdirSync(ANALYSIS)
        .filter((name) => name.endsWith('.ts'))
        .sort(),
    ).toEqual(['file-language.ts', 'runtime-api.ts', 'source-scope.ts', 'text-gates.ts', 'transform-ids.ts']);
  });
});
