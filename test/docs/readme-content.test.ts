import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { transforms } from '../../codemods/index.js';
import { HELP_TEXT } from '../../cli/cli-args.js';
import plugin from '../../rules/index.js';
import { RULE_IDS, partsOf } from '../../rules/registry.js';
import { ROOT } from '../package/user-project.js';
import { codeBlocks, readDoc } from './markdown.js';

/**
 * The README and the changelog describe what the code has: every rule, transform, CLI option
 * and exit code the code defines is documented, and nothing the code lacks is. The rule table
 * itself is eslint-doc-generator's (checked by test/rules/plugin.test.ts).
 */

const README = readDoc('README.md');
const CHANGELOG = readDoc('CHANGELOG.md');
const ruleIds = Object.keys(plugin.rules);
const transformIds = Object.keys(transforms);

/** The long options `--help` lists (`--dry`, `--transform`, ...). */
const helpOptions = [...HELP_TEXT.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((match) => match[1]!);

/** The body rows of the Markdown table whose header line matches `header`, as cell texts. */
function tableAfter(markdown: string, header: RegExp): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => header.test(line));
  expect(start, `README has a table whose header matches ${header}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (let index = start; index < lines.length && lines[index]!.startsWith('|'); index += 1) {
    if (/^\|\s*-+/.test(lines[index]!)) continue;
    rows.push(
      lines[index]!.split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows.slice(1); // without the header row
}

describe('README', () => {
  it('states the Aurora numbers the problem is about', () => {
    expect(README).toMatch(/idle_session_timeout/);
    expect(README).toMatch(/\*\*60 s\*\*/);
    expect(README).toMatch(/\*\*15 s\*\*/);
  });

  it('documents every CLI option of --help, and no other', () => {
    const documented = tableAfter(README, /^\| Option \|/).flatMap(([cell]) =>
      [...cell!.matchAll(/`(--[\w-]+)/g)].map((match) => match[1]!),
    );
    expect(helpOptions.length).toBeGreaterThan(5);
    expect([...documented].sort()).toEqual([...helpOptions].sort());
  });

  it('documents the exit codes --help gives', () => {
    const documented = tableAfter(README, /^\| Exit code \|/).map(([code]) => code!.replace(/`/g, ''));
    const helpCodes = [...HELP_TEXT.slice(HELP_TEXT.indexOf('Exit codes:')).matchAll(/^\s+(\d)\s/gm)].map((match) => match[1]!);
    expect(documented).toEqual(helpCodes);
    expect(documented).toEqual(['0', '1', '2']);
  });

  it('lists every transform, in the order the CLI applies them', () => {
    const documented = tableAfter(README, /^\| Transform \|/).map(([id]) => id!.replace(/`/g, ''));
    expect(documented).toEqual(transformIds);
  });

  it('says, rule by rule, which findings the CLI fixes and which are a hand fix (as rules/registry.ts has it)', () => {
    const documented = tableAfter(README, /^\| Rule \| Fixed by the CLI \|/).map(([id, fixed]) => [id!.replace(/`/g, ''), fixed!]);
    expect(documented.map(([id]) => id)).toEqual(RULE_IDS);
    for (const [id, fixed] of documented) {
      const { transform } = partsOf(id as (typeof RULE_IDS)[number]);
      expect(fixed, id).toEqual(
        transform === undefined
          ? expect.stringMatching(/^no, a hand fix: /)
          : expect.stringMatching(new RegExp(`^yes: \`${transform}\`(,|$)`)),
      );
    }
    expect(README).toMatch(/`eslint --fix` fixes none of them: every rule is suggestion-only, and the CLI\s+is\s+the fixer/);
  });

  it('names every rule in its generated table', () => {
    const table = README.slice(
      README.indexOf('<!-- begin auto-generated rules list -->'),
      README.indexOf('<!-- end auto-generated rules list -->'),
    );
    for (const id of ruleIds) expect(table).toContain(`[${id}](docs/rules/${id}.md)`);
  });

  it('shows the eslint.config.js the recommended config needs: the config, and the one value only the user knows', () => {
    const config = /```js title="eslint\.config\.js"\n([\s\S]*?)```/.exec(README)?.[1] ?? '';
    expect(config).toContain('...prismaAuroraFix.configs.recommended');
    expect(config).toMatch(/'prisma-aurora-fix\/require-query-timeout': \['error', \{ queryTimeoutMillis: [\d_]+ \}\]/);
    expect(config.trimEnd().split('\n').length).toBeLessThanOrEqual(8);
  });
});

describe('CHANGELOG', () => {
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  it('has an entry for the version in package.json and an Unreleased section above it', () => {
    const headings = [...CHANGELOG.matchAll(/^## \[([^\]]+)\]/gm)].map((match) => match[1]);
    expect(headings[0]).toBe('Unreleased');
    expect(headings).toContain(version);
    expect(CHANGELOG).toMatch(new RegExp(`^\\[${version.replace(/\./g, '\\.')}\\]: https://`, 'm'));
  });

  it('mentions every rule, transform and CLI option', () => {
    for (const name of [...ruleIds, ...transformIds, ...helpOptions.filter((option) => option !== '--help' && option !== '--version')]) {
      expect(CHANGELOG, name).toContain(`\`${name}\``);
    }
  });
});

describe('recipes', () => {
  // `npx --no -- cmd`: `--no` never downloads a package that is not installed, and `--` ends
  // npx's options, so npm 11 does not read the command's own flags (`--max-warnings`) as npm
  // configs and warn about them.
  it('run every npx command as `npx --no -- ...`, in the README and docs/', () => {
    const pages = [
      'README.md',
      ...readdirSync(join(ROOT, 'docs'))
        .filter((file) => file.endsWith('.md'))
        .map((file) => `docs/${file}`),
    ];
    const loose = pages.flatMap((page) =>
      codeBlocks(readDoc(page))
        .flatMap((block) => block.code.split('\n'))
        .filter((line) => /\bnpx (?!--no -- )/.test(line))
        .map((line) => `${page}: ${line.trim()}`),
    );
    expect(loose).toEqual([]);
  });
});
