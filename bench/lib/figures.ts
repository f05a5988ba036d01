/**
 * What a figure is (ours, its floor, a goal), how a goal is judged, and the table and JSON
 * every run prints. A goal has a hard limit at twice its budget: past it the run exits
 * non-zero (the CI signal); between the goal and the hard limit a figure only reports `fail`.
 */

export type Unit = 'ms' | 'µs' | 'MB' | 'files' | 'x';

export interface Measure {
  /** The median of `samples` (or the single value). */
  value: number;
  unit: Unit;
  samples?: number[];
  /** Interquartile range over the median, when there are samples. */
  spread?: number;
}

/**
 * How a figure passes. `hard` is the limit past which the bench exits non-zero:
 * - ratio: ours/floor ≤ limit. For an overhead goal (ratio near 1) the allowance above 1 is
 *   doubled (1.05 → 1.10); otherwise the limit itself is doubled (1.0 → 2.0).
 * - speedup: floor/ours ≥ factor; hard at half the factor (3× → 1.5×).
 * - added: ours − floor ≤ limit (in `unit`); hard at twice the limit.
 * - ratio-or-added: passes when either holds; hard when both are past twice their budget.
 * - identical: a correctness check; failing it is always hard.
 * - info: reported only.
 */
export type Goal =
  | { kind: 'ratio'; limit: number; hard: number }
  | { kind: 'speedup'; factor: number; hard: number }
  | { kind: 'added'; limit: number; hard: number; unit: Unit }
  | { kind: 'ratio-or-added'; ratio: number; hardRatio: number; added: number; hardAdded: number; unit: Unit }
  | { kind: 'identical' }
  | { kind: 'info' };

export const goals = {
  /** ours/floor ≤ 1 + allowance: a cost on top of the floor, e.g. 1.05 = at most 5 % added. */
  overhead(limit: number): Goal {
    return { kind: 'ratio', limit, hard: 1 + 2 * (limit - 1) };
  },
  ratio(limit: number): Goal {
    return { kind: 'ratio', limit, hard: 2 * limit };
  },
  speedup(factor: number): Goal {
    return { kind: 'speedup', factor, hard: factor / 2 };
  },
  added(limit: number, unit: Unit): Goal {
    return { kind: 'added', limit, hard: 2 * limit, unit };
  },
  overheadOrAdded(ratio: number, added: number, unit: Unit): Goal {
    return { kind: 'ratio-or-added', ratio, hardRatio: 1 + 2 * (ratio - 1), added, hardAdded: 2 * added, unit };
  },
  identical(): Goal {
    return { kind: 'identical' };
  },
  info(): Goal {
    return { kind: 'info' };
  },
};

export type Verdict = 'pass' | 'fail' | 'hard-fail' | 'info' | 'skipped' | 'error';

export interface Figure {
  /** Stable id, e.g. `1-eslint`, used in the JSON and by `--only`. */
  id: string;
  /** What the table's first column says. */
  title: string;
  ours?: Measure;
  floor?: Measure;
  /**
   * What ours and floor are: CPU time (user + system) or wall-clock time. Long runs on a
   * shared machine compare on CPU time (see bench/README.md); the table marks CPU rows.
   */
  metric?: 'cpu' | 'wall';
  /** What the floor is, in words (the table shows it under the title in the JSON only). */
  floorLabel?: string;
  /** ours / floor, or floor / ours for a speedup goal (whatever the goal compares). */
  ratio?: number;
  /** ours − floor in ours' unit, per the goal (for `added` goals). */
  added?: number;
  /** Print `added` next to the ratio (added-cost goals, and rows given an explicit added cost). */
  showAdded?: boolean;
  goal: Goal;
  verdict: Verdict;
  /** Why a figure was skipped or failed, or what to keep in mind when reading it. */
  note?: string;
  details?: Record<string, unknown>;
  /** Sub-rows printed indented under this figure (per-rule times). */
  children?: Figure[];
}

