import { isPlaceholderPassword } from '../analysis/secret-logging/secret-names.js';

/**
 * Every line the CLI prints (diffs, reasons, diagnostics, the JSON report's strings) passes
 * through here, so running it on a repository that hard-codes a credential never copies it
 * into a terminal or a CI log. What the CLI prints is mostly code, so this reads it as code:
 * - the password of a `scheme://user:password@host` URL, up to the last `@` of the authority
 *   (so a space, a quote or an unencoded `@` in it is covered), and across string literals
 *   joined by `+` (`'postgres://app:' + 'hunter2' + '@db'`), where only the literal text goes
 *   and the code between (`' + password + '`) stays;
 * - a string literal under a credential-like name: `DATABASE_PASSWORD = '...'`,
 *   `Password: "..."`, `"secret": "..."`, `apiKey: '...'`, with escaped quotes inside;
 * - `NAME=value` with a credential-like name and no spaces (`PGPASSWORD=... psql` in a shell
 *   string, `password=...` in a libpq or ADO connection string, `?password=`).
 * Placeholders are code or documentation, not secrets, and stay as they are: `${password}`,
 * `$PGPASSWORD`, `<password>`, `{{password}}`, `****`, `password`, `changeme`; so does a value
 * that is already `[redacted]`. Each secret becomes `[redacted]`, whatever its length (the
 * length of a password is a clue too); the rest of the line is unchanged, so a diff stays
 * readable. A diff line that lost a secret no longer matches the file: the report says so
 * (`REDACTED_DIFF_NOTE`, docs/output.md).
 */

export const REDACTED_TEXT = '[redacted]';

/** The note of a run whose diff lost a credential to redaction. */
export const REDACTED_DIFF_NOTE =
  'the diff shows credentials found in the code as [redacted]: those lines do not match the files, so `git apply` refuses them; run without --dry to apply the fix (and move the credentials out of the code)';

/** A name that holds a credential, at the end of an identifier or key: `DATABASE_PASSWORD`, `dbPassword`, `secretAccessKey`. */
const CREDENTIAL_NAME = String.raw`[A-Za-z0-9_$]*?(?:password|passwd|pwd|passphrase|secret|token|api_?key|access_?key|private_?key|credentials?)`;

/** `scheme://` then the authority up to its last `@` (a line, `/`, `?` or `#` ends the authority). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\n/?#]*)@/gi;

/** `name = '...'`, `name: "..."`, `"name": "..."`, with escaped quotes inside the value. */
const NAMED_LITERAL = new RegExp(String.raw`(\b${CREDENTIAL_NAME}(['"]?)\s*[:=]\s*)(['"\x60])((?:\\.|(?!\3)[^\\\n])*)\3`, 'gi');

/** `NAME=value` without spaces (shell, env lines, key/value connection strings, query strings). */
const ASSIGNED_VALUE = new RegExp(String.raw`(\b${CREDENTIAL_NAME}=)('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|[^\s'"\x60&;,=)]+)`, 'gi');

/** Between two string literals of a `+` chain: the closing quote, `+`, maybe one operand and `+`, the opening quote. */
const CONCATENATION_JOIN = /(['"`])\s*\+\s*(?:[\w$.]+(?:\([^()]*\))?\s*\+\s*)?(['"`])|\$\{[^}]*\}/g;

/** True when a value is a placeholder or documentation, never a secret. */
function isPlaceholder(value: string): boolean {
  return value === '' || value.includes(REDACTED_TEXT) || isPlaceholderPassword(value);
}

/**
 * A secret's text with only its literal pieces redacted: code between string literals of a
 * `+` chain and `${...}` slots stay, and so do pieces that are placeholders.
 */
function redactPieces(password: string): string {
  let result = '';
  let last = 0;
  const literalPiece = (piece: string) => (isPlaceholder(piece) ? piece : REDACTED_TEXT);
  for (const join of password.matchAll(CONCATENATION_JOIN)) {
    result += literalPiece(password.slice(last, join.index)) + join[0];
    last = join.index + join[0].length;
  }
  return result + literalPiece(password.slice(last));
}

export function redactOutput(text: string): string {
  return text
    .replace(URL_USERINFO, (match, scheme: string, userinfo: string) => {
      const colon = userinfo.indexOf(':');
      if (colon < 0) return match;
      const password = userinfo.slice(colon + 1);
      return `${scheme}${userinfo.slice(0, colon + 1)}${redactPieces(password)}@`;
    })
    .replace(NAMED_LITERAL, (match, prefix: string, _keyQuote: string, quote: string, value: string) =>
      // `'?token=' + token + '&x'`: what sits between the quotes is code joining two literals.
      /^\s*\+/.test(value) ? match : `${prefix}${quote}${redactPieces(value)}${quote}`,
    )
    .replace(ASSIGNED_VALUE, (match, prefix: string, value: string) => {
      const bare = value.replace(/^(['"])(.*)\1$/, '$2');
      // `PGPASSWORD=$PGPASSWORD`, `%DB_PASSWORD%`: shell placeholders.
      if (isPlaceholder(bare) || /^[$%]/.test(bare)) return match;
      // `'?token=' + token + '&x'`: the "quoted value" is the code between two literals.
      if (bare !== value && /^\s*\+/.test(bare)) return match;
      return `${prefix}${REDACTED_TEXT}`;
    });
}
