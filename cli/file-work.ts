import { lstat, readFile } from 'node:fs/promises';
import { ownPackage } from '../analysis/package/own-package.js';
import { prismaMajorVersion } from '../analysis/package/prisma-version.js';
import { mightNeedAFix } from './prefilter.js';
import { MAX_SOURCE_CHARACTERS, isMinifiedSource, notSourceReason } from '../analysis/source-scope.js';
import { localCodeOf } from '../analysis/lambda-scope/local-code.js';
import { isPrismaSchemaPath, parseSchema, SchemaSyntaxError } from '../analysis/prisma-schema/index.js';
import { isDotenvPath, localDotenvReason } from '../analysis/dotenv/dotenv-files.js';
import { SETTINGS_KEY } from '../rules/util/settings.js';
import { decodeSource, encodeSource } from './source-text.js';
import { DEFAULT_RUNTIME_IMPORT, type AuroraTransformOptions } from '../codemods/lib/transform.js';
import { partsOf } from '../rules/registry.js';
import type { RuleConfigForFile } from './eslint-config.js';
import type { Finding } from './lint-findings.js';
import { reportFindings, type SkippedFindingNote } from './findings.js';
import { VENDOR_PLACEHOLDER, vendoredRuntimeVersion } from './vendor.js';
import { type FileState, type RuleCheck, type TransformRegistry, VENDORED_REASON, displayPath } from './file-state.js';

/** One candidate file through the run: read, skip or parse, lint with the rules, transform what they report. */

