import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgress } from '../../cli/report.js';
import { CLI, PRISMA_MODULE, ensureBuilt, makeRepo, removeTempDirs } from './support.js';

/** The `[n/total] path` line on a terminal: cut to the terminal's width, never drawn to an unknown one. */

beforeAll(ensureBuilt);
afterAll(removeTempDirs);

function fakeTerminal(columns: number | undefined): {
  stream: NodeJS.WritableStream & { isTTY: boolean; columns?: number };
  written: string[];
} {
  const written: string[] = [];
  const stream = { isTTY: true, columns, write: (chunk: string) => written.push(chunk) > 0 } as unknown as NodeJS.WritableStream & {
    isTTY: boolean;
    columns?: number;
  };
  return { stream, written };
}

const LONG_PATH = `src/${'deeply/'.repeat(10)}nested.ts`;

describe('createProgress', () => {
  it('cuts a long line to the width, marking the cut', () => {
    const { stream, written } = fakeTerminal(40);
    const progress = createProgress(stream, 500, (path) => path);
    progress.update(0, LONG_PATH);
    progress.done();
    expect(written).toEqual([`\r\u001b[2K${`[1/500] ${LONG_PATH}`.slice(0, 38)}…`, '\r\u001b[2K']);
  });

  it('prints a line that fits whole', () => {
    const { stream, written } = fakeTerminal(200);
    createProgress(stream, 500, (path) => path).update(4, LONG_PATH);
    expect(written).toEqual([`\r\u001b[2K[5/500] ${LONG_PATH}`]);
  });

  it('draws nothing when the terminal reports 0 columns, no width, or too few to show anything', () => {
    for (const columns of [0, undefined, 5]) {
      const { stream, written } = fakeTerminal(columns);
      const progress = createProgress(stream, 500, (path) => path);
      progress.update(0, LONG_PATH);
      progress.done();
      expect(written, String(columns)).toEqual([]);
    }
  });
});

describe('on a real terminal', () => {
  const files: Record<string, string> = { 'lib/prisma.ts': PRISMA_MODULE };
  // Past the threshold (200 files) so the line is shown.
  for (let index = 0; index < 210; index += 1)
    files[`lib/module-${String(index).padStart(3, '0')}.ts`] = `export const value${index} = ${index};\n`;

  function runOnTerminal(dir: string, columns: number): string {
    const command = `stty cols ${columns} rows 24; ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} --check`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', TERM: 'xterm' },
    });
    expect(result.status).toBe(1);
    return result.stdout;
  }

  it('0 columns (stty cols 0): no progress line, the summary whole', () => {
    const dir = makeRepo(files);
    const screen = runOnTerminal(dir, 0);
    expect(screen).not.toContain('\u001b[2K');
    expect(screen).toMatch(/^changed {4}lib\/prisma\.ts {2}add-retry-extension\r?$/m);
  });

  it('40 columns: every progress line fits', () => {
    const dir = makeRepo(files);
    const screen = runOnTerminal(dir, 40);
    const drawn = screen.split('\r\u001b[2K').slice(1, -1);
    expect(drawn.length).toBeGreaterThan(0);
    for (const line of drawn) {
      expect(line).toMatch(/^\[\d+\/211\] lib\//);
      expect(line.length).toBeLessThan(40);
    }
  });
});
