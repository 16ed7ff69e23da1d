/**
 * Student-t confidence intervals and number formatting for sweep summaries.
 */
import { describe, expect, it } from "vitest";
import { formatNumber, meanCi95, studentT975 } from "../../src/evaluate/stats.js";

describe("studentT975", () => {
  it("matches the published two-sided 95% table", () => {
    expect(studentT975(1)).toBeCloseTo(12.706, 3);
    expect(studentT975(2)).toBeCloseTo(4.303, 3);
    expect(studentT975(9)).toBeCloseTo(2.262, 3);
    expect(studentT975(30)).toBeCloseTo(2.042, 3);
    expect(studentT975(60)).toBeCloseTo(2.0, 3);
    expect(studentT975(1_000_000)).toBeCloseTo(1.96, 3);
  });

  it("falls between its neighbours beyond the table", () => {
    expect(studentT975(45)).toBeLessThan(studentT975(40));
    expect(studentT975(45)).toBeGreaterThan(studentT975(60));
  });

  it("refuses degrees of freedom below 1", () => {
    expect(() => studentT975(0)).toThrow(/degrees of freedom/);
  });
});

describe("meanCi95", () => {
  it("gives mean ± t·s/√n", () => {
    // values 1..5: mean 3, s = √2.5, t(4) = 2.7764 → half-width 2.7764·1.5811/2.2361 = 1.9632
    const { mean, ci95, n } = meanCi95([1, 2, 3, 4, 5]);
    expect(n).toBe(5);
    expect(mean).toBe(3);
    expect(ci95).toBeCloseTo(1.9632, 4);
  });

  it("has no interval for one value, and zero width for equal values", () => {
    expect(meanCi95([7]).ci95).toBeUndefined();
    expect(meanCi95([7, 7, 7]).ci95).toBe(0);
  });
});

describe("formatNumber", () => {
  it("writes at most 6 decimals, no -0, and nothing for missing values", () => {
    expect(formatNumber(1 / 3)).toBe("0.333333");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(1234.5)).toBe("1234.5");
    expect(formatNumber(Number.NaN)).toBe("");
    expect(formatNumber(undefined)).toBe("");
  });
});
