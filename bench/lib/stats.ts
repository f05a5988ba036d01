/**
 * Small statistics for noisy, shared machines: medians and quartiles (robust to the odd slow
 * run another process causes), and an interleaved schedule so slow drift in machine load
 * hits ours and the floor alike.
 */

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const weight = position - lower;
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Interquartile range relative to the median: how noisy a set of samples was. */
export function relativeSpread(values: readonly number[]): number {
  const middle = median(values);
  return middle === 0 ? 0 : (quantile(values, 0.75) - quantile(values, 0.25)) / middle;
}

/**
 * The order to run `count` variants for `rounds` rounds: each round uses the next rotation of
 * the variants, and every other round runs it backwards (A B C, C B A, B C A, A C B, ...), so
 * each variant takes every position equally often and a linear drift cancels out.
 */
export function interleavedOrder(count: number, rounds: number): number[][] {
  const order: number[][] = [];
  for (let round = 0; round < rounds; round++) {
    const rotation = Math.floor(round / 2) % count;
    const forward = Array.from({ length: count }, (_, index) => (index + rotation) % count);
    order.push(round % 2 === 0 ? forward : forward.reverse());
  }
  return order;
}

/**
 * Runs every variant `rounds` times in interleaved order (after `warmup` unrecorded runs of
 * each), and returns the recorded samples per variant.
 */
export async function runInterleaved<T>(variants: readonly (() => T | Promise<T>)[], rounds: number, warmup = 1): Promise<T[][]> {
  for (let pass = 0; pass < warmup; pass++) {
    for (const variant of variants) await variant();
  }
  const samples: T[][] = variants.map(() => []);
  for (const round of interleavedOrder(variants.length, rounds)) {
    for (const index of round) samples[index]!.push(await variants[index]!());
  }
  return samples;
}

/**
 * Median of the per-round differences `ours[i] - floor[i]`: with interleaved runs, each pair
 * ran at nearly the same moment, so load that changes between rounds cancels.
 */
export function medianPairedDifference(ours: readonly number[], floor: readonly number[]): number {
  return median(pairedDifferences(ours, floor));
}

/**
 * A distribution-free 95 % confidence interval for the median of `values` (order statistics
 * around the middle, normal approximation of the binomial; needs about 8 values or more).
 */
export function medianInterval(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  const half = Math.floor((n - 1.96 * Math.sqrt(n)) / 2);
  const lower = Math.max(0, Math.min(half, n - 1));
  const upper = Math.max(0, Math.min(n - 1 - half, n - 1));
  return [sorted[lower]!, sorted[upper]!];
}

/** Per-round differences `ours[i] - floor[i]`. */
export function pairedDifferences(ours: readonly number[], floor: readonly number[]): number[] {
  const pairs = Math.min(ours.length, floor.length);
  return Array.from({ length: pairs }, (_, index) => ours[index]! - floor[index]!);
}

/** Median of the per-round ratios `ours[i] / floor[i]`: each pair ran at nearly the same moment. */
export function medianPairedRatio(ours: readonly number[], floor: readonly number[]): number {
  return median(pairedRatios(ours, floor));
}

/** Per-round ratios `ours[i] / floor[i]`. */
export function pairedRatios(ours: readonly number[], floor: readonly number[]): number[] {
  const pairs = Math.min(ours.length, floor.length);
  return Array.from({ length: pairs }, (_, index) => ours[index]! / floor[index]!);
}
