/**
 * Reports (ARCHITECTURE §6): Vega-Lite chart specs, deterministic server-side SVG, and a self-contained
 * report.html for a run. Compare and sweep reports come later.
 */
export { renderReportFromDirectory, parseTimeseriesCsv } from "./directory.js";
export { renderRunReport, renderRunCharts, type ReportFiles } from "./render.js";
export { runCharts, type Chart, type ChartSpec } from "./specs/index.js";
export { compileChart, renderSvg } from "./svg.js";
