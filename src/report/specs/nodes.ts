/**
 * Per-node resources: simulated CPU utilisation and bytes sent and received. Up to 32 nodes, one bar per node
 * coloured by region (three panels side by side for a handful of nodes, stacked otherwise); beyond that bars
 * become unreadable, so each metric becomes a heat map with a row per region and a cell per node (in id
 * order within the region).
 */
import type { RunResult } from "../../results/result.js";
import { CHART_CONFIG, CHART_WIDTH_PX, siLabels, VEGA_LITE_SCHEMA, type ChartSpec, type ConcatEntry } from "./common.js";

/** Above this many nodes the chart is a heat map by region. */
export const MAX_BAR_NODES = 32;
/** Up to this many nodes the three bar panels sit side by side. */
const MAX_SIDE_BY_SIDE_NODES = 6;
const BAR_STEP_PX = 36;
const SIDE_PANEL_WIDTH_PX = 210;

export interface NodeRow {
  node: string;
  id: number;
  region: string;
  /** Position of the node within its region (0-based, by id). */
  slot: number;
  cpu: number;
  sent: number;
  received: number;
}

export function nodeRows(result: RunResult): NodeRow[] {
  const perRegion = new Map<string, number>();
  return [...result.nodes]
    .sort((a, b) => a.id - b.id)
    .map((node) => {
      const slot = perRegion.get(node.region) ?? 0;
      perRegion.set(node.region, slot + 1);
      return {
        node: `n${node.id}`, id: node.id, region: node.region, slot,
        cpu: node.cpuUtilization, sent: node.sentBytes, received: node.receivedBytes,
      };
    });
}

interface Metric {
  field: "cpu" | "sent" | "received";
  title: string;
  /** Axis and legend labels: a d3 format, or SI units. */
  format: string | "si";
  scheme: "oranges" | "blues" | "greens";
}

const METRICS: Metric[] = [
  { field: "cpu", title: "CPU utilisation", format: ".0%", scheme: "oranges" },
  { field: "sent", title: "bytes sent", format: "si", scheme: "blues" },
  { field: "received", title: "bytes received", format: "si", scheme: "greens" },
];

const TOOLTIP = [
  { field: "node", type: "nominal", title: "node" },
  { field: "region", type: "nominal", title: "region" },
  { field: "cpu", type: "quantitative", title: "CPU", format: ".1%" },
  { field: "sent", type: "quantitative", title: "bytes sent", format: "," },
  { field: "received", type: "quantitative", title: "bytes received", format: "," },
] as const;

function axisFormat(metric: Metric, extra: Record<string, unknown>): Record<string, unknown> {
  return metric.format === "si" ? siLabels(extra) : { format: metric.format, ...extra };
}

interface BarLayout {
  sideBySide: boolean;
  widthPx: number;
}

function barLayout(nodeCount: number): BarLayout {
  const sideBySide = nodeCount <= MAX_SIDE_BY_SIDE_NODES;
  return { sideBySide, widthPx: sideBySide ? SIDE_PANEL_WIDTH_PX : Math.min(CHART_WIDTH_PX, nodeCount * BAR_STEP_PX) };
}

function barPanel(metric: Metric, order: string[], regions: string[], layout: BarLayout, last: boolean): ConcatEntry {
  const showNodes = layout.sideBySide || last;
  return {
    width: layout.widthPx,
    height: layout.sideBySide ? 160 : 110,
    mark: { type: "bar", cornerRadiusEnd: 2, width: { band: 0.72 } },
    encoding: {
      x: {
        field: "node", type: "ordinal", sort: order, title: showNodes ? "node" : null,
        axis: showNodes ? { labelAngle: 0 } : { labels: false, ticks: false },
      },
      y: {
        field: metric.field, type: "quantitative", title: metric.title,
        axis: axisFormat(metric, { tickCount: 4 }),
      },
      color: { field: "region", type: "nominal", scale: { domain: regions, scheme: "tableau10" }, legend: { orient: "top", title: "region" } },
      tooltip: [...TOOLTIP],
    },
  };
}

function heatPanel(metric: Metric, regions: string[], last: boolean): ConcatEntry {
  return {
    width: CHART_WIDTH_PX,
    height: { step: 18 },
    mark: { type: "rect" },
    encoding: {
      x: {
        field: "slot", type: "ordinal", title: last ? "nodes of the region, in id order" : null,
        axis: { labels: false, ticks: false, domain: false },
      },
      y: { field: "region", type: "nominal", sort: regions, title: null },
      color: {
        field: metric.field, type: "quantitative", title: metric.title,
        scale: { scheme: metric.scheme, zero: true },
        legend: metric.format === "si" ? siLabels({ gradientLength: 90 }) : { format: metric.format, gradientLength: 90 },
      },
      tooltip: [...TOOLTIP],
    },
  };
}

export function nodesSpec(result: RunResult): ChartSpec {
  const rows = nodeRows(result);
  const regions = [...new Set(rows.map((row) => row.region))];
  const heatMap = rows.length > MAX_BAR_NODES;
  const layout = barLayout(rows.length);
  const last = METRICS.length - 1;
  const order = rows.map((row) => row.node);
  const panels = METRICS.map((metric, i) =>
    heatMap ? heatPanel(metric, regions, i === last) : barPanel(metric, order, regions, layout, i === last),
  );
  const arrangement = !heatMap && layout.sideBySide ? { hconcat: panels, spacing: 24 } : { vconcat: panels, spacing: 10 };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Per-node CPU and traffic",
      subtitle: heatMap
        ? `${rows.length} nodes: one row per region, one cell per node`
        : "simulated CPU utilisation, bytes sent and received; colour: region",
    },
    config: CHART_CONFIG,
    data: { values: rows.map((row) => ({ ...row })) },
    ...arrangement,
    ...(heatMap ? { resolve: { scale: { color: "independent" } } } : {}),
  };
}
