/**
 * The saturation search on synthetic objectives (no simulation): the answer passes and its next step up fails,
 * the search is bounded, integer keys give the largest n, and the edge cases say what happened.
 */
import { describe, expect, it } from "vitest";
import { searchCapacity, type ProbeOutcome } from "../../src/evaluate/capacity.js";

/** An objective that holds up to `limit` (p99 grows with the rate). */
function objective(limit: number): (value: number) => Promise<ProbeOutcome> {
  return async (value) => ({ pass: value <= limit, metrics: { "latency.p99Ms": value } });
}

const BASE = { min: 1, max: 1_000_000, integer: false, maxProbes: 30 };

describe("searchCapacity", () => {
  it("brackets upward and bisects to the stated precision", async () => {
    const answer = await searchCapacity({ ...BASE, start: 500, precision: 10, probe: objective(3210) });
    expect(answer.stoppedBy).toBe("precision");
    expect(answer.value).toBeLessThanOrEqual(3210);
    expect(answer.nextFailing).toBeGreaterThan(3210);
    expect((answer.nextFailing as number) - (answer.value as number)).toBeLessThanOrEqual(10);
    expect(answer.curve.find((p) => p.value === answer.value)?.outcome.pass).toBe(true);
    expect(answer.curve.find((p) => p.value === answer.nextFailing)?.outcome.pass).toBe(false);
  });

  it("brackets downward when the start already fails", async () => {
    const answer = await searchCapacity({ ...BASE, start: 5000, precision: 1, relativePrecision: 0.01, probe: objective(700) });
    expect(answer.value).toBeLessThanOrEqual(700);
    expect(answer.nextFailing).toBeGreaterThan(700);
    expect((answer.nextFailing as number) - (answer.value as number)).toBeLessThanOrEqual(0.01 * (answer.value as number));
  });

  it("finds the largest integer that meets the objective", async () => {
    const answer = await searchCapacity({ ...BASE, integer: true, start: 4, precision: 1, probe: objective(23) });
    expect(answer).toMatchObject({ value: 23, nextFailing: 24, precision: 1, stoppedBy: "precision" });
  });

  it("stops at the probe cap with the bracket it has", async () => {
    const answer = await searchCapacity({ ...BASE, start: 1, precision: 0.001, maxProbes: 6, probe: objective(777.7) });
    expect(answer.probes).toBe(6);
    expect(answer.stoppedBy).toBe("probe-cap");
    expect(answer.value).toBeLessThanOrEqual(777.7);
  });

  it("says when even the minimum fails, or the maximum passes", async () => {
    const none = await searchCapacity({ ...BASE, start: 100, min: 10, precision: 1, probe: objective(5) });
    expect(none).toMatchObject({ stoppedBy: "min-failed" });
    expect(none.value).toBeUndefined();
    const all = await searchCapacity({ ...BASE, start: 100, max: 1000, precision: 1, probe: objective(1e9) });
    expect(all).toMatchObject({ value: 1000, stoppedBy: "max-passed" });
    expect(all.nextFailing).toBeUndefined();
  });

  it("never probes the same value twice", async () => {
    const seen: number[] = [];
    await searchCapacity({ ...BASE, integer: true, start: 1, precision: 1, probe: async (v) => { seen.push(v); return { pass: v <= 40, metrics: {} }; } });
    expect(new Set(seen).size).toBe(seen.length);
  });
});
