/**
 * The overlaid charts of `ledgersim compare`: throughput over time, latency over time and the latency CDF of
 * several runs on shared axes, one colour per run (in the order the runs were given, so the same runs always
 * get the same colours). Built from each run's timeseries.csv and result.json `latency.cdf`.
 */
import type { Chart } from "./common.js";
import { CHART_CONFIG, CHART_HEIGHT_PX, CHART_WIDTH_PX, VEGA_LITE_SCHEMA, type ChartSpec } from "./common.js";
import type { CompareRun } from "../compare-table.js";
import { latencyCdfPoints, latencyScale } from "./latency-cdf.js";
import { latencySeries } from "./latency.js";

/** Ten distinguishable colours (Tableau 10); runs beyond ten repeat them with the line style as a second cue. */
const RUN_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

function runColor(labels: readonly string[]): Record<string, unknown> {
  return {
    field: "run", type: "nominal", title: "run",
    scale: { domain: [...labels], range: labels.map((_, i) => RUN_COLORS[i % RUN_COLORS.length] as string) },
    legend: { orient: "top", direction: "horizontal", labelLimit: 260 },
  };
}

function timeDomain(runs: readonly CompareRun[]): [number, number] {
  let endS = 0;
  for (const run of runs) {
    const last = run.timeseries[run.timeseries.length - 1];
    endS = Math.max(endS, run.result.manifest.simulatedSeconds, last === undefined ? 0 : last.time_s + 1);
  }
  return [0, endS];
}

function lineChart(title: string, subtitle: string, values: Record<string, unknown>[], encoding: Record<string, unknown>): ChartSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: title, subtitle },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    config: CHART_CONFIG,
    data: { values },
    mark: { type: "line", strokeWidth: 1.75, invalid: "break-paths-show-domains" },
    encoding,
  } as ChartSpec;
}

export function compareThroughputSpec(runs: readonly CompareRun[]): ChartSpec {
  const values = runs.flatMap((run) => run.timeseries.map((row) => ({ run: run.label, time_s: row.time_s, tps: row.committed_tps })));
  return lineChart("Throughput over time", "committed transactions per simulated second, one line per run", values, {
    x: { field: "time_s", type: "quantitative", title: "simulated time (s)", scale: { domain: timeDomain(runs), nice: false } },
    y: { field: "tps", type: "quantitative", title: "committed transactions / s" },
    color: runColor(runs.map((r) => r.label)),
    tooltip: [
      { field: "run", type: "nominal" },
      { field: "time_s", type: "quantitative", title: "second" },
      { field: "tps", type: "quantitative", title: "tx/s" },
    ],
  });
}

export function compareLatencySpec(runs: readonly CompareRun[]): ChartSpec {
  const values = runs.flatMap((run) =>
    latencySeries(run.timeseries).map((point) => ({ run: run.label, time_s: point.time_s, percentile: point.series, ms: point.ms })),
  );
  return lineChart("Latency over time", "p50 (solid) and p99 (dashed) of the transactions confirmed in each second; gaps: nothing confirmed", values, {
    x: { field: "time_s", type: "quantitative", title: "simulated time (s)", scale: { domain: timeDomain(runs), nice: false } },
    y: { field: "ms", type: "quantitative", title: "confirmation latency (ms)" },
    color: runColor(runs.map((r) => r.label)),
    strokeDash: {
      field: "percentile", type: "nominal", title: "percentile",
      scale: { domain: ["p50", "p99"], range: [[1, 0], [5, 3]] },
      legend: { orient: "top", direction: "horizontal" },
    },
    detail: { field: "run", type: "nominal" },
    tooltip: [
      { field: "run", type: "nominal" },
      { field: "time_s", type: "quantitative", title: "second" },
      { field: "percentile", type: "nominal" },
      { field: "ms", type: "quantitative", title: "ms" },
    ],
  });
}

export function compareCdfSpec(runs: readonly CompareRun[]): ChartSpec {
  const values = runs.flatMap((run) => latencyCdfPoints(run.result.latency.cdf).map((point) => ({ run: run.label, ...point })));
  const missing = runs.filter((run) => latencyCdfPoints(run.result.latency.cdf).length === 0).map((run) => run.label);
  const note = missing.length === 0 ? "" : ` · no CDF for: ${missing.join(", ")}`;
  const all = values.map((v) => v.ms);
  const scale = latencyScale(all.length === 0 ? [] : [{ ms: Math.min(...all), fraction: 0 }, { ms: Math.max(...all), fraction: 1 }]);
  const log = "type" in scale ? " · log scale" : "";
  return lineChart("Latency distribution (CDF)", `fraction of each run's confirmed transactions within a latency${log}${note}`, values, {
    x: { field: "ms", type: "quantitative", title: "confirmation latency (ms)", scale },
    y: { field: "fraction", type: "quantitative", title: "fraction of transactions", scale: { domain: [0, 1] }, axis: { format: ".0%" } },
    color: runColor(runs.map((r) => r.label)),
    tooltip: [
      { field: "run", type: "nominal" },
      { field: "fraction", type: "quantitative", title: "fraction", format: ".2%" },
      { field: "ms", type: "quantitative", title: "within (ms)" },
    ],
  });
}

export function compareCharts(runs: readonly CompareRun[]): Chart[] {
  return [
    { name: "throughput", title: "Throughput", spec: compareThroughputSpec(runs) },
    { name: "latency", title: "Latency", spec: compareLatencySpec(runs) },
    { name: "latency-cdf", title: "Latency CDF", spec: compareCdfSpec(runs) },
  ];
}
