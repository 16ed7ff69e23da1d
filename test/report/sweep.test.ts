/**
 * The sweep report API (renderSweepReport): from a SweepSummary it draws throughput vs offered load, latency vs
 * throughput and metrics vs network size with 95% intervals, each only when the sweep varies what it needs;
 * the SVGs are byte-identical when rendered twice; the page escapes every value; a malformed summary is
 * refused with the row and field named.
 */
import { describe, expect, it } from "vitest";
import { compileChart, renderSweepReport } from "../../src/report/index.js";
import { seriesLabel, sweepCharts, validateSweepSummary, type SweepRow, type SweepSummary } from "../../src/report/sweep.js";
import { fixtureSweep, loadOnlySweep, sizeOnlySweep, SWEEP_RATES } from "./fixtures/sweep.js";
import { HOSTILE_NAME } from "./fixtures/hostile.js";

describe("sweep report", () => {
  it("renders the three charts and sweep.html, byte-identical twice", async () => {
    const first = await renderSweepReport(fixtureSweep());
    const second = await renderSweepReport(fixtureSweep());
    expect(Object.keys(first.files).sort()).toEqual([
      "charts/latency-vs-throughput.svg", "charts/metrics-vs-size.svg", "charts/throughput-vs-load.svg", "sweep.html",
    ]);
    for (const name of Object.keys(first.files)) expect(second.files[name], name).toBe(first.files[name]);
    for (const [name, svg] of Object.entries(first.files).filter(([n]) => n.endsWith(".svg"))) {
      expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), name).toBe(true);
      expect(svg, name).not.toMatch(/NaN|undefined/);
    }
    const page = first.files["sweep.html"] ?? "";
    expect(page).toContain("30 grid points · varies protocol.name, workload.arrival.rate, nodes.count · over 5 seeds");
    expect(page.match(/<figure class="chart"/g)).toHaveLength(3);
    expect(page).toContain("ledgersim sweep scenarios/compare-bft.yaml");
  });

  it("compiles every chart without warnings, for a full grid, a load-only and a size-only sweep", () => {
    const cases: [SweepSummary, string[]][] = [
      [fixtureSweep(), ["throughput-vs-load", "latency-vs-throughput", "metrics-vs-size"]],
      [loadOnlySweep(), ["throughput-vs-load", "latency-vs-throughput"]],
      [sizeOnlySweep(), ["latency-vs-throughput", "metrics-vs-size"]],
    ];
    for (const [summary, names] of cases) {
      const charts = sweepCharts(summary);
      expect(charts.map((c) => c.name), summary.name).toEqual(names);
      for (const chart of charts) expect(compileChart(chart.spec).warnings, `${summary.name}: ${chart.name}`).toEqual([]);
    }
  });

  it("draws each point's mean with its 95% interval, one line per combination of the other axes", () => {
    const chart = sweepCharts(loadOnlySweep()).find((c) => c.name === "throughput-vs-load");
    const json = JSON.stringify(chart?.spec);
    expect(json).toContain('"domain":["pbft","hotstuff"]');
    const data = /"data":\{"values":(\[\{"series":[^\]]*\])/.exec(json)?.[1] ?? "[]";
    const points = JSON.parse(data) as { series: string; y: number; yLo: number; yHi: number; order: number }[];
    expect(points).toHaveLength(2 * SWEEP_RATES.length);
    expect(points.filter((p) => p.series === "pbft").map((p) => p.order)).toEqual(SWEEP_RATES);
    for (const p of points) expect(p.yLo <= p.y && p.y <= p.yHi).toBe(true);
    const row = loadOnlySweep().rows[0];
    const tps = row?.metrics["throughput.tps"];
    expect(points[0]).toMatchObject({ y: tps?.mean, yLo: (tps?.mean ?? 0) - (tps?.ci95 ?? 0), n: 5 });
    expect(seriesLabel(fixtureSweep(), fixtureSweep().rows[0] as SweepRow, ["nodes.count"])).toBe("pbft · rate=250");
  });

  it("shows a sweep that varies neither load nor size as a table, and escapes every value", async () => {
    const summary: SweepSummary = {
      name: HOSTILE_NAME,
      axes: ["crypto.suite"],
      rows: [{ params: { "crypto.suite": "<b>sm</b>" }, metrics: { "throughput.tps": { mean: 100, ci95: Number.NaN, n: 1 } } }],
    };
    const page = (await renderSweepReport(summary)).files["sweep.html"] ?? "";
    expect(page).toContain("there is nothing to plot");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("&lt;b&gt;sm&lt;/b&gt;");
    expect(page).toContain("100.0 ± 0.0");
    expect(page).not.toContain(HOSTILE_NAME);
    expect(page).not.toContain("<b>sm</b>");
  });

  it("refuses a malformed summary, naming the row and the field", () => {
    const bad = fixtureSweep();
    delete (bad.rows[3] as { params: Record<string, unknown> }).params["nodes.count"];
    expect(() => validateSweepSummary(bad)).toThrow("renderSweepReport: rows[3].params['nodes.count'] must be a finite number or a string, got undefined");
    const nan = fixtureSweep();
    (nan.rows[1] as { metrics: Record<string, { mean: number; ci95: number; n: number }> }).metrics["latency.p99Ms"] = { mean: Number.NaN, ci95: 0, n: 5 };
    expect(() => validateSweepSummary(nan)).toThrow("rows[1].metrics['latency.p99Ms'].mean must be a finite number");
    const ci = fixtureSweep();
    (ci.rows[0] as { metrics: Record<string, { mean: number; ci95: number; n: number }> }).metrics["throughput.tps"] = { mean: 1, ci95: Number.NaN, n: 5 };
    expect(() => validateSweepSummary(ci)).toThrow("NaN allowed only when n < 2");
  });
});
