// Small statistics for benchmark figures: percentiles and a summary of a sample of durations.

/** The p-th percentile (0–100) of values by linear interpolation between closest ranks; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export interface Summary {
  n: number;
  min: number;
  median: number;
  p95: number;
  max: number;
  mean: number;
}

/** Summary (min, median, p95, max, mean) of a sample, in the sample's unit. */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  const mean = n ? values.reduce((s, v) => s + v, 0) / n : Number.NaN;
  return {
    n,
    min: n ? Math.min(...values) : Number.NaN,
    median: percentile(values, 50),
    p95: percentile(values, 95),
    max: n ? Math.max(...values) : Number.NaN,
    mean,
  };
}

/** Rounds to a given number of significant digits, for readable JSON. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const p = Math.pow(10, digits - Math.ceil(Math.log10(Math.abs(value))));
  return Math.round(value * p) / p;
}

/** Milliseconds since t0 (from performance.now()). */
export function msSince(t0: number): number {
  return performance.now() - t0;
}
