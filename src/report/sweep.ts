/**
 * The sweep report: `renderSweepReport(summary)` turns a SweepSummary (one row per grid point, each metric's
 * mean, 95% confidence half-width and seed count) into sweep.html and charts/*.svg — throughput vs offered
 * load, latency vs throughput (the knee) and metrics vs network size, each drawn only when the sweep varies
 * what it needs. The evaluation engine builds the summary and writes the files; nothing here runs a
 * simulation. Same summary, same bytes.
 */
import { browserLibraries } from "./assets.js";
import { html, type SafeHtml } from "./escape.js";
import { formatNumber } from "./format.js";
import type { RenderedChart } from "./html.js";
import { chartPageHtml, chartsSection } from "./page.js";
import type { ReportFiles } from "./render.js";
import type { Chart } from "./specs/common.js";
import { latencyVsThroughputSpec, metricsVsSizeSpec, throughputVsLoadSpec, type SweepPoint } from "./specs/sweep.js";
import { renderSvg } from "./svg.js";
import { VERSION } from "../version.js";

/** One metric at one grid point, over its seeds. */
export interface SweepMetricStat {
  mean: number;
  /** Half-width of the 95% confidence interval of the mean (Student t), ≥ 0; 0 (or NaN) when n < 2. */
  ci95: number;
  /** Seeds (runs) behind the mean. */
  n: number;
}

/** One grid point: the values of the swept parameters, and the metrics measured there. */
export interface SweepRow {
  /** Axis name → value, e.g. { "workload.arrival.rate": 1000, "protocol.name": "pbft" }. */
  params: Record<string, number | string>;
  /** Metric key (a result.json path, as in criteria: "throughput.tps", "latency.p99Ms") → statistics. */
  metrics: Record<string, SweepMetricStat>;
}

export interface SweepSummary {
  /** The sweep's name (usually the scenario's), the page's heading. */
  name: string;
  /** The parameters the sweep varies, in order: every row's `params` has each of them. */
  axes: string[];
  rows: SweepRow[];
  description?: string;
  /** The command line that reruns the sweep, shown verbatim (escaped). */
  reproduce?: string;
}

export interface SweepReportOptions {
  /** The axis that sets the offered load (default "workload.arrival.rate"). */
  loadAxis?: string;
  /** The axis that sets the network size (default "nodes.count"). */
  sizeAxis?: string;
  /** Achieved throughput (default "throughput.tps"). */
  throughputMetric?: string;
  /** Offered load as measured; when a row lacks it, the load axis value is used (default "throughput.offeredTps"). */
  offeredMetric?: string;
  /** Latencies drawn against throughput (default ["latency.p50Ms", "latency.p99Ms"]; those present are drawn). */
  latencyMetrics?: string[];
  /** Metrics drawn against network size (default: throughput, p99 latency, messages and bytes; those present). */
  sizeMetrics?: string[];
}

const DEFAULTS: Required<SweepReportOptions> = {
  loadAxis: "workload.arrival.rate",
  sizeAxis: "nodes.count",
  throughputMetric: "throughput.tps",
  offeredMetric: "throughput.offeredTps",
  latencyMetrics: ["latency.p50Ms", "latency.p99Ms"],
  sizeMetrics: ["throughput.tps", "latency.p99Ms", "messages.total", "messages.bytes"],
};

const METRIC_TITLES: Record<string, string> = {
  "throughput.tps": "committed throughput (tx/s)",
  "throughput.offeredTps": "offered load (tx/s)",
  "latency.p50Ms": "p50 latency (ms)",
  "latency.p90Ms": "p90 latency (ms)",
  "latency.p99Ms": "p99 latency (ms)",
  "latency.meanMs": "mean latency (ms)",
  "messages.total": "messages",
  "messages.bytes": "bytes sent",
};

const titleOf = (key: string): string => METRIC_TITLES[key] ?? key;

