import { describe, expect, it } from 'vitest';
import { parseModule } from '../../../analysis/ast/parse-module.js';
import { ensureParentPointers } from '../../../analysis/ast/tree.js';
import { durationText, pinnedDuration } from '../../../analysis/infrastructure/durations.js';
import { migrationAttemptStarts } from '../../../analysis/infrastructure/index.js';
import { textDeclaresAutoPause } from '../../../analysis/infrastructure/index.js';

describe('migrationAttemptStarts (runMigration defaults while the cluster resumes ~15 s)', () => {
  it('with Prisma’s 5 s connect timeout, the third attempt (0 s, 8 s, 19 s) is the first after the resume', () => {
    expect(migrationAttemptStarts(5_000)).toEqual({ starts: [0, 8_000, 19_000], readyAt: 19_000 });
  });

  it('a connect timeout longer than the resume waits it out in the first attempt', () => {
    expect(migrationAttemptStarts(30_000)).toEqual({ starts: [0], readyAt: 15_000 });
  });

  it('a 1 s connect timeout needs the fourth attempt', () => {
    expect(migrationAttemptStarts(1_000)).toEqual({ starts: [0, 4_000, 11_000, 24_000], readyAt: 24_000 });
  });
});

function durationOf(expression: string): number | undefined {
  const code = `import { Duration } from 'aws-cdk-lib';\nimport * as cdk from 'aws-cdk-lib';\nconst SECONDS = 12;\nconst value = ${expression};`;
  const file = parseModule(code, 'stack.ts');
  ensureParentPointers(file.program);
  const declaration = file.program.body.at(-1) as { declarations: { init: Parameters<typeof pinnedDuration>[2] }[] };
  return pinnedDuration(file.scopeManager, file.sourceText, declaration.declarations[0]!.init)?.ms;
}

describe('pinnedDuration', () => {
  it.each([
    ['Duration.seconds(3)', 3_000],
    ['cdk.Duration.minutes(2)', 120_000],
    ['Duration.seconds(SECONDS)', 12_000],
    ['Duration.millis(500)', 500],
    ["'10 seconds'", 10_000],
    ["'1 minute'", 60_000],
    ['15', 15_000],
  ])('%s is %i ms', (expression, ms) => expect(durationOf(expression)).toBe(ms));

  it.each(['Duration.seconds(props.timeout)', 'other.seconds(3)', "'soon'"])('%s is not pinned', (expression) =>
    expect(durationOf(expression)).toBeUndefined(),
  );

  it('writes a new value the way the old one was written', () => {
    expect(durationText({ kind: 'cdk', durationText: 'cdk.Duration' }, 25)).toBe('cdk.Duration.seconds(25)');
    expect(durationText({ kind: 'cdk', durationText: 'Duration' }, 300)).toBe('Duration.minutes(5)');
    expect(durationText({ kind: 'text', quote: '"' }, 60)).toBe('"1 minute"');
    expect(durationText({ kind: 'seconds' }, 25)).toBe('25');
  });
});

describe('textDeclaresAutoPause', () => {
  it.each([
    'serverlessV2MinCapacity: 0,',
    'serverlessV2ScalingConfiguration: { minCapacity: 0, maxCapacity: 2 }',
    'ServerlessV2ScalingConfiguration: { MinCapacity: 0 }',
    'new sst.aws.Aurora("Db", { engine: "postgres", scaling: { min: "0 ACU", max: "4 ACU" } })',
  ])('%s pauses', (text) => expect(textDeclaresAutoPause(text)).toBe(true));

  it.each([
    'serverlessV2MinCapacity: 0.5,',
    'autoScaleTaskCount({ minCapacity: 0 })',
    'new sst.aws.Aurora("Db", { scaling: { min: "0.5 ACU" } })',
  ])('%s does not', (text) => expect(textDeclaresAutoPause(text)).toBe(false));
});
