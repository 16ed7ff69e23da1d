/**
 * Voting power, thresholds, proposer rotation and round timeouts: "2f+1" is more than 2/3 of the power and
 * "f+1" more than 1/3 (§II generalised to power as in CometBFT); proposer(h, r) is CometBFT's weighted
 * round-robin; timeout(r) = base + r·Δ.
 */
import { describe, expect, it } from "vitest";
import { isOneThird, isQuorum, maxFaulty, roundTimeoutUs, ValidatorSet } from "../../../src/protocols/tendermint/index.js";

function counts(set: ValidatorSet, picks: number, height = 1): number[] {
  const out = new Array<number>(set.n).fill(0);
  for (let r = 0; r < picks; r++) out[set.proposer(height, r)]! += 1;
  return out;
}

describe("Tendermint validator set", () => {
  it("§II: n = 3f+1 nodes of equal power — a quorum is 2f+1 nodes, f+1 nodes exceed a third", () => {
    for (const n of [4, 7, 10, 16]) {
      const f = maxFaulty(n);
      expect(isQuorum(2 * f + 1, n)).toBe(true);
      expect(isQuorum(2 * f, n)).toBe(false);
      expect(isOneThird(f + 1, n)).toBe(true);
      expect(isOneThird(f, n)).toBe(false);
    }
  });

  it("thresholds count power, not nodes: with powers [1,1,1,3] three nodes of power 1 are no quorum", () => {
    const set = new ValidatorSet([1, 1, 1, 3]);
    expect(set.totalPower).toBe(6);
    expect(set.hasQuorum(set.powerOfSet([0, 1, 2]))).toBe(false);
    expect(set.hasQuorum(set.powerOfSet([0, 3]))).toBe(false);
    expect(set.hasQuorum(set.powerOfSet([0, 1, 3]))).toBe(true);
    expect(set.hasOneThird(set.powerOf(3))).toBe(true);
    expect(set.hasOneThird(set.powerOfSet([0, 1]))).toBe(false);
  });

  it("proposer(h, r) with equal power is round-robin: (h − 1 + r) mod n", () => {
    const set = new ValidatorSet([1, 1, 1, 1, 1]);
    for (let h = 1; h <= 12; h++) for (let r = 0; r < 7; r++) expect(set.proposer(h, r)).toBe((h - 1 + r) % 5);
  });

  it("weighted proposer rotation: a node with 2× the power proposes 2× as often over many rounds", () => {
    const set = new ValidatorSet([2, 1, 1, 1]);
    expect(counts(set, 1_000)).toEqual([400, 200, 200, 200]);
    const skewed = new ValidatorSet([5, 3, 1, 1, 10]);
    expect(counts(skewed, 2_000, 7)).toEqual([500, 300, 100, 100, 1_000]);
  });

  it("weighted proposer rotation is CometBFT's: priorities += power, max proposes (ties: lowest id), pays the total", () => {
    // Hand-computed for powers [2,1,1,1] (total 5): priorities after each step.
    // [2,1,1,1] → 0 → [-3,1,1,1]; [-1,2,2,2] → 1 → [-1,-3,2,2]; [1,-2,3,3] → 2; [3,-1,-1,4] → 3; [5,0,0,0] → 0.
    const set = new ValidatorSet([2, 1, 1, 1]);
    expect(Array.from({ length: 10 }, (_, r) => set.proposer(1, r))).toEqual([0, 1, 2, 3, 0, 0, 1, 2, 3, 0]);
    expect(set.proposer(3, 2)).toBe(set.proposer(1, 4));
  });

  it("Alg. 1 l.57–65: timeout(r) = base + r·Δ grows with the round", () => {
    expect([0, 1, 2, 5].map((r) => roundTimeoutUs(1_000_000, 500_000, r))).toEqual([1_000_000, 1_500_000, 2_000_000, 3_500_000]);
  });

  it("rejects a voting power that is not a positive integer", () => {
    expect(() => new ValidatorSet([1, 0, 1, 1])).toThrow(/node 1/);
    expect(() => new ValidatorSet([1, 1.5, 1, 1])).toThrow(/positive integer/);
  });
});