export interface JudgeInput extends Omit<Figure, 'verdict' | 'ratio' | 'added'> {
  /** For an `identical` goal: whether ours and the floor agree. */
  identical?: boolean;
  /** The ratio when it is not simply ours / floor (e.g. the median of per-round ratios). */
  ratio?: number;
  /** The added cost when it is not simply ours − floor (e.g. the median of paired differences). */
  added?: number;
  /**
   * A 95 % confidence interval of the added cost. With it, an `added` (or `ratio-or-added`) goal
   * passes unless the whole interval lies above the limit ("indistinguishable" at that
   * resolution), and fails hard only when it lies above twice the limit: process start times
   * and query latencies on a shared machine scatter by more than the small costs such goals
   * bound.
   */
  addedInterval?: [number, number];
  /**
   * A 95 % confidence interval of the ratio (with few rounds: the lowest and highest per-round
   * ratio). With it, a `ratio` or `speedup` goal still passes or fails on the median, but fails
   * hard only when the whole interval is past the hard limit: every round agrees.
   */
  ratioInterval?: [number, number];
}

/** Judges a measured figure against its goal and fills in ratio, added and verdict. */
export function judge(figure: JudgeInput): Figure {
  const { identical, ratio: explicitRatio, added: explicitAdded, addedInterval, ratioInterval, ...rest } = figure;
  const result: Figure = { ...rest, verdict: 'info' };
  const ours = figure.ours?.value;
  const floor = figure.floor?.value;
  if (ours !== undefined && floor !== undefined && floor !== 0) {
    result.ratio = figure.goal.kind === 'speedup' ? floor / ours : ours / floor;
    result.added = ours - floor;
  }
  if (explicitRatio !== undefined) result.ratio = explicitRatio;
  if (explicitAdded !== undefined) result.added = explicitAdded;
  if (explicitAdded !== undefined || figure.goal.kind === 'added' || figure.goal.kind === 'ratio-or-added') result.showAdded = true;
  if (addedInterval !== undefined) result.details = { ...result.details, addedInterval95: addedInterval };
  if (ratioInterval !== undefined) result.details = { ...result.details, ratioInterval95: ratioInterval };
  const { goal } = figure;
  switch (goal.kind) {
    case 'info':
      result.verdict = 'info';
      break;
    case 'identical':
      result.verdict = identical === true ? 'pass' : 'hard-fail';
      break;
    case 'ratio':
    case 'speedup': {
      const ratio = result.ratio;
      if (ratio === undefined || !Number.isFinite(ratio)) {
        result.verdict = 'error';
        break;
      }
      const within = (value: number, limit: number): boolean => (goal.kind === 'ratio' ? value <= limit : value >= limit);
      const limit = goal.kind === 'ratio' ? goal.limit : goal.factor;
      // The end of the interval most favourable to us: past the hard limit only if every round is.
      const bestCase = ratioInterval === undefined ? ratio : goal.kind === 'ratio' ? ratioInterval[0] : ratioInterval[1];
      result.verdict = within(ratio, limit) ? 'pass' : within(bestCase, goal.hard) ? 'fail' : 'hard-fail';
      break;
    }
    case 'added': {
      const added = result.added;
      if (added === undefined) {
        result.verdict = 'error';
        break;
      }
      const evidence = addedInterval === undefined ? added : addedInterval[0];
      result.verdict = evidence <= goal.limit ? 'pass' : evidence <= goal.hard ? 'fail' : 'hard-fail';
      break;
    }
    case 'ratio-or-added': {
      const { ratio, added } = result;
      if (ratio === undefined || added === undefined) {
        result.verdict = 'error';
        break;
      }
      const evidence = addedInterval === undefined ? added : addedInterval[0];
      if (ratio <= goal.ratio || evidence <= goal.added) result.verdict = 'pass';
      else if (ratio <= goal.hardRatio || evidence <= goal.hardAdded) result.verdict = 'fail';
      else result.verdict = 'hard-fail';
      break;
    }
  }
  return result;
}

