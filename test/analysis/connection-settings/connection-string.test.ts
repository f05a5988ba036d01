import { describe, expect, it } from 'vitest';
import {
  connectsOnlyToLocalHosts,
  findPlaceholders,
  hasDatabaseScheme,
  isDatabaseUrlName,
  isLocalHost,
  isShadowDatabaseUrlName,
  parseConnectionString,
} from '../../../analysis/connection-settings/connection-string.js';
import {
  connectionParamEdits,
  connectionParamProblems,
  driverAdapterIgnoredParams,
  rewriteConnectionParams,
  sslModeDisableParams,
  sslModeRequireEdits,
} from '../../../analysis/connection-settings/url-params.js';
import { applyTextEdits } from '../../../analysis/edit/text-edit.js';

const kinds = (text: string, options?: Parameters<typeof connectionParamProblems>[1]) =>
  connectionParamProblems(parseConnectionString(text), options).map((problem) =>
    problem.kind === 'missing' ? `missing:${problem.params.join('+')}` : problem.kind,
  );

describe('findPlaceholders', () => {
  it('finds template and Serverless placeholders, braces balanced', () => {
    expect(findPlaceholders('${a}://${self:custom.${sls:stage}}/x')).toEqual([
      { start: 0, end: 4, inner: 'a' },
      { start: 7, end: 34, inner: 'self:custom.${sls:stage}' },
    ]);
  });
  it('ignores an unclosed placeholder and a lone $', () => {
    expect(findPlaceholders('price $5 ${oops')).toEqual([]);
  });
});

