import { spawnSync } from 'node:child_process';
import { chmodSync, linkSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOURCE_CHARACTERS } from '../../analysis/source-scope.js';
import { REPO_ROOT, checksums, ensureBuilt, git, makeRepo, makeTempDir, removeTempDirs, runCli } from './support.js';

/**
 * Issue 13's bad-input table, one row per hostile input: the built CLI in a fresh git repository
 * per row, its exit code, a message naming the file (and line, where there is one), no planted
 * credential in any output, and a SHA-256 of every file before and after: unchanged, unless the
 * row expects a write, and then exactly the files it names. Finer points of each case (bytes of a
 * CR-only file, the git quoting of an escaped name) stay in hostile-input, safety and
 * write-boundary tests.
 */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

/** Printed by no mode, redacted wherever it would appear (issue 13, item 3). */
const PLANTED = 'Planted-Secret-42';

/** A module the retry fix changes, with a hard-coded credential on a line the diff shows as context. */
const HAZARD = `import { PrismaClient } from '@prisma/client';

const DATABASE_PASSWORD = '${PLANTED}';
export const prisma = new PrismaClient();
export const password = DATABASE_PASSWORD;
`;

const PLUGIN_URL = `file://${join(REPO_ROOT, 'dist/rules/index.js')}`;

/** The id of a process that has exited (the writer of a leftover temporary file). */
const deadPid = (): number => spawnSync(process.execPath, ['-e', '']).pid;

interface Setup {
  /** Where the CLI runs (default: the repository). */
  cwd?: string;
  /** Arguments that name paths made by the setup. */
  args?: string[];
  /** Another folder whose every byte must stay as it was. */
  outside?: string;
}

interface Row {
  name: string;
  files: Record<string, string | Buffer>;
  git?: boolean;
  /** Runs after the commit: links, uncommitted edits, leftovers, modes. */
  setup?: (dir: string) => Setup | void;
  args: string[];
  exit: number;
  /** Each must match the output (stdout and stderr): the file, and its line where there is one. */
  says: RegExp[];
  /** Files the run must change (all others keep their bytes). */
  changed?: string[];
  /** Files the run must remove (a killed run's leftover). */
  removed?: string[];
  /** Checks on the written files. */
  after?: (dir: string) => void;
  /** Why the row cannot run here. */
  skip?: string;
}