/** Checks the summary; errors name the row and the field, for the engineer building it. */
export function validateSweepSummary(summary: SweepSummary): void {
  const fail = (what: string): never => {
    throw new Error(`renderSweepReport: ${what}`);
  };
  if (!Array.isArray(summary.axes) || summary.axes.some((a) => typeof a !== "string")) fail("axes must be an array of parameter names");
  if (!Array.isArray(summary.rows)) fail("rows must be an array");
  summary.rows.forEach((row, i) => {
    for (const axis of summary.axes) {
      const value = row.params?.[axis];
      if (typeof value !== "string" && !(typeof value === "number" && Number.isFinite(value))) {
        fail(`rows[${i}].params['${axis}'] must be a finite number or a string, got ${String(value)}`);
      }
    }
    for (const [key, stat] of Object.entries(row.metrics ?? {})) {
      const at = `rows[${i}].metrics['${key}']`;
      if (!Number.isFinite(stat.mean)) fail(`${at}.mean must be a finite number, got ${String(stat.mean)}`);
      if (!Number.isInteger(stat.n) || stat.n < 1) fail(`${at}.n must be a positive integer, got ${String(stat.n)}`);
      const ciOk = (Number.isFinite(stat.ci95) && stat.ci95 >= 0) || (stat.n < 2 && Number.isNaN(stat.ci95));
      if (!ciOk) fail(`${at}.ci95 must be a finite number ≥ 0 (NaN allowed only when n < 2), got ${String(stat.ci95)}`);
    }
  });
}

const halfWidth = (stat: SweepMetricStat): number => (Number.isFinite(stat.ci95) ? stat.ci95 : 0);

/** "pbft · sm · rate=1000": the values of the axes other than `excluded`, the series a row belongs to. */
export function seriesLabel(summary: SweepSummary, row: SweepRow, excluded: readonly string[]): string {
  const parts = summary.axes.filter((a) => !excluded.includes(a)).map((axis) => {
    const value = row.params[axis] as number | string;
    return typeof value === "string" ? value : `${axis.split(".").pop() as string}=${value}`;
  });
  return parts.length === 0 ? "all" : parts.join(" · ");
}

/** Series in the order their first row appears in the summary (so colours follow the evaluator's order). */
function seriesOrder(points: readonly SweepPoint[]): string[] {
  return [...new Set(points.map((p) => p.series))];
}

/** A copy sorted by series (first appearance), metric, then position along the line. */
function byOrder(points: readonly SweepPoint[]): SweepPoint[] {
  const rank = new Map(seriesOrder(points).map((series, i) => [series, i]));
  const metricRank = new Map([...new Set(points.map((p) => p.metric))].map((metric, i) => [metric, i]));
  return [...points].sort((a, b) =>
    (rank.get(a.series) as number) - (rank.get(b.series) as number) ||
    (metricRank.get(a.metric) as number) - (metricRank.get(b.metric) as number) ||
    a.order - b.order);
}

function seedsNote(summary: SweepSummary): string {
  const ns = summary.rows.flatMap((row) => Object.values(row.metrics).map((s) => s.n));
  if (ns.length === 0) return "";
  const lo = Math.min(...ns);
  const hi = Math.max(...ns);
  return lo === hi ? `over ${lo} seeds` : `over ${lo}–${hi} seeds`;
}

