/**
 * Latency percentiles over time: p50 and p99 of the transactions confirmed in each simulated second. A second
 * in which nothing was confirmed has no latency (timeseries.csv writes 0); it is a gap in the line, not a
 * fall to zero. Fault windows are shaded as on the throughput chart.
 */
import type { TimeseriesRow } from "../../metrics/report.js";
import type { RunResult } from "../../results/result.js";
import {
  CHART_CONFIG, CHART_HEIGHT_PX, CHART_WIDTH_PX, COLORS, faultLayers, faultWindows, timeAxisDomain,
  VEGA_LITE_SCHEMA, type ChartSpec,
} from "./common.js";
import { formatMs } from "../format.js";

const SERIES = ["p50", "p99"] as const;

export function latencySeries(rows: readonly TimeseriesRow[]): { time_s: number; series: string; ms: number | null }[] {
  return rows.flatMap((row) => {
    const confirmed = row.committed_tps > 0;
    return [
      { time_s: row.time_s, series: SERIES[0], ms: confirmed ? row.p50_ms : null },
      { time_s: row.time_s, series: SERIES[1], ms: confirmed ? row.p99_ms : null },
    ];
  });
}

export function latencySpec(result: RunResult, rows: readonly TimeseriesRow[]): ChartSpec {
  const lastRowS = rows.length === 0 ? 0 : (rows[rows.length - 1] as TimeseriesRow).time_s;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Latency percentiles over time",
      subtitle: `p50 and p99 of the transactions confirmed in each second · measured p50 ${formatMs(result.latency.p50Ms)}, p99 ${formatMs(result.latency.p99Ms)}; gaps: nothing confirmed`,
    },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    config: CHART_CONFIG,
    layer: [
      ...faultLayers(faultWindows(result)),
      {
        data: { values: latencySeries(rows) },
        mark: { type: "line", strokeWidth: 1.75, invalid: "break-paths-show-domains", point: { size: 14 } },
        encoding: {
          x: {
            field: "time_s", type: "quantitative", title: "simulated time (s)",
            scale: { domain: timeAxisDomain(result, lastRowS), nice: false },
          },
          y: { field: "ms", type: "quantitative", title: "confirmation latency (ms)" },
          color: {
            field: "series", type: "nominal", title: null,
            scale: { domain: [...SERIES], range: [COLORS.p50, COLORS.p99] },
            legend: { orient: "top", direction: "horizontal" },
          },
          tooltip: [
            { field: "time_s", type: "quantitative", title: "second" },
            { field: "series", type: "nominal", title: "percentile" },
            { field: "ms", type: "quantitative", title: "ms" },
          ],
        },
      },
    ],
  };
}
