/**
 * Secret logging: log calls whose arguments carry a connection string, a database password
 * or the whole environment. What the `no-database-url-logging` rule reports and the
 * `remove-url-logging` transform removes or redacts.
 */
export { commandLineReportRange, type SecretCommandLineFinding } from './command-lines.js';
export { findSecretCommandLines, findSecretLogs, type SecretFlowInput } from './find-secret-logs.js';
export {
  CREDENTIALED_URL_SOURCE,
  type LogRemoval,
  type SecretLogFinding,
  type SecretPart,
  type SecretSource,
  type SecretSourceKind,
} from './findings.js';
export { DEFAULT_LOG_METHODS, DEFAULT_LOGGER_NAMES, type SecretFlowOptions } from './log-options.js';
export { planLogStatementRemoval } from './log-statement-removal.js';
export {
  containsCredentialedUrl,
  createNameMatcher,
  createSecretNameMatcher,
  credentialedUrlPasswordSpans,
  DEFAULT_SECRET_ENV_NAMES,
  DYNAMIC_TEXT,
  type SecretNameOptions,
  type TextPiece,
} from './secret-names.js';
