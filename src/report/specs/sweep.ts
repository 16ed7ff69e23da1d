/**
 * The charts of a sweep (many runs over a grid of parameters, several seeds per point): throughput against
 * offered load, latency against throughput (where the knee shows), and metrics against network size. Every
 * point is a mean across seeds with its 95% confidence interval drawn as an error bar or a band. The specs take
 * points already derived from a SweepSummary (src/report/sweep.ts), so each is a pure function of its input.
 */
import { formatNumber } from "../format.js";
import {
  CHART_CONFIG, CHART_HEIGHT_PX, CHART_WIDTH_PX, COLORS, siLabels, VEGA_LITE_SCHEMA, type ChartSpec, type ConcatEntry, type LayerEntry,
} from "./common.js";

/** One point of a sweep chart: a mean with its 95% interval [lo, hi], on the x interval [xLo, xHi]. */
export interface SweepPoint {
  /** The combination of the other axes this point belongs to (one line per series). */
  series: string;
  /** For charts with several metrics (latency p50 and p99): which one. */
  metric: string;
  x: number;
  xLo: number;
  xHi: number;
  y: number;
  yLo: number;
  yHi: number;
  /** Seeds behind the point. */
  n: number;
  /** Order along the line (the offered load, or the network size). */
  order: number;
}

const SERIES_COLORS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];

/** Up to this many series, the legend sits above the plot in one row; more go in a column on the right. */
const MAX_TOP_LEGEND = 4;

function seriesColor(series: readonly string[]) {
  const placement = series.length > MAX_TOP_LEGEND ? { orient: "right", direction: "vertical" } : { orient: "top", direction: "horizontal" };
  return {
    field: "series", type: "nominal", title: null,
    scale: { domain: [...series], range: series.map((_, i) => SERIES_COLORS[i % SERIES_COLORS.length] as string) },
    legend: series.length > 1 ? { ...placement, labelLimit: 260, symbolType: "stroke", symbolStrokeWidth: 2, symbolOpacity: 1 } : null,
  } as const;
}

const TOOLTIP = [
  { field: "series", type: "nominal", title: "series" },
  { field: "metric", type: "nominal", title: "metric" },
  { field: "x", type: "quantitative", title: "x", format: ",.4~f" },
  { field: "y", type: "quantitative", title: "mean", format: ",.4~f" },
  { field: "yLo", type: "quantitative", title: "95% CI low", format: ",.4~f" },
  { field: "yHi", type: "quantitative", title: "95% CI high", format: ",.4~f" },
  { field: "n", type: "quantitative", title: "seeds" },
] as const;

function values(points: readonly SweepPoint[]): Record<string, unknown>[] {
  return points.map((p) => ({ ...p }));
}

/** A log scale when the values span more than `ratio`× (network sizes 4…10,000; latencies past the knee). */
export function axisScale(all: readonly number[], ratio: number): { type: "log"; base?: number } | { type: "linear"; zero: boolean } {
  const positive = all.filter((v) => v > 0);
  const min = Math.min(...positive);
  const max = Math.max(...positive);
  return positive.length === all.length && positive.length > 1 && max / min > ratio ? { type: "log" } : { type: "linear", zero: true };
}

export interface ThroughputVsLoadInput {
  points: SweepPoint[];
  series: string[];
  xTitle: string;
  yTitle: string;
  seedsNote: string;
}

export function throughputVsLoadSpec(input: ThroughputVsLoadInput): ChartSpec {
  const maxX = Math.max(0, ...input.points.map((p) => Math.max(p.xHi, p.yHi)));
  const ideal = [{ x: 0, y: 0 }, { x: maxX, y: maxX }];
  const x = { field: "x", type: "quantitative", title: input.xTitle, scale: { zero: true } } as const;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: "Throughput vs offered load", subtitle: `mean committed throughput with its 95% confidence interval ${input.seedsNote}; dashed: committed = offered` },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX + 60,
    config: CHART_CONFIG,
    layer: [
      {
        data: { values: ideal },
        mark: { type: "line", color: COLORS.offered, strokeDash: [4, 4], strokeWidth: 1 },
        encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
      },
      {
        data: { values: values(input.points) },
        layer: [
          { mark: { type: "errorbar", ticks: true }, encoding: { x, y: { field: "yLo", type: "quantitative", title: input.yTitle }, y2: { field: "yHi" }, color: seriesColor(input.series) } },
          {
            mark: { type: "line", strokeWidth: 1.75, point: { filled: true, size: 36 } },
            encoding: { x, y: { field: "y", type: "quantitative", title: input.yTitle }, color: seriesColor(input.series), order: { field: "order" }, tooltip: [...TOOLTIP] },
          },
        ],
      },
    ],
  };
}

