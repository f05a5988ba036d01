/**
 * Ordinary code of the generated corpus: utilities, types, tests, an HTTP client, a reducer,
 * and plain JavaScript (build scripts, CommonJS config, Express-style middleware). None of it
 * mentions a database unless `incidentalMention` says so (a comment that happens to name one),
 * which is how unrelated files in real trees slip past a text prefilter.
 */
import { ADJECTIVES, ENTITIES, VERBS, camel, fieldsFor, kebab, pascal, plural } from './names.js';
import type { Random } from './random.js';

/** Comments unrelated code carries in real repositories that name a database by accident. */
const INCIDENTAL_MENTIONS = [
  '// Cached in memory so a page render does not hit the database on every keystroke.',
  '// Mirrors the column order of the postgres export so spreadsheets line up.',
  '/* The Prisma schema owns these names; keep them in sync when a model is renamed. */',
  '// DATABASE_URL is read by the API only; the front end never sees it.',
] as const;

export function incidentalMention(random: Random): string {
  return random.pick(INCIDENTAL_MENTIONS);
}

function utilityFunction(random: Random, index: number): string {
  const verb = random.pick(VERBS);
  const noun = random.pick(ENTITIES);
  const name = camel(verb, plural(noun), String(index));
  const variant = random.weighted({ groupBy: 2, chunk: 2, formatMoney: 1, retryable: 1, slug: 2, dates: 2, deepEqual: 1 });
  switch (variant) {
    case 'groupBy':
      return `export function ${name}<T, K extends PropertyKey>(items: readonly T[], key: (item: T) => K): Record<K, T[]> {
  const groups = {} as Record<K, T[]>;
  for (const item of items) {
    const group = key(item);
    (groups[group] ??= []).push(item);
  }
  return groups;
}`;
    case 'chunk':
      return `export function ${name}<T>(items: readonly T[], size = ${random.int(2, 50)}): T[][] {
  if (size <= 0) throw new RangeError(\`chunk size must be positive, got \${size}\`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}`;
    case 'formatMoney':
      return `const ${name}Formatters = new Map<string, Intl.NumberFormat>();

export function ${name}(amountInCents: number, currency = '${random.pick(['EUR', 'USD', 'GBP', 'JPY'])}', locale = 'en-GB'): string {
  const key = \`\${locale}:\${currency}\`;
  let formatter = ${name}Formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    ${name}Formatters.set(key, formatter);
  }
  return formatter.format(amountInCents / 100);
}`;
    case 'retryable':
      return `export async function ${name}<T>(task: () => Promise<T>, attempts = ${random.int(2, 5)}, delayMs = ${random.pick([50, 100, 200])}): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await task();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** attempt));
    }
  }
  throw lastError;
}`;
    case 'slug':
      return `export function ${name}(text: string, maxLength = ${random.int(24, 80)}): string {
  return text
    .normalize('NFKD')
    .replace(/[\\u0300-\\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength);
}`;
    case 'dates':
      return `export function ${name}(from: Date, to: Date = new Date()): { days: number; label: string } {
  const days = Math.round((to.getTime() - from.getTime()) / 86_400_000);
  const label =
    days === 0 ? 'today' : days === 1 ? 'yesterday' : days < ${random.int(7, 30)} ? \`\${days} days ago\` : from.toISOString().slice(0, 10);
  return { days, label };
}`;
    case 'deepEqual':
      return `export function ${name}(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => ${name}((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}`;
  }
}

/** A utilities module with several small generic helpers. */
export function utilities(random: Random): string {
  const count = random.int(3, 10);
  const functions = Array.from({ length: count }, (_, index) => utilityFunction(random, index));
  return `${functions.join('\n\n')}\n`;
}

/** A types module: interfaces, unions, mapped and conditional types, an enum, a type guard. */
export function typesModule(random: Random): string {
  const entities = random.sample(ENTITIES, random.int(2, 5));
  const blocks = entities.map((entity) => {
    const Entity = pascal(entity);
    const fields = fieldsFor(random, random.int(3, 8));
    return `export interface ${Entity} {
  readonly id: string;
${fields.map((field) => `  ${field.name}${random.chance(0.2) ? '?' : ''}: ${field.type};`).join('\n')}
}

export type ${Entity}Patch = Partial<Omit<${Entity}, 'id'>>;

export type ${Entity}Event =
  | { type: '${entity}.created'; payload: ${Entity} }
  | { type: '${entity}.updated'; payload: { id: string; patch: ${Entity}Patch } }
  | { type: '${entity}.deleted'; payload: { id: string } };

export function is${Entity}(value: unknown): value is ${Entity} {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}`;
  });
  return `export type Brand<T, B extends string> = T & { readonly __brand: B };

export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export enum ${pascal(random.pick(ADJECTIVES))}Level {
  Low = 'low',
  Medium = 'medium',
  High = 'high',
}

${blocks.join('\n\n')}
`;
}

/** A vitest test module for a utility. */
export function testModule(random: Random): string {
  const verb = random.pick(VERBS);
  const noun = random.pick(ENTITIES);
  const name = camel(verb, plural(noun));
  const cases = Array.from({ length: random.int(2, 6) }, (_, index) => {
    const input = random.int(0, 1000);
    return `  it('handles case ${index + 1}', () => {
    const input = Array.from({ length: ${input % 17} }, (_, i) => ({ id: \`${noun}-\${i}\`, score: (i * ${input}) % 13 }));
    const result = ${name}(input);
    expect(result.length).toBeLessThanOrEqual(input.length);
    expect(result.every((item) => item.score >= 0)).toBe(true);
  });`;
  });
  return `import { describe, expect, it } from 'vitest';

function ${name}<T extends { score: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.score - a.score).slice(0, ${random.int(3, 10)});
}

describe('${name}', () => {
${cases.join('\n\n')}
});
`;
}

