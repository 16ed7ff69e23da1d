/**
 * conformance.html: the profile's verdict and one row per test, self-contained (inline style, no scripts, no
 * network). Every value from the profile or a result goes through the report module's escaping `html`
 * template, so a hostile test name or override shows as text.
 */
import { html, SafeHtml, type HtmlValue } from "../report/escape.js";
import { PAGE_CSS } from "../report/page-style.js";
import type { Conformance, ConformanceRow } from "./conformance.js";
import { CONFORMANCE_METRICS } from "./conformance.js";

function cell(value: number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "boolean") return value ? "ok" : "VIOLATED";
  return value.toLocaleString("en-US", { maximumFractionDigits: 3 });
}

function badge(pass: boolean): SafeHtml {
  return html`<span class="badge ${pass ? "pass" : "fail"}">${pass ? "PASS" : "FAIL"}</span>`;
}

function overridesText(overrides: Record<string, unknown>): string {
  const entries = Object.entries(overrides);
  return entries.length === 0 ? "—" : entries.map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`).join(", ");
}

function criteriaList(row: ConformanceRow): SafeHtml {
  const items: HtmlValue[] = row.criteria.map((c) => html`<li><span class="${c.pass ? "verdict-pass" : "verdict-fail"}">${c.pass ? "PASS" : "FAIL"}</span> <code>${c.metric} ${c.op} ${String(c.threshold)}</code> — value ${String(c.value)}</li>`);
  if (!row.safetyOk && !row.criteria.some((c) => c.metric === "safety.ok")) items.push(html`<li><span class="verdict-fail">FAIL</span> safety violated</li>`);
  return html`<ul class="criteria">${items}</ul>`;
}

function testRow(row: ConformanceRow): SafeHtml {
  const metrics = CONFORMANCE_METRICS.map(([label]) => html`<td class="num">${cell(row.metrics[label])}</td>`);
  return html`<tr>
<td><strong>${row.name}</strong>${row.description === "" ? "" : html`<br><small>${row.description}</small>`}</td>
<td>${badge(row.pass)}</td>
<td><code>${row.scenario}</code><br><small>${overridesText(row.overrides)}</small><br><small>seed ${row.seed}</small></td>
${metrics}
<td>${criteriaList(row)}</td>
</tr>`;
}

export function conformanceHtml(report: Conformance): string {
  const headers = CONFORMANCE_METRICS.map(([label]) => html`<th class="num">${label}</th>`);
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${report.profile.name} — conformance</title>
<style>${new SafeHtml(PAGE_CSS)}
main { max-width: 1400px; } ul.criteria { margin: 0; padding-left: 16px; } td small { color: var(--muted); }</style></head>
<body><main>
<header><h1>${report.profile.name} ${badge(report.verdict === "PASS")}</h1>
<p class="lede">${report.profile.description}</p>
<p class="lede">${report.passed} of ${report.tests.length} tests passed · ledgersim ${report.version} · ${report.wall.startedAt} · ${cell(report.wall.seconds)} s wall · profile <code>${report.profile.file}</code></p></header>
<section><h2>Tests</h2>
<table><thead><tr><th>test</th><th>verdict</th><th>scenario, overrides</th>${headers}<th>criteria</th></tr></thead>
<tbody>${report.tests.map(testRow)}</tbody></table></section>
<section><h2>Reading this report</h2><p>Throughput and latency follow the Hyperledger PSWG definitions: committed transactions per second of the
measurement window, and confirmation latency at the scenario's threshold (all honest, live nodes by default), at the stated
network size. <em>success</em> is the share of the window's submitted transactions confirmed by the end of the run.
Each test's result.json and timeseries.csv are under <code>tests/&lt;name&gt;/</code>; every run is reproducible from its scenario,
overrides and seed.</p></section>
</main></body></html>
`;
  return page.markup;
}