function throughputChart(summary: SweepSummary, o: Required<SweepReportOptions>): Chart | undefined {
  if (!summary.axes.includes(o.loadAxis)) return undefined;
  const points: SweepPoint[] = [];
  for (const row of summary.rows) {
    const tps = row.metrics[o.throughputMetric];
    const load = row.params[o.loadAxis];
    if (tps === undefined || typeof load !== "number") continue;
    const offered = row.metrics[o.offeredMetric];
    const x = offered?.mean ?? load;
    const dx = offered === undefined ? 0 : halfWidth(offered);
    const dy = halfWidth(tps);
    points.push({ series: seriesLabel(summary, row, [o.loadAxis]), metric: titleOf(o.throughputMetric), x, xLo: x - dx, xHi: x + dx, y: tps.mean, yLo: tps.mean - dy, yHi: tps.mean + dy, n: tps.n, order: load });
  }
  if (points.length === 0) return undefined;
  const xTitle = summary.rows.some((r) => r.metrics[o.offeredMetric] !== undefined) ? titleOf(o.offeredMetric) : `offered load (${o.loadAxis})`;
  const spec = throughputVsLoadSpec({ points: byOrder(points), series: seriesOrder(points), xTitle, yTitle: titleOf(o.throughputMetric), seedsNote: seedsNote(summary) });
  return { name: "throughput-vs-load", title: "Throughput vs offered load", spec };
}

function kneeChart(summary: SweepSummary, o: Required<SweepReportOptions>): Chart | undefined {
  const metrics = o.latencyMetrics.filter((m) => summary.rows.some((r) => r.metrics[m] !== undefined));
  const points: SweepPoint[] = [];
  const loadVaries = summary.axes.includes(o.loadAxis);
  for (const row of summary.rows) {
    const tps = row.metrics[o.throughputMetric];
    if (tps === undefined) continue;
    const load = row.params[o.loadAxis];
    const dx = halfWidth(tps);
    for (const metric of metrics) {
      const lat = row.metrics[metric];
      if (lat === undefined) continue;
      const dy = halfWidth(lat);
      points.push({
        series: seriesLabel(summary, row, loadVaries ? [o.loadAxis] : []), metric: titleOf(metric),
        x: tps.mean, xLo: tps.mean - dx, xHi: tps.mean + dx, y: lat.mean, yLo: Math.max(lat.mean - dy, lat.mean / 10), yHi: lat.mean + dy,
        n: Math.min(tps.n, lat.n), order: typeof load === "number" ? load : tps.mean,
      });
    }
  }
  if (points.length < 2) return undefined;
  const yTitle = metrics.length === 1 ? titleOf(metrics[0] as string) : "confirmation latency (ms)";
  const spec = latencyVsThroughputSpec({
    points: byOrder(points), series: seriesOrder(points), metrics: metrics.map(titleOf), xTitle: titleOf(o.throughputMetric), yTitle, seedsNote: seedsNote(summary),
  });
  return { name: "latency-vs-throughput", title: "Latency vs throughput", spec };
}

function sizeChart(summary: SweepSummary, o: Required<SweepReportOptions>): Chart | undefined {
  if (!summary.axes.includes(o.sizeAxis)) return undefined;
  const sizes = [...new Set(summary.rows.map((r) => r.params[o.sizeAxis]).filter((v): v is number => typeof v === "number"))].sort((a, b) => a - b);
  if (sizes.length < 2) return undefined;
  const panels = o.sizeMetrics.filter((m) => summary.rows.some((r) => r.metrics[m] !== undefined)).map((metric) => {
    const points: SweepPoint[] = [];
    for (const row of summary.rows) {
      const stat = row.metrics[metric];
      const size = row.params[o.sizeAxis];
      if (stat === undefined || typeof size !== "number") continue;
      const d = halfWidth(stat);
      points.push({ series: seriesLabel(summary, row, [o.sizeAxis]), metric: titleOf(metric), x: size, xLo: size, xHi: size, y: stat.mean, yLo: stat.mean - d, yHi: stat.mean + d, n: stat.n, order: size });
    }
    return { metric, title: titleOf(metric), points: byOrder(points) };
  });
  if (panels.length === 0) return undefined;
  const series = seriesOrder(panels.flatMap((p) => p.points));
  const spec = metricsVsSizeSpec({ panels, series, sizes, xTitle: `network size (${o.sizeAxis})`, seedsNote: seedsNote(summary) });
  return { name: "metrics-vs-size", title: "Metrics vs network size", spec };
}

