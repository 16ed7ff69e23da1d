/**
 * `--png`: every chart's SVG also rasterised to charts/<name>.png (@resvg/resvg-js, prebuilt binary from npm),
 * by `ledgersim report --png` in place, next to the SVGs it leaves unchanged.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderChartPngs, renderReportFromDirectory } from "../../src/report/index.js";
import { fixtureResult, fixtureTimeseries } from "./fixtures/run-60s.js";
import { renderToTempDir } from "./render-to-dir.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe("PNG charts", () => {
  it("rasterise each charts/*.svg and nothing else", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#2563eb"/></svg>';
    const pngs = await renderChartPngs({ "charts/a.svg": svg, "report.html": "<p>", "result.json": "{}" });
    expect(Object.keys(pngs)).toEqual(["charts/a.png"]);
    expect([...(pngs["charts/a.png"] ?? []).slice(0, 8)]).toEqual(PNG_SIGNATURE);
  });

  it("are written by `ledgersim report --png` beside unchanged SVGs", async () => {
    const dir = await renderToTempDir(fixtureResult(), fixtureTimeseries(), "png");
    const svgBefore = readFileSync(join(dir, "charts", "latency-cdf.svg"), "utf8");
    await renderReportFromDirectory(dir, { png: true });
    const names = readdirSync(join(dir, "charts")).sort();
    expect(names.filter((n) => n.endsWith(".png"))).toEqual(names.filter((n) => n.endsWith(".svg")).map((n) => n.replace(/svg$/, "png")));
    expect(readFileSync(join(dir, "charts", "latency-cdf.svg"), "utf8")).toBe(svgBefore);
    const png = readFileSync(join(dir, "charts", "latency-cdf.png"));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // 2× zoom: the PNG is twice the SVG's width (read from the IHDR chunk).
    const svgWidth = Number(/^<svg[^>]*\swidth="(\d+)"/.exec(svgBefore)?.[1]);
    expect(png.readUInt32BE(16)).toBe(svgWidth * 2);
  });
});
