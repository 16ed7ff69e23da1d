/**
 * Exact order statistics over the small arrays the PoW observer keeps (one value per block or per node), so
 * the observer needs nothing from the metrics layer. Percentiles use the nearest-rank method.
 */

export interface Summary {
  count: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Nearest-rank percentile of an ascending array (0 when empty). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length - 1e-9)));
  return sorted[rank - 1] as number;
}

/** count, mean, min, p50, p90, p99, max of `values`, each multiplied by `scale` and rounded to 3 decimals. */
export function summarise(values: readonly number[], scale: number): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, v) => sum + v, 0);
  const at = (q: number): number => round3(percentile(sorted, q) * scale);
  return {
    count: sorted.length,
    mean: sorted.length > 0 ? round3((total / sorted.length) * scale) : 0,
    min: round3((sorted[0] ?? 0) * scale),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: round3((sorted[sorted.length - 1] ?? 0) * scale),
  };
}
