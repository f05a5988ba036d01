import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

/**
 * A maker of folder trees under one temporary root, removed after the test file: each call
 * writes `files` (relative path -> text; objects become JSON) under a fresh folder and
 * returns that folder.
 */
export function fileTrees(prefix: string): (files: Record<string, string | object>) => string {
  const tempRoot = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(tempRoot, { recursive: true, force: true }));
  let count = 0;
  return (files) => {
    count += 1;
    const root = join(tempRoot, `case-${count}`);
    for (const [path, content] of Object.entries(files)) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    }
    mkdirSync(root, { recursive: true });
    return root;
  };
}
