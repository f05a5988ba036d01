import { describe, expect, it } from 'vitest';
import { chainedMigrationStep } from '../../../analysis/migration-spawn/chained-migration-step.js';
import { staticText } from '../../../analysis/migration-spawn/prisma-command-line.js';

describe('a shell line whose last && step is the migration', () => {
  it.each([
    ['npx prisma generate && npx prisma migrate deploy', 'npx prisma generate', ['npx', 'prisma', 'migrate', 'deploy']],
    [
      'prisma generate --no-hints && prisma validate && node_modules/.bin/prisma db push --skip-generate',
      'prisma generate --no-hints && prisma validate',
      ['node_modules/.bin/prisma', 'db', 'push', '--skip-generate'],
    ],
  ])('%s splits before the migration', (line, before, argv) => {
    const step = chainedMigrationStep(line);
    expect(step?.before).toBe(before);
    expect(step?.words.map((word) => staticText(word))).toEqual(argv);
  });

  it.each([
    // An earlier step that changes what the migration sees from the shell.
    'cd /app && npx prisma migrate deploy',
    'export DATABASE_URL=x && npx prisma migrate deploy',
    // Another operator: `||`, `;`, a pipe, a background `&`.
    'npx prisma generate || npx prisma migrate deploy',
    'npx prisma generate; npx prisma migrate deploy',
    'npx prisma generate && npx prisma migrate deploy | tee out.log',
    'npx prisma generate & npx prisma migrate deploy',
    // The migration is not last, or is not alone.
    'npx prisma migrate deploy && npx prisma generate',
    'npx prisma db push && npx prisma migrate deploy',
    'npx prisma migrate deploy',
    // Shell syntax inside a step.
    'npx prisma generate && DATABASE_URL=x npx prisma migrate deploy',
    'npx prisma generate && npx prisma migrate deploy 2>&1',
    'npx prisma generate && npx prisma migrate deploy --schema "$SCHEMA"',
    "npx prisma generate && npx prisma migrate deploy --schema 'a && b'",
    // A launcher with options of its own.
    'npx prisma generate && npx -p prisma@5 prisma migrate deploy',
  ])('%s is not split', (line) => {
    expect(chainedMigrationStep(line)).toBeUndefined();
  });
});
