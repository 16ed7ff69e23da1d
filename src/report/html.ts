/**
 * report.html for one run: self-contained (Vega, Vega-Lite and vega-embed inlined, a Content-Security-Policy
 * that forbids every network fetch), with interactive charts where scripts run and the server-rendered SVGs
 * where they do not. Every string taken from the scenario or the result passes through `html`'s escaping,
 * and the chart specs are embedded as JSON with `<` encoded, so no value can open or close an element.
 */
import { stringify } from "yaml";
import type { RunResult } from "../results/result.js";
import { html, jsonForScript, scriptText, trusted, type SafeHtml } from "./escape.js";
import { PAGE_CSS } from "./page-style.js";
import type { Chart } from "./specs/common.js";
import { criterionText, manifestRows, runPassed, summaryGroups, type SummaryRow } from "./summary.js";

/** A chart ready for the page: its spec (for vega-embed) and its server-rendered SVG (the fallback). */
export interface RenderedChart extends Chart {
  svg: string;
}

export interface RunPageInput {
  result: RunResult;
  charts: readonly RenderedChart[];
  reproduce: string;
  /** The inlined browser builds, in load order. */
  libraries: readonly string[];
}

/** Network access is refused by the browser itself: scripts, styles and images must be inline. */
export const CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:";

/**
 * Mounts each chart with vega-embed; on failure the server-rendered SVG stays. Marks the page when done.
 * The logger drops one false warning: vega 6's browser build still reports its version as 5.x, so vega-embed
 * warns that a Vega 6 spec meets "v5"; every other message goes to the console.
 */
export const EMBED_SCRIPT = `
(function () {
  var charts = JSON.parse(document.getElementById("ledgersim-charts").textContent);
  function figureOf(chart) { return document.getElementById("chart-" + chart.name); }
  if (typeof vega === "undefined" || typeof vegaEmbed !== "function") {
    charts.forEach(function (chart) { figureOf(chart).setAttribute("data-rendered", "fallback"); });
    document.body.setAttribute("data-charts", "ready");
    return;
  }
  var base = vega.logger(vega.Warn);
  var stale = /^The compiled spec uses Vega v6, but current version is v5\\./;
  var logger = {
    level: function (l) { if (arguments.length === 0) return base.level(); base.level(l); return logger; },
    error: function () { base.error.apply(base, arguments); return logger; },
    warn: function (message) { if (!stale.test(String(message))) base.warn.apply(base, arguments); return logger; },
    info: function () { base.info.apply(base, arguments); return logger; },
    debug: function () { base.debug.apply(base, arguments); return logger; }
  };
  var done = charts.map(function (chart) {
    var figure = figureOf(chart);
    var live = figure.querySelector(".live");
    var fallback = figure.querySelector(".fallback");
    var options = { actions: false, renderer: "svg", mode: "vega-lite", logger: logger };
    return vegaEmbed(live, chart.spec, options).then(function () {
      fallback.remove();
      figure.setAttribute("data-rendered", "interactive");
    }, function (error) {
      live.textContent = "";
      figure.setAttribute("data-rendered", "fallback");
      console.error("ledgersim report: chart " + chart.name + " fell back to its static SVG:", error);
    });
  });
  Promise.all(done).then(function () { document.body.setAttribute("data-charts", "ready"); });
})();
`;

function scenarioField(scenario: Record<string, unknown>, path: readonly string[]): string | undefined {
  let value: unknown = scenario;
  for (const key of path) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "string" || typeof value === "number" ? String(value) : undefined;
}

function kvTable(rows: readonly SummaryRow[], className: string): SafeHtml {
  return html`<table class="${className}"><tbody>${rows.map(
    (row) => html`<tr><td>${row.label}</td><td class="${row.verdict === undefined ? "" : `verdict-${row.verdict}`}">${row.value}</td></tr>`,
  )}</tbody></table>`;
}

function headerSection(result: RunResult): SafeHtml {
  const s = result.scenario;
  const name = scenarioField(s, ["name"]) ?? "unnamed scenario";
  const passed = runPassed(result);
  const facts = [
    scenarioField(s, ["protocol", "name"]),
    result.nodes.length === 0 ? undefined : `${result.nodes.length} nodes`,
    `${result.manifest.simulatedSeconds} s simulated`,
    `seed ${result.manifest.seed}`,
    `ledgersim ${result.manifest.version}`,
  ].filter((fact): fact is string => fact !== undefined);
  const description = scenarioField(s, ["description"]);
  return html`<header>
<h1><span class="scenario-name">${name}</span><span class="badge ${passed ? "pass" : "fail"}">${passed ? "PASS" : "FAIL"}</span></h1>
<p class="lede">${facts.join(" · ")}</p>${description === undefined ? "" : html`\n<p class="lede">${description}</p>`}
</header>`;
}