const ROWS: Row[] = [
  {
    name: 'a syntax error: failed with file, line and column, nothing written',
    files: { 'lib/broken.ts': HAZARD.replace('new PrismaClient()', 'new PrismaClient(') },
    args: [],
    exit: 2,
    says: [/^failed\s+lib\/broken\.ts:4:\d+\s+cannot parse: '\)' expected/m, /1 file failed \(listed above\) and was left untouched/],
  },
  {
    name: 'not UTF-8, holding a hazard: listed as not checked, --check fails',
    files: { 'lib/latin1.ts': Buffer.concat([Buffer.from('// caf'), Buffer.from([0xe9]), Buffer.from(`\n${HAZARD}`)]) },
    args: ['--check'],
    exit: 1,
    says: [/^skipped\s+lib\/latin1\.ts\s+not UTF-8 text: not checked, though it mentions Prisma/m, /--check fails until then/],
  },
  {
    name: 'binary content: listed and left alone',
    files: { 'lib/blob.ts': Buffer.concat([Buffer.from('PrismaClient\0\0'), Buffer.from([0xff, 0x00, 0x01])]) },
    args: [],
    exit: 0,
    says: [/^skipped\s+lib\/blob\.ts\s+binary content: left alone/m],
  },
  {
    name: 'a byte-order mark: fixed, the mark kept',
    files: { 'lib/prisma.ts': `\uFEFF${HAZARD}` },
    args: [],
    exit: 0,
    says: [/^changed\s+lib\/prisma\.ts\s+add-retry-extension/m],
    changed: ['lib/prisma.ts'],
    after: (dir) => expect([...readFileSync(join(dir, 'lib/prisma.ts')).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]),
  },
  {
    name: 'CRLF line endings: fixed, every line still CRLF',
    files: { 'lib/prisma.ts': HAZARD.replace(/\n/g, '\r\n') },
    args: [],
    exit: 0,
    says: [/^changed\s+lib\/prisma\.ts/m],
    changed: ['lib/prisma.ts'],
    after: (dir) => expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8').replace(/\r\n/g, '')).not.toContain('\n'),
  },
  {
    name: 'CR-only line endings: fixed, inserted lines end in CR too',
    files: { 'lib/prisma.ts': HAZARD.replace(/\n/g, '\r') },
    args: [],
    exit: 0,
    says: [/^changed\s+lib\/prisma\.ts/m],
    changed: ['lib/prisma.ts'],
    after: (dir) => expect(readFileSync(join(dir, 'lib/prisma.ts'), 'utf8')).not.toContain('\n'),
  },
  {
    name: 'a file name with ANSI escape codes: named, escaped',
    files: { 'lib/\u001b[31mred\u001b[0m.ts': HAZARD },
    args: ['--check'],
    exit: 1,
    says: [/lib\/\\x1b\[31mred\\x1b\[0m\.ts/],
  },
  {
    name: 'a committed link to a folder outside the repository: refused before reading',
    files: { 'src/keep.ts': 'export {};\n' },
    setup: (dir) => {
      const outside = makeRepo({ 'lib/prisma.ts': HAZARD });
      symlinkSync(join(outside, 'lib'), join(dir, 'shared'));
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'link');
      return { outside };
    },
    args: ['shared'],
    exit: 2,
    says: [/refusing to write: shared resolves to \S+, which is outside/, /Nothing was written\./],
  },
  {
    name: 'a path outside the repository: refused, even with --force',
    files: { 'src/keep.ts': 'export {};\n' },
    setup: () => {
      const outside = makeRepo({ 'lib/prisma.ts': HAZARD });
      return { outside, args: ['--force', outside] };
    },
    args: [],
    exit: 2,
    says: [/refusing to write: \S+ is outside \S+, the repository this run started in/],
  },
  {
    name: 'a folder with no git: refused without --force, says what to do',
    files: { 'lib/prisma.ts': HAZARD },
    git: false,
    args: [],
    exit: 2,
    says: [/refusing to write: \. is not inside a git repository/, /git init && git add -A/],
  },
  {
    name: 'a dirty tree: refused, naming the changed file',
    files: { 'lib/prisma.ts': HAZARD, 'lib/other.ts': 'export const other = 1;\n' },
    setup: (dir) => writeFileSync(join(dir, 'lib/other.ts'), 'export const other = 2;\n'),
    args: [],
    exit: 2,
    says: [/refusing to write: uncommitted changes in lib\/other\.ts/],
  },
  {
    name: "a killed run's leftover temporary file: not a dirty tree, removed, the fix written",
    files: { 'lib/prisma.ts': HAZARD },
    setup: (dir) => writeFileSync(join(dir, `lib/.prisma.ts.${deadPid()}.0badf00d.prisma-aurora-fix.tmp`), HAZARD.slice(0, 30)),
    args: [],
    exit: 0,
    says: [/^changed\s+lib\/prisma\.ts/m, /removed 1 temporary file left by an interrupted prisma-aurora-fix run/],
    changed: ['lib/prisma.ts'],
    removed: ['lib/.prisma.ts.*.0badf00d.prisma-aurora-fix.tmp'],
  },
  {
    name: 'a hard-linked file: not replaced (that would split the links), the other file fixed',
    files: { 'lib/prisma.ts': HAZARD, 'lib/db.ts': HAZARD.replace('const prisma', 'const db') },
    setup: (dir) => {
      const outside = makeTempDir();
      linkSync(join(dir, 'lib/prisma.ts'), join(outside, 'prisma.ts'));
      return { outside };
    },
    args: [],
    exit: 2,
    says: [/^failed\s+lib\/prisma\.ts\s+hard-linked file \(2 links\)/m],
    changed: ['lib/db.ts'],
  },
  {
    name: 'a read-only file: failed, kept as it was',
    files: { 'lib/prisma.ts': HAZARD },
    setup: (dir) => chmodSync(join(dir, 'lib/prisma.ts'), 0o444),
    args: [],
    exit: 2,
    says: [/^failed\s+lib\/prisma\.ts\s+read-only file \(mode 444\)/m],
  },
  {
    name: 'an unreadable file: failed, naming it',
    skip: process.getuid?.() === 0 ? 'root reads a file of mode 000' : undefined,
    files: { 'lib/prisma.ts': HAZARD },
    setup: (dir) => chmodSync(join(dir, 'lib/prisma.ts'), 0o000),
    args: [],
    exit: 2,
    says: [/^failed\s+lib\/prisma\.ts\s+cannot read: EACCES/m],
  },
  {
    name: 'a file over the size cap that mentions Prisma: listed as not checked',
    files: {
      'lib/huge.ts': HAZARD + `export const rows = [\n${'  { id: 1, name: "row" },\n'.repeat(MAX_SOURCE_CHARACTERS / 26 + 10)}];\n`,
    },
    args: ['--check'],
    exit: 0,
    says: [/^skipped\s+lib\/huge\.ts\s+over 1 MiB: a bundle or generated file, not source: not checked/m],
  },
  {
    name: 'a minified file that mentions Prisma: listed as not checked',
    files: {
      'public/bundle.js': `"use strict";var p=require("@prisma/client");${Array.from({ length: 150 }, (_, i) => `function h${i}(e,t){return new p.PrismaClient({log:["query"]})}`).join('')}\n`,
    },
    args: [],
    exit: 0,
    says: [/^skipped\s+public\/bundle\.js\s+minified code: not checked/m],
  },
  {
    name: 'a generated file: left alone, said under --verbose',
    files: { 'src/generated/client.ts': `// Code generated by a tool. DO NOT EDIT.\n${HAZARD}` },
    args: ['--verbose'],
    exit: 0,
    says: [/^skipped\s+src\/generated\/client\.ts\s+generated code/m],
  },
  {
    name: 'a dotenv file with lines dotenv ignores: fixed, every other line kept',
    files: {
      '.env': `DATABASE_URL=postgres://app:${PLANTED}@db.cluster-abc.us-east-1.rds.amazonaws.com:5432/app\nthis is not a line\n=novalue\nexport FOO\nDIRECT_URL="postgres://app:${PLANTED}@db:5432/app?sslmode=disable"\n`,
    },
    args: [],
    exit: 0,
    says: [/^changed\s+\.env\s+set-connection-params/m, /\.env:5\b.*no-sslmode-disable/],
    changed: ['.env'],
    after: (dir) => expect(readFileSync(join(dir, '.env'), 'utf8')).toContain('\nthis is not a line\n=novalue\nexport FOO\n'),
  },
  {
    name: 'a credential in the code, --dry: the diff shows it redacted',
    files: { 'lib/prisma.ts': HAZARD },
    args: ['--dry'],
    exit: 0,
    says: [/^\+\+\+ b\/lib\/prisma\.ts$/m, /const DATABASE_PASSWORD = '\[redacted\]';/],
  },
  {
    name: 'a credential in the code, --check --json: redacted',
    files: { 'lib/prisma.ts': HAZARD },
    args: ['--check', '--json'],
    exit: 1,
    says: [/"path": "lib\/prisma\.ts"/],
  },
  {
    name: 'an unknown option: a usage error naming it',
    files: { 'lib/prisma.ts': HAZARD },
    args: ['--frobnicate'],
    exit: 2,
    says: [/Unknown option '--frobnicate'/, /--help/],
  },
  {
    name: 'a bad rule option in the eslint config: the config, the rule and what is wrong',
    files: {
      'lib/prisma.ts': HAZARD,
      'eslint.config.mjs': `import plugin from '${PLUGIN_URL}';\nexport default [...plugin.configs.recommended, { rules: { 'prisma-aurora-fix/require-query-timeout': ['error', { timeoutMs: 'abc' }] } }];\n`,
    },
    args: ['--check'],
    exit: 2,
    says: [
      /cannot load the ESLint config eslint\.config\.mjs: .*"prisma-aurora-fix\/require-query-timeout".*Unexpected property "timeoutMs"/,
    ],
  },
  {
    name: 'a missing path: named',
    files: { 'lib/prisma.ts': HAZARD },
    args: ['lib/nope.ts'],
    exit: 2,
    says: [/no such file or directory: lib\/nope\.ts/],
  },
  {
    name: 'a glob that matches nothing: named',
    files: { 'lib/prisma.ts': HAZARD },
    args: ['src/**/*.nothing'],
    exit: 2,
    says: [/No files matching the pattern "src\/\*\*\/\*\.nothing"/],
  },
];

/** `name` as a pattern where `*` stands for any run of characters (a leftover's pid). */
const matcher = (pattern: string): RegExp => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

describe('the bad-input table (issue 13)', () => {
  for (const row of ROWS) {
    it.skipIf(row.skip !== undefined)(`${row.name}${row.skip === undefined ? '' : ` (skipped: ${row.skip})`}`, () => {
      const dir = makeRepo(row.files, { git: row.git });
      const setup = row.setup?.(dir) ?? {};
      const before = checksums(dir);
      const outsideBefore = setup.outside === undefined ? undefined : checksums(setup.outside);

      const result = runCli([...row.args, ...(setup.args ?? [])], setup.cwd ?? dir);
      const output = result.stdout + result.stderr;

      expect({ exit: result.status, output }).toMatchObject({ exit: row.exit });
      for (const pattern of row.says) expect(output).toMatch(pattern);
      expect(output).not.toContain(PLANTED);
      // Nothing reaches the terminal as a control sequence (colours are off: NO_COLOR).
      expect(output).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);

      const after = checksums(dir);
      const removed = Object.keys(before).filter((path) => (row.removed ?? []).some((pattern) => matcher(pattern).test(path)));
      const changed = new Set(row.changed ?? []);
      expect(Object.keys(after).sort()).toEqual(
        Object.keys(before)
          .filter((path) => !removed.includes(path))
          .sort(),
      );
      expect(removed).toHaveLength(row.removed?.length ?? 0);
      for (const path of Object.keys(after)) {
        if (changed.has(path)) expect(after[path], `${path} changed`).not.toBe(before[path]);
        else expect(after[path], `${path} kept its bytes`).toBe(before[path]);
      }
      for (const path of changed) expect(after, `${path} still exists`).toHaveProperty([path]);
      if (outsideBefore !== undefined) expect(checksums(setup.outside!)).toEqual(outsideBefore);
      row.after?.(dir);
    });
  }
});
