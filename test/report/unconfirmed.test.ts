/**
 * A run that confirmed none of the transactions submitted in its window (an overloaded or stalled network)
 * has no confirmation latency: the report, the comparison table and the CLI summary say so instead of
 * showing the 0 placeholders of result.json as if they were latencies.
 */
import { describe, expect, it } from "vitest";
import { formatSummary } from "../../src/cli/summary.js";
import { COMPARE_FIELDS } from "../../src/report/compare-table.js";
import { summaryGroups } from "../../src/report/summary.js";
import type { RunResult } from "../../src/results/result.js";
import { fixtureResult } from "./fixtures/run-60s.js";

function stalled(): RunResult {
  const result = fixtureResult();
  result.latency = { ...result.latency, p50Ms: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0, meanMs: 0, confirmed: 0, unconfirmed: 16_053 };
  return result;
}

describe("no transaction of the window confirmed", () => {
  it("the report's latency rows say none was confirmed", () => {
    const rows = summaryGroups(stalled()).find((g) => g.title.startsWith("Latency"))?.rows ?? [];
    for (const label of ["p50", "p90", "p95", "p99", "p99.9", "max", "mean"]) {
      expect(rows.find((r) => r.label === label)?.value, label).toBe("— (none confirmed)");
    }
    const normal = summaryGroups(fixtureResult()).find((g) => g.title.startsWith("Latency"))?.rows ?? [];
    expect(normal.find((r) => r.label === "p99")?.value).not.toContain("none");
  });

  it("the comparison table leaves the latency cells empty (— in HTML, empty in CSV)", () => {
    const run = { result: stalled() } as Parameters<(typeof COMPARE_FIELDS)[number]["text"]>[0];
    const p99 = COMPARE_FIELDS.find((f) => f.column === "p99_ms");
    expect(p99?.text(run)).toBe("—");
    expect(p99?.raw(run)).toBeNull();
  });

  it("the CLI summary prints no percentiles, and how many stayed unconfirmed", () => {
    const text = formatSummary(stalled(), undefined, "ledgersim run …");
    expect(text).toContain("latency    none: no transaction submitted in the window was confirmed by the end (16,053 unconfirmed)");
    expect(text).not.toMatch(/latency {4}p50 0 ms/);
  });
});
