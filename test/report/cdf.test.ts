/**
 * Distributions in the report: result.json `latency.cdf` (quantile points of the latency histogram: present,
 * non-decreasing, from the exact minimum to the exact maximum, agreeing with the percentiles), the latency CDF
 * chart drawn from it, and the PoW block-propagation CDF drawn from `protocol.propagation` only when present.
 */
import { describe, expect, it } from "vitest";
import { Histogram } from "../../src/metrics/histogram.js";
import { CDF_PERCENTILES, latencyCdf, latencyReport } from "../../src/metrics/report.js";
import { RunMetrics } from "../../src/metrics/collector.js";
import { compileChart, runCharts } from "../../src/report/index.js";
import { latencyCdfPoints } from "../../src/report/specs/latency-cdf.js";
import { propagationCdfRows, propagationInput } from "../../src/report/specs/propagation.js";
import type { RunResult } from "../../src/results/result.js";
import { fixtureResult, fixtureTimeseries } from "./fixtures/run-60s.js";
import { POW_BLOCK_COUNT, POW_BLOCKS, powResult } from "./fixtures/pow.js";

function nonDecreasing(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v >= (values[i - 1] as number));
}

describe("latency.cdf", () => {
  it("samples the histogram at 0, 1, …, 99, 99.5, 99.9, 99.99 and 100 percent, non-decreasing, min to max", () => {
    const h = new Histogram();
    // A skewed distribution: most latencies near 200 ms, a long tail to 3 s (µs values).
    for (let i = 0; i < 20_000; i++) h.record(150_000 + ((i * 7919) % 100_000) + (i % 97 === 0 ? 2_500_000 : 0));
    const cdf = latencyCdf(h);
    expect(cdf.percentiles).toEqual([...CDF_PERCENTILES]);
    expect(cdf.percentiles).toHaveLength(104);
    expect(cdf.ms).toHaveLength(104);
    expect(nonDecreasing(cdf.ms)).toBe(true);
    expect(cdf.ms[0]).toBe(h.min / 1000);
    expect(cdf.ms[cdf.ms.length - 1]).toBe(h.max / 1000);
    const report = latencyReport(h, h, h.count, 0);
    expect(report.cdf?.ms[50]).toBe(report.p50Ms);
    expect(report.cdf?.ms[CDF_PERCENTILES.indexOf(99)]).toBe(report.p99Ms);
    expect(report.cdf?.ms[CDF_PERCENTILES.indexOf(99.9)]).toBe(report.p999Ms);
  });

  it("is empty when nothing was confirmed", () => {
    expect(latencyCdf(new Histogram())).toEqual({ percentiles: [], ms: [] });
  });

  it("is part of every run's latency section, the same for the same inputs", () => {
    const run = (): RunResult["latency"] => {
      const m = new RunMetrics({
        nodeCount: 1, durationUs: 10_000_000, warmupUs: 0, cooldownUs: 0,
        confirmation: { kind: "all-honest" }, honest: [true],
      });
      for (let id = 0; id < 50; id++) m.txSubmitted(id, id * 1000);
      for (let h = 1; h <= 5; h++) {
        const txIds = Array.from({ length: 10 }, (_, i) => (h - 1) * 10 + i);
        m.blockCommitted(0, { height: h, hash: `b${h}`, proposer: 0, txIds, sizeBytes: 100 }, 100_000 * h);
      }
      return m.finish(10_000_000).latency;
    };
    const first = run();
    expect(first.cdf?.ms).toHaveLength(104);
    expect(nonDecreasing(first.cdf?.ms ?? [])).toBe(true);
    expect(JSON.stringify(run())).toBe(JSON.stringify(first));
  });
});

describe("latency CDF chart", () => {
  it("draws the fixture's CDF as fractions 0..1 against milliseconds", () => {
    const points = latencyCdfPoints(fixtureResult().latency.cdf);
    expect(points).toHaveLength(104);
    expect(points[0]).toEqual({ ms: 96.118, fraction: 0 });
    expect(points[50]).toEqual({ ms: 187.391, fraction: 0.5 });
    expect(points[points.length - 1]).toEqual({ ms: 2467.031, fraction: 1 });
    expect(nonDecreasing(points.map((p) => p.fraction))).toBe(true);
  });

  it("is left out for a result written before latency.cdf existed, and says so when nothing was confirmed", () => {
    const old = fixtureResult();
    delete old.latency.cdf;
    expect(runCharts(old, fixtureTimeseries()).map((c) => c.name)).not.toContain("latency-cdf");
    const none = fixtureResult();
    none.latency.cdf = { percentiles: [], ms: [] };
    const chart = runCharts(none, fixtureTimeseries()).find((c) => c.name === "latency-cdf");
    if (chart === undefined) throw new Error("no latency-cdf chart");
    expect(JSON.stringify(chart.spec)).toContain("no transaction of the measurement window was confirmed");
    expect(compileChart(chart.spec).warnings).toEqual([]);
  });
});

describe("block propagation chart (PoW)", () => {
  it("appears only for results with protocol.propagation and compiles without warnings", () => {
    expect(runCharts(fixtureResult(), fixtureTimeseries()).map((c) => c.name)).not.toContain("propagation");
    const charts = runCharts(powResult(), fixtureTimeseries());
    expect(charts.map((c) => c.name)).toEqual(["throughput", "latency", "latency-cdf", "propagation", "messages", "nodes"]);
    for (const chart of charts) expect(compileChart(chart.spec).warnings, chart.name).toEqual([]);
  });

  it("draws, per threshold, the fraction of blocks that reached it within a time; unreached blocks never count", () => {
    const input = propagationInput(powResult());
    expect(input?.blockCount).toBe(POW_BLOCK_COUNT);
    const rows = propagationCdfRows(input as NonNullable<typeof input>);
    const series = (label: string) => rows.filter((r) => r.series === label);
    expect(series("50% of nodes")).toHaveLength(POW_BLOCKS);
    expect(series("50% of nodes").at(-1)?.fraction).toBe(1);
    expect(series("all nodes")).toHaveLength(POW_BLOCKS - 3);
    expect(series("all nodes").at(-1)?.fraction).toBe(0.925);
    for (const label of ["50% of nodes", "90% of nodes", "all nodes"]) {
      expect(nonDecreasing(series(label).map((r) => r.ms)), label).toBe(true);
    }
    expect(JSON.stringify(runCharts(powResult(), []).find((c) => c.name === "propagation")?.spec)).toContain(`first 40 of 52 main-chain blocks`);
  });

  it("ignores a propagation section it cannot read", () => {
    const odd = fixtureResult();
    odd.protocol = { propagation: { blocks: "none" } };
    expect(propagationInput(odd)).toBeUndefined();
    odd.protocol = { propagation: { blocks: [] } };
    expect(propagationInput(odd)).toBeUndefined();
    odd.protocol = { mining: {} };
    expect(propagationInput(odd)).toBeUndefined();
  });
});
