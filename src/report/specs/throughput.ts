/**
 * Throughput over time: transactions offered and committed per simulated second (timeseries.csv), with the
 * fault windows shaded so a dip can be read against the crash or partition that caused it.
 */
import type { TimeseriesRow } from "../../metrics/report.js";
import type { RunResult } from "../../results/result.js";
import {
  CHART_CONFIG, CHART_HEIGHT_PX, CHART_WIDTH_PX, COLORS, faultLayers, faultWindows, timeAxisDomain,
  VEGA_LITE_SCHEMA, type ChartSpec,
} from "./common.js";
import { formatNumber } from "../format.js";

const SERIES = ["offered", "committed"] as const;

/** Long form: one row per (second, series), the shape Vega-Lite colours by. */
export function throughputSeries(rows: readonly TimeseriesRow[]): { time_s: number; series: string; tps: number }[] {
  return rows.flatMap((row) => [
    { time_s: row.time_s, series: SERIES[0], tps: row.offered_tps },
    { time_s: row.time_s, series: SERIES[1], tps: row.committed_tps },
  ]);
}

export function throughputSpec(result: RunResult, rows: readonly TimeseriesRow[]): ChartSpec {
  const lastRowS = rows.length === 0 ? 0 : (rows[rows.length - 1] as TimeseriesRow).time_s;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Throughput over time",
      subtitle: `offered vs committed transactions per simulated second · measured mean ${formatNumber(result.throughput.tps, 1)} tx/s committed`,
    },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    config: CHART_CONFIG,
    layer: [
      ...faultLayers(faultWindows(result)),
      {
        data: { values: throughputSeries(rows) },
        mark: { type: "line", strokeWidth: 1.75, interpolate: "linear" },
        encoding: {
          x: {
            field: "time_s", type: "quantitative", title: "simulated time (s)",
            scale: { domain: timeAxisDomain(result, lastRowS), nice: false },
          },
          y: { field: "tps", type: "quantitative", title: "transactions / s" },
          color: {
            field: "series", type: "nominal", title: null,
            scale: { domain: [...SERIES], range: [COLORS.offered, COLORS.committed] },
            legend: { orient: "top", direction: "horizontal" },
          },
          strokeDash: {
            field: "series", type: "nominal", title: null, legend: { orient: "top", direction: "horizontal" },
            scale: { domain: [...SERIES], range: [[4, 3], [1, 0]] },
          },
          tooltip: [
            { field: "time_s", type: "quantitative", title: "second" },
            { field: "series", type: "nominal" },
            { field: "tps", type: "quantitative", title: "tx/s" },
          ],
        },
      },
    ],
  };
}