export interface KneeInput {
  points: SweepPoint[];
  series: string[];
  metrics: string[];
  xTitle: string;
  yTitle: string;
  seedsNote: string;
}

/** Latency against achieved throughput: the curve turns up where the system saturates (the knee). */
export function latencyVsThroughputSpec(input: KneeInput): ChartSpec {
  const yScale = axisScale(input.points.map((p) => p.y), 20);
  const x = { field: "x", type: "quantitative", title: input.xTitle, scale: { zero: true } } as const;
  const y = { field: "y", type: "quantitative", title: input.yTitle, scale: yScale } as const;
  const dashes = input.metrics.map((_, i) => (i === 0 ? [1, 0] : [5, 3 + i]));
  const color = seriesColor(input.series);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Latency vs throughput",
      subtitle: `each point one offered load, joined in order of load; bars: 95% confidence intervals ${input.seedsNote}${yScale.type === "log" ? "; log scale" : ""}`,
    },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX + 60,
    config: CHART_CONFIG,
    data: { values: values(input.points) },
    layer: [
      { mark: { type: "errorbar", ticks: true }, encoding: { x, y: { field: "yLo", type: "quantitative", title: input.yTitle }, y2: { field: "yHi" }, color, detail: { field: "metric", type: "nominal" } } },
      { mark: { type: "errorbar", ticks: true }, encoding: { y, x: { field: "xLo", type: "quantitative", title: input.xTitle }, x2: { field: "xHi" }, color, detail: { field: "metric", type: "nominal" } } },
      {
        mark: { type: "line", strokeWidth: 1.75, point: { filled: true, size: 36 } },
        encoding: {
          x, y, color, order: { field: "order" },
          strokeDash: {
            field: "metric", type: "nominal", title: null, scale: { domain: input.metrics, range: dashes },
            legend: input.metrics.length > 1 ? { orient: "top", direction: "horizontal", symbolType: "stroke", symbolStrokeWidth: 2, symbolStrokeColor: COLORS.text } : null,
          },
          tooltip: [...TOOLTIP],
        },
      },
    ],
  };
}

export interface SizePanel {
  metric: string;
  title: string;
  points: SweepPoint[];
}

export interface SizeInput {
  panels: SizePanel[];
  series: string[];
  sizes: number[];
  xTitle: string;
  seedsNote: string;
}

function sizePanel(panel: SizePanel, input: SizeInput, last: boolean): ConcatEntry {
  const xScale = axisScale(input.sizes, 7);
  const x = {
    field: "x", type: "quantitative", title: last ? input.xTitle : null,
    scale: xScale.type === "log" ? ({ type: "log", base: 2 } as const) : ({ zero: false, nice: false } as const),
    axis: { values: input.sizes, format: "~s" },
  } as const;
  const y = { field: "y", type: "quantitative", title: panel.title, axis: siLabels({ tickCount: 4 }), scale: { zero: true } } as const;
  const color = seriesColor(input.series);
  const layers: LayerEntry[] = [
    { mark: { type: "area", opacity: 0.16 }, encoding: { x, y: { field: "yLo", type: "quantitative", title: panel.title }, y2: { field: "yHi" }, color, order: { field: "order" } } },
    { mark: { type: "line", strokeWidth: 1.75, point: { filled: true, size: 30 } }, encoding: { x, y, color, order: { field: "order" }, tooltip: [...TOOLTIP] } },
  ];
  return { width: CHART_WIDTH_PX, height: 150, data: { values: values(panel.points) }, layer: layers } as ConcatEntry;
}

/** Small multiples, one panel per metric, all against the network size; bands: 95% confidence intervals. */
export function metricsVsSizeSpec(input: SizeInput): ChartSpec {
  const last = input.panels.length - 1;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Metrics vs network size",
      subtitle: `${input.sizes.map((s) => formatNumber(s)).join(", ")} nodes · mean and 95% confidence band ${input.seedsNote}`,
    },
    config: CHART_CONFIG,
    vconcat: input.panels.map((panel, i) => sizePanel(panel, input, i === last)),
    spacing: 12,
    resolve: { scale: { color: "shared" } },
  };
}
