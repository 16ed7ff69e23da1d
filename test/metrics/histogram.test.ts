/**
 * Histogram specification (ARCHITECTURE §5): percentiles within 1% of the exact sorted-array percentile, exact
 * min / max / mean / count, and merging equivalent to recording everything in one histogram.
 */
import { describe, expect, it } from "vitest";
import { Histogram, bucketHighestValue, bucketIndexOf } from "../../src/metrics/histogram.js";
import { createRng, type Rng } from "../../src/engine/rng.js";

/** The sample of rank ⌈p/100 · n⌉ (at least 1): the definition Histogram.percentile approximates. */
function exactPercentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** Values spread over many orders of magnitude: 1 µs … ~1000 s, log-uniform, plus small exact ones. */
function sample(rng: Rng): number {
  if (rng.next() < 0.1) return rng.int(300);
  return Math.floor(Math.exp(rng.next() * Math.log(1e9)));
}

const PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

describe("Histogram", () => {
  it("reports every percentile within 1% relative error of the exact sorted-array value (50 seeds)", () => {
    for (let seed = 0; seed < 50; seed++) {
      const rng = createRng(seed, "test/histogram");
      const n = 1 + rng.int(5000);
      const values: number[] = [];
      const h = new Histogram();
      for (let i = 0; i < n; i++) {
        const v = sample(rng);
        values.push(v);
        h.record(v);
      }
      values.sort((a, b) => a - b);
      for (const p of PERCENTILES) {
        const exact = exactPercentile(values, p);
        const approx = h.percentile(p);
        expect(Math.abs(approx - exact), `seed ${seed} p${p}: ${approx} vs ${exact}`).toBeLessThanOrEqual(
          exact * 0.01,
        );
      }
    }
  });

  it("keeps count, min, max and mean exact", () => {
    const h = new Histogram();
    const values = [0, 7, 255, 256, 1_000_003, 123_456_789_012];
    for (const v of values) h.record(v);
    h.record(42, 4);
    const all = [...values, 42, 42, 42, 42];
    expect(h.count).toBe(all.length);
    expect(h.min).toBe(0);
    expect(h.max).toBe(123_456_789_012);
    expect(h.mean).toBe(all.reduce((a, b) => a + b, 0) / all.length);
    expect(h.percentile(100)).toBe(123_456_789_012);
  });

  it("is exact below 256 and caps a bucket's representative value at the maximum", () => {
    const h = new Histogram();
    for (let v = 0; v < 256; v++) h.record(v);
    expect(h.percentile(50)).toBe(127);
    const one = new Histogram();
    one.record(1_000_001);
    expect(one.percentile(50)).toBe(1_000_001);
    expect(one.percentile(0)).toBe(1_000_001);
  });

  it("has contiguous buckets: each bucket's highest value + 1 starts the next bucket", () => {
    for (let index = 0; index < 6000; index++) {
      const high = bucketHighestValue(index);
      expect(bucketIndexOf(high)).toBe(index);
      expect(bucketIndexOf(high + 1)).toBe(index + 1);
    }
  });

  it("merges to the same result as recording every sample in one histogram", () => {
    const rng = createRng(7, "test/histogram-merge");
    const a = new Histogram();
    const b = new Histogram();
    const both = new Histogram();
    for (let i = 0; i < 2000; i++) {
      const v = sample(rng);
      (i % 3 === 0 ? a : b).record(v);
      both.record(v);
    }
    a.merge(b);
    expect(a.count).toBe(both.count);
    expect(a.min).toBe(both.min);
    expect(a.max).toBe(both.max);
    expect(a.mean).toBeCloseTo(both.mean, 9);
    for (const p of PERCENTILES) expect(a.percentile(p)).toBe(both.percentile(p));
  });

  it("reports zeros when empty and rejects negative or fractional values", () => {
    const h = new Histogram();
    expect([h.count, h.min, h.max, h.mean, h.percentile(99)]).toEqual([0, 0, 0, 0, 0]);
    expect(() => h.record(-1)).toThrow(/Histogram.record/);
    expect(() => h.record(1.5)).toThrow(/Histogram.record/);
    expect(() => h.percentile(101)).toThrow(/Histogram.percentile/);
  });
});
