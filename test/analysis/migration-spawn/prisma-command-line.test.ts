import { describe, expect, it } from 'vitest';
import { interpretArgv, parseCommandLine, type Word } from '../../../analysis/migration-spawn/prisma-command-line.js';

describe('command lines', () => {
  const words = (...texts: string[]): Word[] => texts.map((text) => ({ parts: [text] }));

  it.each([
    [['prisma', 'migrate', 'deploy'], 'migrate deploy'],
    [['./node_modules/.bin/prisma', 'db', 'push', '--accept-data-loss'], 'db push'],
    [['/var/task/node_modules/prisma/build/index.js', 'migrate', 'reset', '--force'], 'migrate reset'],
    [['npx', 'prisma', 'migrate', 'resolve', '--applied', '1_init'], 'migrate resolve'],
    [['node', 'node_modules/prisma/build/index.js', 'migrate', 'dev'], 'migrate dev'],
    [['pnpm', 'prisma', 'db', 'execute', '--stdin'], 'db execute'],
    [['prisma', 'migrate', 'status'], undefined],
    [['prisma', 'migrate', 'diff'], undefined],
    [['prisma', 'db', 'pull'], undefined],
    [['prisma', 'db', 'seed'], undefined],
    [['prisma', 'generate'], undefined],
    [['prisma', 'migrate'], undefined],
  ])('%j -> %s', (argv, command) => {
    expect(interpretArgv(words(...argv))?.command).toBe(command);
  });

  it.each([
    [['npm', 'run', 'migrate']],
    [['node', 'scripts/migrate.js']],
    [['npx', 'tsx', 'prisma/seed.ts']],
    [['ls', 'prisma']],
    [['npx', 'prismatic', 'migrate', 'deploy']],
  ])('%j does not start the Prisma CLI', (argv) => {
    expect(interpretArgv(words(...argv))).toBeUndefined();
  });

  it('splits shell lines into commands and notes what needs a shell', () => {
    const line = parseCommandLine(
      ['cd /app && DATABASE_URL="postgres://x" npx prisma migrate deploy --schema "./db/schema.prisma"; echo done'],
      'shell',
    );
    expect(line.usesShell).toBe(true);
    expect(line.commands.map((command) => command.map((word) => word.parts.join('')))).toEqual([
      ['cd', '/app'],
      ['npx', 'prisma', 'migrate', 'deploy', '--schema', './db/schema.prisma'],
      ['echo', 'done'],
    ]);
    expect(parseCommandLine(["npx prisma migrate deploy --schema './a b/schema.prisma'"], 'shell')).toEqual({
      commands: [
        [
          { parts: ['npx'] },
          { parts: ['prisma'] },
          { parts: ['migrate'] },
          { parts: ['deploy'] },
          { parts: ['--schema'] },
          { parts: ['./a b/schema.prisma'] },
        ],
      ],
      usesShell: false,
    });
  });

  it('keeps a run-time part inside its word', () => {
    const line = parseCommandLine(['prisma migrate deploy --schema=', { range: [10, 20] }, ' --skip-generate'], 'plain');
    expect(line.commands[0]!.map((word) => word.parts)).toEqual([
      ['prisma'],
      ['migrate'],
      ['deploy'],
      ['--schema=', { range: [10, 20] }],
      ['--skip-generate'],
    ]);
  });
});
