/**
 * Front-end files of the generated corpus: React components (TSX) and hooks. None of them
 * mention a database, so the CLI's text prefilter skips them, as it would in a real app.
 */
import { ADJECTIVES, ENTITIES, UI_NOUNS, VERBS, camel, fieldsFor, kebab, pascal, plural } from './names.js';
import type { Random } from './random.js';

function componentBody(random: Random, name: string, entity: string): string {
  const Entity = pascal(entity);
  const fields = fieldsFor(random, random.int(2, 5));
  const variant = random.weighted({ list: 3, form: 2, card: 3, table: 2 });
  switch (variant) {
    case 'list':
      return `export interface ${name}Props {
  items: readonly ${Entity}Summary[];
  selectedId?: string;
  onSelect?: (id: string) => void;
  emptyLabel?: string;
}

export function ${name}({ items, selectedId, onSelect, emptyLabel = 'Nothing here yet' }: ${name}Props) {
  const [query, setQuery] = useState('');
  const visible = useMemo(
    () => items.filter((item) => item.${fields[0]!.name}.toString().toLowerCase().includes(query.toLowerCase())),
    [items, query],
  );
  if (items.length === 0) {
    return <p className="${kebab(name)}__empty">{emptyLabel}</p>;
  }
  return (
    <section className="${kebab(name)}">
      <input
        type="search"
        value={query}
        placeholder="Filter ${plural(entity)}"
        onChange={(event) => setQuery(event.target.value)}
      />
      <ul role="listbox" aria-label="${pascal(plural(entity))}">
        {visible.map((item) => (
          <li
            key={item.id}
            role="option"
            aria-selected={item.id === selectedId}
            className={item.id === selectedId ? 'is-selected' : undefined}
            onClick={() => onSelect?.(item.id)}
          >
${fields.map((field) => `            <span className="${kebab(name)}__${kebab(field.name)}">{String(item.${field.name})}</span>`).join('\n')}
          </li>
        ))}
      </ul>
    </section>
  );
}`;
    case 'form':
      return `export interface ${name}Props {
  initial?: Partial<${Entity}Summary>;
  onSubmit: (values: ${Entity}Summary) => Promise<void> | void;
  submitLabel?: string;
}

export function ${name}({ initial = {}, onSubmit, submitLabel = 'Save' }: ${name}Props) {
  const [values, setValues] = useState<Partial<${Entity}Summary>>(initial);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const update = useCallback(
    <K extends keyof ${Entity}Summary>(key: K, value: ${Entity}Summary[K]) => setValues((current) => ({ ...current, [key]: value })),
    [],
  );

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit(values as ${Entity}Summary);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : 'Something went wrong');
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <form className="${kebab(name)}" onSubmit={handleSubmit} noValidate>
${fields
  .map(
    (field) => `      <label>
        ${pascal(field.name)}
        <input name="${field.name}" defaultValue={String(values.${field.name} ?? '')} onChange={(event) => update('${field.name}', event.target.value as never)} />
      </label>`,
  )
  .join('\n')}
      {error && <p role="alert">{error}</p>}
      <button type="submit" disabled={submitting}>
        {submitting ? 'Saving…' : submitLabel}
      </button>
    </form>
  );
}`;
    case 'card':
      return `export interface ${name}Props {
  ${entity}: ${Entity}Summary;
  compact?: boolean;
  actions?: ReactNode;
}

export function ${name}({ ${entity}, compact = false, actions }: ${name}Props) {
  const [expanded, setExpanded] = useState(!compact);
  useEffect(() => {
    setExpanded(!compact);
  }, [compact]);
  return (
    <article className={\`${kebab(name)} \${compact ? '${kebab(name)}--compact' : ''}\`}>
      <header>
        <h3>{${entity}.${fields[0]!.name}.toString()}</h3>
        <button type="button" aria-expanded={expanded} onClick={() => setExpanded((open) => !open)}>
          {expanded ? 'Less' : 'More'}
        </button>
      </header>
      {expanded && (
        <dl>
${fields.map((field) => `          <dt>${pascal(field.name)}</dt>\n          <dd>{String(${entity}.${field.name})}</dd>`).join('\n')}
        </dl>
      )}
      {actions ? <footer>{actions}</footer> : null}
    </article>
  );
}`;
    case 'table':
      return `type ${name}SortKey = ${fields.map((field) => `'${field.name}'`).join(' | ')};

export interface ${name}Props {
  rows: readonly ${Entity}Summary[];
  pageSize?: number;
}

export function ${name}({ rows, pageSize = ${random.pick([10, 20, 25, 50])} }: ${name}Props) {
  const [sortKey, setSortKey] = useState<${name}SortKey>('${fields[0]!.name}');
  const [page, setPage] = useState(0);
  const sorted = useMemo(
    () => [...rows].sort((a, b) => String(a[sortKey]).localeCompare(String(b[sortKey]))),
    [rows, sortKey],
  );
  const pageRows = sorted.slice(page * pageSize, (page + 1) * pageSize);
  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
  return (
    <table className="${kebab(name)}">
      <thead>
        <tr>
${fields.map((field) => `          <th onClick={() => setSortKey('${field.name}')} aria-sort={sortKey === '${field.name}' ? 'ascending' : 'none'}>${pascal(field.name)}</th>`).join('\n')}
        </tr>
      </thead>
      <tbody>
        {pageRows.map((row) => (
          <tr key={row.id}>
${fields.map((field) => `            <td>{String(row.${field.name})}</td>`).join('\n')}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={${fields.length}}>
            <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
            <span>{page + 1} / {pageCount}</span>
            <button type="button" disabled={page + 1 >= pageCount} onClick={() => setPage(page + 1)}>Next</button>
          </td>
        </tr>
      </tfoot>
    </table>
  );
}`;
  }
}

