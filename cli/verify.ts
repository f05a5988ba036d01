import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Project as ProjectType, SourceFile, ts as TypeScript } from 'ts-morph';

/**
 * `--verify`: type-checks the fix before it is written. For each tsconfig.json that owns a
 * changed file, the project is loaded once with ts-morph, the diagnostics of the changed
 * files and of the files importing them are taken before and after putting the new text in
 * memory, and only diagnostics the fix adds are reported (a project that already had type
 * errors is not blamed on the fix). Nothing is written to disk here.
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

function nearestTsconfig(filePath: string): string | undefined {
  let dir = dirname(filePath);
  for (;;) {
    const candidate = join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

export async function verifyChanges(changes: readonly PendingChange[]): Promise<VerifyResult> {
  const { Project, ts } = await import('ts-morph');
  const groups = new Map<string | undefined, PendingChange[]>();
  for (const change of changes) {
    const tsconfig = nearestTsconfig(change.path);
    groups.set(tsconfig, [...(groups.get(tsconfig) ?? []), change]);
  }

  const result: VerifyResult = { newDiagnostics: [], tsconfigs: [], checkedWithoutTsconfig: [] };
  for (const [tsconfig, group] of groups) {
    try {
      verifyGroup(tsconfig, group, result, Project, ts);
    } catch (error) {
      throw new Error(`${tsconfig ?? 'default options'}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return result;
}

function verifyGroup(
  tsconfig: string | undefined,
  group: readonly PendingChange[],
  result: VerifyResult,
  Project: typeof ProjectType,
  ts: typeof TypeScript,
): void {
  if (tsconfig !== undefined) result.tsconfigs.push(tsconfig);
  else result.checkedWithoutTsconfig.push(...group.map((change) => change.path));

  // Two programs, one per side: ts-morph cannot overwrite a file in place once its module
  // resolution is cached ("node was removed or forgotten"). The "after" one gets the new
  // texts before the tsconfig's files are added, so it never reads the old ones.
  const createProject = (): ProjectType =>
    tsconfig !== undefined
      ? new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true })
      : new Project({
          skipFileDependencyResolution: true,
          compilerOptions: {
            allowJs: true,
            noEmit: true,
            strict: true,
            skipLibCheck: true,
            target: ts.ScriptTarget.ES2022,
            module: ts.ModuleKind.NodeNext,
            moduleResolution: ts.ModuleResolutionKind.NodeNext,
          },
        });

  const beforeProject = createProject();
  if (tsconfig !== undefined) beforeProject.addSourceFilesFromTsConfig(tsconfig);
  for (const change of group) {
    if (change.before !== undefined && beforeProject.getSourceFile(change.path) === undefined)
      beforeProject.addSourceFileAtPath(change.path);
  }
  const before = diagnosticsOf(ts, checkedFiles(beforeProject, group));

  const afterProject = createProject();
  for (const change of group) afterProject.createSourceFile(change.path, change.after, { overwrite: true });
  if (tsconfig !== undefined) afterProject.addSourceFilesFromTsConfig(tsconfig);
  const after = diagnosticsOf(ts, checkedFiles(afterProject, group));

  const remaining = new Map<string, number>();
  for (const diagnostic of before) remaining.set(diagnostic.key, (remaining.get(diagnostic.key) ?? 0) + 1);
  for (const diagnostic of after) {
    const count = remaining.get(diagnostic.key) ?? 0;
    if (count > 0) remaining.set(diagnostic.key, count - 1);
    else result.newDiagnostics.push(diagnostic.reported);
  }
}

/** The changed files and the files importing them (a changed export type breaks its users). */
function checkedFiles(project: ProjectType, group: readonly PendingChange[]): SourceFile[] {
  const files = new Set<SourceFile>();
  for (const change of group) {
    const file = project.getSourceFile(change.path);
    if (file === undefined) continue;
    files.add(file);
    file.getReferencingSourceFiles().forEach((importer) => files.add(importer));
  }
  return [...files];
}

function diagnosticsOf(ts: typeof TypeScript, files: readonly SourceFile[]): { key: string; reported: NewDiagnostic }[] {
  const found: { key: string; reported: NewDiagnostic }[] = [];
  for (const file of files) {
    for (const diagnostic of file.getPreEmitDiagnostics()) {
      const compilerDiagnostic = diagnostic.compilerObject;
      if (compilerDiagnostic.category !== ts.DiagnosticCategory.Error) continue;
      const message = ts.flattenDiagnosticMessageText(compilerDiagnostic.messageText, '\n');
      const path = compilerDiagnostic.file?.fileName ?? file.getFilePath();
      let line = 0;
      let column = 0;
      if (compilerDiagnostic.file !== undefined && compilerDiagnostic.start !== undefined) {
        const position = compilerDiagnostic.file.getLineAndCharacterOfPosition(compilerDiagnostic.start);
        line = position.line + 1;
        column = position.character + 1;
      }
      // Lines move when the fix edits a file: match by file, code and message.
      found.push({
        key: `${path}\0${compilerDiagnostic.code}\0${message}`,
        reported: { path, line, column, code: compilerDiagnostic.code, message },
      });
    }
  }
  return found;
}
