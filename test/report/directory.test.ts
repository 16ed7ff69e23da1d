/**
 * `ledgersim report <dir>`: re-renders report.html and charts/*.svg of a run directory from result.json and
 * timeseries.csv, in place, leaving no temporary files, keeping the reproduce line of the earlier report.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTimeseriesCsv, renderReportFromDirectory } from "../../src/report/index.js";
import { timeseriesCsv } from "../../src/results/write.js";
import { fixtureResult, fixtureTimeseries } from "./fixtures/run-60s.js";
import { renderToTempDir, REPRODUCE } from "./render-to-dir.js";

function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of ["report.html", ...readdirSync(join(dir, "charts")).map((f) => `charts/${f}`)]) {
    files[name] = readFileSync(join(dir, name), "utf8");
  }
  return files;
}

describe("renderReportFromDirectory", () => {
  it("reproduces the files `ledgersim run` wrote, byte for byte, and leaves no temporary files", async () => {
    const dir = await renderToTempDir(fixtureResult(), fixtureTimeseries(), "dir");
    const before = snapshot(dir);
    writeFileSync(join(dir, "charts", "stale.svg"), "<svg/>");
    await renderReportFromDirectory(dir);
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(["charts", "report.html", "result.json", "timeseries.csv"]);
    expect(before["report.html"]).toContain(REPRODUCE);
  });

  it("renders a directory that has no report yet, with a generic reproduce line", async () => {
    const dir = await renderToTempDir(fixtureResult(), fixtureTimeseries(), "bare");
    rmSync(join(dir, "report.html"));
    rmSync(join(dir, "charts"), { recursive: true });
    await renderReportFromDirectory(dir);
    expect(readFileSync(join(dir, "report.html"), "utf8")).toContain("ledgersim run &lt;scenario file&gt; --seed 42");
    expect(readdirSync(join(dir, "charts")).sort()).toEqual(["latency-cdf.svg", "latency.svg", "messages.svg", "nodes.svg", "throughput.svg"]);
  });

  it("refuses a directory without a ledgersim result", async () => {
    const dir = await renderToTempDir(fixtureResult(), fixtureTimeseries(), "bad");
    writeFileSync(join(dir, "result.json"), '{"schema":"other"}');
    await expect(renderReportFromDirectory(dir)).rejects.toThrow(/is not a ledgersim result/);
  });

  it("reads timeseries.csv back into the rows it was written from", () => {
    const rows = fixtureTimeseries();
    expect(parseTimeseriesCsv(timeseriesCsv(rows))).toEqual(rows);
    expect(() => parseTimeseriesCsv("time_s,offered_tps\n0,1\n")).toThrow(/missing column 'committed_tps'/);
    expect(() => parseTimeseriesCsv("time_s,offered_tps,committed_tps,p50_ms,p99_ms,blocks\n0,x,1,1,1,1\n")).toThrow(/line 2: 'offered_tps'/);
  });
});
