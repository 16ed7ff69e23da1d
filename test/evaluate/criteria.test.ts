/**
 * Criteria: parsing (bad expressions and unknown result paths are input errors with a suggestion) and
 * evaluation (value, threshold, PASS/FAIL).
 */
import { describe, expect, it } from "vitest";
import { CriterionSyntaxError, evaluateCriterion, formatVerdict, parseCriterion, resultMetric } from "../../src/evaluate/criteria.js";

const RESULT = {
  throughput: { tps: 812.5, successRate: 0.97 },
  latency: { p99Ms: 2100 },
  blocks: { staleRate: 0.01 },
  safety: { ok: true },
  liveness: { ok: false },
  messages: { byType: { PREPARE: { count: 10 } } },
};

describe("criteria", () => {
  it.each([
    ["throughput.tps >= 800", true, 812.5],
    ["latency.p99Ms <= 2000", false, 2100],
    ["throughput.successRate >= 0.95", true, 0.97],
    ["blocks.staleRate < 0.02", true, 0.01],
    ["safety.ok", true, true],
    ["liveness.ok", false, false],
    ["!liveness.ok", true, false],
    ["messages.byType.PREPARE.count == 10", true, 10],
  ])("%s → pass %s (value %s)", (source, pass, value) => {
    const verdict = evaluateCriterion(parseCriterion(source), RESULT);
    expect(verdict.pass).toBe(pass);
    expect(verdict.value).toBe(value);
  });

  it("reports a missing value as null and fails", () => {
    const verdict = evaluateCriterion(parseCriterion("latency.p50Ms <= 10"), RESULT);
    expect(verdict).toEqual({ metric: "latency.p50Ms", op: "<=", threshold: 10, value: null, pass: false });
  });

  it("fails a latency bound when nothing submitted in the window was confirmed (the 0 there is no latency)", () => {
    // An overloaded run: every transaction of the window still unconfirmed at the end, latency fields 0.
    const stalled = { latency: { p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0, firstCommit: { p50Ms: 0 }, confirmed: 0, unconfirmed: 16_053 } };
    expect(evaluateCriterion(parseCriterion("latency.p99Ms <= 2000"), stalled)).toEqual(
      { metric: "latency.p99Ms", op: "<=", threshold: 2000, value: null, pass: false },
    );
    expect(evaluateCriterion(parseCriterion("latency.meanMs < 500"), stalled).pass).toBe(false);
    // The counts themselves are values.
    expect(evaluateCriterion(parseCriterion("latency.confirmed == 0"), stalled).pass).toBe(true);
    expect(evaluateCriterion(parseCriterion("latency.unconfirmed > 0"), stalled).value).toBe(16_053);
    expect(resultMetric(stalled, "latency.p50Ms")).toBeNull();
    // With one confirmed, a 0 ms latency is a real value.
    expect(resultMetric({ latency: { p50Ms: 0, confirmed: 1 } }, "latency.p50Ms")).toBe(0);
  });

  it("formats a verdict with value and threshold", () => {
    expect(formatVerdict(evaluateCriterion(parseCriterion("latency.p99Ms <= 2000"), RESULT))).toBe("FAIL latency.p99Ms <= 2000 (value 2100)");
  });

  it.each([
    ["throughput.tpss >= 1", /unknown result path 'throughput.tpss' — did you mean 'throughput.tps'\?/],
    ["latency.p99 <= 1", /did you mean 'latency.p99Ms'\?/],
    ["speed.tps >= 1", /unknown result section 'speed'/],
    ["latency.p99Ms <= fast", /threshold 'fast' is not a number/],
    ["latency.p99Ms <=", /expected 'path OP number'/],
    ["!latency.p99Ms <= 3", /'!' applies only/],
  ])("refuses %s", (source, message) => {
    expect(() => parseCriterion(source)).toThrow(CriterionSyntaxError);
    expect(() => parseCriterion(source)).toThrow(message);
  });
});
