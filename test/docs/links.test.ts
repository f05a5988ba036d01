import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../package/user-project.js';

/**
 * Every link in the README, the changelog and docs/ leads somewhere: relative links to files
 * that exist, `#anchors` to headings that exist (as GitHub derives them), and links to this
 * repository on GitHub (rule `meta.docs.url`s, the configs URL) to files of this tree.
 */

const OWN_REPOSITORY = 'https://github.com/prisma-aurora-fix/prisma-aurora-fix';

function markdownFiles(): string[] {
  const files = ['README.md', 'CHANGELOG.md'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  walk('docs');
  return files;
}

/** GitHub's heading anchor: lower-cased rendered text, punctuation dropped, spaces to hyphens. */
function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

const withoutFences = (markdown: string): string => markdown.replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\1\s*$/gm, '');
const withoutCode = (markdown: string): string => withoutFences(markdown).replace(/`[^`\n]*`/g, '');

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = githubSlug(match[1]!);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1]!);
  return anchors;
}

function linksOf(markdown: string): string[] {
  const text = withoutCode(markdown);
  return [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]!),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)].map((match) => match[1]!),
  ];
}

/** The local path a link points at, or undefined for a link outside this repository. */
function localTarget(fromFile: string, link: string): { path: string; anchor: string | undefined } | undefined {
  let target = link;
  if (target.startsWith(OWN_REPOSITORY)) {
    const rest = target.slice(OWN_REPOSITORY.length);
    const inTree = /^\/(?:blob|tree)\/main\/([^#]*)(#.*)?$/.exec(rest);
    if (inTree) target = `/${inTree[1]}${inTree[2] ?? ''}`;
    else if (/^\/?(#.*)?$/.test(rest)) target = `/README.md${rest.replace(/^\//, '')}`;
    else return undefined; // issues, releases, ...
  } else if (/^[a-z][a-z+.-]*:/i.test(target)) {
    return undefined;
  }
  const [pathPart = '', anchor] = target.split('#');
  const path = pathPart === '' ? fromFile : pathPart.startsWith('/') ? pathPart.slice(1) : normalize(join(dirname(fromFile), pathPart));
  return { path, anchor: anchor === undefined || anchor === '' ? undefined : decodeURIComponent(anchor) };
}

describe('documentation links', () => {
  const files = markdownFiles();

  it('finds the documents to check', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'CHANGELOG.md', 'docs/pre-commit.md', 'docs/ci.md']));
  });

  it.each(files)('%s links only to files and headings that exist', (file) => {
    const broken: string[] = [];
    for (const link of linksOf(readFileSync(join(ROOT, file), 'utf8'))) {
      const target = localTarget(file, link);
      if (!target) continue;
      const absolute = join(ROOT, target.path);
      if (relative(ROOT, absolute).startsWith('..') || !existsSync(absolute)) {
        broken.push(`${link} (no file ${target.path})`);
        continue;
      }
      if (target.anchor !== undefined) {
        if (!statSync(absolute).isFile() || !target.path.endsWith('.md')) {
          broken.push(`${link} (an anchor into a file that has no headings)`);
        } else if (!anchorsOf(readFileSync(absolute, 'utf8')).has(target.anchor)) {
          broken.push(`${link} (no heading #${target.anchor} in ${target.path})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('derives anchors as GitHub does', () => {
    expect(githubSlug('The CLI: `npx prisma-aurora-fix`')).toBe('the-cli-npx-prisma-aurora-fix');
    expect(githubSlug('1. husky + lint-staged: ESLint on staged files')).toBe('1-husky--lint-staged-eslint-on-staged-files');
    expect(githubSlug('Prisma 6 vs Prisma 7')).toBe('prisma-6-vs-prisma-7');
  });
});
