/**
 * The paper's rules as pure predicates (rules.ts), each named after the sentence it implements
 * (Yin et al., PODC 2019: Algorithm 1 safeNode, Algorithm 3 update and vote, §3 quorums, §4.4 pacemaker).
 */
import { describe, expect, it } from "vitest";
import { distinctQuorum, maxFaulty, quorumSize, safeNode, threeChainCommits, viewTimeoutUs } from "../../../src/protocols/hotstuff/index.js";

const link = (hashHex: string, parentHex: string, view: number) => ({ hashHex, parentHex, view });

describe("HotStuff rules (pure)", () => {
  it("§3: f = ⌊(n−1)/3⌋ and a QC needs n−f votes", () => {
    expect([4, 5, 6, 7, 10, 16].map(maxFaulty)).toEqual([1, 1, 1, 2, 3, 5]);
    expect([4, 5, 6, 7, 10, 16].map(quorumSize)).toEqual([3, 4, 5, 5, 7, 11]);
  });

  it("Alg. 1 safeNode: extends the locked block (safety rule) OR justify.view > locked view (liveness rule)", () => {
    expect(safeNode(true, 3, 5)).toBe(true); // extends the lock: always safe
    expect(safeNode(false, 6, 5)).toBe(true); // a conflicting branch justified by a newer QC: unlocks
    expect(safeNode(false, 5, 5)).toBe(false);
    expect(safeNode(false, 2, 5)).toBe(false);
  });

  it("Alg. 3 update: a three-chain with direct parents and consecutive views commits its head", () => {
    expect(threeChainCommits(link("c", "b", 7), link("b", "a", 6), link("a", "z", 5))).toBe(true);
    // A view gap anywhere in the chain (a timed-out view between two blocks) is no three-chain.
    expect(threeChainCommits(link("c", "b", 8), link("b", "a", 6), link("a", "z", 5))).toBe(false);
    expect(threeChainCommits(link("c", "b", 7), link("b", "a", 6), link("a", "z", 4))).toBe(false);
    // Not direct parents: no commit even with consecutive views.
    expect(threeChainCommits(link("c", "x", 7), link("b", "a", 6), link("a", "z", 5))).toBe(false);
    expect(threeChainCommits(link("c", "b", 7), link("b", "x", 6), link("a", "z", 5))).toBe(false);
  });

  it("§3: a QC's voters must be n−f distinct replicas", () => {
    expect(distinctQuorum([0, 1, 2], 4)).toBe(true);
    expect(distinctQuorum([0, 1, 1], 4)).toBe(false);
    expect(distinctQuorum([0, 1], 4)).toBe(false);
    expect(distinctQuorum([0, 1, 4], 4)).toBe(false);
    expect(distinctQuorum([0, 1, 2, 3, 4], 7)).toBe(true);
    expect(distinctQuorum([0, 1, 2, 3], 7)).toBe(false);
  });

  it("§4.4 pacemaker: the view timeout doubles per consecutive timeout, capped at the maximum", () => {
    expect([0, 1, 2, 3, 4, 60].map((k) => viewTimeoutUs(100, 700, k))).toEqual([100, 200, 400, 700, 700, 700]);
  });
});