/** A fetch-based HTTP client for the app's own API. */
export function httpClient(random: Random): string {
  const entities = random.sample(ENTITIES, random.int(2, 4));
  return `export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(\`HTTP \${status}\`);
  }
}

export interface ClientOptions {
  baseUrl: string;
  token?: () => Promise<string | undefined>;
  timeoutMs?: number;
}

export function createApiClient({ baseUrl, token, timeoutMs = ${random.pick([5000, 8000, 10_000])} }: ClientOptions) {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const bearer = await token?.();
    if (bearer) headers.authorization = \`Bearer \${bearer}\`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new HttpError(response.status, await response.text());
    return (await response.json()) as T;
  }

  return {
${entities
  .map(
    (entity) => `    ${plural(entity)}: {
      list: (page = 0) => request<{ items: unknown[]; next?: number }>('GET', \`/${kebab(plural(entity))}?page=\${page}\`),
      get: (id: string) => request<unknown>('GET', \`/${kebab(plural(entity))}/\${encodeURIComponent(id)}\`),
      create: (input: Record<string, unknown>) => request<{ id: string }>('POST', '/${kebab(plural(entity))}', input),
    },`,
  )
  .join('\n')}
  };
}
`;
}

/** A reducer with a discriminated-union action type. */
export function reducerModule(random: Random): string {
  const entity = random.pick(ENTITIES);
  const Entity = pascal(entity);
  return `export interface ${Entity}Item {
  id: string;
  label: string;
  done: boolean;
}

export interface ${Entity}State {
  items: ${Entity}Item[];
  filter: 'all' | 'open' | 'done';
  lastChangedAt: number | null;
}

export type ${Entity}Action =
  | { type: 'add'; item: ${Entity}Item }
  | { type: 'toggle'; id: string }
  | { type: 'remove'; id: string }
  | { type: 'filter'; filter: ${Entity}State['filter'] };

export const initial${Entity}State: ${Entity}State = { items: [], filter: 'all', lastChangedAt: null };

export function ${camel(entity)}Reducer(state: ${Entity}State, action: ${Entity}Action): ${Entity}State {
  switch (action.type) {
    case 'add':
      return { ...state, items: [...state.items, action.item], lastChangedAt: Date.now() };
    case 'toggle':
      return {
        ...state,
        items: state.items.map((item) => (item.id === action.id ? { ...item, done: !item.done } : item)),
        lastChangedAt: Date.now(),
      };
    case 'remove':
      return { ...state, items: state.items.filter((item) => item.id !== action.id), lastChangedAt: Date.now() };
    case 'filter':
      return { ...state, filter: action.filter };
    default: {
      const exhaustive: never = action;
      return exhaustive;
    }
  }
}

export const visible${pascal(plural(entity))} = (state: ${Entity}State): ${Entity}Item[] =>
  state.filter === 'all' ? state.items : state.items.filter((item) => item.done === (state.filter === 'done'));
`;
}

/** Plain JavaScript: a build script (.mjs), a CommonJS config (.cjs) or middleware (.js). */
export function javascriptModule(random: Random): { extension: '.mjs' | '.cjs' | '.js'; source: string } {
  const variant = random.weighted({ script: 1, config: 1, middleware: 1 });
  switch (variant) {
    case 'script':
      return {
        extension: '.mjs',
        source: `#!/usr/bin/env node
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const root = process.argv[2] ?? 'public';
const entries = await readdir(root, { withFileTypes: true });
const manifest = {};
for (const entry of entries) {
  if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
  const content = JSON.parse(await readFile(join(root, entry.name), 'utf8'));
  manifest[entry.name.replace(/\\.json$/, '')] = Object.keys(content).length;
}
await writeFile(join(root, 'manifest.${random.int(1, 9)}.json'), JSON.stringify(manifest, null, 2));
console.log(\`wrote \${Object.keys(manifest).length} entries\`);
`,
      };
    case 'config':
      return {
        extension: '.cjs',
        source: `/** @type {import('tailwindcss').Config} */
module.exports = {
  content: ['./src/**/*.{ts,tsx}', './app/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        brand: { DEFAULT: '#${random.int(0x100000, 0xffffff).toString(16)}', dark: '#${random.int(0x100000, 0xffffff).toString(16)}' },
      },
      spacing: { ${random.int(18, 40)}: '${random.int(4, 10)}rem' },
    },
  },
  plugins: [],
};
`,
      };
    case 'middleware':
      return {
        extension: '.js',
        source: `'use strict';

const WINDOW_MS = ${random.pick([1000, 10_000, 60_000])};
const LIMIT = ${random.int(10, 500)};
const hits = new Map();

function rateLimit(req, res, next) {
  const key = req.ip || 'unknown';
  const now = Date.now();
  const entry = hits.get(key) || { count: 0, resetAt: now + WINDOW_MS };
  if (now > entry.resetAt) {
    entry.count = 0;
    entry.resetAt = now + WINDOW_MS;
  }
  entry.count += 1;
  hits.set(key, entry);
  if (entry.count > LIMIT) {
    res.statusCode = 429;
    res.setHeader('retry-after', Math.ceil((entry.resetAt - now) / 1000));
    return res.end('Too many requests');
  }
  return next();
}

module.exports = { rateLimit };
`,
      };
  }
}
