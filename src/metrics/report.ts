/**
 * The metrics sections of result.json (ARCHITECTURE §6, a contract): their shapes, and the helpers that turn
 * raw microsecond counts into them. Every number is rounded to 3 decimals the same way on every machine, and
 * every object is built in a fixed key order (maps are emitted with sorted keys) so that the canonical JSON, and
 * hence the resultHash, is byte-identical across runs.
 */
import { Histogram } from "./histogram.js";

export interface ThroughputReport {
  /** Transactions confirmed inside the measurement window, per window second. */
  tps: number;
  /** Transactions submitted inside the measurement window, per window second. */
  offeredTps: number;
  /** Transactions submitted inside the measurement window. */
  submitted: number;
  /** Transactions confirmed inside the measurement window. */
  committed: number;
}

export interface LatencyReport {
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
  /** Latency to the first node's commit, over the window's transactions that some node committed. */
  firstCommit: { p50Ms: number; p99Ms: number; meanMs: number };
  /** Transactions submitted in the window that reached the confirmation threshold by the end of the run. */
  confirmed: number;
  /** Transactions submitted in the window that did not. */
  unconfirmed: number;
  /** The confirmation-latency distribution as quantile points (absent in results written before it existed). */
  cdf?: LatencyCdf;
}

/**
 * The confirmation-latency CDF, compact and deterministic: `ms[i]` is the latency at percentile
 * `percentiles[i]` (CDF_PERCENTILES: 0, 1, …, 99, 99.5, 99.9, 99.99, 100; 0 is the exact minimum, 100 the exact
 * maximum). Both arrays are empty when no transaction of the window was confirmed. Non-decreasing by construction.
 */
export interface LatencyCdf {
  percentiles: number[];
  ms: number[];
}

/** The percentiles at which latency.cdf samples the histogram: every 1%, and the tail in finer steps. */
export const CDF_PERCENTILES: readonly number[] = [
  ...Array.from({ length: 100 }, (_, i) => i), 99.5, 99.9, 99.99, 100,
];

export interface BlocksReport {
  /** Heights that reached the confirmation threshold. */
  committed: number;
  /** Time between consecutive confirmed heights. */
  intervalMs: { p50: number; mean: number; max: number };
  sizeBytes: { p50: number; mean: number; max: number };
  txsPerBlock: { mean: number; max: number };
  stale: number;
  staleRate: number;
}

export interface MessagesReport {
  total: number;
  bytes: number;
  /** Keys sorted. */
  byType: Record<string, { count: number; bytes: number }>;
}

export interface NodeReport {
  id: number;
  /** Busy CPU time / run time, 0..1. */
  cpuUtilization: number;
  cpuBusyMs: number;
  /** Busy CPU time per crypto suite or other category ("sm2", "ecdsa-p256", …), keys sorted. */
  cpuByCategoryMs: Record<string, number>;
  sentBytes: number;
  receivedBytes: number;
  sentMessages: number;
  /** Highest height this node committed. */
  committedHeight: number;
}

/** One row of timeseries.csv: the simulated second [time_s, time_s + 1). */
export interface TimeseriesRow {
  time_s: number;
  /** Transactions submitted during the second. */
  offered_tps: number;
  /** Transactions confirmed during the second. */
  committed_tps: number;
  /** Latency percentiles of the transactions confirmed during the second (0 when none). */
  p50_ms: number;
  p99_ms: number;
  /** Heights confirmed during the second. */
  blocks: number;
  /** Fault windows active during the second (only in runs with faults; charts shade them). */
  faults?: number;
}

export interface MetricsReport {
  throughput: ThroughputReport;
  latency: LatencyReport;
  blocks: BlocksReport;
  messages: MessagesReport;
  nodes: NodeReport[];
  /** Leader/view changes: the most that any honest node saw. */
  viewChanges: number;
  timeseries: TimeseriesRow[];
}

/** Rounds to 3 decimals (half away from zero on the decimal digits, never −0). */
export function round3(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const r = Math.sign(x) * Math.round(Math.abs(x) * 1000) / 1000;
  return r === 0 ? 0 : r;
}

/** Microseconds → milliseconds, rounded. */
export function usToMs3(us: number): number {
  return round3(us / 1000);
}

/** A map's entries as an object with sorted keys (code-unit order, independent of locale). */
export function sortedRecord<V, W>(map: ReadonlyMap<string, V>, project: (v: V) => W): Record<string, W> {
  const keys = [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // Object.fromEntries defines own properties, so a key such as "__proto__" cannot reach the prototype.
  return Object.fromEntries(keys.map((k) => [k, project(map.get(k) as V)]));
}

/** The latency section from histograms of confirmation and first-commit latency (µs). */
export function latencyReport(
  confirmUs: Histogram,
  firstCommitUs: Histogram,
  confirmed: number,
  unconfirmed: number,
): LatencyReport {
  return {
    p50Ms: usToMs3(confirmUs.percentile(50)),
    p90Ms: usToMs3(confirmUs.percentile(90)),
    p95Ms: usToMs3(confirmUs.percentile(95)),
    p99Ms: usToMs3(confirmUs.percentile(99)),
    p999Ms: usToMs3(confirmUs.percentile(99.9)),
    maxMs: usToMs3(confirmUs.max),
    meanMs: usToMs3(confirmUs.mean),
    firstCommit: {
      p50Ms: usToMs3(firstCommitUs.percentile(50)),
      p99Ms: usToMs3(firstCommitUs.percentile(99)),
      meanMs: usToMs3(firstCommitUs.mean),
    },
    confirmed,
    unconfirmed,
    cdf: latencyCdf(confirmUs),
  };
}

/** latency.cdf from a histogram of latencies in µs (≤ 1% relative error, like the percentiles above). */
export function latencyCdf(latencyUs: Histogram): LatencyCdf {
  if (latencyUs.count === 0) return { percentiles: [], ms: [] };
  const ms = CDF_PERCENTILES.map((p) => usToMs3(p === 0 ? latencyUs.min : latencyUs.percentile(p)));
  return { percentiles: [...CDF_PERCENTILES], ms };
}

/** p50 / mean / max of a histogram, each scaled by `scale` and rounded. */
export function summary(h: Histogram, scale = 1): { p50: number; mean: number; max: number } {
  return { p50: round3(h.percentile(50) * scale), mean: round3(h.mean * scale), max: round3(h.max * scale) };
}
