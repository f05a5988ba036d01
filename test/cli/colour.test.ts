import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import picocolors from 'picocolors';
import { colourDiff, colourEnabled, NO_COLOURS } from '../../cli/colour.js';
import { unifiedDiff } from '../../cli/line-diff.js';
import { CLI, PRISMA_MODULE, ensureBuilt, makeRepo, removeTempDirs, runCli } from './support.js';

/** Colour: on for a terminal only, NO_COLOR and FORCE_COLOR honoured, never inside a name or in --json. */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

const ON = picocolors.createColors(true);
/** The SGR sequences picocolors writes (`ESC [ n m`). */
const SGR = /\u001b\[\d+m/g;
const ESC = /\u001b/;

describe('colourEnabled', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };

  it('colours a terminal and nothing else by default', () => {
    expect(colourEnabled(tty, {})).toBe(true);
    expect(colourEnabled(pipe, {})).toBe(false);
    expect(colourEnabled({}, {})).toBe(false);
    expect(colourEnabled(tty, { TERM: 'dumb' })).toBe(false);
    // picocolors colours any CI log; a log file is not a terminal.
    expect(colourEnabled(pipe, { CI: 'true' })).toBe(false);
  });

  it('NO_COLOR (non-empty) turns it off, even with FORCE_COLOR', () => {
    expect(colourEnabled(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(colourEnabled(tty, { NO_COLOR: '' }), 'an empty NO_COLOR is not set (no-color.org)').toBe(true);
  });

  it('FORCE_COLOR turns it on for a pipe, except 0 and false', () => {
    for (const value of ['', '1', 'true', '2', '3']) expect(colourEnabled(pipe, { FORCE_COLOR: value }), value).toBe(true);
    for (const value of ['0', 'false']) expect(colourEnabled(tty, { FORCE_COLOR: value }), value).toBe(false);
  });
});

describe('colourDiff', () => {
  const before = 'a\nb\n-- a removed line that looks like a header\nc\n';
  const after = 'a\nB\nc\n++ an added line\n';
  const diff = unifiedDiff('lib/x.ts', before, after);

  it('paints as git does: headers bold, hunks cyan, + green, - red, context plain', () => {
    const painted = colourDiff(diff, ON).split('\n');
    expect(painted).toEqual([
      ON.bold('--- a/lib/x.ts'),
      ON.bold('+++ b/lib/x.ts'),
      ON.cyan('@@ -1,4 +1,4 @@'),
      ' a',
      ON.red('-b'),
      ON.red('--- a removed line that looks like a header'),
      ON.green('+B'),
      ' c',
      ON.green('+++ an added line'),
      '',
    ]);
  });

  it('without colour the patch is returned byte for byte', () => {
    expect(colourDiff(diff, NO_COLOURS)).toBe(diff);
    expect(colourDiff(diff, ON).replace(SGR, '')).toBe(diff);
  });

  it('reads "\\ No newline at end of file" as no line of either side', () => {
    const painted = colourDiff(unifiedDiff('x.ts', 'a\nb', 'a\nc'), ON).split('\n');
    expect(painted.slice(3)).toEqual([
      ' a',
      ON.red('-b'),
      '\\ No newline at end of file',
      ON.green('+c'),
      '\\ No newline at end of file',
      '',
    ]);
  });
});

describe('the CLI', () => {
  it('on a real terminal: a coloured diff and summary', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    // script(1) gives the CLI a pseudo-terminal as stdout and stderr.
    const env = { ...process.env };
    delete env.NO_COLOR;
    delete env.FORCE_COLOR;
    const result = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --dry`, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...env, TERM: 'xterm' },
    });
    expect(result.status).toBe(0);
    const screen = result.stdout.replace(/\r\n/g, '\n');
    expect(screen).toContain(ON.cyan('@@ -1,3 +1,4 @@'));
    expect(screen).toContain(ON.red('-export const prisma = new PrismaClient();'));
    expect(screen).toContain(ON.green("+import { auroraRetry } from 'prisma-aurora-fix/runtime';"));
    expect(screen).toMatch(new RegExp(`${ON.green('changed    ').replace(/\[/g, '\\[')}lib/prisma\\.ts`));
  });

  it('through a pipe: no colour; FORCE_COLOR colours it, NO_COLOR wins', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const plain = runCli(['--check'], dir, { NO_COLOR: '', FORCE_COLOR: undefined });
    expect(plain.stdout).not.toMatch(ESC);
    const forced = runCli(['--check'], dir, { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(forced.stdout).toContain(`${ON.green('changed    ')}lib/prisma.ts`);
    const withoutTime = (text: string): string => text.replace(/, [\d.]+s\)/, ')');
    expect(withoutTime(forced.stdout.replace(SGR, ''))).toBe(withoutTime(plain.stdout));
    const both = runCli(['--check'], dir, { NO_COLOR: '1', FORCE_COLOR: '1' });
    expect(both.stdout).not.toMatch(ESC);
  });

  it('never colours --json', () => {
    const dir = makeRepo({ 'lib/prisma.ts': PRISMA_MODULE });
    const result = runCli(['--check', '--json'], dir, { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(result.stdout).not.toMatch(ESC);
    expect(JSON.parse(result.stdout)).toMatchObject({ totals: { changed: 1 } });
  });

  it('paints around an escaped name, never inside it: the name’s own escape sequences stay escaped', () => {
    const name = 'lib/\u001b[31mred\u001b[0m.ts';
    const dir = makeRepo({ [name]: PRISMA_MODULE });
    const result = runCli(['--check'], dir, { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain(`${ON.green('changed    ')}lib/\\x1b[31mred\\x1b[0m.ts  add-retry-extension`);
    // Every raw escape on the output is one of the painter's own.
    expect(result.stdout.replace(SGR, '')).not.toMatch(ESC);
  });
});
