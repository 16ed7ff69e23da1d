/**
 * Server-side SVG: byte-identical for the same input (vega's clip and gradient counters keep counting across
 * views; the renderer renumbers them), ids unique per chart, text escaped, no canvas needed.
 */
import { describe, expect, it } from "vitest";
import { renderRunCharts, renderRunReport } from "../../src/report/index.js";
import { normaliseSvgIds } from "../../src/report/svg.js";
import { fixtureResult, fixtureTimeseries, withManyNodes } from "./fixtures/run-60s.js";
import { HOSTILE_NAME, hostileResult } from "./fixtures/hostile.js";

const REPRODUCE = "ledgersim run scenarios/pbft-4-crash.yaml --seed 42";

describe("SVG rendering", () => {
  it("gives byte-identical files for the same result, rendered twice", async () => {
    const first = await renderRunReport(fixtureResult(), fixtureTimeseries(), REPRODUCE);
    const second = await renderRunReport(fixtureResult(), fixtureTimeseries(), REPRODUCE);
    expect(Object.keys(first.files).sort()).toEqual([
      "charts/latency-cdf.svg", "charts/latency.svg", "charts/messages.svg", "charts/nodes.svg", "charts/throughput.svg", "report.html",
    ]);
    for (const name of Object.keys(first.files)) expect(second.files[name], name).toBe(first.files[name]);
  });

  it("gives identical heat maps (with gradient legends and ids) however many charts came before", async () => {
    const big = withManyNodes(fixtureResult(), 64, ["us", "eu", "ap", "sa"]);
    const first = (await renderRunCharts(big, fixtureTimeseries())).find((c) => c.name === "nodes")?.svg ?? "";
    await renderRunCharts(fixtureResult(), fixtureTimeseries());
    const again = (await renderRunCharts(big, fixtureTimeseries())).find((c) => c.name === "nodes")?.svg ?? "";
    expect(first).toMatch(/<linearGradient id="ls-nodes-gradient1"/);
    expect(again).toBe(first);
  });

  it("writes standalone SVG documents with chart-prefixed ids", async () => {
    const charts = await renderRunCharts(withManyNodes(fixtureResult(), 40, ["us", "eu"]), fixtureTimeseries());
    for (const chart of charts) {
      expect(chart.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), chart.name).toBe(true);
      const ids = [...chart.svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(ids.every((id) => id?.startsWith(`ls-${chart.name}-`)), chart.name).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      expect(chart.svg).not.toMatch(/NaN|undefined/);
    }
  });

  it("escapes text from the result inside the SVG", async () => {
    const charts = await renderRunCharts(hostileResult(), fixtureTimeseries());
    for (const chart of charts) {
      expect(chart.svg, chart.name).not.toMatch(/<(script|img|b|i)[\s>]/i);
    }
    expect(charts.map((c) => c.svg).join("")).not.toContain(HOSTILE_NAME);
  });

  it("renumbers ids and every reference to them in order of appearance", () => {
    const svg = '<svg><defs><clipPath id="clip17"><rect/></clipPath><linearGradient id="gradient_3"/></defs>' +
      '<g clip-path="url(#clip17)"><path fill="url(#gradient_3)"/><use href="#clip17"/></g></svg>';
    expect(normaliseSvgIds(svg, "ls-x")).toBe(
      '<svg><defs><clipPath id="ls-x-clip1"><rect/></clipPath><linearGradient id="ls-x-gradient2"/></defs>' +
        '<g clip-path="url(#ls-x-clip1)"><path fill="url(#ls-x-gradient2)"/><use href="#ls-x-clip1"/></g></svg>',
    );
  });
});
