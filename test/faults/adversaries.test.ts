/**
 * Byzantine strategies that wrap a node (issue 6, part 3): with one Byzantine node (f = 1 at n = 4) running any
 * strategy, PBFT, HotStuff and Tendermint stay safe; Byzantine nodes are not held to the properties; forged
 * signatures are rejected by real verification in every protocol, and the rejections are counted.
 */
import { describe, expect, it } from "vitest";
import { corruptSignature } from "../../src/faults/adversary.js";
import { isVoteType, VOTE_TYPES } from "../../src/faults/votes.js";
import { BFT_PROTOCOLS, runTiny, tinyScenario } from "./support.js";

const STRATEGIES = ["silent", "delay", "drop-votes", "replay", "forge", "flood", "equivocate"] as const;

describe("Byzantine strategies, one Byzantine node of four", () => {
  for (const protocol of BFT_PROTOCOLS) {
    for (const strategy of STRATEGIES) {
      it(`${protocol}: node 0 runs ${strategy}; the honest nodes stay safe and keep committing`, () => {
        const extra = `adversaries: [{ nodes: [0], strategy: ${strategy}, delay: 300ms, budget: 64KB }]`;
        const { outcome, commits } = runTiny(tinyScenario(protocol, { seconds: 2, extra }));
        expect(outcome.safety.ok).toBe(true);
        expect(outcome.adversaries?.nodes).toEqual([{ id: 0, strategy }]);
        const honestHeights = commits.filter((c) => c.node !== 0).map((c) => c.block.height);
        expect(Math.max(0, ...honestHeights)).toBeGreaterThan(0);
      });
    }
  }
});

describe("forged signatures", () => {
  for (const protocol of [...BFT_PROTOCOLS, "raft"]) {
    it(`${protocol}: every signature of a forging node is rejected by the honest nodes, and counted`, () => {
      const { outcome } = runTiny(tinyScenario(protocol, { seconds: 2, extra: "adversaries: [{ nodes: [1], strategy: forge }]" }));
      expect(outcome.adversaries?.rejectedSignatures).toBeGreaterThan(10);
      expect(outcome.safety.ok).toBe(true);
      const honest = runTiny(tinyScenario(protocol, { seconds: 2 })).outcome;
      expect(honest.adversaries).toBeUndefined();
    });
  }

  it("a corrupted signature keeps its length and differs", () => {
    const sig = new Uint8Array([1, 2, 3]);
    const bad = corruptSignature(sig);
    expect(bad).toHaveLength(3);
    expect(bad).not.toEqual(sig);
  });
});

describe("Byzantine nodes and the observers", () => {
  it("a Byzantine node's own commits are not judged: an equivocating primary may commit anything", () => {
    const extra = "adversaries: [{ nodes: [0], strategy: equivocate }]";
    const { outcome, commits } = runTiny(tinyScenario("pbft", { seconds: 2, extra }, ["protocol.quorumOverride=2"]));
    expect(outcome.safety.ok).toBe(false);
    for (const v of outcome.safety.violations) expect(v.nodes).not.toContain(0);
    expect(commits.length).toBeGreaterThan(0);
  });

  it("vote types are known for every protocol", () => {
    expect(Object.keys(VOTE_TYPES).sort()).toEqual(["hotstuff", "nakamoto", "pbft", "raft", "tendermint"]);
    expect(isVoteType("tendermint", "PREVOTE")).toBe(true);
    expect(isVoteType("tendermint", "PROPOSAL")).toBe(false);
  });
});
