/**
 * Workload specification: the open-loop arrival process is never the bottleneck — the offered load over a run
 * is within 1 % of the configured rate for every arrival kind — and transactions are really signed.
 */
import { describe, expect, it } from "vitest";
import { getSuite } from "../../src/crypto/suites.js";
import { createRng } from "../../src/engine/rng.js";
import type { ArrivalSpec } from "../../src/scenario/types.js";
import { ArrivalProcess } from "../../src/workload/arrivals.js";
import { TransactionFactory } from "../../src/workload/transactions.js";

function countArrivals(spec: ArrivalSpec, durationUs: number): { count: number; times: number[] } {
  const process = new ArrivalProcess(spec, durationUs, createRng(5, "workload/arrival"));
  const times: number[] = [];
  while (process.peekUs() < Infinity) {
    times.push(process.peekUs());
    process.advance();
  }
  return { count: times.length, times };
}

const SECOND = 1_000_000;

describe("arrival processes", () => {
  it("constant: exactly rate × duration, with no rounding drift (3,000 tx/s stays 3,000)", () => {
    const { count, times } = countArrivals({ kind: "constant", rate: 3000 }, 60 * SECOND);
    expect(count).toBe(180_000);
    expect(times.every((t) => Number.isInteger(t))).toBe(true);
  });

  it("poisson: within 1 % of rate × duration, with exponential gaps (coefficient of variation ≈ 1)", () => {
    const { count, times } = countArrivals({ kind: "poisson", rate: 5000 }, 60 * SECOND);
    expect(Math.abs(count - 300_000) / 300_000).toBeLessThan(0.01);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(sd / mean).toBeGreaterThan(0.97);
    expect(sd / mean).toBeLessThan(1.03);
  });

  it("ramp: the count is the integral of the rate (start → end over the run), within 1 %", () => {
    const { count, times } = countArrivals({ kind: "ramp", rate: 4000, startRate: 1000, endRate: 4000 }, 60 * SECOND);
    expect(Math.abs(count - 150_000) / 150_000).toBeLessThan(0.01);
    const firstTen = times.filter((t) => t < 10 * SECOND).length;
    const lastTen = times.filter((t) => t >= 50 * SECOND).length;
    expect(lastTen).toBeGreaterThan(2.5 * firstTen);
  });

  it("steps: each step holds its rate until the next (including a pause at rate 0)", () => {
    const steps = [
      { atUs: 0, rate: 1000 },
      { atUs: 10 * SECOND, rate: 0 },
      { atUs: 20 * SECOND, rate: 3000 },
    ];
    const { times } = countArrivals({ kind: "steps", rate: 0, steps }, 30 * SECOND);
    const inWindow = (from: number, to: number) => times.filter((t) => t >= from * SECOND && t < to * SECOND).length;
    expect(Math.abs(inWindow(0, 10) - 10_000)).toBeLessThanOrEqual(1);
    expect(inWindow(10, 20)).toBe(0);
    expect(Math.abs(inWindow(20, 30) - 30_000)).toBeLessThanOrEqual(2);
  });

  it("is a pure function of its stream", () => {
    const a = countArrivals({ kind: "poisson", rate: 800 }, 5 * SECOND).times;
    const b = countArrivals({ kind: "poisson", rate: 800 }, 5 * SECOND).times;
    expect(a).toEqual(b);
  });
});

describe("transactions", () => {
  it("are really signed by their client over their exact payload bytes, at the configured size", () => {
    const suite = getSuite("sm");
    const keys = [1, 2].map((i) => suite.generateKeyPair(new Uint8Array(32).fill(i)));
    const factory = new TransactionFactory(suite, keys, 256, createRng(1, "workload/payload"));
    const tx0 = factory.make(1000);
    const tx1 = factory.make(2000);
    expect([tx0.id, tx1.id, tx0.clientId, tx1.clientId]).toEqual([0, 1, 0, 1]);
    expect(tx0.payload.length).toBe(256);
    expect(suite.verify((keys[0] as { publicKey: Uint8Array }).publicKey, tx0.payload, tx0.signature)).toBe(true);
    const tampered = tx0.payload.slice();
    tampered[100] = (tampered[100] as number) ^ 1;
    expect(suite.verify((keys[0] as { publicKey: Uint8Array }).publicKey, tampered, tx0.signature)).toBe(false);
    expect(suite.verify((keys[1] as { publicKey: Uint8Array }).publicKey, tx0.payload, tx0.signature)).toBe(false);
  });
});
