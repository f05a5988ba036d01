import type { SecretNameOptions } from './secret-names.js';

/** Which calls log, and which helpers hide a secret: the options of the rule, with their defaults. */

export interface SecretFlowOptions extends SecretNameOptions {
  /** Extra logger object names (glob patterns, case-insensitive) on top of {@link DEFAULT_LOGGER_NAMES}. */
  loggerNames?: readonly string[] | undefined;
  /** Extra logger method names on top of {@link DEFAULT_LOG_METHODS}. */
  logMethods?: readonly string[] | undefined;
  /** Extra names (glob patterns) of helpers whose result hides the secret, like `maskUrl`. */
  maskFunctions?: readonly string[] | undefined;
}

/**
 * Objects whose methods log: `logger` (pino, winston, Powertools, log4js), `log` (bunyan,
 * loglevel, `fastify.log`, `req.log`), anything ending in `logger` (`appLogger`, `this.logger`),
 * and the default instances of consola, signale and winston.
 */
export const DEFAULT_LOGGER_NAMES: readonly string[] = ['log', '*logger', 'consola', 'signale', 'winston'];

/**
 * Logger methods that write their arguments. `child` (pino, bunyan) and Powertools'
 * `appendKeys` family attach their argument to every later line, so they count too.
 */
export const DEFAULT_LOG_METHODS: readonly string[] = [
  'log',
  'trace',
  'debug',
  'info',
  'warn',
  'warning',
  'error',
  'fatal',
  'critical',
  'crit',
  'notice',
  'alert',
  'emerg',
  'verbose',
  'silly',
  'http',
  'success',
  'fail',
  'ready',
  'start',
  'box',
  'child',
  'appendKeys',
  'appendPersistentKeys',
  'addPersistentLogAttributes',
];