/** The charts a summary supports, in page order (each only when the sweep varies what it needs). */
export function sweepCharts(summary: SweepSummary, options: SweepReportOptions = {}): Chart[] {
  const o = { ...DEFAULTS, ...options };
  return [throughputChart(summary, o), kneeChart(summary, o), sizeChart(summary, o)].filter((c): c is Chart => c !== undefined);
}

function statText(stat: SweepMetricStat | undefined): string {
  if (stat === undefined) return "—";
  const digits = Math.abs(stat.mean) >= 100 ? 1 : 3;
  return `${formatNumber(stat.mean, digits)} ± ${formatNumber(halfWidth(stat), digits)}`;
}

function tableSection(summary: SweepSummary): SafeHtml {
  const metrics = [...new Set(summary.rows.flatMap((r) => Object.keys(r.metrics)))].sort();
  const head = html`<tr>${summary.axes.map((a) => html`<th scope="col">${a}</th>`)}${metrics.map((m) => html`<th scope="col" class="num">${m}</th>`)}<th class="num">seeds</th></tr>`;
  const rows = summary.rows.map((row) => {
    const seeds = Math.max(0, ...Object.values(row.metrics).map((s) => s.n));
    return html`<tr>${summary.axes.map((a) => html`<td>${String(row.params[a])}</td>`)}${metrics.map((m) => html`<td class="num">${statText(row.metrics[m])}</td>`)}<td class="num">${seeds}</td></tr>`;
  });
  return html`<section id="table"><h2>Grid points</h2><div class="wide"><table class="side-by-side"><thead>${head}</thead><tbody>${rows}</tbody></table></div>
<p class="note">Each cell: mean ± half-width of the 95% confidence interval across seeds.</p></section>`;
}

function sweepPageHtml(summary: SweepSummary, charts: readonly RenderedChart[]): string {
  const facts = `${formatNumber(summary.rows.length)} grid points · varies ${summary.axes.join(", ") || "nothing"} · ${seedsNote(summary)}`;
  const main = html`<header><h1><span class="scenario-name">${summary.name}</span> — sweep</h1><p class="lede">${facts}</p>${summary.description === undefined ? "" : html`\n<p class="lede">${summary.description}</p>`}</header>
${charts.length === 0 ? html`<section id="charts"><h2>Charts</h2><p class="note">This sweep varies neither the offered load nor the network size, so there is nothing to plot; see the table.</p></section>` : chartsSection(charts, "Means across seeds with 95% confidence intervals. Interactive when scripts run, static SVG otherwise.")}
${tableSection(summary)}
${summary.reproduce === undefined ? "" : html`<section id="reproduce"><h2>Reproduce</h2><pre class="reproduce"><code>${summary.reproduce}</code></pre></section>`}
<footer>ledgersim ${VERSION} · sweep report</footer>`;
  return chartPageHtml({ title: `${summary.name} — ledgersim sweep`, version: VERSION, main, charts, libraries: browserLibraries() });
}

/**
 * sweep.html and charts/<name>.svg (throughput-vs-load, latency-vs-throughput, metrics-vs-size, those that
 * apply) as name → content, for the caller to write (e.g. with writeDirectoryAtomically). Throws on a
 * malformed summary, naming the row and field.
 */
export async function renderSweepReport(summary: SweepSummary, options: SweepReportOptions = {}): Promise<ReportFiles> {
  validateSweepSummary(summary);
  const charts: RenderedChart[] = [];
  for (const chart of sweepCharts(summary, options)) charts.push({ ...chart, svg: await renderSvg(chart.spec, `ls-${chart.name}`) });
  const files: Record<string, string> = {};
  for (const chart of charts) files[`charts/${chart.name}.svg`] = chart.svg + "\n";
  files["sweep.html"] = sweepPageHtml(summary, charts);
  return { files };
}
