import type { Range } from '../ast/range.js';
import type { StatementRemoval } from '../edit/statement-removal.js';

/** What the secret-logging detection reports: plain ranges and names, for the rule's message and the transform's edits. */

export type SecretSourceKind = 'env-variable' | 'environment' | 'credentialed-url';

/** What a secret is called in messages: the variable name, `process.env`, or a description (never the value). */
export interface SecretSource {
  source: string;
  sourceKind: SecretSourceKind;
  /** Where an environment value was read through, when not `process.env`: a typed env module (`'~/env'`), `createEnv()`, `cleanEnv()`. */
  origin?: string | undefined;
}

/** The label used for literal and assembled `scheme://user:password@` URLs. */
export const CREDENTIALED_URL_SOURCE = 'a connection string with a password';

/**
 * One secret-carrying piece of a log call's arguments, in the shape that says how to
 * redact it in place:
 * - `expression`: replace `range` with a placeholder expression;
 * - `shorthand-property`: `{ url }`, `range` is the property: write `key: <placeholder>`;
 * - `template-slot`: `range` is a whole `${...}` of a template literal: replace it with text;
 * - `object-spread`: `...process.env` in an object literal: delete `removal` (element and comma);
 * - `password-text`: a string or template literal holding a credentialed URL: replace each
 *   of `passwords` (source ranges) with placeholder text.
 */
export type SecretPart = SecretSource &
  (
    | { kind: 'expression'; range: Range }
    | { kind: 'shorthand-property'; range: Range; key: string }
    | { kind: 'template-slot'; range: Range }
    | { kind: 'object-spread'; range: Range; removal: Range }
    | { kind: 'password-text'; range: Range; passwords: Range[] }
  );

/** How a log call can go away while leaving valid code (see `planLogStatementRemoval`). */
export type LogRemoval = StatementRemoval;

export interface SecretLogFinding extends SecretSource {
  /** The log call expression. */
  call: Range;
  /** The sink as written, normalised: `console.log`, `logger.info`, `process.stdout.write`. */
  sink: string;
  /** Present when the statement (or arrow body) is only the log call. */
  removal: LogRemoval | undefined;
  /** The secret-carrying pieces of the arguments, in source order. */
  parts: SecretPart[];
  /**
   * True when the call prints nothing but the secret and labels for it (`'DATABASE_URL:'`,
   * object keys, JSON.stringify's indent): deleting the log loses no information. False when
   * the secret is part of a larger message, which should be redacted in place instead.
   */
  printsOnlySecret: boolean;
}
