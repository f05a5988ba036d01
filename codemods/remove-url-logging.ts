import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/types';
import { simpleTraverse } from '../analysis/ast/simple-traverse.js';
import { parseModule } from '../analysis/ast/parse-module.js';
import { declarationsOnlyReadBy } from '../analysis/edit/dead-declarations.js';
import type { Range } from '../analysis/ast/range.js';
import { removalEdits, type RemovalPlan } from '../analysis/edit/statement-removal.js';
import { applyTextEdits, textEditsOverlap, type TextEdit } from '../analysis/edit/text-edit.js';
import {
  commandLineReportRange,
  findSecretCommandLines,
  findSecretLogs,
  planLogStatementRemoval,
  type SecretFlowOptions,
  type SecretPart,
} from '../analysis/secret-logging/index.js';
import { defineTransform, isStanding, reportSkipped, ruleOptionsOf, type AuroraTransform } from './lib/transform.js';
import { mayContainSecretLog } from '../analysis/text-gates.js';

/** What a redacted secret becomes: text that says something was there, and holds no part of it. */
export const REDACTED = '[redacted]';

/**
 * `remove-url-logging`: the fix for every finding of the `no-database-url-logging` rule (the
 * same detection):
 * - a log that prints nothing but the secret and its label (`console.log(process.env.DATABASE_URL)`,
 *   `console.log('DATABASE_URL:', url)`, `console.log(JSON.stringify(process.env))`) is
 *   deleted: its whole line, a trailing comment on that line, and the comments directly above
 *   that steer or describe it (`// eslint-disable-next-line no-console`, `// debug: print the
 *   url`); other comments above stay, since they may document the code below. One blank line
 *   goes with it when it would otherwise double up or dangle. A lone `if`/loop body or an
 *   arrow's expression body becomes `{}`, so the code stays valid;
 * - a log where the secret is part of a larger message keeps the message and loses only the
 *   secret: `{ url, region }` → `{ url: '[redacted]', region }`, `` `to ${url} in ${region}` `` →
 *   `` `to [redacted] in ${region}` ``, a password inside a URL literal → `[redacted]`,
 *   `...process.env` in an object → removed. The placeholder is a string in the quotes the log
 *   call already uses (else the file's first string's); a fixed text rather than a masking
 *   expression such as `new URL(url).host`, which could throw where the log never did;
 * - a loop that exists only to print the environment goes as a whole;
 * - a `const url = process.env.DATABASE_URL` that only the removed code read, and whose
 *   initialiser has no side effects, goes too (it would be an unused variable otherwise).
 *
 * The edits are text splices at the ranges the shared detection reports, not a recast
 * reprint: recast drops the comments attached to a removed statement and reflows blank
 * lines, and everything outside the edit must stay byte-identical.
 */
const removeUrlLogging: AuroraTransform = (file, _api, options) => {
  const text = file.source;
  if (!mayContainSecretLog(text)) return undefined;
  const parsed = parseModule(text, file.path);
  const ruleOptions = ruleOptionsOf<SecretFlowOptions>(options, 'no-database-url-logging');
  for (const finding of findSecretCommandLines(parsed, ruleOptions)) {
    reportSkipped(options, {
      ruleId: 'no-database-url-logging',
      range: commandLineReportRange(finding),
      reason: `\`${finding.source}\` is on the \`${finding.api}\` command line; moving it into the child's \`env\` means changing the call's options, which this transform does not write`,
    });
  }
  const findings = findSecretLogs(parsed, ruleOptions).filter((finding) => isStanding(options, 'no-database-url-logging', finding.call));
  if (findings.length === 0) return undefined;

  const comments = parsed.program.comments ?? [];
  const quotes = stringQuotes(parsed.program);
  const plans: RemovalPlan[] = [];
  const redactions: TextEdit[] = [];
  const dropped: Range[] = [];
  for (const finding of findings) {
    if (finding.printsOnlySecret && finding.removal) {
      plans.push(planLogStatementRemoval(text, comments, finding.removal));
      dropped.push(finding.removal.range);
      continue;
    }
    const quote = quoteWithin(quotes, finding.call) ?? quotes[0]?.quote ?? "'";
    for (const part of finding.parts) {
      redactions.push(...redactionEdits(part, quote));
      if (part.kind !== 'password-text') dropped.push(part.range);
    }
  }
  plans.push(...declarationsOnlyReadBy(parsed, dropped).map((removal) => planLogStatementRemoval(text, comments, removal)));

  const edits = removalEdits(text, plans);
  for (const redaction of redactions) {
    // A redaction inside a removed statement, or repeated by a nested log call, is already handled.
    if (!textEditsOverlap([...edits, redaction])) edits.push(redaction);
  }
  const output = applyTextEdits(text, edits);
  return output === text ? undefined : output;
};

export default defineTransform(removeUrlLogging);

function redactionEdits(part: SecretPart, quote: string): TextEdit[] {
  const placeholder = `${quote}${REDACTED}${quote}`;
  switch (part.kind) {
    case 'expression':
      return [{ start: part.range[0], end: part.range[1], text: placeholder }];
    case 'shorthand-property':
      return [{ start: part.range[0], end: part.range[1], text: `${part.key}: ${placeholder}` }];
    case 'template-slot':
      return [{ start: part.range[0], end: part.range[1], text: REDACTED }];
    case 'object-spread':
      return [{ start: part.removal[0], end: part.removal[1], text: '' }];
    case 'password-text':
      return part.passwords.map(([start, end]) => ({ start, end, text: REDACTED }));
  }
}

interface QuotedString {
  start: number;
  quote: string;
}

/** Where the file's string literals start and which quote each uses, in source order. */
function stringQuotes(ast: TSESTree.Program): QuotedString[] {
  const quotes: QuotedString[] = [];
  simpleTraverse(ast, {
    enter(node) {
      if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' && /^["']/.test(node.raw)) {
        quotes.push({ start: node.range[0], quote: node.raw[0]! });
      }
    },
  });
  return quotes.sort((a, b) => a.start - b.start);
}

/** The placeholder follows the quotes of the log call itself, else the file's first string. */
function quoteWithin(quotes: readonly QuotedString[], [start, end]: Range): string | undefined {
  return quotes.find((quoted) => quoted.start >= start && quoted.start < end)?.quote;
}
