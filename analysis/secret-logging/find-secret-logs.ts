import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { simpleTraverse } from '../ast/simple-traverse.js';
import type { ParsedFile } from '../ast/parsed-file.js';
import { mayContainSecretLog } from '../text-gates.js';
import type { SecretCommandLineFinding } from './command-lines.js';
import type { SecretLogFinding } from './findings.js';
import { SecretLogFinder } from './log-calls.js';
import type { SecretFlowOptions } from './log-options.js';

/**
 * Finds log calls whose arguments carry a credential: a connection-string or password
 * environment variable, the whole `process.env`, or a `scheme://user:password@` URL. The
 * value is followed inside the file through the scope manager (aliases, destructuring,
 * parameters of local functions and array callbacks, object literals, string building), and
 * dropped where it stops being secret (presence checks, `.length`, URL parts without the
 * password, masking helpers). Shared by the `no-database-url-logging` rule and the
 * `remove-url-logging` transform; everything returned is plain ranges and names.
 */

export interface SecretFlowInput extends ParsedFile {
  /**
   * Every call expression of the file, when the caller has walked the tree already (an ESLint
   * rule collects them in a `CallExpression` listener); the nodes must then have their
   * `parent` set, as ESLint sets it. Without it the analysis walks the tree itself and sets
   * `parent` on the nodes.
   */
  calls?: readonly TSESTree.CallExpression[] | undefined;
}

interface FileSecretFindings {
  logs: readonly SecretLogFinding[];
  commandLines: readonly SecretCommandLineFinding[];
}

const NO_FINDINGS: FileSecretFindings = { logs: [], commandLines: [] };
const findingsByAst = new WeakMap<TSESTree.Program, Map<string, FileSecretFindings>>();

/** Both kinds of finding of a file, computed once per AST and options with one evaluator. */
function secretFindings(input: SecretFlowInput, options: SecretFlowOptions): FileSecretFindings {
  const key = JSON.stringify([
    options.secretNames,
    options.ignoredSecretNames,
    options.loggerNames,
    options.logMethods,
    options.maskFunctions,
  ]);
  let byOptions = findingsByAst.get(input.program);
  const cached = byOptions?.get(key);
  if (cached) return cached;
  let findings = NO_FINDINGS;
  if (mayContainSecretLog(input.sourceText)) {
    const finder = new SecretLogFinder(input, options, input.calls ?? collectCalls(input.program));
    findings = { logs: finder.findings(), commandLines: finder.commandLineFindings() };
  }
  if (!byOptions) {
    byOptions = new Map();
    findingsByAst.set(input.program, byOptions);
  }
  byOptions.set(key, findings);
  return findings;
}

/**
 * Every log call in the file whose arguments carry a secret, in source order. Cached per
 * AST and options, so several rules (or a rule and a later pass) share one analysis.
 */
export function findSecretLogs(input: SecretFlowInput, options: SecretFlowOptions = {}): readonly SecretLogFinding[] {
  return secretFindings(input, options).logs;
}

/**
 * Every child-process call whose command line carries a secret (command-lines.ts), in source
 * order: Node's error for a failed run repeats the command, so it reaches the logs.
 */
export function findSecretCommandLines(input: SecretFlowInput, options: SecretFlowOptions = {}): readonly SecretCommandLineFinding[] {
  return secretFindings(input, options).commandLines;
}

/** Walks the tree once, setting `parent` (as ESLint does) and collecting the call expressions. */
function collectCalls(ast: TSESTree.Program): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  simpleTraverse(
    ast,
    {
      enter: (node) => {
        if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
      },
    },
    true,
  );
  return calls;
}
