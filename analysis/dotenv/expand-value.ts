import type { DotenvDocument, DotenvEntry } from './dotenv-document.js';

/**
 * `${NAME}` references inside dotenv values, read as dotenv-expand reads them (what Prisma's
 * CLI and Next.js apply on top of dotenv): `${NAME}`, `$NAME`, `${NAME:-default}` and
 * `${NAME-default}`, with `\$` a literal dollar sign. dotenv-expand gives the process
 * environment precedence over the file; a linter sees only the file, so a reference to a name
 * the file sets is replaced by the file's value (what the application gets when the
 * environment leaves it unset), and any other reference stays an opaque `${NAME}` placeholder
 * (connection-settings/connection-string.ts never reads structure into one, never edits it,
 * and never reports an unknown value as wrong).
 */

const REFERENCE = /(\\)?\$(?:\{([\w.]+)(?::?-((?:\$\{[^}]*\}|[^}])*))?\}|([A-Za-z_][\w.]*))/g;

export interface DotenvReference {
  name: string;
  /** `[start, end)` in the entry's value. */
  start: number;
  end: number;
}

/** The references in an entry's value (escaped `\$` excluded). */
export function referencesOf(value: string): DotenvReference[] {
  const references: DotenvReference[] = [];
  for (const match of value.matchAll(REFERENCE)) {
    if (match[1] === '\\') continue;
    references.push({ name: (match[2] ?? match[4])!, start: match.index, end: match.index + match[0].length });
  }
  return references;
}

export interface ExpandedValue {
  text: string;
  /** For each character of `text`, its offset in the file, or -1 (a placeholder, an escape). */
  offsets: number[];
  /** For each character of `text`, the entry whose value wrote it (undefined in a placeholder). */
  owners: (DotenvEntry | undefined)[];
  /** The file's entries this value took text from, besides its own. */
  substituted: DotenvEntry[];
}

/** The entry that gives a name its value: dotenv keeps the last one. */
export function lastEntryOf(document: DotenvDocument, name: string): DotenvEntry | undefined {
  for (let index = document.entries.length - 1; index >= 0; index -= 1) {
    if (document.entries[index]!.key === name) return document.entries[index];
  }
  return undefined;
}

/** How many references to `name` the file's values hold (in every entry, the last of each key or not). */
export function referenceCount(document: DotenvDocument, name: string): number {
  return document.entries.reduce(
    (count, entry) => count + referencesOf(entry.value).filter((reference) => reference.name === name).length,
    0,
  );
}

/**
 * The entry's value with the references to names the file sets replaced by their (expanded)
 * values, when `substitute` is true; every other reference, and all of them when it is false,
 * written as a `${NAME}` placeholder.
 */
export function expandEntryValue(document: DotenvDocument, entry: DotenvEntry, substitute = true): ExpandedValue {
  const expanded: ExpandedValue = { text: '', offsets: [], owners: [], substituted: [] };
  const visit = (current: DotenvEntry, active: ReadonlySet<DotenvEntry>): void => {
    let cursor = 0;
    const copy = (until: number): void => {
      for (let index = cursor; index < until; index += 1) {
        const char = current.value[index]!;
        // `\$` is a literal `$` (the backslash goes).
        if (char === '\\' && current.value[index + 1] === '$') continue;
        expanded.text += char;
        expanded.offsets.push(current.valueOffsets[index]!);
        expanded.owners.push(current);
      }
    };
    for (const reference of referencesOf(current.value)) {
      copy(reference.start);
      cursor = reference.end;
      const target = substitute ? lastEntryOf(document, reference.name) : undefined;
      if (target !== undefined && !active.has(target)) {
        if (!expanded.substituted.includes(target)) expanded.substituted.push(target);
        visit(target, new Set([...active, target]));
        continue;
      }
      const placeholder = `\${${reference.name}}`;
      expanded.text += placeholder;
      for (let index = 0; index < placeholder.length; index += 1) {
        expanded.offsets.push(-1);
        expanded.owners.push(undefined);
      }
    }
    copy(current.value.length);
  };
  visit(entry, new Set([entry]));
  return expanded;
}
