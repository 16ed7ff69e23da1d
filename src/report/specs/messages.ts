/**
 * Messages and bytes by type: two bar panels side by side, message types sorted by count (then name), so the
 * protocol's chatty phases stand out. From result.json `messages.byType`.
 */
import type { RunResult } from "../../results/result.js";
import { formatBytes, formatNumber } from "../format.js";
import { CHART_CONFIG, COLORS, siLabels, VEGA_LITE_SCHEMA, type ChartSpec, type ConcatEntry } from "./common.js";

export interface MessageTypeRow {
  type: string;
  count: number;
  bytes: number;
}

/** One row per message type, most numerous first; ties in name order (code units, locale-independent). */
export function messageRows(result: RunResult): MessageTypeRow[] {
  return Object.entries(result.messages.byType)
    .map(([type, stats]) => ({ type, count: stats.count, bytes: stats.bytes }))
    .sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

const PANEL_WIDTH_PX = 280;
const BAR_STEP_PX = 22;

function panel(field: "count" | "bytes", title: string, order: string[], showTypes: boolean): ConcatEntry {
  const x = { field, type: "quantitative", title, axis: siLabels(), scale: { nice: true } } as const;
  return {
    width: PANEL_WIDTH_PX,
    height: { step: BAR_STEP_PX },
    encoding: {
      y: {
        field: "type", type: "nominal", sort: order, title: showTypes ? "message type" : null,
        axis: showTypes ? { labelLimit: 160 } : { labels: false, ticks: false },
      },
      tooltip: [
        { field: "type", type: "nominal", title: "type" },
        { field: "count", type: "quantitative", title: "messages", format: "," },
        { field: "bytes", type: "quantitative", title: "bytes", format: "," },
      ],
    },
    layer: [
      { mark: { type: "bar", color: COLORS.bar, cornerRadiusEnd: 2 }, encoding: { x } },
      {
        // The value at the end of each bar: small counts (view changes) are otherwise invisible next to requests.
        mark: { type: "text", align: "left", baseline: "middle", dx: 4, fontSize: 10, color: COLORS.muted },
        encoding: { x, text: { field, type: "quantitative", format: ".3~s" } },
      },
    ],
  };
}

export function messagesSpec(result: RunResult): ChartSpec {
  const rows = messageRows(result);
  const order = rows.map((row) => row.type);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Messages and bytes by type",
      subtitle: `${formatNumber(result.messages.total)} messages, ${formatBytes(result.messages.bytes)} in all (whole run, all nodes)`,
    },
    config: CHART_CONFIG,
    data: { values: rows.map((row) => ({ ...row })) },
    hconcat: [panel("count", "messages", order, true), panel("bytes", "bytes", order, false)],
    spacing: 44,
  };
}
