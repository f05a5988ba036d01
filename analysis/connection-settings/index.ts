/**
 * Connection settings: the one detection behind `require-connection-params`, `require-query-timeout`,
 * `no-sslmode-disable` and the `set-connection-params` transform (connection strings, `URL`
 * objects, pg pools and `PrismaPg`, in the Prisma ≤ 6 URL form or the driver-adapter form).
 */
export {
  analyzeConnectionSettings,
  connectionSettingsMode,
  type ConnectionSettingsAnalysis,
  type ConnectionSettingsMode,
  type ConnectionStringSite,
  type PgConstructorSite,
} from './analyze-connection-settings.js';
export { connectionParamFindings } from './connection-params.js';
export { isConnectionOptionsName, isDatabaseUrlName, isShadowDatabaseUrlName, parseConnectionString } from './connection-string.js';
export { mayHoldNamedEnvFallback } from './fallback-values.js';
export type {
  ConnectionFinding,
  ConnectionParamsCheck,
  ConnectionParamsFinding,
  ConnectionParamsMessageId,
  ConnectionParamsSuggestionId,
  SslModeFinding,
  SslModeMessageId,
  SslModeSuggestionId,
} from './findings.js';
export { millisecondsLiteral } from './pool-options.js';
export { sslModeFindings, type SslModeCheck } from './ssl-mode.js';
export { flattenString } from './string-flow.js';
export { DEFAULT_CONNECTION_PARAM_OPTIONS, type ConnectionParamOptions } from './url-params.js';
export {
  DEFAULT_QUERY_TIMEOUT_MILLIS,
  queryTimeoutFindings,
  socketTimeoutSeconds,
  type QueryTimeoutCheck,
  type QueryTimeoutFinding,
  type QueryTimeoutMessageId,
  type QueryTimeoutSuggestionId,
} from './query-timeout.js';
export { dotenvConnectionParamFindings, dotenvSslModeFindings } from './dotenv-findings.js';
