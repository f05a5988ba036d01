import { describe, expect, it } from 'vitest';
import { exitCodeFor, formatTable, goals, judge, skipped, type Figure } from '../../bench/lib/figures.js';
import { interleavedOrder, median, medianInterval, pairedDifferences, quantile, runInterleaved } from '../../bench/lib/stats.js';

/** The bench's judging and scheduling logic, on fixed numbers (no timing here). */
const ms = (value: number) => ({ value, unit: 'ms' as const });

describe('goals and verdicts', () => {
  it('an overhead goal passes up to its limit, fails past it, and fails hard past twice its allowance', () => {
    const goal = goals.overhead(1.05);
    const verdict = (ours: number) => judge({ id: 'x', title: 'x', ours: ms(ours), floor: ms(100), goal }).verdict;
    expect(verdict(105)).toBe('pass');
    expect(verdict(106)).toBe('fail');
    expect(verdict(110)).toBe('fail');
    expect(verdict(110.5)).toBe('hard-fail');
  });

  it('with per-round ratios, a ratio or speedup goal fails hard only when every round is past the hard limit', () => {
    const overhead = (ratioInterval: [number, number]) =>
      judge({ id: 'x', title: 'x', ours: ms(120), floor: ms(100), goal: goals.overhead(1.05), ratio: 1.2, ratioInterval }).verdict;
    expect(overhead([0.98, 1.3])).toBe('fail');
    expect(overhead([1.11, 1.3])).toBe('hard-fail');
    const speedup = (ratioInterval: [number, number]) =>
      judge({ id: 'x', title: 'x', ours: ms(100), floor: ms(120), goal: goals.speedup(3), ratio: 1.2, ratioInterval }).verdict;
    expect(speedup([1.1, 1.6])).toBe('fail');
    expect(speedup([1.1, 1.4])).toBe('hard-fail');
    expect(
      judge({ id: 'x', title: 'x', ours: ms(100), floor: ms(100), goal: goals.overhead(1.05), ratio: 1.01, ratioInterval: [1.2, 1.3] })
        .verdict,
    ).toBe('pass');
  });

  it('a speedup goal compares floor / ours and fails hard below half the factor', () => {
    const goal = goals.speedup(3);
    const figure = (ours: number) => judge({ id: 'x', title: 'x', ours: ms(ours), floor: ms(300), goal });
    expect(figure(100).verdict).toBe('pass');
    expect(figure(100).ratio).toBe(3);
    expect(figure(150).verdict).toBe('fail');
    expect(figure(201).verdict).toBe('hard-fail');
  });

  it('a plain ratio goal (recovery within one interval) fails hard past twice the limit', () => {
    const goal = goals.ratio(1);
    const verdict = (ours: number) => judge({ id: 'x', title: 'x', ours: ms(ours), floor: ms(100), goal }).verdict;
    expect(verdict(100)).toBe('pass');
    expect(verdict(150)).toBe('fail');
    expect(verdict(201)).toBe('hard-fail');
  });

  it('an added-cost goal uses the explicit paired difference, and with an interval only fails on evidence', () => {
    const goal = goals.added(1, 'ms');
    expect(judge({ id: 'x', title: 'x', ours: ms(60), floor: ms(59.5), goal }).verdict).toBe('pass');
    expect(judge({ id: 'x', title: 'x', ours: ms(60), floor: ms(59.5), goal, added: 1.5 }).verdict).toBe('fail');
    expect(judge({ id: 'x', title: 'x', ours: ms(60), floor: ms(59.5), goal, added: 2.5 }).verdict).toBe('hard-fail');
    // Median 2.5 ms over, but the interval reaches below the limit: indistinguishable at 1 ms.
    expect(judge({ id: 'x', title: 'x', ours: ms(60), floor: ms(57.5), goal, added: 2.5, addedInterval: [0.4, 5] }).verdict).toBe('pass');
    expect(judge({ id: 'x', title: 'x', ours: ms(60), floor: ms(57.5), goal, added: 2.5, addedInterval: [1.4, 5] }).verdict).toBe('fail');
    expect(judge({ id: 'x', title: 'x', ours: ms(60), floor: ms(57.5), goal, added: 2.5, addedInterval: [2.1, 5] }).verdict).toBe(
      'hard-fail',
    );
  });

  it('a ratio-or-added goal passes when either holds', () => {
    const goal = goals.overheadOrAdded(1.03, 20, 'µs');
    const us = (value: number) => ({ value, unit: 'µs' as const });
    expect(judge({ id: 'x', title: 'x', ours: us(1015), floor: us(1000), goal }).verdict).toBe('pass'); // +15 µs
    expect(judge({ id: 'x', title: 'x', ours: us(130), floor: us(100), goal }).verdict).toBe('fail'); // 1.3, +30 µs
    expect(judge({ id: 'x', title: 'x', ours: us(150), floor: us(100), goal }).verdict).toBe('hard-fail'); // 1.5, +50 µs
    expect(judge({ id: 'x', title: 'x', ours: us(5030), floor: us(5000), goal }).verdict).toBe('pass'); // 1.006
    // 1.5 and +50 µs at the median, but the interval of the added cost reaches 15 µs: not shown to exceed.
    expect(judge({ id: 'x', title: 'x', ours: us(150), floor: us(100), goal, added: 50, addedInterval: [15, 90] }).verdict).toBe('pass');
    expect(judge({ id: 'x', title: 'x', ours: us(150), floor: us(100), goal, added: 50, addedInterval: [41, 90] }).verdict).toBe(
      'hard-fail',
    );
  });

  it('an identical goal is a correctness check: any difference fails hard', () => {
    expect(judge({ id: 'x', title: 'x', goal: goals.identical(), identical: true }).verdict).toBe('pass');
    expect(judge({ id: 'x', title: 'x', goal: goals.identical(), identical: false }).verdict).toBe('hard-fail');
  });
});

