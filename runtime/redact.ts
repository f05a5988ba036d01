/**
 * Removes credentials from text before the runtime logs or throws it: a migration's output
 * and errors quote the command line, the environment or the connection string, and a Lambda
 * log must never hold a database password.
 */

const REDACTED_TEXT = '[redacted]';

/**
 * `scheme://user:password@host` (postgres://, postgresql://, mysql://, any scheme): everything
 * between `://` and the LAST `@` of the URL, since a password often holds an unencoded `@`.
 * The user name goes too: with IAM auth it can be as telling as a password.
 */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s'"`<>]*@/gi;

/**
 * `password=secret` in a query string (`?password=`, `&sslpassword=`), a libpq key/value
 * string (`host=h password='s e c'`), an ADO/JDBC-style `;password=x;`, or an env line.
 */
const KEY_VALUE_SECRET =
  /\b(password|passwd|pwd|sslpassword|pass|secret|token|access_token|api_key|apikey)(\s*=\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s&;'"`,]+)/gi;

/** `"password": "secret"` in JSON (a secret fetched from Secrets Manager, printed by mistake). */
const JSON_SECRET = /("(?:password|passwd|pwd|secret|token)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

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
    .replace(JSON_SECRET, (_match, prefix: string) => `${prefix}"${REDACTED_TEXT}"`);
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