function summarySection(result: RunResult): SafeHtml {
  const groups = summaryGroups(result).map((group) => html`<div><h3>${group.title}</h3>${kvTable(group.rows, "kv")}</div>`);
  return html`<section id="summary"><h2>Summary</h2><div class="groups">${groups}</div>
<p class="note">Throughput and latency cover the measurement window (warm-up excluded); latency is confirmation at the scenario's threshold.</p></section>`;
}

function criteriaSection(result: RunResult): SafeHtml {
  if (result.criteria.length === 0) return html`<section id="criteria"><h2>Criteria</h2><p class="note">The scenario states no criteria.</p></section>`;
  const rows = result.criteria.map((c) => html`<tr class="criterion"><td><code>${c.metric}</code></td><td>${c.op}</td>
<td class="num">${criterionText(c.threshold)}</td><td class="num">${criterionText(c.value)}</td><td><span class="${c.pass ? "pass" : "fail"}">${c.pass ? "PASS" : "FAIL"}</span></td></tr>`);
  return html`<section id="criteria"><h2>Criteria</h2><table><thead><tr><th>metric</th><th>op</th><th class="num">threshold</th><th class="num">value</th><th>verdict</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

export function chartFigure(chart: RenderedChart): SafeHtml {
  return html`<figure class="chart" id="chart-${chart.name}" data-rendered="static"><div class="live"></div><div class="fallback">${trusted(chart.svg)}</div>
<figcaption>Static copy: <code>charts/${chart.name}.svg</code></figcaption></figure>`;
}

function faultsSection(result: RunResult): SafeHtml {
  if (result.faults.length === 0) return html``;
  const rows = result.faults.map((f) => html`<tr><td class="num">${f.atMs / 1000} s</td><td>${f.kind}</td>
<td>${f.groups === undefined ? f.nodes.join(", ") : f.groups.map((g) => `{${g.join(", ")}}`).join(" | ")}</td><td class="num">${f.untilMs === undefined ? "end of run" : `${f.untilMs / 1000} s`}</td></tr>`);
  const stalls = result.liveness.stalls.map((st) => `${st.fromMs / 1000}–${st.toMs / 1000} s`).join(", ");
  return html`<section id="faults"><h2>Faults</h2><table><thead><tr><th class="num">at</th><th>kind</th><th>nodes</th><th class="num">until</th></tr></thead>
<tbody>${rows}</tbody></table>${stalls === "" ? "" : html`<p class="note">Stalls without commits: ${stalls}</p>`}</section>`;
}

function reproduceSection(result: RunResult, reproduce: string): SafeHtml {
  return html`<section id="reproduce"><h2>Reproduce</h2><pre class="reproduce"><code>${reproduce}</code></pre>
<p class="note">Same scenario, seed and version give a byte-identical result.json (except <code>manifest.wall</code>); compare the result hash below.</p>
<h3 style="margin-top:14px">Manifest</h3>${kvTable(manifestRows(result), "manifest")}</section>`;
}

function scenarioSection(result: RunResult): SafeHtml {
  const yamlText = stringify(result.scenario, { lineWidth: 0 });
  return html`<section id="scenario"><details open><summary>Scenario (resolved)</summary><pre class="scenario"><code>${yamlText}</code></pre></details></section>`;
}

export function runReportHtml(input: RunPageInput): string {
  const { result, charts } = input;
  const title = `${scenarioField(result.scenario, ["name"]) ?? "run"} — ledgersim report`;
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ledgersim ${result.manifest.version}">
<meta name="ledgersim-reproduce" content="${input.reproduce}">
<title>${title}</title>
<style>${trusted(PAGE_CSS)}</style>
</head>
<body>
<main>
${headerSection(result)}
${summarySection(result)}
${criteriaSection(result)}
<section id="charts"><h2>Charts</h2><p class="note">Interactive (hover for values) when scripts run, static SVG otherwise. Shaded: fault windows.</p>
${charts.map((chart) => chartFigure(chart))}</section>
${faultsSection(result)}
${reproduceSection(result, input.reproduce)}
${scenarioSection(result)}
<footer>ledgersim ${result.manifest.version} · schema ${result.schema} · data: result.json, timeseries.csv</footer>
</main>
<script type="application/json" id="ledgersim-charts">${trusted(jsonForScript(charts.map((c) => ({ name: c.name, spec: c.spec }))))}</script>
${input.libraries.map((code) => html`<script>${trusted(scriptText(code))}</script>\n`)}<script>${trusted(EMBED_SCRIPT)}</script>
</body>
</html>
`;
  return page.markup;
}
