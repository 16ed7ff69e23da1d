/**
 * The chart specs: every one is valid Vega-Lite (compiles, with no warnings) for the fixture run, for a run
 * with no faults and no rows, and for a large network, where the per-node chart becomes a heat map.
 */
import { describe, expect, it } from "vitest";
import { compileChart, runCharts } from "../../src/report/index.js";
import { faultWindows } from "../../src/report/specs/common.js";
import { latencySeries } from "../../src/report/specs/latency.js";
import { messageRows } from "../../src/report/specs/messages.js";
import { MAX_BAR_NODES, nodeRows } from "../../src/report/specs/nodes.js";
import type { RunResult } from "../../src/results/result.js";
import { fixtureResult, fixtureTimeseries, withManyNodes } from "./fixtures/run-60s.js";

function noFaults(): RunResult {
  return { ...fixtureResult(), faults: [], liveness: { ok: true, stalls: [], count: 0 } };
}

const VARIANTS: [string, RunResult, ReturnType<typeof fixtureTimeseries>][] = [
  ["the 60 s fixture", fixtureResult(), fixtureTimeseries()],
  ["no faults, no time series", noFaults(), []],
  ["12 nodes", withManyNodes(fixtureResult(), 12, ["us-east-1", "eu-central-1"]), fixtureTimeseries()],
  ["100 nodes in 5 regions", withManyNodes(fixtureResult(), 100, ["us", "eu", "ap", "sa", "af"]), fixtureTimeseries()],
];

describe("chart specs", () => {
  it.each(VARIANTS)("compile as Vega-Lite without warnings: %s", (_label, result, rows) => {
    const charts = runCharts(result, rows);
    expect(charts.map((chart) => chart.name)).toEqual(["throughput", "latency", "latency-cdf", "messages", "nodes"]);
    for (const chart of charts) {
      const compiled = compileChart(chart.spec);
      expect(compiled.warnings, chart.name).toEqual([]);
      expect(compiled.vega.$schema, chart.name).toMatch(/vega\/v6/);
    }
  });

  it("are plain JSON data, the same for the same input", () => {
    const first = JSON.stringify(runCharts(fixtureResult(), fixtureTimeseries()));
    expect(JSON.stringify(runCharts(fixtureResult(), fixtureTimeseries()))).toBe(first);
    expect(JSON.parse(first)).toEqual(runCharts(fixtureResult(), fixtureTimeseries()));
  });

  it("shade a crash from its time to its recovery, and an unrecovered fault to the end of the run", () => {
    expect(faultWindows(fixtureResult())).toEqual([
      { fromS: 20, toS: 40, label: "crash n0", detail: "crash n0: from 20 s until 40 s" },
    ]);
    const open = { ...fixtureResult(), faults: [{ atMs: 35_000, kind: "partition", nodes: [0, 1, 2, 3], groups: [[0, 1], [2, 3]] }] };
    expect(faultWindows(open)).toEqual([
      { fromS: 35, toS: 60, label: "partition {0,1} | {2,3}", detail: "partition {0,1} | {2,3}: from 35 s until the end" },
    ]);
  });

  it("leave a gap in the latency lines for seconds in which nothing was confirmed", () => {
    const series = latencySeries(fixtureTimeseries());
    expect(series.filter((point) => point.time_s === 20)).toEqual([
      { time_s: 20, series: "p50", ms: null },
      { time_s: 20, series: "p99", ms: null },
    ]);
    expect(series.filter((point) => point.time_s === 30).every((point) => (point.ms ?? 0) > 0)).toBe(true);
  });

  it("sort message types by count, most numerous first", () => {
    expect(messageRows(fixtureResult()).map((row) => row.type)).toEqual([
      "REQUEST", "COMMIT", "PREPARE", "PRE-PREPARE", "CHECKPOINT", "VIEW-CHANGE", "NEW-VIEW",
    ]);
  });

  it("draw bars coloured by region up to 32 nodes and a heat map by region beyond", () => {
    const nodesSpec = (count: number) =>
      runCharts(withManyNodes(fixtureResult(), count, ["us", "eu", "ap"]), fixtureTimeseries()).find((c) => c.name === "nodes")?.spec;
    const marks = (count: number) => JSON.stringify(nodesSpec(count)).match(/"type":"(bar|rect)"/g) ?? [];
    expect(new Set(marks(MAX_BAR_NODES))).toEqual(new Set(['"type":"bar"']));
    expect(new Set(marks(MAX_BAR_NODES + 1))).toEqual(new Set(['"type":"rect"']));
    const rows = nodeRows(withManyNodes(fixtureResult(), 7, ["us", "eu", "ap"]));
    expect(rows.map((row) => `${row.region}:${row.slot}`)).toEqual(["us:0", "eu:0", "ap:0", "us:1", "eu:1", "ap:1", "us:2"]);
  });
});
