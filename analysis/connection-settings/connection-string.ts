/**
 * Pure helpers on connection-string text: recognise a PostgreSQL/MySQL URL or a query
 * fragment (`?a=b&c=d`), read its query with real query-string parsing, its hosts, and the
 * names that hold one (what is wrong with its parameters: url-params.ts).
 *
 * Text may hold `${...}` placeholders: template-literal holes the caller could not resolve
 * (written in as `${name}`), or Serverless/SST variables inside plain strings
 * (`'${ssm:/app/db-url}?connection_limit=1'`). A placeholder is opaque: never parsed as
 * structure, never edited; a value or host that holds one is unknown, and unknown is never
 * reported as wrong.
 */

/** URL schemes of the databases this package fixes (Aurora PostgreSQL and Aurora MySQL). */
export const DATABASE_URL_SCHEMES: ReadonlySet<string> = new Set(['postgres', 'postgresql', 'mysql']);

/** Keys that only a database connection URL carries: a `URL` object that gets one is a connection URL. */
export const DATABASE_URL_PARAM_KEYS: ReadonlySet<string> = new Set([
  'connection_limit',
  'connect_timeout',
  'pool_timeout',
  'socket_timeout',
  'sslmode',
  'sslaccept',
  'sslcert',
  'sslrootcert',
  'pgbouncer',
  'statement_cache_size',
  'schema',
]);

export interface Placeholder {
  start: number;
  end: number;
  /** The text between `${` and `}`. */
  inner: string;
}

/** `${...}` placeholders in `text`, braces balanced (`${self:custom.${sls:stage}}` is one). */
export function findPlaceholders(text: string): Placeholder[] {
  const found: Placeholder[] = [];
  let open = text.indexOf('${');
  while (open >= 0) {
    let depth = 0;
    let end = -1;
    for (let index = open + 1; index < text.length; index += 1) {
      const char = text[index];
      if (char === '{') depth += 1;
      else if (char === '}') {
        depth -= 1;
        if (depth === 0) {
          end = index + 1;
          break;
        }
      }
    }
    if (end < 0) break;
    found.push({ start: open, end, inner: text.slice(open + 2, end - 1) });
    open = text.indexOf('${', end);
  }
  return found;
}

/** Stands for every character of a placeholder in the masked text, so structure search skips placeholders. */
const MASK = '\u0000';

function maskPlaceholders(text: string, placeholders: readonly Placeholder[]): string {
  let masked = '';
  let cursor = 0;
  for (const placeholder of placeholders) {
    masked += text.slice(cursor, placeholder.start) + MASK.repeat(placeholder.end - placeholder.start);
    cursor = placeholder.end;
  }
  return masked + text.slice(cursor);
}

export interface ConnectionParam {
  /** Decoded key; undefined when the key holds a placeholder. */
  key: string | undefined;
  /** Decoded value; undefined when it holds a placeholder. */
  value: string | undefined;
  /** `[start, end)` of the whole `key=value` segment. */
  start: number;
  end: number;
  /** `[valueStart, end)` is the value; without `=`, `valueStart === end`. */
  valueStart: number;
  hasEquals: boolean;
}