describe('parseConnectionString', () => {
  it('reads scheme, hosts and query of a full URL', () => {
    const text = 'postgresql://user:p%40ss@db.example.com:5432/app?schema=public&connection_limit=1';
    const parsed = parseConnectionString(text);
    expect(parsed.scheme).toBe('postgresql');
    expect(parsed.hosts).toEqual(['db.example.com']);
    expect(parsed.queryStart).toBe(text.indexOf('?'));
    expect(parsed.params.map((param) => [param.key, param.value])).toEqual([
      ['schema', 'public'],
      ['connection_limit', '1'],
    ]);
    expect(hasDatabaseScheme(parsed)).toBe(true);
  });

  it('recognises postgres, postgresql and mysql schemes in any case, and nothing else', () => {
    expect(hasDatabaseScheme(parseConnectionString('postgres://h/db'))).toBe(true);
    expect(hasDatabaseScheme(parseConnectionString('POSTGRESQL://h/db'))).toBe(true);
    expect(hasDatabaseScheme(parseConnectionString('mysql://u:p@h:3306/db'))).toBe(true);
    expect(hasDatabaseScheme(parseConnectionString('prisma://accelerate.prisma-data.net/?api_key=x'))).toBe(false);
    expect(hasDatabaseScheme(parseConnectionString('https://example.com/?a=1'))).toBe(false);
    expect(hasDatabaseScheme(parseConnectionString('see postgresql://h/db'))).toBe(false);
  });

  it('decodes keys and values as URLSearchParams does', () => {
    const parsed = parseConnectionString('postgresql://h/db?connection%5Flimit=1&options=-c%20statement_timeout%3D5000&app=a+b');
    expect(parsed.params.map((param) => [param.key, param.value])).toEqual([
      ['connection_limit', '1'],
      ['options', '-c statement_timeout=5000'],
      ['app', 'a b'],
    ]);
  });

  it('records where each segment and value sits', () => {
    const text = 'postgresql://h/db?a=1&connect_timeout=10';
    const param = parseConnectionString(text).params[1]!;
    expect(text.slice(param.start, param.end)).toBe('connect_timeout=10');
    expect(text.slice(param.valueStart, param.end)).toBe('10');
  });

  it('reads a second `?` as the separator it should be, and records it', () => {
    const text = 'postgresql://h/db?sslmode=require?connection_limit=1';
    const parsed = parseConnectionString(text);
    expect(parsed.extraQuestionMarks).toEqual([text.lastIndexOf('?')]);
    expect(parsed.params.map((param) => param.key)).toEqual(['sslmode', 'connection_limit']);
  });

  it('stops the query at a #fragment', () => {
    const text = 'postgresql://h/db?a=1#frag';
    const parsed = parseConnectionString(text);
    expect(parsed.queryEnd).toBe(text.indexOf('#'));
    expect(parsed.params.map((param) => param.key)).toEqual(['a']);
  });

  it('parses a bare query fragment', () => {
    const parsed = parseConnectionString('?pool_timeout=20&connect_timeout=20');
    expect(parsed.scheme).toBeUndefined();
    expect(parsed.hosts).toBeUndefined();
    expect(parsed.queryStart).toBe(0);
    expect(parsed.params.map((param) => [param.key, param.value])).toEqual([
      ['pool_timeout', '20'],
      ['connect_timeout', '20'],
    ]);
  });

  it('treats a placeholder scheme and placeholder hosts as unknown', () => {
    const parsed = parseConnectionString('${engine}://${user}:${password}@${host}:${port}/${db}?connect_timeout=30');
    expect(parsed.scheme).toBeUndefined();
    expect(parsed.schemeIsPlaceholder).toBe(true);
    expect(parsed.hosts).toBeUndefined();
    expect(parsed.params.map((param) => param.key)).toEqual(['connect_timeout']);
  });

  it('keeps structure characters inside placeholders out of the parse', () => {
    const parsed = parseConnectionString("postgresql://${a ? 'x?y=1' : 'z'}@h/db");
    expect(parsed.queryStart).toBeUndefined();
    expect(parsed.hosts).toEqual(['h']);
  });

  it('marks unknown values and keys', () => {
    const parsed = parseConnectionString('postgresql://h/db?connection_limit=${limit}&${extra}');
    expect(parsed.params.map((param) => [param.key, param.value])).toEqual([
      ['connection_limit', undefined],
      [undefined, undefined],
    ]);
    expect(parsed.queryMayHideInPlaceholder).toBe(true);
  });

  it('knows when a tail placeholder may carry the query', () => {
    expect(parseConnectionString('postgresql://${user}@${host}/${db}').queryMayHideInPlaceholder).toBe(false);
    expect(parseConnectionString('postgresql://${user}@${host}/${db}${option}').queryMayHideInPlaceholder).toBe(true);
    expect(parseConnectionString('postgresql://h/app${params}').queryMayHideInPlaceholder).toBe(true);
    expect(parseConnectionString('postgresql://${rest}').queryMayHideInPlaceholder).toBe(true);
    expect(parseConnectionString('${DATABASE_URL}').queryMayHideInPlaceholder).toBe(true);
  });

  it('recognises parameters appended to a runtime URL with &', () => {
    const parsed = parseConnectionString('${DATABASE_URL}&connection_limit=1');
    expect(parsed.extendsBaseQuery).toBe(true);
    expect(parsed.params.map((param) => param.key)).toEqual(['connection_limit']);
    expect(parseConnectionString('&connect_timeout=10').extendsBaseQuery).toBe(true);
  });

  it('reads multi-host, IPv6 and ?host= hosts', () => {
    expect(parseConnectionString('postgresql://u@h1:5432,h2:5433/db').hosts).toEqual(['h1', 'h2']);
    expect(parseConnectionString('postgresql://u:p@[::1]:5432/db').hosts).toEqual(['[::1]']);
    expect(parseConnectionString('postgresql:///db?host=/var/run/postgresql').hosts).toEqual(['/var/run/postgresql']);
    expect(parseConnectionString('postgresql://u@%2Ftmp/db').hosts).toEqual(['/tmp']);
  });
});

