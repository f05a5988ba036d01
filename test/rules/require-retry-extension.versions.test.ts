import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import rule from '../../rules/require-retry-extension.js';
import { typescriptRuleTester } from '../support/rule-tester.js';

// The Prisma version decides whether `.$extends(auroraRetry())` can be offered: before 4.16
// there is no `$extends` (the client throws when built), and the runtime is proven on 6 and 7.
const lambda = { 'prisma-aurora-fix': { lambda: 'always' } };
const ts = typescriptRuleTester(lambda);

const code = `import { PrismaClient } from '@prisma/client'
export const prisma = new PrismaClient()`;
const at = { line: 2, column: 23, endLine: 2, endColumn: 41 };
/** The finding on a Prisma that takes the chain: the usual message and its suggestion. */
const fixable = {
  messageId: 'missingRetry',
  ...at,
  suggestions: [
    {
      messageId: 'addRetry',
      data: { name: 'auroraRetry', source: 'prisma-aurora-fix/runtime' },
      output: `import { PrismaClient } from '@prisma/client'
import { auroraRetry } from 'prisma-aurora-fix/runtime'
export const prisma = new PrismaClient().$extends(auroraRetry()) as unknown as PrismaClient`,
    },
  ],
} as const;

const root = mkdtempSync(join(tmpdir(), 'retry-versions-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
function packageWith(name: string, manifest: unknown, installed?: string): string {
  mkdirSync(join(root, name, 'src'), { recursive: true });
  writeFileSync(join(root, name, 'package.json'), JSON.stringify(manifest));
  if (installed !== undefined) {
    mkdirSync(join(root, name, 'node_modules/@prisma/client'), { recursive: true });
    writeFileSync(join(root, name, 'node_modules/@prisma/client/package.json'), JSON.stringify({ version: installed }));
  }
  return join(root, name, 'src/db.ts');
}

ts.run('require-retry-extension on old Prisma versions', rule, {
  valid: [],
  invalid: [
    {
      code,
      options: [{ prismaVersion: '3.6.0' }],
      errors: [
        {
          messageId: 'missingRetryUnsupported',
          data: {
            blocker:
              'Prisma 3.6.0 has no `$extends` (client extensions arrived in 4.16): upgrade Prisma to 6 or 7, or wrap the calls in `withRetry()` from a vendored runtime (`--vendor`)',
          },
          ...at,
          suggestions: [],
        },
      ],
    },
    {
      // Read from the package: the installed client wins over the range's lowest version.
      code,
      filename: packageWith('installed-4-5', { dependencies: { '@prisma/client': '^4.0.0' } }, '4.5.0'),
      errors: [{ messageId: 'missingRetryUnsupported', ...at, suggestions: [] }],
    },
    {
      code,
      filename: packageWith('declared-5', { dependencies: { '@prisma/client': '5.7.0' } }),
      errors: [{ messageId: 'missingRetryUnsupported', ...at, suggestions: [] }],
    },
    {
      // A range whose lowest version is old: the fix would break the oldest install it allows.
      code,
      filename: packageWith('range-4', { dependencies: { '@prisma/client': '^4.8.0' } }),
      errors: [{ messageId: 'missingRetryUnsupported', ...at, suggestions: [] }],
    },
    {
      code,
      filename: packageWith('latest', { dependencies: { '@prisma/client': 'latest' } }),
      errors: [fixable],
    },
    {
      // The option overrides what the package says.
      code,
      filename: packageWith('overridden', { dependencies: { '@prisma/client': '3.6.0' } }),
      options: [{ prismaVersion: '6.19.0' }],
      errors: [fixable],
    },
  ],
});