export interface ParsedConnectionString {
  text: string;
  /** Lower-cased scheme when written out (`postgresql`), undefined when absent or a placeholder. */
  scheme: string | undefined;
  /** `${engine}://...`: a URL whose scheme is only known at runtime. */
  schemeIsPlaceholder: boolean;
  /** Host names (several for a multi-host URL); undefined when unknown (a placeholder, or no authority). */
  hosts: string[] | undefined;
  /** Index of the `?` (or, for {@link extendsBaseQuery}, the `&`) that opens the query. */
  queryStart: number | undefined;
  /** Where the query ends: a `#` or the end of the text. */
  queryEnd: number;
  /** Parameters as meant, reading a stray `?` as the `&` it should be. */
  params: ConnectionParam[];
  /** Offsets of `?` characters inside the query: each one glues the next parameter onto the previous value. */
  extraQuestionMarks: number[];
  /** Parameters may come from a placeholder (`?${params}`, `${db}${options}`): absence proves nothing. */
  queryMayHideInPlaceholder: boolean;
  /** `${url}&a=b`: appends to the query of a base URL known only at runtime. */
  extendsBaseQuery: boolean;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;
const PLACEHOLDER_SCHEME = /^\u0000+:\/\//;
/** Placeholder names that usually carry a query string rather than a path segment. */
const QUERY_LIKE_PLACEHOLDER = /param|option|query|search|suffix|extra|flag|arg|setting/i;

function decodeHost(host: string): string {
  try {
    return decodeURIComponent(host);
  } catch {
    return host;
  }
}

function hostsOfAuthority(authority: string, maskedAuthority: string): string[] | undefined {
  const at = maskedAuthority.lastIndexOf('@');
  const hostPart = authority.slice(at + 1);
  if (maskedAuthority.slice(at + 1).includes(MASK)) return undefined;
  return hostPart.split(',').map((entry) => {
    if (entry.startsWith('[')) {
      const close = entry.indexOf(']');
      return decodeHost(close < 0 ? entry : entry.slice(0, close + 1));
    }
    const colon = entry.indexOf(':');
    return decodeHost(colon < 0 ? entry : entry.slice(0, colon));
  });
}

/**
 * Parses a connection URL (`postgresql://u:p@h:5432/db?a=b`), a query fragment (`?a=b&c=d`),
 * or a string that extends a runtime URL (`${url}?a=b`, `${url}&a=b`). Each parameter is
 * decoded with `URLSearchParams`, as the engines decode it; `?` inside the query is read as a
 * separator (what the author meant) and reported in `extraQuestionMarks`.
 */
export function parseConnectionString(text: string): ParsedConnectionString {
  const placeholders = findPlaceholders(text);
  const masked = maskPlaceholders(text, placeholders);

  let scheme: string | undefined;
  let schemeIsPlaceholder = false;
  let authorityStart: number | undefined;
  const schemeMatch = SCHEME.exec(masked);
  if (schemeMatch) {
    scheme = schemeMatch[1]!.toLowerCase();
    authorityStart = schemeMatch[0].length;
  } else {
    const placeholderScheme = PLACEHOLDER_SCHEME.exec(masked);
    if (placeholderScheme) {
      schemeIsPlaceholder = true;
      authorityStart = placeholderScheme[0].length;
    }
  }

  const hashIndex = masked.indexOf('#', authorityStart ?? 0);
  const queryEnd = hashIndex < 0 ? masked.length : hashIndex;
  const questionMark = masked.indexOf('?', authorityStart ?? 0);
  let queryStart = questionMark >= 0 && questionMark < queryEnd ? questionMark : undefined;
  let extendsBaseQuery = false;
  if (queryStart === undefined && authorityStart === undefined) {
    // '&a=b' on its own, or '${url}&a=b': parameters added to a query written elsewhere.
    const ampersand = masked.indexOf('&');
    if (ampersand === 0 || (ampersand > 0 && masked[ampersand - 1] === MASK)) {
      queryStart = ampersand;
      extendsBaseQuery = true;
    }
  }

  const params: ConnectionParam[] = [];
  const extraQuestionMarks: number[] = [];
  let queryMayHideInPlaceholder = false;
  if (queryStart !== undefined) {
    let segmentStart = queryStart + 1;
    for (let index = queryStart + 1; index <= queryEnd; index += 1) {
      const char = index < queryEnd ? masked[index] : '&';
      if (char !== '&' && char !== '?') continue;
      if (char === '?') extraQuestionMarks.push(index);
      if (index > segmentStart) {
        const param = readParam(text, masked, segmentStart, index);
        if (param.key === undefined) queryMayHideInPlaceholder = true;
        params.push(param);
      }
      segmentStart = index + 1;
    }
  } else {
    queryMayHideInPlaceholder = tailMayHoldQuery(masked, placeholders, authorityStart);
  }

  let hosts: string[] | undefined;
  if (authorityStart !== undefined) {
    let authorityEnd = masked.length;
    for (const delimiter of ['/', '?', '#']) {
      const found = masked.indexOf(delimiter, authorityStart);
      if (found >= 0 && found < authorityEnd) authorityEnd = found;
    }
    hosts = hostsOfAuthority(text.slice(authorityStart, authorityEnd), masked.slice(authorityStart, authorityEnd));
  }
  // libpq and Prisma let `?host=` override the authority (a Unix socket directory, usually).
  const hostParam = params.find((param) => param.key === 'host');
  if (hostParam) hosts = hostParam.value === undefined ? undefined : hostParam.value.split(',');

  return {
    text,
    scheme,
    schemeIsPlaceholder,
    hosts,
    queryStart,
    queryEnd,
    params,
    extraQuestionMarks,
    queryMayHideInPlaceholder,
    extendsBaseQuery,
  };
}

function readParam(text: string, masked: string, start: number, end: number): ConnectionParam {
  const equals = masked.indexOf('=', start);
  const hasEquals = equals >= 0 && equals < end;
  const keyEnd = hasEquals ? equals : end;
  const valueStart = hasEquals ? equals + 1 : end;
  const keyIsKnown = !masked.slice(start, keyEnd).includes(MASK);
  const valueIsKnown = !masked.slice(valueStart, end).includes(MASK);
  // Real query-string decoding (`+`, percent escapes), one segment at a time so offsets survive.
  const [decoded] = new URLSearchParams(text.slice(start, end));
  return {
    key: keyIsKnown ? (decoded?.[0] ?? '') : undefined,
    value: keyIsKnown && valueIsKnown ? (decoded?.[1] ?? '') : undefined,
    start,
    end,
    valueStart,
    hasEquals,
  };
}

/**
 * Without a written `?`, whether the text's tail may still carry the query: it ends with a
 * placeholder that follows another placeholder (`/${db}${options}`), is named like a query
 * (`${params}`), or is the whole authority (`postgresql://${rest}`); or the text is no URL at
 * all (`${url}`).
 */
function tailMayHoldQuery(masked: string, placeholders: readonly Placeholder[], authorityStart: number | undefined): boolean {
  const last = placeholders.at(-1);
  if (authorityStart === undefined) return true;
  if (last === undefined || last.end !== masked.length) return false;
  if (last.start > 0 && masked[last.start - 1] === MASK) return true;
  if (QUERY_LIKE_PLACEHOLDER.test(last.inner)) return true;
  return last.start === authorityStart;
}

/** `postgresql://`, `postgres://` or `mysql://` written out. */
export function hasDatabaseScheme(parsed: ParsedConnectionString): boolean {
  return parsed.scheme !== undefined && DATABASE_URL_SCHEMES.has(parsed.scheme);
}

/**
 * Hosts that are the machine itself: `localhost` (and `*.localhost`), the loopback range
 * `127.0.0.0/8`, `::1` (bare or `[::1]`), and Unix sockets (an empty host or a socket
 * directory such as `/var/run/postgresql`), plus `extraLocalHosts` (compared case-insensitively).
 */
export function isLocalHost(host: string, extraLocalHosts: readonly string[] = []): boolean {
  let normalized = host.trim().toLowerCase();
  if (normalized.startsWith('[') && normalized.endsWith(']')) normalized = normalized.slice(1, -1);
  if (normalized === '' || normalized.startsWith('/')) return true;
  if (normalized === 'localhost' || normalized.endsWith('.localhost')) return true;
  if (normalized === '::1' || normalized === '0:0:0:0:0:0:0:1') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(normalized)) return true;
  return extraLocalHosts.some((extra) => extra.toLowerCase() === normalized);
}

