/**
 * The page shell that compare.html and sweep.html share with report.html: the same Content-Security-Policy
 * (no network), stylesheet, inlined Vega libraries and embedding script, and the same chart figures (an
 * interactive chart where scripts run, the server-rendered SVG where they do not). The caller supplies the
 * sections, built with the escaping `html` template.
 */
import { html, jsonForScript, scriptText, trusted, type SafeHtml } from "./escape.js";
import { chartFigure, CSP, EMBED_SCRIPT, type RenderedChart } from "./html.js";
import { PAGE_CSS } from "./page-style.js";

/** Extra rules for the wide tables of compare and sweep pages. */
const WIDE_TABLE_CSS = `
.wide { overflow-x: auto; }
table.side-by-side th, table.side-by-side td { white-space: nowrap; }
table.side-by-side th[scope=col] { color: var(--text); font-size: 13px; }
table.side-by-side td:first-child { color: #374151; }
table.side-by-side td.num { font-variant-numeric: tabular-nums; }
table.side-by-side td.wrap { white-space: normal; overflow-wrap: anywhere; min-width: 140px; max-width: 260px; }
tr.group td { font-weight: 600; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; padding-top: 12px; }
`;

export interface ChartPageInput {
  /** The document title (escaped). */
  title: string;
  /** ledgersim version, for the generator meta element. */
  version: string;
  /** Everything inside <main>, charts section included (see chartsSection). */
  main: SafeHtml;
  charts: readonly RenderedChart[];
  /** The inlined browser builds, in load order. */
  libraries: readonly string[];
}

/** A section with every chart as a figure. */
export function chartsSection(charts: readonly RenderedChart[], note: string): SafeHtml {
  return html`<section id="charts"><h2>Charts</h2><p class="note">${note}</p>
${charts.map((chart) => chartFigure(chart))}</section>`;
}

/** A complete, self-contained HTML document. */
export function chartPageHtml(input: ChartPageInput): string {
  const specs = input.charts.map((c) => ({ name: c.name, spec: c.spec }));
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ledgersim ${input.version}">
<title>${input.title}</title>
<style>${trusted(PAGE_CSS + WIDE_TABLE_CSS)}</style>
</head>
<body>
<main>
${input.main}
</main>
<script type="application/json" id="ledgersim-charts">${trusted(jsonForScript(specs))}</script>
${input.libraries.map((code) => html`<script>${trusted(scriptText(code))}</script>\n`)}<script>${trusted(EMBED_SCRIPT)}</script>
</body>
</html>
`.markup;
}