describe('exit code policy', () => {
  const figure = (verdict: Figure['verdict']): Figure => ({ id: verdict, title: verdict, goal: goals.info(), verdict });
  it('is 0 for passes and plain misses, 1 for a hard miss or an error, and for skips only when strict', () => {
    expect(exitCodeFor([figure('pass'), figure('fail'), figure('info')], { strict: true })).toBe(0);
    expect(exitCodeFor([figure('pass'), figure('hard-fail')], { strict: false })).toBe(1);
    expect(exitCodeFor([figure('error')], { strict: false })).toBe(1);
    expect(exitCodeFor([skipped('s', 's', goals.info(), 'missing')], { strict: false })).toBe(0);
    expect(exitCodeFor([skipped('s', 's', goals.info(), 'missing')], { strict: true })).toBe(1);
    expect(exitCodeFor([{ ...figure('pass'), children: [figure('hard-fail')] }], { strict: false })).toBe(1);
  });
});

describe('statistics and scheduling', () => {
  it('medians and quantiles interpolate', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
  });

  it('interleaves variants so each takes every position equally often', () => {
    const order = interleavedOrder(3, 12);
    for (const round of order) expect([...round].sort()).toEqual([0, 1, 2]);
    for (let position = 0; position < 3; position++) {
      const counts = [0, 0, 0];
      for (const round of order) counts[round[position]!]!++;
      expect(counts).toEqual([4, 4, 4]);
    }
    expect(interleavedOrder(2, 4)).toEqual([
      [0, 1],
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
  });

  it('runs warm-up passes unrecorded and records one sample per variant and round', async () => {
    const calls: string[] = [];
    const samples = await runInterleaved([() => (calls.push('a'), 1), () => (calls.push('b'), 2)], 3, 1);
    expect(samples).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'b', 'a', 'b', 'a']);
  });

  it('pairs differences per round and bounds their median', () => {
    expect(pairedDifferences([5, 7, 9], [4, 4, 4, 4])).toEqual([1, 3, 5]);
    const values = Array.from({ length: 100 }, (_, index) => index);
    const [lower, upper] = medianInterval(values);
    expect(lower).toBeLessThan(49.5);
    expect(upper).toBeGreaterThan(49.5);
    expect(upper - lower).toBeLessThan(30);
  });
});

describe('table', () => {
  it('prints one row per figure and sub-row, with units, ratio, goal and result, and lists notes', () => {
    const figures: Figure[] = [
      {
        ...judge({ id: 'a', title: 'ESLint', metric: 'cpu', ours: ms(103), floor: ms(100), goal: goals.overhead(1.05), note: 'two rules' }),
        children: [judge({ id: 'a/r', title: 'rule-a', ours: ms(2), floor: ms(100), goal: goals.info() })],
      },
      skipped('b', 'recovery', goals.ratio(1), 'runtime missing'),
    ];
    const table = formatTable(figures);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^figure\s+ours\s+floor\s+ratio\s+goal\s+result$/);
    expect(table).toMatch(/ESLint \[cpu\]\s+103 ms\s+100 ms\s+1\.030\s+≤ 1\.05\s+pass/);
    expect(table).toMatch(/ {2}rule-a\s+2\.00 ms\s+100 ms\s+0\.020\s+—\s+info/);
    expect(table).toMatch(/recovery\s+—\s+—\s+—\s+≤ 1\s+skipped/);
    expect(table).toContain('- recovery: runtime missing');
  });
});