/** A `.tsx` module with one to three related components. */
export function reactComponent(random: Random): string {
  const entity = random.pick(ENTITIES);
  const Entity = pascal(entity);
  const fields = fieldsFor(random, 5);
  const count = random.weighted({ one: 5, two: 3, three: 1 });
  const components = Array.from({ length: count === 'one' ? 1 : count === 'two' ? 2 : 3 }, () =>
    componentBody(random, `${Entity}${random.pick(UI_NOUNS)}${random.int(1, 99)}`, entity),
  );
  return `import { useCallback, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';

export interface ${Entity}Summary {
  id: string;
${fields.map((field) => `  ${field.name}: ${field.type};`).join('\n')}
}

${components.join('\n\n')}
`;
}

/** A hook module (`.ts`): state, effects and a fetch against the app's own HTTP API. */
export function reactHook(random: Random): string {
  const entity = random.pick(ENTITIES);
  const Entity = pascal(entity);
  const adjective = random.pick(ADJECTIVES);
  const hook = camel('use', adjective, plural(entity));
  return `import { useEffect, useRef, useState } from 'react';

export interface ${pascal(hook)}State<T> {
  data: T[];
  loading: boolean;
  error: Error | null;
  refresh: () => void;
}

export function ${hook}<T extends { id: string }>(endpoint = '/api/${kebab(plural(entity))}?filter=${adjective}'): ${pascal(hook)}State<T> {
  const [data, setData] = useState<T[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | null>(null);
  const [version, setVersion] = useState(0);
  const abort = useRef<AbortController | null>(null);

  useEffect(() => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setLoading(true);
    fetch(endpoint, { signal: controller.signal })
      .then(async (response) => {
        if (!response.ok) throw new Error(\`GET \${endpoint} failed with \${response.status}\`);
        setData((await response.json()) as T[]);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!controller.signal.aborted) setError(caught instanceof Error ? caught : new Error(String(caught)));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [endpoint, version]);

  return { data, loading, error, refresh: () => setVersion((current) => current + 1) };
}

export function use${Entity}${pascal(random.pick(VERBS))}Debounced<T>(value: T, delayMs = ${random.pick([150, 250, 300, 500])}): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}
`;
}