describe('local hosts', () => {
  it.each(['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '', '/var/run/postgresql'])(
    '%j is local',
    (host) => {
      expect(isLocalHost(host)).toBe(true);
    },
  );
  it.each(['db.example.com', 'localhost.example.com', '10.0.0.5', '128.0.0.1', 'db', '::2'])('%j is not local', (host) => {
    expect(isLocalHost(host)).toBe(false);
  });
  it('accepts configured extra local hosts', () => {
    expect(isLocalHost('db', ['DB'])).toBe(true);
  });
  it('counts unknown hosts as remote', () => {
    expect(connectsOnlyToLocalHosts(parseConnectionString('postgresql://u@localhost/db'))).toBe(true);
    expect(connectsOnlyToLocalHosts(parseConnectionString('postgresql://u@localhost,db.example.com/db'))).toBe(false);
    expect(connectsOnlyToLocalHosts(parseConnectionString('postgresql://u@${host}/db'))).toBe(false);
    expect(connectsOnlyToLocalHosts(parseConnectionString('?sslmode=disable'))).toBe(false);
  });
});

describe('connectionParamProblems', () => {
  it('is quiet on a correct URL', () => {
    expect(kinds('postgresql://u:p@h/db?connection_limit=1&connect_timeout=30')).toEqual([]);
    expect(kinds('postgresql://u:p@h/db?connect_timeout=60&connection_limit=1&pool_timeout=20')).toEqual([]);
  });
  it('reports what is missing', () => {
    expect(kinds('postgresql://u:p@h/db')).toEqual(['missing:connection_limit+connect_timeout']);
    expect(kinds('postgresql://u:p@h/db?connection_limit=1')).toEqual(['missing:connect_timeout']);
    expect(kinds('?pool_timeout=20&connect_timeout=20')).toEqual(['missing:connection_limit', 'connect_timeout']);
  });
  it('reports wrong values, including 0 and non-numbers', () => {
    expect(kinds('postgresql://h/db?connection_limit=5&connect_timeout=10')).toEqual(['connection_limit', 'connect_timeout']);
    expect(kinds('postgresql://h/db?connection_limit=0&connect_timeout=0')).toEqual(['connection_limit', 'connect_timeout']);
    expect(kinds('postgresql://h/db?connection_limit=one&connect_timeout=30s')).toEqual(['connection_limit', 'connect_timeout']);
    expect(kinds('postgresql://h/db?connection_limit&connect_timeout=30')).toEqual(['connection_limit']);
  });
  it('honours the options', () => {
    expect(
      kinds('postgresql://h/db?connection_limit=2&connect_timeout=20', { maxConnectionLimit: 2, minConnectTimeoutSeconds: 20 }),
    ).toEqual([]);
    expect(
      kinds('postgresql://h/db?connection_limit=3&connect_timeout=20', { maxConnectionLimit: 2, minConnectTimeoutSeconds: 45 }),
    ).toEqual(['connection_limit', 'connect_timeout']);
  });
  it('reports a second ? and the parameter it swallows', () => {
    const text = 'postgresql://h/db?sslmode=require?connection_limit=1&connect_timeout=30';
    const problems = connectionParamProblems(parseConnectionString(text));
    expect(problems).toEqual([{ kind: 'secondQuestionMark', index: text.lastIndexOf('?'), swallowedKey: 'connection_limit' }]);
  });
  it('never reports unknown values or a query that may hide in a placeholder', () => {
    expect(kinds('postgresql://h/db?connection_limit=${n}&connect_timeout=${t}')).toEqual([]);
    expect(kinds('postgresql://h/db?${params}')).toEqual([]);
    expect(kinds('postgresql://${user}@${host}/${db}${option}')).toEqual([]);
    expect(kinds('${DATABASE_URL}&connection_limit=1')).toEqual([]);
    expect(kinds('${DATABASE_URL}&connection_limit=4')).toEqual(['connection_limit']);
  });
  it('reports missing parameters after a runtime base URL without a query', () => {
    expect(kinds('${DATABASE_URL}?pool_timeout=20')).toEqual(['missing:connection_limit+connect_timeout']);
  });
});

describe('connectionParamEdits / rewriteConnectionParams', () => {
  it.each([
    ['postgresql://u:p@h:5432/db', 'postgresql://u:p@h:5432/db?connection_limit=1&connect_timeout=30'],
    ['postgresql://u:p@h/db?schema=public', 'postgresql://u:p@h/db?schema=public&connection_limit=1&connect_timeout=30'],
    ['postgresql://u:p@h/db?', 'postgresql://u:p@h/db?connection_limit=1&connect_timeout=30'],
    ['postgresql://u:p@h/db?schema=public&', 'postgresql://u:p@h/db?schema=public&connection_limit=1&connect_timeout=30'],
    ['postgresql://h/db?connect_timeout=10&connection_limit=10', 'postgresql://h/db?connect_timeout=30&connection_limit=1'],
    ['postgresql://h/db?sslmode=require?connection_limit=1', 'postgresql://h/db?sslmode=require&connection_limit=1&connect_timeout=30'],
    ['postgresql://h/db?a=1?b=2?c=3', 'postgresql://h/db?a=1&b=2&c=3&connection_limit=1&connect_timeout=30'],
    ['postgresql://h/db#x', 'postgresql://h/db?connection_limit=1&connect_timeout=30#x'],
    ['postgresql://h/db?connection_limit&connect_timeout=30', 'postgresql://h/db?connection_limit=1&connect_timeout=30'],
    // The canonical CDK fragment: pool_timeout stays (other parameters are kept), connect_timeout is fixed in place.
    ['?pool_timeout=20&connect_timeout=20', '?pool_timeout=20&connect_timeout=30&connection_limit=1'],
    [
      '${engine}://${user}:${password}@${host}:${port}/${db}?schema=${schema}',
      '${engine}://${user}:${password}@${host}:${port}/${db}?schema=${schema}&connection_limit=1&connect_timeout=30',
    ],
    ['mysql://u:p@h:3306/db?sslaccept=strict', 'mysql://u:p@h:3306/db?sslaccept=strict&connection_limit=1&connect_timeout=30'],
    [
      'postgresql://h/db?options=-c%20statement_timeout%3D5000',
      'postgresql://h/db?options=-c%20statement_timeout%3D5000&connection_limit=1&connect_timeout=30',
    ],
  ])('%s', (input, expected) => {
    expect(rewriteConnectionParams(input)).toBe(expected);
    // Idempotent.
    expect(rewriteConnectionParams(expected)).toBe(expected);
    expect(connectionParamEdits(expected)).toEqual([]);
  });

  it('uses the configured timeout', () => {
    expect(rewriteConnectionParams('postgresql://h/db', { maxConnectionLimit: 1, minConnectTimeoutSeconds: 45 })).toBe(
      'postgresql://h/db?connection_limit=1&connect_timeout=45',
    );
  });

  it('leaves what it cannot know alone', () => {
    for (const text of [
      'postgresql://h/db?${params}',
      '${url}&pool_timeout=5',
      'postgresql://h/db?connection_limit=${n}&connect_timeout=${t}',
    ]) {
      expect(rewriteConnectionParams(text)).toBe(text);
    }
  });

  it('returns minimal edits', () => {
    const text = 'postgresql://h/db?connect_timeout=5&connection_limit=1';
    const at = text.indexOf('5');
    expect(connectionParamEdits(text)).toEqual([{ start: at, end: at + 1, text: '30' }]);
  });
});

describe('driver adapters and sslmode', () => {
  it('lists the URL parameters a driver adapter ignores', () => {
    const parsed = parseConnectionString(
      'postgresql://h/db?connection_limit=1&connect_timeout=30&pool_timeout=20&schema=app&sslmode=require&statement_timeout=5000',
    );
    expect(driverAdapterIgnoredParams(parsed).map((param) => param.key)).toEqual([
      'connection_limit',
      'connect_timeout',
      'pool_timeout',
      'schema',
    ]);
  });

  it('finds and rewrites sslmode=disable', () => {
    const text = 'postgresql://h/db?sslmode=DISABLE&connection_limit=1';
    expect(sslModeDisableParams(parseConnectionString(text)).map((param) => param.value)).toEqual(['DISABLE']);
    expect(applyTextEdits(text, sslModeRequireEdits(text))).toBe('postgresql://h/db?sslmode=require&connection_limit=1');
    expect(sslModeDisableParams(parseConnectionString('postgresql://h/db?sslmode=${mode}'))).toEqual([]);
    expect(sslModeDisableParams(parseConnectionString('postgresql://h/db?sslmode=prefer'))).toEqual([]);
  });
});

describe('names', () => {
  it.each([
    'DATABASE_URL',
    'PRIMARY_DATABASE_URL',
    'databaseUrl',
    'DB_URL',
    'dbUri',
    'connectionString',
    'PG_CONNECTION_STRING',
    'datasourceUrl',
    'POSTGRES_URL',
    'mysqlUrl',
    'DB_CONNSTR',
  ])('%s holds a database URL', (name) => {
    expect(isDatabaseUrlName(name)).toBe(true);
  });
  it.each(['API_URL', 'url', 'DIRECT_URL', 'REDIS_URL', 'database', 'dbName', 'CALLBACK_URL'])('%s does not', (name) => {
    expect(isDatabaseUrlName(name)).toBe(false);
  });
  it('knows the shadow database', () => {
    expect(isShadowDatabaseUrlName('SHADOW_DATABASE_URL')).toBe(true);
    expect(isShadowDatabaseUrlName('DATABASE_URL')).toBe(false);
  });
});
