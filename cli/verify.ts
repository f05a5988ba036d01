import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type TypeScript from 'typescript';

/**
 * `--verify`: type-checks the fix before it is written, the way `tsc -p <tsconfig>` would.
 *
 * For each tsconfig.json that owns a changed file (the nearest one, or a project it
 * references when it is a solution-style config), the whole program is built twice with the
 * TypeScript compiler API: once as on disk, once with the new texts laid over the disk in
 * memory (a created file, the vendored runtime, exists only there). The diagnostics are
 * `tsc`'s own set (`ts.getPreEmitDiagnostics`: config, options, syntax, global and semantic
 * errors of every file in the program, whatever imports what), and only those the fix adds
 * are reported: an error in a file importing the changed one, or in a module the change
 * makes the program load (a package whose types resolve to sources the project's `lib`
 * rejects), counts; an error the project already had does not. Nothing is written to disk.
 *
 * TypeScript is the project's own (`typescript` as Node resolves it from the project, the
 * one its `tsc` is), else the one this package resolves (its peer dependency, which
 * typescript-estree needs too), loaded only here (`--verify` is opt-in).
 */

export interface PendingChange {
  path: string;
  /** Text on disk; undefined for a file the fix creates (the vendored runtime). */
  before: string | undefined;
  after: string;
}

export interface NewDiagnostic {
  path: string;
  line: number;
  column: number;
  code: number;
  message: string;
}

export interface VerifyResult {
  newDiagnostics: NewDiagnostic[];
  /** tsconfig.json files used, and files checked with default options for want of one. */
  tsconfigs: string[];
  checkedWithoutTsconfig: string[];
}

type Ts = typeof TypeScript;

