/**
 * Summary statistics for sweeps: the mean across seeds and the half-width of its 95% confidence interval,
 * mean ± t(0.975, n−1) · s / √n with Student's t (the sample standard deviation s uses n − 1). Sums run in the
 * given order, so the same inputs give the same bits on every machine.
 */

/** Two-sided 95% quantiles t(0.975, df) for df = 1..30. */
const T_975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281,
  2.201, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.093, 2.086,
  2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];
/** Beyond the table: (df, t) knots, interpolated linearly in 1/df (the usual table practice); ∞ → 1.96. */
const T_975_TAIL: readonly [number, number][] = [[30, 2.0423], [40, 2.0211], [60, 2.0003], [120, 1.9799], [Infinity, 1.96]];

/** t(0.975, df), df ≥ 1. */
export function studentT975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new Error(`studentT975: degrees of freedom must be an integer ≥ 1, got ${df}`);
  if (df <= T_975.length) return T_975[df - 1] as number;
  for (let i = 1; i < T_975_TAIL.length; i++) {
    const [dfHigh, tHigh] = T_975_TAIL[i] as [number, number];
    if (df > dfHigh) continue;
    const [dfLow, tLow] = T_975_TAIL[i - 1] as [number, number];
    const x = (1 / dfLow - 1 / df) / (1 / dfLow - 1 / dfHigh);
    return tLow + (tHigh - tLow) * x;
  }
  return 1.96;
}

export interface MeanCi {
  n: number;
  mean: number;
  /** Half-width of the 95% interval; undefined with fewer than two values. */
  ci95?: number;
}

export function meanCi95(values: readonly number[]): MeanCi {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { n, mean };
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  const sd = Math.sqrt(squares / (n - 1));
  return { n, mean, ci95: (studentT975(n - 1) * sd) / Math.sqrt(n) };
}

/** A number for CSV/NDJSON: at most 6 decimals, no exponent for ordinary magnitudes, no −0; "" for NaN/absent. */
export function formatNumber(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "";
  const rounded = Math.round(value * 1e6) / 1e6;
  return rounded === 0 ? "0" : String(rounded);
}
