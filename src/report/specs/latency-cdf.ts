/**
 * The confirmation-latency CDF: what fraction of the window's confirmed transactions were confirmed within a
 * given time. Drawn from result.json `latency.cdf` (quantile points of the run's latency histogram, ≤ 1%
 * error), which every run carries, so the chart needs no per-transaction log. The p50, p99 and p99.9 marks
 * make the tail easy to read against the body of the distribution.
 */
import type { LatencyCdf } from "../../metrics/report.js";
import type { RunResult } from "../../results/result.js";
import { formatMs, formatNumber } from "../format.js";
import {
  CHART_CONFIG, CHART_HEIGHT_PX, CHART_WIDTH_PX, COLORS, VEGA_LITE_SCHEMA, type ChartSpec, type LayerEntry,
} from "./common.js";

export interface CdfPoint {
  ms: number;
  /** 0..1: the fraction of transactions confirmed within `ms`. */
  fraction: number;
}

/** The CDF as points, or [] when the run has none (older result.json, or nothing confirmed). */
export function latencyCdfPoints(cdf: LatencyCdf | undefined): CdfPoint[] {
  if (cdf === undefined || cdf.ms.length === 0 || cdf.ms.length !== cdf.percentiles.length) return [];
  return cdf.ms.map((ms, i) => ({ ms, fraction: Math.round((cdf.percentiles[i] as number) * 1e4) / 1e6 }));
}

/** Vertical marks at the headline percentiles, labelled at the top of the plot. */
function percentileMarks(result: RunResult): LayerEntry[] {
  // Labels step down the plot so that close percentiles (p99, p99.9) do not print over each other.
  const values = [
    { label: "p50", ms: result.latency.p50Ms, offsetPx: 2 },
    { label: "p99", ms: result.latency.p99Ms, offsetPx: 16 },
    { label: "p99.9", ms: result.latency.p999Ms, offsetPx: 30 },
  ];
  return [
    {
      data: { values },
      mark: { type: "rule", color: COLORS.muted, strokeDash: [3, 3], strokeWidth: 1 },
      encoding: { x: { field: "ms", type: "quantitative" }, tooltip: [{ field: "label", type: "nominal", title: "percentile" }, { field: "ms", type: "quantitative", title: "ms" }] },
    },
    {
      data: { values },
      mark: { type: "text", align: "left", baseline: "top", dx: 3, fontSize: 10, color: COLORS.muted },
      encoding: { x: { field: "ms", type: "quantitative" }, y: { field: "offsetPx", type: "quantitative", scale: null }, text: { field: "label" } },
    },
  ];
}

/**
 * A log latency axis when the distribution spans more than TAIL_RATIO× (a stall after a crash puts the tail
 * ten times beyond the body, which a linear axis would squeeze into a vertical line).
 */
const TAIL_RATIO = 10;

export function latencyScale(points: readonly CdfPoint[]): { type: "log"; nice: false } | { zero: false } {
  const first = points[0]?.ms ?? 0;
  const last = points[points.length - 1]?.ms ?? 0;
  return first > 0 && last / first > TAIL_RATIO ? { type: "log", nice: false } : { zero: false };
}

export function latencyCdfSpec(result: RunResult): ChartSpec {
  const points = latencyCdfPoints(result.latency.cdf);
  const confirmed = result.latency.confirmed;
  const scale = latencyScale(points);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Latency distribution (CDF)",
      subtitle: points.length === 0
        ? "no transaction of the measurement window was confirmed"
        : `${formatNumber(confirmed)} confirmed transactions of the window · p50 ${formatMs(result.latency.p50Ms)}, p99 ${formatMs(result.latency.p99Ms)}, max ${formatMs(result.latency.maxMs)}${"type" in scale ? " · log scale" : ""}`,
    },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    config: CHART_CONFIG,
    layer: [
      ...(points.length === 0 ? [] : percentileMarks(result)),
      {
        data: { values: points.map((point) => ({ ...point })) },
        mark: { type: "line", strokeWidth: 2, color: COLORS.committed, interpolate: "linear" },
        encoding: {
          x: { field: "ms", type: "quantitative", title: "confirmation latency (ms)", scale },
          y: {
            field: "fraction", type: "quantitative", title: "fraction of transactions",
            scale: { domain: [0, 1] }, axis: { format: ".0%" },
          },
          tooltip: [
            { field: "fraction", type: "quantitative", title: "fraction", format: ".2%" },
            { field: "ms", type: "quantitative", title: "within (ms)" },
          ],
        },
      },
    ],
  };
}
