/**
 * A sweep's tables, computed from the plan and the finished points' result.json alone — never from wall
 * time, worker count, shard or order of completion — so an unsharded sweep, a resumed one and merged shards
 * write byte-identical files.
 *
 * summary.csv: one row per grid cell, in plan order; columns: each axis (in sweep order), `seeds`, then for
 * each metric `<metric>_mean` and `<metric>_ci95` (half-width of the 95% Student-t interval across seeds;
 * empty with one seed). Booleans (safety_ok, liveness_ok, criteria_ok) average to the share of seeds that
 * held. summary.ndjson: one line per point, in plan order: its id, cell, seed, overrides, metrics and
 * resultHash.
 */
import { lookupPath, resultMetric } from "./criteria.js";
import { formatNumber, meanCi95 } from "./stats.js";
import type { StoredPlan } from "./sweep-store.js";
import type { SweepRow, SweepSummary } from "../report/sweep.js";

/** Summary metrics: column name → result path (ARCHITECTURE §6). */
export const SUMMARY_METRICS: readonly [string, string][] = [
  ["tps", "throughput.tps"],
  ["offered_tps", "throughput.offeredTps"],
  ["success_rate", "throughput.successRate"],
  ["p50_ms", "latency.p50Ms"],
  ["p90_ms", "latency.p90Ms"],
  ["p99_ms", "latency.p99Ms"],
  ["max_ms", "latency.maxMs"],
  ["mean_ms", "latency.meanMs"],
  ["blocks", "blocks.committed"],
  ["view_changes", "viewChanges"],
  ["messages", "messages.total"],
  ["message_bytes", "messages.bytes"],
  ["safety_ok", "safety.ok"],
  ["liveness_ok", "liveness.ok"],
];

/** One point's metric values (booleans as 1/0; a missing value as NaN). */
export function pointMetrics(result: unknown): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [column, path] of SUMMARY_METRICS) {
    const raw = resultMetric(result, path);
    values[column] = typeof raw === "number" ? raw : typeof raw === "boolean" ? (raw ? 1 : 0) : Number.NaN;
  }
  const criteria = lookupPath(result, "criteria");
  const allPass = Array.isArray(criteria) && criteria.every((c) => lookupPath(c, "pass") === true);
  values["criteria_ok"] = allPass ? 1 : 0;
  return values;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** An axis value as a table cell: numbers and strings as written, anything else as JSON. */
function axisCell(value: unknown): string {
  if (typeof value === "number") return formatNumber(value);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function metricColumns(): string[] {
  return [...SUMMARY_METRICS.map(([column]) => column), "criteria_ok"];
}

export function summaryCsv(plan: StoredPlan, results: ReadonlyMap<string, unknown>): string {
  const columns = metricColumns();
  const header = [...plan.axes.map((axis) => axis.path), "seeds", ...columns.flatMap((c) => [`${c}_mean`, `${c}_ci95`])];
  const lines = [header.map(csvField).join(",")];
  const byCell = new Map<number, StoredPlan["points"]>();
  for (const point of plan.points) byCell.set(point.cell, [...(byCell.get(point.cell) ?? []), point]);
  for (const cell of [...byCell.keys()].sort((a, b) => a - b)) {
    const points = byCell.get(cell) as StoredPlan["points"];
    const metrics = points.map((point) => pointMetrics(results.get(point.id)));
    const row = [...(points[0] as StoredPlan["points"][number]).overrides.map(([, value]) => axisCell(value)), String(points.length)];
    for (const column of columns) {
      const stats = meanCi95(metrics.map((m) => m[column] as number));
      row.push(formatNumber(stats.mean), formatNumber(stats.ci95));
    }
    lines.push(row.map(csvField).join(","));
  }
  return lines.join("\n") + "\n";
}

export function summaryNdjson(plan: StoredPlan, results: ReadonlyMap<string, unknown>): string {
  const lines = plan.points.map((point) => {
    const result = results.get(point.id);
    const metrics: Record<string, number | null> = {};
    for (const [column, value] of Object.entries(pointMetrics(result))) metrics[column] = Number.isFinite(value) ? value : null;
    const overrides: Record<string, unknown> = {};
    for (const [path, value] of point.overrides) overrides[path] = value;
    const resultHash = lookupPath(result, "manifest.resultHash");
    return JSON.stringify({ point: point.id, cell: point.cell, seed: point.seed, overrides, metrics, resultHash: resultHash ?? null });
  });
  return lines.join("\n") + (lines.length > 0 ? "\n" : "");
}

/** The same per-cell statistics as summary.csv, keyed by result path, for the sweep charts (src/report/sweep.ts). */
export function sweepReportSummary(plan: StoredPlan, results: ReadonlyMap<string, unknown>): SweepSummary {
  const byCell = new Map<number, StoredPlan["points"]>();
  for (const point of plan.points) byCell.set(point.cell, [...(byCell.get(point.cell) ?? []), point]);
  const rows: SweepRow[] = [];
  for (const cell of [...byCell.keys()].sort((a, b) => a - b)) {
    const points = byCell.get(cell) as StoredPlan["points"];
    const params: Record<string, number | string> = {};
    for (const [path, value] of (points[0] as StoredPlan["points"][number]).overrides) {
      params[path] = typeof value === "number" || typeof value === "string" ? value : JSON.stringify(value);
    }
    const values = points.map((point) => pointMetrics(results.get(point.id)));
    const metrics: SweepRow["metrics"] = {};
    for (const [column, path] of SUMMARY_METRICS) {
      const finite = values.map((v) => v[column] as number).filter((x) => Number.isFinite(x));
      const stats = meanCi95(finite);
      const ci95 = stats.ci95 !== undefined && Number.isFinite(stats.ci95) ? stats.ci95 : finite.length < 2 ? Number.NaN : 0;
      if (finite.length > 0) metrics[path] = { mean: stats.mean, ci95, n: finite.length };
    }
    rows.push({ params, metrics });
  }
  return { name: plan.name, axes: plan.axes.map((axis) => axis.path), rows };
}
