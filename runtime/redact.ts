/**
 * Removes credentials from text before the runtime logs or throws it: a migration's output
 * and errors quote the command line, the environment or the connection string, and a Lambda
 * log must never hold a database password.
 */

const REDACTED_TEXT = '[redacted]';

/**
 * `scheme://user:password@host` (postgres://, postgresql://, mysql://, any scheme): everything
 * between `://` and the LAST `@` before the authority ends (a line break, `/`, `?` or `#`),
 * since a password often holds an unencoded `@`, a space or a quote. The user name goes too:
 * with IAM auth it can be as telling as a password. Text, not code: it may take a little
 * prose with it, never leave a password behind.
 */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\n/?#]*@/gi;

/** A key that names a credential, at the end of a longer name: `PGPASSWORD`, `DB_PASSWORD`, `sslpassword`, `access_token`. */
const SECRET_KEY = String.raw`[A-Za-z0-9_]*?(?:password|passwd|pwd|pass|secret|token|api_?key)`;

/**
 * `password=secret` in a query string (`?password=`, `&sslpassword=`), a libpq key/value
 * string (`host=h password='s e c'`), an ADO/JDBC-style `;password=x;`, an env line or a shell
 * command (`PGPASSWORD=x psql`).
 */
const KEY_VALUE_SECRET = new RegExp(String.raw`\b(${SECRET_KEY})(\s*=\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s&;'"\x60,]+)`, 'gi');

/**
 * `"password": "secret"` in JSON (a secret fetched from Secrets Manager, printed by mistake)
 * and `password: 'secret'` in `util.inspect` output (an error that quotes its options).
 */
const QUOTED_SECRET = new RegExp(String.raw`(["']?\b${SECRET_KEY}["']?\s*:\s*)(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')`, 'gi');

/**
 * Returns `text` with the credentials of every connection string in it replaced by
 * `[redacted]`, plus, verbatim, each of `secrets` (e.g. the password of the URL a migration
 * was given, raw and percent-decoded, so it is caught even where no URL pattern matches).
 */
export function redactConnectionStrings(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    // Very short strings would blank out ordinary words; a real password is longer.
    if (secret.length >= 4) result = result.split(secret).join(REDACTED_TEXT);
  }
  return result
    .replace(URL_CREDENTIALS, (_match, scheme: string) => `${scheme}${REDACTED_TEXT}@`)
    .replace(KEY_VALUE_SECRET, (_match, key: string, equals: string) => `${key}${equals}${REDACTED_TEXT}`)
    .replace(
      QUOTED_SECRET,
      (match, prefix: string) => `${prefix}${match.slice(prefix.length, prefix.length + 1)}${REDACTED_TEXT}${match.slice(-1)}`,
    );
}

/** The secrets of a connection string worth redacting verbatim: its password, raw and decoded. */
export function secretsOfConnectionString(connectionString: string): string[] {
  const secrets = new Set<string>();
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^\s/?#]*)@/i.exec(connectionString)?.[1];
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    if (colon >= 0) {
      const password = userinfo.slice(colon + 1);
      secrets.add(password);
      try {
        secrets.add(decodeURIComponent(password));
      } catch {
        // Not valid percent-encoding: the raw form is all there is.
      }
    }
  }
  for (const match of connectionString.matchAll(/\b(?:password|sslpassword|pwd)=([^&;\s]+)/gi)) {
    const value = match[1]!;
    secrets.add(value);
    try {
      secrets.add(decodeURIComponent(value));
    } catch {
      // As above.
    }
  }
  return [...secrets].filter((secret) => secret.length > 0);
}
