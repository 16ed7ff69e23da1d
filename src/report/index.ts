/**
 * Reports (ARCHITECTURE §6): Vega-Lite chart specs, deterministic server-side SVG, and self-contained HTML for
 * a run (report.html), for several runs side by side (compare.html) and for a sweep (sweep.html).
 */
export { readRunDirectory, renderReportFromDirectory, parseTimeseriesCsv } from "./directory.js";
export { renderRunReport, renderRunCharts, type ReportFiles } from "./render.js";
export { runCharts, type Chart, type ChartSpec } from "./specs/index.js";
export { compileChart, renderSvg } from "./svg.js";
export { renderChartPngs } from "./png.js";
export { loadCompareRuns, renderCompareReport, writeCompareReport, compareCsv, runLabels, type CompareRun } from "./compare.js";
export {
  renderSweepReport, type SweepMetricStat, type SweepReportOptions, type SweepRow, type SweepSummary,
} from "./sweep.js";
