/**
 * What every chart shares: the Vega-Lite spec type, sizes, fonts, colours, and the fault windows that the
 * time-series charts shade. Specs are plain data built by pure functions, so the same result always gives
 * the same spec (and, rendered, the same SVG).
 */
import type { TopLevelSpec } from "vega-lite";
import type { RunResult } from "../../results/result.js";

export type ChartSpec = TopLevelSpec;
/** One layer of a layered spec, and one panel of a concatenated spec (derived from the public type). */
export type LayerEntry = Extract<TopLevelSpec, { layer: unknown }>["layer"][number];
export type ConcatEntry = Extract<TopLevelSpec, { vconcat: unknown }>["vconcat"][number];

/** One chart of a report: its file name (charts/<name>.svg), a heading, and its spec. */
export interface Chart {
  name: string;
  title: string;
  spec: ChartSpec;
}

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Plot area of a full-width chart, in pixels (axes, titles and legends come on top). */
export const CHART_WIDTH_PX = 640;
export const CHART_HEIGHT_PX = 220;

/** A system font stack; server-side, vega estimates text widths from the font size, so no canvas is needed. */
export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

export const COLORS = {
  offered: "#9ca3af",
  committed: "#2563eb",
  p50: "#2563eb",
  p99: "#dc2626",
  fault: "#f59e0b",
  faultText: "#92400e",
  bar: "#4f46e5",
  text: "#111827",
  muted: "#6b7280",
  grid: "#e5e7eb",
};

/** Theme shared by all charts: quiet grid, left-aligned titles, readable sizes. */
export const CHART_CONFIG = {
  font: FONT_FAMILY,
  background: "white",
  padding: 8,
  view: { stroke: null },
  title: { anchor: "start", fontSize: 14, fontWeight: 600, color: COLORS.text, subtitleFontSize: 11, subtitleColor: COLORS.muted, offset: 10 },
  axis: {
    labelFontSize: 11, titleFontSize: 11, titleFontWeight: 500, labelColor: "#374151", titleColor: "#374151",
    gridColor: COLORS.grid, domainColor: "#9ca3af", tickColor: "#9ca3af",
  },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 500, labelColor: "#374151", titleColor: "#374151" },
  header: { labelFontSize: 11, titleFontSize: 12 },
} as const;

/**
 * Axis or legend labels in SI units (20k, 1.5M) with a plain "0": a bare "~s" format shares one prefix across all ticks,
 * which writes zero as "0k".
 */
export function siLabels(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { labelExpr: "datum.value === 0 ? '0' : format(datum.value, '~s')", ...extra };
}

/** A fault drawn as a shaded time window: crashes until recovery, partitions until healed (or the run's end). */
export interface FaultWindow {
  fromS: number;
  toS: number;
  label: string;
  detail: string;
}

function describeNodes(fault: RunResult["faults"][number]): string {
  if (fault.groups !== undefined && fault.groups.length > 0) {
    return fault.groups.map((group) => `{${group.join(",")}}`).join(" | ");
  }
  return fault.nodes.map((node) => `n${node}`).join(",");
}

export function faultWindows(result: RunResult): FaultWindow[] {
  const endS = result.manifest.simulatedSeconds;
  return result.faults.map((fault) => {
    const fromS = fault.atMs / 1000;
    const toS = fault.untilMs === undefined ? endS : fault.untilMs / 1000;
    const label = `${fault.kind} ${describeNodes(fault)}`;
    const until = fault.untilMs === undefined ? "until the end" : `until ${toS} s`;
    return { fromS, toS, label, detail: `${label}: from ${fromS} s ${until}` };
  });
}

/** The run's time axis: whole simulated seconds from 0 to the run's end. */
export function timeAxisDomain(result: RunResult, lastRowS: number): [number, number] {
  return [0, Math.max(result.manifest.simulatedSeconds, lastRowS + 1)];
}

/**
 * Layers shading each fault window and labelling it at the top of the plot; empty when the run had no faults.
 * The layers carry their own data, so they combine with any time-series layer on the same x scale.
 */
export function faultLayers(windows: readonly FaultWindow[]): LayerEntry[] {
  if (windows.length === 0) return [];
  const values = windows.map((w) => ({ ...w }));
  return [
    {
      data: { values },
      mark: { type: "rect", color: COLORS.fault, opacity: 0.14 },
      encoding: {
        x: { field: "fromS", type: "quantitative" },
        x2: { field: "toS" },
        tooltip: [{ field: "detail", type: "nominal", title: "fault" }],
      },
    },
    {
      data: { values },
      mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, fontSize: 10, color: COLORS.faultText },
      encoding: { x: { field: "fromS", type: "quantitative" }, y: { value: 0 }, text: { field: "label" } },
    },
  ];
}
