import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { ROOT } from '../package/user-project.js';
import { readDoc } from './markdown.js';

/**
 * Every rule page has one shape, so a reader finds the same part in the same place: what the
 * rule reports (the prose under the generated header), then these sections in this order.
 * Sections that say what the rule follows or recognises may stand between "Why" and
 * "Examples", and any section may have `###` subsections.
 */
const SECTIONS = ['Why', 'Examples', 'The fix', 'Options', 'When not to use it'] as const;
const HEADER_END = '<!-- end auto-generated rule header -->';

/** The `##` headings of a Markdown page, outside fenced code blocks. */
function sectionHeadings(markdown: string): string[] {
  const headings: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split(/\r?\n/)) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker;
      else if (marker.startsWith(fence)) fence = undefined;
      continue;
    }
    if (fence === undefined) {
      const heading = /^## (.+?)\s*$/.exec(line)?.[1];
      if (heading !== undefined) headings.push(heading);
    }
  }
  return headings;
}

/** The text under `## heading`, up to the next `##` heading. */
function sectionText(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start === -1) return '';
  const rest = markdown.slice(start + heading.length + 5);
  const next = rest.search(/^## /m);
  return (next === -1 ? rest : rest.slice(0, next)).trim();
}

const pages = readdirSync(join(ROOT, 'docs/rules'))
  .filter((file) => file.endsWith('.md'))
  .sort();

describe('rule pages', () => {
  it('one page per rule', () => {
    expect(pages.map((file) => file.replace(/\.md$/, ''))).toEqual(Object.keys(rules).sort());
  });

  it.each(pages)('%s has the shape of every rule page', (file) => {
    const markdown = readDoc(`docs/rules/${file}`);
    const headings = sectionHeadings(markdown);
    expect(headings.filter((heading) => (SECTIONS as readonly string[]).includes(heading))).toEqual([...SECTIONS]);
    const between = headings.slice(headings.indexOf('Why') + 1, headings.indexOf('Examples'));
    const elsewhere = headings.filter((heading) => !(SECTIONS as readonly string[]).includes(heading) && !between.includes(heading));
    expect(elsewhere, 'sections outside the shape (the fix is "The fix", nothing after "When not to use it")').toEqual([]);
    expect(
      between.every((heading) => /^What /.test(heading)),
      `"${between.join('", "')}" between Why and Examples`,
    ).toBe(true);

    const what = markdown.slice(markdown.indexOf(HEADER_END) + HEADER_END.length, markdown.indexOf('\n## ')).trim();
    expect(markdown).toContain(HEADER_END);
    expect(what.length, 'what the rule reports, under the generated header').toBeGreaterThan(40);
    for (const section of SECTIONS) expect(sectionText(markdown, section), `## ${section} is empty`).not.toBe('');
  });

  it.each(pages)('%s says under Options what the rule takes, or that it takes none', (file) => {
    const id = file.replace(/\.md$/, '') as keyof typeof rules;
    const { schema } = rules[id].meta;
    const optionCount = Array.isArray(schema) ? schema.length : 1;
    const options = sectionText(readDoc(`docs/rules/${file}`), 'Options');
    if (optionCount === 0) expect(options).toMatch(/^This rule has no options\./);
    else expect(options).not.toMatch(/no options/);
    const names = (Array.isArray(schema) ? schema : [schema]).flatMap((entry: { properties?: Record<string, unknown> }) =>
      Object.keys(entry.properties ?? {}),
    );
    for (const name of names) expect(options, `option ${name}`).toContain(`\`${name}\``);
  });
});
