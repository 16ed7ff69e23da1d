/**
 * Mining as a Poisson process weighted by hash power (Nakamoto 2008 §11): shares are normalised, the network
 * finds one block per interval on average, each miner finds blocks in proportion to its share, headers carry the
 * difficulty and a real Merkle root, and miners stop at maxHeight.
 */
import { describe, expect, it } from "vitest";
import { testHash } from "../../support/harness.js";
import { difficultyFor, hashShares, merkleRoot } from "../../../src/protocols/nakamoto/index.js";
import { resolveConfig } from "../../../src/protocols/nakamoto/config.js";
import { BASE_CONFIG, nakamotoHarness, state } from "./helpers.js";

describe("hash-power shares", () => {
  it("splits power equally, by Pareto quantiles (node 0 largest), or by explicit shares", () => {
    const equal = hashShares("equal", 4);
    expect(Array.from(equal)).toEqual([0.25, 0.25, 0.25, 0.25]);
    const pareto = hashShares({ kind: "pareto", alpha: 1.16 }, 100);
    expect(pareto.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let i = 1; i < 100; i++) expect(pareto[i]).toBeLessThan(pareto[i - 1] as number);
    const topFifth = Array.from(pareto.subarray(0, 20)).reduce((a, b) => a + b, 0);
    expect(topFifth).toBeGreaterThan(0.6); // a heavy tail: the top 20% hold most of the power
    expect(Array.from(hashShares({ kind: "shares", shares: [3, 1] }, 4))).toEqual([0.75, 0.25, 0, 0]);
    expect(() => hashShares({ kind: "shares", shares: [1, 1, 1] }, 2)).toThrow(/3 shares for 2 nodes/);
    expect(() => hashShares({ kind: "pareto", alpha: 0 }, 2)).toThrow(/alpha/);
  });

  it("records the difficulty that the interval implies", () => {
    expect(difficultyFor(resolveConfig({ ...BASE_CONFIG, blockIntervalUs: 600_000_000 }))).toBe(600_000_000);
  });
});

describe("mining", () => {
  it("finds one block per interval on average, each miner in proportion to its share", () => {
    const h = nakamotoHarness(4, { blockIntervalUs: 1_000_000, padBlocks: false, hashPower: { kind: "shares", shares: [3, 1, 0, 0] } }, { seed: 4 });
    h.runUntil(3_000_000_000); // 3,000 s: about 3,000 blocks
    const mined = [0, 1, 2, 3].map((node) => state(h, node).stats.blocksMined);
    const total = mined.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(3000 * 0.94);
    expect(total).toBeLessThan(3000 * 1.06);
    expect((mined[0] as number) / total).toBeCloseTo(0.75, 1);
    expect(mined[2]).toBe(0);
    expect(mined[3]).toBe(0);
  });

  it("builds headers on the best tip with the run's difficulty and a real Merkle root", () => {
    const h = nakamotoHarness(3, { blockIntervalUs: 1_000_000 }, { seed: 2 });
    h.runUntil(20_000_000);
    const tip = state(h, 0).tree.tip;
    expect(tip.height).toBeGreaterThan(5);
    expect(tip.header.difficulty).toBe(1_000_000);
    expect(tip.header.parent).toBe(tip.parent?.hash);
    const block = tip.block;
    if (block === undefined) throw new Error("tip has no block");
    expect(tip.header.merkleRoot).toBe(merkleRoot(block.txs, block.paddingBytes, testHash));
    expect(tip.sizeBytes).toBe(BASE_CONFIG.blockSizeBytes); // padded to the configured size
  });

  it("stops mining once the best chain reaches maxHeight", () => {
    const h = nakamotoHarness(3, { blockIntervalUs: 1_000_000, maxHeight: 5 }, { seed: 2 });
    h.runUntil(100_000_000);
    for (const node of [0, 1, 2]) expect(state(h, node).tree.tip.height).toBe(5);
    const mined = [0, 1, 2].reduce((sum, node) => sum + state(h, node).stats.blocksMined, 0);
    expect(mined).toBeLessThanOrEqual(6);
  });
});
