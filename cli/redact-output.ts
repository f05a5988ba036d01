import { redactConnectionStrings } from '../runtime/index.js';

/**
 * Every line the CLI prints (diffs, reasons, diagnostics, the JSON report) passes through
 * here, so running it on a repository that hard-codes a connection string never copies the
 * password into a terminal or a CI log. Connection strings and `password=` pairs are the
 * runtime's redaction (one rule set for both); on top of it, source code can hold a secret as
 * a string literal under a telling name (`password: 'hunter2'`), which only a diff shows.
 */
const SECRET_LITERAL_IN_CODE =
  /(\b(?:password|passwd|pwd|secret|secretAccessKey|token|apiKey|api_key|dbPassword|DB_PASSWORD|PGPASSWORD)['"]?\s*[:=]\s*)(['"`])((?:\\.|(?!\2)[^\\\n])+)\2/g;

export function redactOutput(text: string): string {
  return redactConnectionStrings(text).replace(SECRET_LITERAL_IN_CODE, (match, prefix: string, quote: string, value: string) =>
    // A template with placeholders is code, not a secret.
    value.includes('${') || value === '[redacted]' ? match : `${prefix}${quote}[redacted]${quote}`,
  );
}
