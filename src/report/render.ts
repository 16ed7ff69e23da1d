/**
 * A run's report files: `charts/<name>.svg` for each chart and `report.html`, as name → content, for the
 * caller to write atomically together with result.json and timeseries.csv. Rendering is asynchronous only
 * because vega's SVG export is; the output is a pure function of the inputs.
 */
import type { TimeseriesRow } from "../metrics/report.js";
import type { RunResult } from "../results/result.js";
import { browserLibraries } from "./assets.js";
import { runReportHtml, type RenderedChart } from "./html.js";
import { runCharts } from "./specs/index.js";
import { renderSvg } from "./svg.js";

export interface ReportFiles {
  /** Relative file name ("report.html", "charts/throughput.svg", …) → content. */
  files: Record<string, string>;
}

/** Renders every chart to SVG (in order, so vega's internal counters advance the same way every time). */
export async function renderRunCharts(result: RunResult, timeseries: readonly TimeseriesRow[]): Promise<RenderedChart[]> {
  const rendered: RenderedChart[] = [];
  for (const chart of runCharts(result, timeseries)) {
    rendered.push({ ...chart, svg: await renderSvg(chart.spec, `ls-${chart.name}`) });
  }
  return rendered;
}

/**
 * report.html and charts/*.svg for one run. `reproduce` is the command line that reruns it
 * (`ledgersim run <file> --seed N …`), shown verbatim (escaped) in the report.
 */
export async function renderRunReport(
  result: RunResult,
  timeseries: readonly TimeseriesRow[],
  reproduce: string,
): Promise<ReportFiles> {
  const charts = await renderRunCharts(result, timeseries);
  const files: Record<string, string> = {};
  for (const chart of charts) files[`charts/${chart.name}.svg`] = chart.svg + "\n";
  files["report.html"] = runReportHtml({ result, charts, reproduce, libraries: browserLibraries() });
  return { files };
}
