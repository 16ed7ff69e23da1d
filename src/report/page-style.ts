/**
 * The report's stylesheet: a single readable column, system fonts, tabular numbers, tables that print well.
 * Inlined into report.html (no external fonts or stylesheets).
 */
export const PAGE_CSS = `
:root { --text: #111827; --muted: #6b7280; --line: #e5e7eb; --soft: #f9fafb; --pass: #047857; --fail: #b91c1c; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: var(--text);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 48px; }
header { margin-bottom: 20px; }
h1 { font-size: 24px; line-height: 1.25; margin: 0 0 4px; font-weight: 650; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 0 0 12px; font-weight: 600; }
h3 { font-size: 12px; margin: 0 0 6px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
p.lede { margin: 0; color: var(--muted); }
section { background: white; border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 0 0 18px; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 999px; font-size: 12px; font-weight: 700;
  letter-spacing: .05em; vertical-align: 4px; margin-left: 8px; color: white; }
.badge.pass, td .pass { background: var(--pass); }
.badge.fail, td .fail { background: var(--fail); }
.verdict-pass { color: var(--pass); font-weight: 600; }
.verdict-fail { color: var(--fail); font-weight: 600; }
.groups { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 16px 28px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; color: var(--muted); font-size: 12px; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.kv td:first-child { color: #374151; padding-left: 0; }
table.kv td:last-child { text-align: right; font-weight: 500; white-space: nowrap; padding-right: 0; }
table.manifest td:first-child { width: 180px; color: #374151; }
table.manifest td:last-child { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
td .pass, td .fail { color: white; padding: 1px 8px; border-radius: 4px; font-size: 12px; font-weight: 700; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow: auto; margin: 0; }
pre.reproduce { font-size: 13.5px; white-space: pre-wrap; overflow-wrap: anywhere; }
pre.scenario { max-height: 480px; }
figure.chart { margin: 18px 0 0; padding: 18px 0 0; border-top: 1px solid var(--line); overflow-x: auto; }
figure.chart:first-of-type { border-top: none; padding-top: 4px; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figure.chart .live:empty { display: none; }
figure.chart figcaption { color: var(--muted); font-size: 12px; margin-top: 6px; }
.note { color: var(--muted); font-size: 12.5px; margin: 8px 0 0; }
details summary { cursor: pointer; font-weight: 600; }
footer { color: var(--muted); font-size: 12px; text-align: center; margin-top: 24px; }
@media print { body { background: white; } section, figure.chart { break-inside: avoid; border-color: #d1d5db; } }
`;
