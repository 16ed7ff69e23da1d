/**
 * `ledgersim compare <result-dir>...`: several runs side by side. compare.html (a table with each run a column,
 * and overlaid charts coloured by run), compare.csv (one row per run) and charts/*.svg, written atomically into
 * one directory. Every string from the runs (scenario names, protocol names, directories) is escaped on the
 * page and quoted in the CSV.
 */
import { browserLibraries } from "./assets.js";
import { COMPARE_FIELDS, compareCsv, runLabels, type CompareField, type CompareRun } from "./compare-table.js";
import { readRunDirectory } from "./directory.js";
import { html, type SafeHtml } from "./escape.js";
import type { RenderedChart } from "./html.js";
import { chartPageHtml, chartsSection } from "./page.js";
import { renderChartPngs } from "./png.js";
import type { ReportFiles } from "./render.js";
import { compareCharts } from "./specs/compare.js";
import { renderSvg } from "./svg.js";
import { writeDirectoryAtomically } from "../results/write.js";

export { compareCsv, runLabels, type CompareRun } from "./compare-table.js";

/**
 * Reads each directory's result.json and timeseries.csv and labels the runs. Errors start with "report:" and
 * name the directory (the CLI turns them into exit 104).
 */
export function loadCompareRuns(dirs: readonly string[]): CompareRun[] {
  if (dirs.length === 0) throw new Error("report: compare needs at least one result directory");
  const loaded = dirs.map((dir) => {
    try {
      return { dir, ...readRunDirectory(dir) };
    } catch (error) {
      const message = (error as Error).message.replace(/^report: /, "");
      throw new Error(`report: compare: ${dir} is not a readable run directory (${message})`);
    }
  });
  const labels = runLabels(loaded.map((run) => run.result));
  return loaded.map((run, i) => ({ ...run, label: labels[i] as string }));
}

function fieldRows(runs: readonly CompareRun[]): SafeHtml[] {
  let group = "";
  const rows: SafeHtml[] = [];
  const span = runs.length + 1;
  for (const field of COMPARE_FIELDS) {
    if (field.group !== group) {
      group = field.group;
      rows.push(html`<tr class="group"><td colspan="${span}">${group}</td></tr>`);
    }
    rows.push(html`<tr><td>${field.label}</td>${runs.map((run) => cell(field, run))}</tr>`);
  }
  return rows;
}

function cell(field: CompareField, run: CompareRun): SafeHtml {
  const verdict = field.verdict?.(run);
  const classes = ["num", field.wraps === true ? "wrap" : "", verdict === undefined ? "" : `verdict-${verdict}`].filter((c) => c !== "").join(" ");
  return html`<td class="${classes}">${field.text(run)}</td>`;
}

function tableSection(runs: readonly CompareRun[]): SafeHtml {
  const headings = runs.map((run) => html`<th scope="col" class="num">${run.label}</th>`);
  return html`<section id="table"><h2>Side by side</h2><div class="wide"><table class="side-by-side">
<thead><tr><th scope="col">metric</th>${headings}</tr></thead>
<tbody>${fieldRows(runs)}</tbody></table></div>
<p class="note">Throughput and latency cover each run's measurement window; latency is confirmation at each scenario's threshold. Per block: over committed blocks. The same table, one row per run: <code>compare.csv</code>.</p></section>`;
}

function comparePageHtml(runs: readonly CompareRun[], charts: readonly RenderedChart[]): string {
  const version = runs[0]?.result.manifest.version ?? "";
  const labels = runs.map((run) => run.label).join(" vs ");
  const main = html`<header><h1>Comparison of ${runs.length} runs</h1><p class="lede">${labels}</p></header>
${tableSection(runs)}
${chartsSection(charts, "One colour per run. Interactive (hover for values) when scripts run, static SVG otherwise.")}
<footer>ledgersim ${version} · data: compare.csv, and each run's result.json and timeseries.csv</footer>`;
  return chartPageHtml({ title: `${labels} — ledgersim comparison`, version, main, charts, libraries: browserLibraries() });
}

/** compare.html, compare.csv and charts/*.svg for `runs`, as name → content. Pure: same runs, same bytes. */
export async function renderCompareReport(runs: readonly CompareRun[]): Promise<ReportFiles> {
  const charts: RenderedChart[] = [];
  for (const chart of compareCharts(runs)) charts.push({ ...chart, svg: await renderSvg(chart.spec, `ls-${chart.name}`) });
  const files: Record<string, string> = {};
  for (const chart of charts) files[`charts/${chart.name}.svg`] = chart.svg + "\n";
  files["compare.csv"] = compareCsv(runs);
  files["compare.html"] = comparePageHtml(runs, charts);
  return { files };
}

/** Reads `dirs`, renders the comparison and writes it atomically into `outDir` (which must not exist yet). */
export async function writeCompareReport(dirs: readonly string[], outDir: string, options: { png?: boolean } = {}): Promise<void> {
  const runs = loadCompareRuns(dirs);
  const { files } = await renderCompareReport(runs);
  writeDirectoryAtomically(outDir, options.png === true ? { ...files, ...(await renderChartPngs(files)) } : files);
}