function nearestTsconfig(filePath: string): string | undefined {
  let dir = dirname(filePath);
  for (;;) {
    const candidate = join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

/** A parsed tsconfig: what `tsc -p` would compile. */
interface ParsedProject {
  tsconfig: string;
  parsed: TypeScript.ParsedCommandLine;
  fileNames: Set<string>;
}

/** TS18003: no inputs were found. `tsc -p` says so too; it is not a broken config. */
const NO_INPUTS = 18003;

function parseProject(ts: Ts, tsconfig: string): ParsedProject {
  // Broken JSON, or options TypeScript rejects, would be in both programs' diagnostics and
  // cancel out: the project cannot be compiled as its author meant, so nothing is verified.
  const read = ts.readConfigFile(tsconfig, (path) => ts.sys.readFile(path));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, dirname(tsconfig), {}, tsconfig);
  const configError = parsed.errors.find((error) => error.category === ts.DiagnosticCategory.Error && error.code !== NO_INPUTS);
  if (configError) throw new Error(ts.flattenDiagnosticMessageText(configError.messageText, '\n'));
  return { tsconfig, parsed, fileNames: new Set(parsed.fileNames.map((name) => resolve(name))) };
}

/**
 * The project whose program holds `path`: the nearest tsconfig, or one of the projects it
 * references (`"files": [], "references": [...]`, as Vite and Nx write it: `tsc -p` of the
 * solution file compiles nothing, each referenced project compiles its own files).
 */
function owningProject(ts: Ts, path: string, cache: Map<string, ParsedProject>): ParsedProject | undefined {
  const nearest = nearestTsconfig(path);
  if (nearest === undefined) return undefined;
  const load = (tsconfig: string): ParsedProject => {
    let project = cache.get(tsconfig);
    if (!project) {
      project = parseProject(ts, tsconfig);
      cache.set(tsconfig, project);
    }
    return project;
  };
  const seen = new Set<string>();
  const search = (tsconfig: string): ParsedProject | undefined => {
    if (seen.has(tsconfig)) return undefined;
    seen.add(tsconfig);
    const project = load(tsconfig);
    if (project.fileNames.has(resolve(path))) return project;
    for (const reference of project.parsed.projectReferences ?? []) {
      const referenced = ts.resolveProjectReferencePath(reference);
      if (existsSync(referenced)) {
        const found = search(resolve(referenced));
        if (found) return found;
      }
    }
    return undefined;
  };
  // A file a tsconfig does not include is not type-checked by `tsc -p`: but a file the fix
  // creates is (it is imported by the changed files), so it goes with the nearest project.
  return search(resolve(nearest)) ?? (existsSync(path) ? undefined : load(resolve(nearest)));
}

/** A TypeScript to check with; its lib `.d.ts` files are beside it on disk. */
interface Compiler {
  ts: Ts;
}

/**
 * The project's own TypeScript, so the check is the one its `tsc` makes; else the one this
 * package resolves (a project without `typescript` of its own still has the copy npm installs
 * for the peer dependency).
 */
async function compilerFor(directory: string): Promise<Compiler> {
  try {
    return { ts: createRequire(join(directory, 'package.json'))('typescript') as Ts };
  } catch {
    return { ts: (await import('typescript')).default };
  }
}

export async function verifyChanges(changes: readonly PendingChange[]): Promise<VerifyResult> {
  const compiler = await compilerFor(dirname(changes[0]?.path ?? process.cwd()));
  const { ts } = compiler;
  const projects = new Map<string, ParsedProject>();
  const groups = new Map<ParsedProject | undefined, PendingChange[]>();
  for (const change of changes) {
    let project: ParsedProject | undefined;
    const tsconfig = nearestTsconfig(change.path);
    try {
      project = owningProject(ts, change.path, projects);
    } catch (error) {
      throw new Error(`${tsconfig ?? change.path}: ${(error as Error).message.split('\n')[0]}`);
    }
    groups.set(project, [...(groups.get(project) ?? []), change]);
  }

  const result: VerifyResult = { newDiagnostics: [], tsconfigs: [], checkedWithoutTsconfig: [] };
  for (const [project, group] of groups) {
    if (project !== undefined) result.tsconfigs.push(project.tsconfig);
    else result.checkedWithoutTsconfig.push(...group.map((change) => change.path));
    try {
      result.newDiagnostics.push(...newDiagnosticsOf(compiler, project, group));
    } catch (error) {
      throw new Error(`${project?.tsconfig ?? 'default options'}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return result;
}

function newDiagnosticsOf(compiler: Compiler, project: ParsedProject | undefined, group: readonly PendingChange[]): NewDiagnostic[] {
  const { ts } = compiler;
  const options: TypeScript.CompilerOptions = project?.parsed.options ?? {
    allowJs: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  // Without a tsconfig, `tsc file...` compiles the named files: the changed ones as on disk.
  const rootNames = project ? [...project.fileNames] : group.filter((change) => change.before !== undefined).map((change) => change.path);
  const configDiagnostics = project ? ts.getConfigFileParsingDiagnostics(project.parsed) : [];
  const programOf = (overlay: ReadonlyMap<string, string>, oldProgram?: TypeScript.Program): TypeScript.Program =>
    ts.createProgram({
      rootNames: overlay.size > 0 ? [...new Set([...rootNames, ...group.map((change) => resolve(change.path))])] : rootNames,
      options,
      projectReferences: project?.parsed.projectReferences,
      configFileParsingDiagnostics: configDiagnostics,
      host: overlayHost(compiler, options, overlay),
      oldProgram,
    });

  const beforeProgram = programOf(new Map());
  const fileless = project?.tsconfig ?? group[0]!.path;
  const before = diagnosticsOf(ts, beforeProgram, fileless);
  const afterProgram = programOf(new Map(group.map((change) => [resolve(change.path), change.after])), beforeProgram);
  const after = diagnosticsOf(ts, afterProgram, fileless);

  const remaining = new Map<string, number>();
  for (const diagnostic of before) remaining.set(diagnostic.key, (remaining.get(diagnostic.key) ?? 0) + 1);
  const added: NewDiagnostic[] = [];
  for (const diagnostic of after) {
    const count = remaining.get(diagnostic.key) ?? 0;
    if (count > 0) remaining.set(diagnostic.key, count - 1);
    else added.push(diagnostic.reported);
  }
  return added;
}

/** The disk as TypeScript reads it, with the fix's texts in place of (or beside) its files. */
function overlayHost(
  compiler: Compiler,
  options: TypeScript.CompilerOptions,
  overlay: ReadonlyMap<string, string>,
): TypeScript.CompilerHost {
  const { ts } = compiler;
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (fileName) => overlay.get(resolve(fileName)) ?? readFile(fileName);
  host.fileExists = (fileName) => overlay.has(resolve(fileName)) || fileExists(fileName);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = overlay.get(resolve(fileName));
    return text === undefined
      ? getSourceFile(fileName, languageVersion, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  return host;
}

/** `tsc`'s errors for the program; one without a file (options, globals) is put on `filelessPath`. */
function diagnosticsOf(ts: Ts, program: TypeScript.Program, filelessPath: string): { key: string; reported: NewDiagnostic }[] {
  const found: { key: string; reported: NewDiagnostic }[] = [];
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const path = diagnostic.file ? resolve(diagnostic.file.fileName) : filelessPath;
    let line = 0;
    let column = 0;
    if (diagnostic.file !== undefined && diagnostic.start !== undefined) {
      const position = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      line = position.line + 1;
      column = position.character + 1;
    }
    // Lines move when the fix edits a file: match by file, code and message.
    found.push({ key: `${path}\0${diagnostic.code}\0${message}`, reported: { path, line, column, code: diagnostic.code, message } });
  }
  return found;
}
