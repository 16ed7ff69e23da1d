/**
 * Block propagation (proof of work): for the blocks that ended on the main chain, the CDF of the time from a
 * block's mining until 50%, 90% and 100% of the nodes had validated it (Decker & Wattenhofer 2013's measure).
 * Drawn from result.json `protocol.propagation`, which the Nakamoto observer writes; other protocols have no
 * such section and get no chart. The input is read defensively: result.json is a file a user may have edited.
 */
import type { RunResult } from "../../results/result.js";
import { formatMs, formatNumber } from "../format.js";
import { CHART_CONFIG, CHART_HEIGHT_PX, CHART_WIDTH_PX, VEGA_LITE_SCHEMA, type ChartSpec } from "./common.js";

/** The propagation thresholds drawn: result field of each block row → series label. */
export const PROPAGATION_SERIES = [
  { field: "p50Ms", label: "50% of nodes", color: "#60a5fa" },
  { field: "p90Ms", label: "90% of nodes", color: "#2563eb" },
  { field: "p100Ms", label: "all nodes", color: "#1e3a8a" },
] as const;

/** One main-chain block's propagation times (ms from mining; null if the threshold was never reached). */
export interface PropagationBlockRow {
  height: number;
  p50Ms: number | null;
  p90Ms: number | null;
  p100Ms: number | null;
}

/** What this chart reads of `protocol.propagation`: per-block rows, and the count over every block. */
export interface PropagationInput {
  blocks: PropagationBlockRow[];
  /** Main-chain blocks measured (the rows may be capped; the summaries cover them all). */
  blockCount: number;
  /** Median time to 90% of the nodes, over every block, if the summary is present. */
  median90Ms?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function msOrNull(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

/** The propagation section of a result, or undefined when it has none (or not in the expected shape). */
export function propagationInput(result: RunResult): PropagationInput | undefined {
  const section = result.protocol?.["propagation"];
  if (!isRecord(section) || !Array.isArray(section["blocks"])) return undefined;
  const blocks: PropagationBlockRow[] = section["blocks"].filter(isRecord).map((row) => ({
    height: typeof row["height"] === "number" ? row["height"] : 0,
    p50Ms: msOrNull(row["p50Ms"]),
    p90Ms: msOrNull(row["p90Ms"]),
    p100Ms: msOrNull(row["p100Ms"]),
  }));
  if (blocks.length === 0) return undefined;
  const to90 = section["to90PercentMs"];
  const count = isRecord(to90) && typeof to90["count"] === "number" ? to90["count"] : blocks.length;
  const median = isRecord(to90) ? msOrNull(to90["p50"]) : null;
  return { blocks, blockCount: Math.max(count, blocks.length), ...(median === null ? {} : { median90Ms: median }) };
}

/** Long form: per series, the blocks' times in ascending order with the running fraction of blocks. */
export function propagationCdfRows(input: PropagationInput): { series: string; ms: number; fraction: number }[] {
  const total = input.blocks.length;
  return PROPAGATION_SERIES.flatMap(({ field, label }) => {
    const times = input.blocks.map((b) => b[field]).filter((ms): ms is number => ms !== null).sort((a, b) => a - b);
    return times.map((ms, i) => ({ series: label, ms, fraction: Math.round(((i + 1) / total) * 1e6) / 1e6 }));
  });
}

export function propagationSpec(input: PropagationInput): ChartSpec {
  const shown = input.blocks.length;
  const scope = shown < input.blockCount ? `first ${formatNumber(shown)} of ${formatNumber(input.blockCount)}` : formatNumber(shown);
  const median = input.median90Ms === undefined ? "" : ` · median time to 90% of nodes ${formatMs(input.median90Ms)}`;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "Block propagation (CDF)",
      subtitle: [`time from mining until 50%, 90% and all of the nodes had validated the block`, `${scope} main-chain blocks${median}`],
    },
    width: CHART_WIDTH_PX,
    height: CHART_HEIGHT_PX,
    config: CHART_CONFIG,
    data: { values: propagationCdfRows(input) },
    mark: { type: "line", strokeWidth: 2, interpolate: "step-after" },
    encoding: {
      x: { field: "ms", type: "quantitative", title: "time since the block was mined (ms)" },
      y: {
        field: "fraction", type: "quantitative", title: "fraction of blocks",
        scale: { domain: [0, 1] }, axis: { format: ".0%" },
      },
      color: {
        field: "series", type: "nominal", title: "reached",
        scale: { domain: PROPAGATION_SERIES.map((s) => s.label), range: PROPAGATION_SERIES.map((s) => s.color) },
        legend: { orient: "top", direction: "horizontal" },
      },
      tooltip: [
        { field: "series", type: "nominal", title: "reached" },
        { field: "ms", type: "quantitative", title: "ms" },
        { field: "fraction", type: "quantitative", title: "of blocks", format: ".1%" },
      ],
    },
  };
}
