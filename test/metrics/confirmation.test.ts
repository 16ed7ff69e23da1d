/**
 * Confirmation threshold specification, after the worked examples of the Hyperledger PSWG "Blockchain
 * Performance Metrics" v1.01 (REFERENCE.md): latency is measured to the moment the network threshold is met.
 */
import { describe, expect, it } from "vitest";
import {
  NOT_COMMITTED,
  fractionQuorum,
  kthSmallestCommit,
  latestOfRequired,
  requiredNodes,
} from "../../src/metrics/confirmation.js";
import { S, block, metrics, range } from "./helpers.js";

describe("PSWG worked examples", () => {
  it("10-node BFT: 9 nodes commit at 11 s, the last at 12 s → latency at the 100% threshold is 12 s", () => {
    const m = metrics({ nodeCount: 10, confirmation: { kind: "all-honest" } });
    m.txSubmitted(0, 0);
    for (const node of range(9)) m.blockCommitted(node, block(1, [0]), 11 * S);
    m.blockCommitted(9, block(1, [0]), 12 * S);
    const { latency } = m.finish(20 * S);
    expect(latency.p50Ms).toBe(12_000);
    expect(latency.maxMs).toBe(12_000);
    expect(latency.meanMs).toBe(12_000);
    expect(latency.firstCommit.p50Ms).toBe(11_000);
    expect([latency.confirmed, latency.unconfirmed]).toEqual([1, 0]);
  });

  it("20-node network: 80/85/90/95/100% committed at 20/22/23/25/35 s → latency 23 s at a 90% threshold", () => {
    const m = metrics({ nodeCount: 20, confirmation: { kind: "fraction", fraction: 0.9 } });
    m.txSubmitted(0, 0);
    const commitS = [...Array<number>(16).fill(20), 22, 23, 25, 35];
    commitS.forEach((s, node) => m.blockCommitted(node, block(1, [0]), s * S));
    expect(m.finish(40 * S).latency.p50Ms).toBe(23_000);
  });

  it("the same 20-node commits give 35 s at the 100% threshold and 20 s at 80%", () => {
    const commitUs = [...Array<number>(16).fill(20), 22, 23, 25, 35].map((s) => s * S);
    expect(latestOfRequired(commitUs, range(20))).toBe(35 * S);
    expect(kthSmallestCommit(commitUs, fractionQuorum(0.8, 20))).toBe(20 * S);
    expect(kthSmallestCommit(commitUs, fractionQuorum(0.9, 20))).toBe(23 * S);
  });
});

describe("confirmation threshold", () => {
  it("a fraction needs ⌈f·N⌉ nodes, without float drift, clamped to 1..N", () => {
    expect(fractionQuorum(0.9, 20)).toBe(18);
    expect(fractionQuorum(0.9, 10)).toBe(9);
    expect(fractionQuorum(2 / 3, 4)).toBe(3);
    expect(fractionQuorum(0.5, 7)).toBe(4);
    expect(fractionQuorum(0, 7)).toBe(1);
    expect(fractionQuorum(1, 7)).toBe(7);
  });

  it("is not met while fewer than the threshold have committed", () => {
    const commitUs = [5, NOT_COMMITTED, 7, NOT_COMMITTED];
    expect(kthSmallestCommit(commitUs, 3)).toBe(NOT_COMMITTED);
    expect(kthSmallestCommit(commitUs, 2)).toBe(7);
    expect(latestOfRequired(commitUs, [0, 2])).toBe(7);
    expect(latestOfRequired(commitUs, [0, 1])).toBe(NOT_COMMITTED);
    expect(latestOfRequired(commitUs, [])).toBe(NOT_COMMITTED);
  });

  it("all-honest requires the honest nodes that are up at the end of the run", () => {
    expect(requiredNodes([true, true, false, true], [true, false, true, true])).toEqual([0, 3]);
  });
});