export async function transformFile(
  path: string,
  transformIds: readonly string[],
  transforms: TransformRegistry,
  vendor: boolean,
  ruleCheck: RuleCheck | undefined,
  cwd: string,
): Promise<FileState> {
  const state: FileState = { path, status: 'unchanged', transforms: [] };
  const skip = (reason: string, quiet: boolean): FileState => Object.assign(state, { status: 'skipped' as const, reason, quiet });
  const fail = (reason: string, line?: number, column?: number): FileState =>
    Object.assign(state, { status: 'failed' as const, reason, line, column });

  let bytes: Buffer;
  let info;
  try {
    info = await lstat(path);
    bytes = await readFile(path);
  } catch (error) {
    return fail(`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const utf16 = utf16Text(bytes);
  if (utf16 === undefined && bytes.includes(0)) return skip('binary content: left alone', false);
  const text = bytes.toString('utf8');
  if (utf16 !== undefined || !Buffer.from(text, 'utf8').equals(bytes)) {
    // Not transformed (it could not be written back byte for byte), but read for the text
    // gates: Latin-1 gives every byte a character, so the ASCII names they look for still match.
    const encoding = utf16 !== undefined ? 'UTF-16 text' : 'not UTF-8 text';
    const readable = utf16 ?? bytes.toString('latin1');
    const notSourceText = notSourceReason(path, readable, cwd);
    if (notSourceText !== undefined) return skip(`${encoding}, ${notSourceText}: left alone`, true);
    if (!mightNeedAFix(readable, transformIds)) return skip(`${encoding}, nothing Prisma- or database-related in it: left alone`, true);
    state.unchecked = true;
    return skip(
      `${encoding}: not checked, though it mentions Prisma or a database (it may hold a hazard); convert it to UTF-8 and rerun`,
      false,
    );
  }
  if (vendoredRuntimeVersion(text) !== undefined) return skip(VENDORED_REASON, true);
  const notSource = notSourceReason(path, text, cwd);
  if (notSource !== undefined) {
    // A bundle or an oversized file that mentions Prisma or a database is listed, not skipped
    // silently: nothing in it was checked (issue 13). Build output folders and generated code
    // (Prisma's own client among it) are regenerated, so they stay quiet outside --verbose.
    const listed =
      !notSource.startsWith('inside ') &&
      (text.length > MAX_SOURCE_CHARACTERS || isMinifiedSource(text, path)) &&
      mightNeedAFix(text, transformIds);
    return skip(listed ? `${notSource}: not checked; fix the source it is built from, if any` : `${notSource}: left alone`, !listed);
  }

  const source = decodeSource(text);
  if (!mightNeedAFix(source.text, transformIds)) return skip('nothing Prisma- or database-related in the text', true);
  state.source = source;
  state.original = { bytes, mode: info.mode, uid: info.uid, gid: info.gid };
  state.beforeText = source.text;

  // What the project's ESLint config sets for the file, first: a file it does not lint is left
  // alone unparsed. (ESLint loads with Node's own compiler whenever it loads: cli/eslint-config.ts.)
  let ruleConfig: RuleConfigForFile | undefined;
  if (ruleCheck !== undefined) {
    ruleConfig = await ruleCheck.configs.configFor(path);
    if (ruleConfig.ignored === true) {
      return skip(`not linted by ${displayPath(cwd, ruleConfig.configPath!)} (ignored, or no config object matches it): left alone`, true);
    }
    if (ruleConfig.usedRecommendedDefaults === true) state.usedRecommendedDefaults = ruleConfig.configPath;
    const enabled = ruleConfig.rules;
    ruleConfig = {
      ...ruleConfig,
      rules: Object.fromEntries(ruleCheck.ruleIds.filter((id) => enabled[id] !== undefined).map((id) => [id, enabled[id]!])),
      settings: ruleCheck.includeLocalCode === true ? includingLocalCode(ruleConfig.settings) : ruleConfig.settings,
    };
  }

  // Parse once up front: a syntax error is the user's to fix, reported with its position.
  // With the rules, their lint is that parse (and its tree serves the transforms).
  let findings: Finding[] | undefined;
  let lintFindings: typeof import('./lint-findings.js').lintFindings | undefined;
  try {
    if (ruleConfig !== undefined) {
      ({ lintFindings } = await import('./lint-findings.js'));
      findings = await lintFindings(path, source.text, ruleConfig);
    } else if (isPrismaSchemaPath(path)) {
      parseSchema(source.text);
    } else if (!isDotenvPath(path)) {
      // (A dotenv file always parses: dotenv skips what it cannot read.)
      const { parseModule } = await import('../analysis/ast/parse-module.js');
      parseModule(source.text, path);
    }
  } catch (error) {
    if (error instanceof Error && error.name === 'RuleCrashError') {
      return fail(`${error.message} (a bug in prisma-aurora-fix ${ownPackage().version}: please report it); left untouched`);
    }
    const location = syntaxErrorLocation(error);
    if (location !== undefined) return fail(`cannot parse: ${location.message}`, location.line, location.column);
    return fail(`cannot parse: ${(error as Error).message}`);
  }
  if (findings !== undefined) {
    state.findings = [];
    if (findings.length === 0) return await withLocalCodeNote(state, ruleConfig!);
  }

  const { runTransform } = await import('../codemods/lib/transform.js');
  const transformsById = await transforms.load();
  const options: AuroraTransformOptions = {
    runtimeImport: vendor ? VENDOR_PLACEHOLDER : DEFAULT_RUNTIME_IMPORT,
    // The nearest package.json's Prisma major (undefined when it pins none: transforms then
    // decide from the code, a driver adapter import meaning Prisma 7).
    prismaMajor: prismaMajorVersion(path),
    ruleOptions:
      ruleConfig === undefined
        ? undefined
        : Object.fromEntries(Object.entries(ruleConfig.rules).map(([id, ruleOptions]) => [id, ruleOptions[0]])),
  };
  let current = source.text;
  let currentFindings = findings;
  // What the transforms leave on purpose, with why, located by the finding it was then.
  const skipped: SkippedFindingNote[] = [];
  options.onSkip = ({ ruleId, range, reason }) => {
    const finding = currentFindings?.find((item) => item.ruleId === ruleId && item.range[0] === range[0] && item.range[1] === range[1]);
    if (finding !== undefined) skipped.push({ ruleId: finding.ruleId, message: finding.message, line: finding.line, reason });
  };
  for (const id of transformIds) {
    if (currentFindings !== undefined && !currentFindings.some((finding) => partsOf(finding.ruleId).transform === id)) continue;
    let output: string | undefined;
    try {
      output = await runTransform(transformsById[id]!, { path, source: current }, { ...options, findings: currentFindings });
    } catch (error) {
      const location = syntaxErrorLocation(error);
      if (location !== undefined) return fail(`cannot parse (${id}): ${location.message}`, location.line, location.column);
      const message = error instanceof Error ? error.message : String(error);
      return fail(
        `transform ${id} failed: ${message.split('\n')[0]} (a bug in prisma-aurora-fix ${ownPackage().version}: please report it)`,
      );
    }
    if (output !== undefined && output !== current) {
      state.transforms.push(id);
      current = output;
      // The next transform fixes findings of this text, with this text's ranges.
      if (lintFindings !== undefined && ruleConfig !== undefined) {
        try {
          currentFindings = await lintFindings(path, current, ruleConfig);
        } catch (error) {
          const what =
            error instanceof Error && error.name === 'RuleCrashError'
              ? error.message
              : `code that does not parse: ${(error as Error).message.split('\n')[0]}`;
          return fail(
            `after transform ${id}, ${what} (a bug in prisma-aurora-fix ${ownPackage().version}: please report it); left untouched`,
          );
        }
      }
    }
  }
  if (findings !== undefined) state.findings = reportFindings(findings, currentFindings ?? [], skipped);
  if (state.transforms.length === 0) return ruleConfig === undefined ? state : await withLocalCodeNote(state, ruleConfig);
  state.status = 'changed';
  state.afterText = current;
  state.afterBytes = encodeSource(source, current);
  return state;
}

/** The text of a UTF-16 file (it starts with a byte-order mark), else undefined. */
function utf16Text(bytes: Buffer): string | undefined {
  const evenLength = bytes.length - (bytes.length % 2);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2, evenLength).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2, evenLength)).swap16().toString('utf16le');
  return undefined;
}

/** The project's settings with `settings['prisma-aurora-fix'].includeLocalCode: true` laid over them. */
function includingLocalCode(settings: Record<string, unknown>): Record<string, unknown> {
  const own = settings[SETTINGS_KEY];
  return { ...settings, [SETTINGS_KEY]: { ...(typeof own === 'object' && own !== null ? own : {}), includeLocalCode: true } };
}

/**
 * An unchanged file that is local code says so (listed with --verbose): the Lambda rules left
 * it alone on purpose, only the rules for every file (secret logging) looked at it.
 */
async function withLocalCodeNote(state: FileState, ruleConfig: RuleConfigForFile): Promise<FileState> {
  const own = ruleConfig.settings[SETTINGS_KEY];
  if (typeof own === 'object' && own !== null && (own as Record<string, unknown>)['includeLocalCode'] === true) return state;
  if (isPrismaSchemaPath(state.path)) return state; // A schema is not code: local code is a JavaScript notion.
  if (isDotenvPath(state.path)) {
    const local = localDotenvReason(state.path) ?? localCodeOf(state.path)?.reason;
    if (local !== undefined) state.reason = `local configuration (${local}): the Lambda rules do not apply, no-sslmode-disable does`;
    return state;
  }
  // Already loaded by the lint; the file's tree is the one it parsed (parseModule keeps it).
  const { parseModule } = await import('../analysis/ast/parse-module.js');
  const local = localCodeOf(state.path, parseModule(state.beforeText!, state.path).program);
  if (local !== undefined) state.reason = `local code (${local.reason}): the Lambda rules do not apply, secret logging does`;
  return state;
}

export function syntaxErrorLocation(error: unknown): { message: string; line: number; column: number } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  // The schema parser's error: 1-based line and column.
  if (error instanceof SchemaSyntaxError)
    return { message: error.message.replace(/\s*\(\d+:\d+\)$/, ''), line: error.line, column: error.column };
  const candidate = error as { message?: string; lineNumber?: number; column?: number; loc?: { line?: number; column?: number } };
  const message = (candidate.message ?? '').replace(/\s*\(\d+:\d+\)$/, '');
  // typescript-estree's TSError: 1-based line, 0-based column.
  if (typeof candidate.lineNumber === 'number' && typeof candidate.column === 'number') {
    return { message, line: candidate.lineNumber, column: candidate.column + 1 };
  }
  // Babel's SyntaxError: loc.line 1-based, loc.column 0-based.
  if (error instanceof SyntaxError && typeof candidate.loc?.line === 'number' && typeof candidate.loc.column === 'number') {
    return { message, line: candidate.loc.line, column: candidate.loc.column + 1 };
  }
  return undefined;
}
