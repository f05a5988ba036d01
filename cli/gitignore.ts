/**
 * .gitignore matching for folders outside a git repository (inside one, git itself answers).
 * Covers what gitignore(5) documents: blank lines and `#` comments, `!` negation, a trailing
 * `/` for folders only, a leading or middle `/` anchoring to the .gitignore's folder, `*`, `?`,
 * `[...]` and `**`. The last matching rule wins, deeper .gitignore files after shallower ones;
 * a folder that is ignored is not entered, so nothing inside it can be re-included (as in git).
 */

interface IgnoreRule {
  /** Folder of the .gitignore, relative to the walk's root, '' for the root, '/'-separated. */
  base: string;
  regex: RegExp;
  negated: boolean;
  directoryOnly: boolean;
  /** Matched against the path relative to `base` when anchored, else against the base name. */
  anchored: boolean;
}

export class GitignoreRules {
  private readonly rules: IgnoreRule[];

  constructor(rules: IgnoreRule[] = []) {
    this.rules = rules;
  }

  /** The rules in force below `base` after reading that folder's .gitignore text. */
  withFile(base: string, content: string): GitignoreRules {
    const added = content
      .split(/\r?\n/)
      .map((line) => parseRule(base, line))
      .filter((rule): rule is IgnoreRule => rule !== undefined);
    return added.length === 0 ? this : new GitignoreRules([...this.rules, ...added]);
  }

  /** Whether `path` (relative to the walk's root, '/'-separated) is ignored. */
  ignores(path: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.base !== '' && !path.startsWith(`${rule.base}/`)) continue;
      const relativePath = rule.base === '' ? path : path.slice(rule.base.length + 1);
      const subject = rule.anchored ? relativePath : relativePath.slice(relativePath.lastIndexOf('/') + 1);
      if (rule.regex.test(subject)) ignored = !rule.negated;
    }
    return ignored;
  }
}

function parseRule(base: string, rawLine: string): IgnoreRule | undefined {
  // Trailing spaces are ignored unless escaped.
  let line = rawLine.replace(/(?<!\\)\s+$/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  let negated = false;
  if (line.startsWith('!')) {
    negated = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  let directoryOnly = false;
  if (line.endsWith('/')) {
    directoryOnly = true;
    line = line.slice(0, -1);
  }
  if (line === '') return undefined;
  const anchored = line.includes('/');
  if (line.startsWith('/')) line = line.slice(1);
  return { base, regex: new RegExp(`^${globToRegex(line)}$`), negated, directoryOnly, anchored };
}

function globToRegex(glob: string): string {
  let out = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index]!;
    if (char === '*') {
      if (glob[index + 1] === '*') {
        const atStart = index === 0 || glob[index - 1] === '/';
        const next = glob[index + 2];
        if (atStart && next === '/') {
          out += '(?:.*/)?'; // "**/" : any number of leading folders
          index += 2;
          continue;
        }
        if (atStart && next === undefined) {
          out += '.*'; // trailing "/**": everything inside
          index += 1;
          continue;
        }
      }
      out += '[^/]*';
      while (glob[index + 1] === '*') index += 1;
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 2);
      if (close === -1) {
        out += '\\[';
      } else {
        let body = glob.slice(index + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        index = close;
      }
    } else if (char === '\\' && index + 1 < glob.length) {
      index += 1;
      out += escapeRegex(glob[index]!);
    } else {
      out += escapeRegex(char);
    }
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
