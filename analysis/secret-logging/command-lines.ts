import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import type { ParsedFile } from '../ast/parsed-file.js';
import type { Range } from '../ast/range.js';
import { ValueOrigins } from '../migration-spawn/value-origins.js';
import type { SpawnApi } from '../migration-spawn/spawn-types.js';
import type { SecretPart, SecretSource } from './findings.js';
import type { SecretParts } from './secret-parts.js';

/**
 * A secret put on a child process's command line (`exec(\`DATABASE_URL=${url} npx prisma migrate
 * deploy\`)`). Node repeats the command in the error of a failed run (`Command failed: <the
 * command>`, and `spawnargs`/`cmd` on the error object), so whoever logs or rethrows the error,
 * or lets Lambda log it as an unhandled failure, prints the secret; `ps` shows it too. The
 * child's environment (`env: { ...process.env, DATABASE_URL }`) carries it without either.
 */
export interface SecretCommandLineFinding extends SecretSource {
  /** The spawning call. */
  call: Range;
  /** The API as the detection knows it: `exec`, `execFileSync`, `execa`, ... */
  api: SpawnApi;
  /** The secret-carrying pieces of the command and its arguments. */
  parts: SecretPart[];
}

/** The APIs whose first argument is a whole shell line; the others take a file and an argument list. */
const SHELL_LINE_APIS = new Set<SpawnApi>(['exec', 'execSync', 'execaCommand', 'execaCommandSync']);

export function commandLineSecrets(
  file: ParsedFile,
  parts: SecretParts,
  calls: readonly TSESTree.CallExpression[],
): SecretCommandLineFinding[] {
  let origins: ValueOrigins | undefined;
  const findings: SecretCommandLineFinding[] = [];
  for (const call of calls) {
    origins ??= new ValueOrigins(file, false);
    const spawn = origins.spawnApiOf(call.callee);
    // zx's and execa's `$` are template tags, not calls with a command argument.
    if (spawn === undefined || spawn.api === '$' || spawn.api === '$.sync') continue;
    const commandArguments = SHELL_LINE_APIS.has(spawn.api) ? call.arguments.slice(0, 1) : call.arguments.slice(0, 2);
    const found: SecretPart[] = [];
    for (const argument of commandArguments) {
      // An options object in the argument slot (`spawn(cmd, { env })`) is not part of the command line.
      if (argument.type === AST_NODE_TYPES.ObjectExpression || argument.type === AST_NODE_TYPES.SpreadElement) continue;
      parts.collectParts(argument, found, true);
    }
    const first = found[0];
    if (first === undefined) continue;
    findings.push({
      call: call.range,
      api: spawn.api,
      source: first.source,
      sourceKind: first.sourceKind,
      ...(first.origin !== undefined && { origin: first.origin }),
      parts: found,
    });
  }
  return findings;
}

/** Where the rule reports (and the transform names) the finding: the first secret piece of the command. */
export function commandLineReportRange(finding: SecretCommandLineFinding): Range {
  return finding.parts[0]!.range;
}