/** Every host is known and local. Unknown hosts (placeholders, env, fragments) count as remote. */
export function connectsOnlyToLocalHosts(parsed: ParsedConnectionString, extraLocalHosts: readonly string[] = []): boolean {
  return parsed.hosts !== undefined && parsed.hosts.length > 0 && parsed.hosts.every((host) => isLocalHost(host, extraLocalHosts));
}

function normalizedName(name: string): string {
  return name.toLowerCase().replace(/[_\-.]/g, '');
}

/**
 * Names of variables, properties and environment keys that hold a database connection URL:
 * `DATABASE_URL`, `*_DATABASE_URL`, `DB_URL`, `databaseUrl`, `connectionString`,
 * `datasourceUrl`, `POSTGRES_URL`, `PG_CONNECTION_STRING`, ... (case and `_`/`-` ignored).
 */
export function isDatabaseUrlName(name: string): boolean {
  const normalized = normalizedName(name);
  return (
    /(?:database|db|datasource|postgres|postgresql|pg|mysql|connection)(?:url|uri|string)$/.test(normalized) ||
    normalized.endsWith('connstr')
  );
}

/**
 * Names of environment keys and variables that hold only the query part of a connection URL,
 * glued onto it elsewhere (a `.env` that builds `DATABASE_URL` from `${DATABASE_OPTION}`):
 * `DATABASE_OPTION`, `DATABASE_OPTIONS`, `DB_OPTIONS`, `DATABASE_PARAMS`, `DB_QUERY`, ...
 */
export function isConnectionOptionsName(name: string): boolean {
  return /(?:database|db|datasource|postgres|postgresql|pg|mysql)(?:urloptions?|urlparams|options?|params|parameters|query|querystring)$/.test(
    normalizedName(name),
  );
}

/** The shadow database only `prisma migrate dev` uses: connection settings for Lambda do not apply. */
export function isShadowDatabaseUrlName(name: string): boolean {
  return normalizedName(name).includes('shadow');
}