export function skipped(id: string, title: string, goal: Goal, note: string): Figure {
  return { id, title, goal, verdict: 'skipped', note };
}

export function failed(id: string, title: string, goal: Goal, error: unknown): Figure {
  const message = error instanceof Error ? error.message : String(error);
  return { id, title, goal, verdict: 'error', note: message.split('\n').slice(0, 6).join(' | ') };
}

export function formatValue(measure: Measure | undefined): string {
  if (measure === undefined) return '—';
  const { value, unit } = measure;
  if (!Number.isFinite(value)) return '—';
  const digits = unit === 'files' ? 0 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return `${value.toFixed(digits)} ${unit}`;
}

export function formatGoal(goal: Goal): string {
  switch (goal.kind) {
    case 'ratio':
      return `≤ ${goal.limit}`;
    case 'speedup':
      return `≥ ${goal.factor}× faster`;
    case 'added':
      return `≤ +${goal.limit} ${goal.unit}`;
    case 'ratio-or-added':
      return `≤ ${goal.ratio} or +${goal.added} ${goal.unit}`;
    case 'identical':
      return 'identical';
    case 'info':
      return '—';
  }
}

function formatRatio(figure: Figure): string {
  if (figure.goal.kind === 'identical') return figure.verdict === 'pass' ? 'same' : figure.verdict === 'hard-fail' ? 'differ' : '—';
  if (figure.ratio === undefined || !Number.isFinite(figure.ratio)) return '—';
  const ratio = figure.goal.kind === 'speedup' ? `${figure.ratio.toFixed(2)}×` : figure.ratio.toFixed(3);
  if (figure.showAdded === true && figure.added !== undefined && figure.ours !== undefined) {
    const sign = figure.added >= 0 ? '+' : '−';
    const added = formatValue({ value: Math.abs(figure.added), unit: figure.ours.unit });
    return `${ratio} (${sign}${added})`;
  }
  return ratio;
}

const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'pass',
  fail: 'FAIL',
  'hard-fail': 'FAIL >2×',
  info: 'info',
  skipped: 'skipped',
  error: 'ERROR',
};

/** The one table: figure, ours, floor, ratio, goal, result; notes listed under it. */
export function formatTable(figures: readonly Figure[]): string {
  const rows: string[][] = [['figure', 'ours', 'floor', 'ratio', 'goal', 'result']];
  const notes: string[] = [];
  const addRow = (figure: Figure, indent: string): void => {
    rows.push([
      `${indent}${figure.title}${figure.metric === 'cpu' ? ' [cpu]' : ''}`,
      formatValue(figure.ours),
      formatValue(figure.floor),
      formatRatio(figure),
      formatGoal(figure.goal),
      VERDICT_LABEL[figure.verdict],
    ]);
    if (figure.note !== undefined && indent === '') notes.push(`${figure.title}: ${figure.note}`);
    for (const child of figure.children ?? []) addRow(child, `${indent}  `);
  };
  for (const figure of figures) addRow(figure, '');
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]): string =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  const separator = widths.map((width) => '-'.repeat(width)).join('  ');
  const table = [line(rows[0]!), separator, ...rows.slice(1).map(line)].join('\n');
  return notes.length === 0 ? `${table}\n` : `${table}\n\n${notes.map((note) => `- ${note}`).join('\n')}\n`;
}

/** Exit code policy: non-zero only for a figure past twice its goal or one that errored. */
export function exitCodeFor(figures: readonly Figure[], options: { strict: boolean }): number {
  const all = figures.flatMap((figure) => [figure, ...(figure.children ?? [])]);
  if (all.some((figure) => figure.verdict === 'hard-fail' || figure.verdict === 'error')) return 1;
  if (options.strict && all.some((figure) => figure.verdict === 'skipped')) return 1;
  return 0;
}
