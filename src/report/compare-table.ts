/**
 * The comparison table as data: one field per row of compare.html (each run a column) and per column of
 * compare.csv (each run a row). Each field has a raw value (for the CSV, unformatted) and a display text (for
 * the page, formatted as in report.html), so both files always show the same metrics in the same order.
 */
import type { TimeseriesRow } from "../metrics/report.js";
import type { RunResult } from "../results/result.js";
import { formatBytes, formatMs, formatNumber } from "./format.js";
import { criterionText } from "./summary.js";

/** One run in a comparison: its directory, its label (legend and column heading) and what it measured. */
export interface CompareRun {
  dir: string;
  label: string;
  result: RunResult;
  timeseries: TimeseriesRow[];
}

type Raw = number | string | boolean | null;

export interface CompareField {
  /** Heading of the group the row belongs to on the page. */
  group: string;
  /** Row label on the page. */
  label: string;
  /** Column name in compare.csv. */
  column: string;
  raw(run: CompareRun): Raw;
  text(run: CompareRun): string;
  /** "pass"/"fail" colouring of verdicts. */
  verdict?(run: CompareRun): "pass" | "fail";
  /** Long text (paths) that may wrap in its cell. */
  wraps?: boolean;
}

function scenarioText(result: RunResult, path: readonly string[]): string | undefined {
  let value: unknown = result.scenario;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

export function protocolOf(result: RunResult): string {
  return scenarioText(result, ["protocol", "name"]) ?? "unknown";
}

export function suiteOf(result: RunResult): string {
  return scenarioText(result, ["crypto", "suite"]) ?? result.nodes[0]?.suite ?? "unknown";
}

export function scenarioNameOf(result: RunResult): string {
  return scenarioText(result, ["name"]) ?? "unnamed";
}

/**
 * Labels for the legend: "protocol/suite"; where two runs share one, the seed is added, and where that is not
 * enough either, a running number — so every run keeps a distinct colour.
 */
export function runLabels(results: readonly RunResult[]): string[] {
  const base = results.map((r) => `${protocolOf(r)}/${suiteOf(r)}`);
  const count = (labels: string[], label: string): number => labels.filter((l) => l === label).length;
  const withSeed = base.map((label, i) => (count(base, label) > 1 ? `${label} seed ${(results[i] as RunResult).manifest.seed}` : label));
  const seen = new Map<string, number>();
  return withSeed.map((label) => {
    if (count(withSeed, label) === 1) return label;
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    return `${label} #${n}`;
  });
}

/** Per committed block; null when no block was committed. */
function perBlock(total: number, result: RunResult): number | null {
  return result.blocks.committed > 0 ? Math.round((total / result.blocks.committed) * 1000) / 1000 : null;
}

function numberField(group: string, label: string, column: string, get: (r: RunResult) => number | null, show: (v: number) => string): CompareField {
  return {
    group, label, column,
    raw: (run) => get(run.result),
    text: (run) => {
      const value = get(run.result);
      return value === null ? "—" : show(value);
    },
  };
}

function textField(group: string, label: string, column: string, get: (run: CompareRun) => string): CompareField {
  return { group, label, column, raw: get, text: get };
}

/** A confirmation-latency statistic; none ("—") when no transaction of the window was confirmed. */
const latency = (label: string, column: string, get: (r: RunResult) => number): CompareField =>
  numberField("Latency (confirmation)", label, column, (r) => (r.latency.confirmed === 0 ? null : get(r)), formatMs);

function criteriaText(result: RunResult): string {
  const failed = result.criteria.filter((c) => !c.pass);
  if (result.criteria.length === 0) return "none stated";
  const head = `${result.criteria.length - failed.length} of ${result.criteria.length} pass`;
  return failed.length === 0 ? head : `${head}; failed: ${failed.map((c) => `${c.metric} ${c.op} ${criterionText(c.threshold)} (${criterionText(c.value)})`).join(", ")}`;
}

export const COMPARE_FIELDS: readonly CompareField[] = [
  textField("Run", "scenario", "scenario", (run) => scenarioNameOf(run.result)),
  textField("Run", "protocol", "protocol", (run) => protocolOf(run.result)),
  numberField("Run", "nodes", "nodes", (r) => r.nodes.length, (v) => formatNumber(v)),
  textField("Run", "crypto suite", "suite", (run) => suiteOf(run.result)),
  numberField("Run", "seed", "seed", (r) => r.manifest.seed, (v) => String(v)),
  numberField("Run", "simulated", "simulated_s", (r) => r.manifest.simulatedSeconds, (v) => `${formatNumber(v, 3).replace(/\.?0+$/, "")} s`),
  numberField("Throughput", "committed", "tps", (r) => r.throughput.tps, (v) => `${formatNumber(v, 1)} tx/s`),
  numberField("Throughput", "offered", "offered_tps", (r) => r.throughput.offeredTps, (v) => `${formatNumber(v, 1)} tx/s`),
  numberField("Throughput", "committed in window", "committed", (r) => r.throughput.committed, (v) => formatNumber(v)),
  latency("p50", "p50_ms", (r) => r.latency.p50Ms),
  latency("p90", "p90_ms", (r) => r.latency.p90Ms),
  latency("p95", "p95_ms", (r) => r.latency.p95Ms),
  latency("p99", "p99_ms", (r) => r.latency.p99Ms),
  latency("p99.9", "p999_ms", (r) => r.latency.p999Ms),
  latency("max", "max_ms", (r) => r.latency.maxMs),
  latency("mean", "mean_ms", (r) => r.latency.meanMs),
  numberField("Blocks and messages", "blocks committed", "blocks", (r) => r.blocks.committed, (v) => formatNumber(v)),
  numberField("Blocks and messages", "transactions per block", "txs_per_block", (r) => r.blocks.txsPerBlock.mean, (v) => formatNumber(v, 1)),
  numberField("Blocks and messages", "messages", "messages", (r) => r.messages.total, (v) => formatNumber(v)),
  numberField("Blocks and messages", "bytes", "bytes", (r) => r.messages.bytes, formatBytes),
  numberField("Blocks and messages", "messages per block", "messages_per_block", (r) => perBlock(r.messages.total, r), (v) => formatNumber(v, 1)),
  numberField("Blocks and messages", "bytes per block", "bytes_per_block", (r) => perBlock(r.messages.bytes, r), formatBytes),
  numberField("Blocks and messages", "view / leader changes", "view_changes", (r) => r.viewChanges, (v) => formatNumber(v)),
  {
    group: "Verdicts", label: "safety", column: "safety_ok",
    raw: (run) => run.result.safety.ok,
    text: (run) => (run.result.safety.ok ? "OK" : `VIOLATED (${formatNumber(run.result.safety.count)})`),
    verdict: (run) => (run.result.safety.ok ? "pass" : "fail"),
  },
  {
    group: "Verdicts", label: "liveness", column: "liveness_ok",
    raw: (run) => run.result.liveness.ok,
    text: (run) => (run.result.liveness.ok ? "OK" : "STALLED") + (run.result.liveness.count > 0 ? ` (${formatNumber(run.result.liveness.count)} stalls)` : ""),
    verdict: (run) => (run.result.liveness.ok ? "pass" : "fail"),
  },
  {
    group: "Verdicts", label: "criteria", column: "criteria_passed",
    raw: (run) => run.result.criteria.filter((c) => c.pass).length,
    text: (run) => criteriaText(run.result),
    verdict: (run) => (run.result.criteria.every((c) => c.pass) ? "pass" : "fail"),
  },
  numberField("Verdicts", "criteria stated", "criteria_total", (r) => r.criteria.length, (v) => formatNumber(v)),
  { ...textField("Provenance", "result hash", "result_hash", (run) => run.result.manifest.resultHash), text: (run) => `${run.result.manifest.resultHash.slice(0, 16)}…` },
  textField("Provenance", "version", "version", (run) => run.result.manifest.version),
  { ...textField("Provenance", "directory", "dir", (run) => run.dir), wraps: true },
];

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. Text that a spreadsheet would
 * run as a formula (leading =, +, -, @, tab or CR) gets a leading apostrophe (OWASP "CSV injection").
 */
export function csvCell(value: Raw): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** compare.csv: a header, then one row per run (label first), in the order the runs were given. */
export function compareCsv(runs: readonly CompareRun[]): string {
  const lines = [["run", ...COMPARE_FIELDS.map((f) => f.column)].join(",")];
  for (const run of runs) lines.push([csvCell(run.label), ...COMPARE_FIELDS.map((f) => csvCell(f.raw(run)))].join(","));
  return lines.join("\n") + "\n";
}
