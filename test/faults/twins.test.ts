/**
 * Twins (Bano et al., OPODIS 2021; issue 6, part 4): a node run twice with the same id and keys, each copy
 * reachable by one group of peers, with unmodified protocol code. With honest quorums the BFT protocols stay
 * safe against one twinned node; with the quorum lowered, twins alone expose the split.
 */
import { describe, expect, it } from "vitest";
import { TwinsRouting } from "../../src/faults/twins.js";
import { BFT_PROTOCOLS, runTiny, tinyScenario } from "./support.js";

const twinsOf = (node: number, split: string): string => `adversaries: [{ nodes: [${node}], strategy: twins, split: ${split} }]`;

describe("twins routing", () => {
  const routing = new TwinsRouting([{ nodes: [1], strategy: "twins", delayUs: 0, budgetBytes: 0, split: [[0, 2], [3]] }]);

  it("each copy reaches and is reached by its own group only", () => {
    expect(routing.route(0, 1, false)).toBe(false);
    expect(routing.route(3, 1, false)).toBe(true);
    expect(routing.route(1, 0, false)).toBe(false);
    expect(routing.route(1, 3, false)).toBeUndefined();
    expect(routing.route(1, 3, true)).toBe(false);
    expect(routing.route(1, 1, true)).toBe(true);
    expect(routing.route(0, 2, false)).toBe(false);
  });
});

describe("twins in the simulator", () => {
  for (const protocol of BFT_PROTOCOLS) {
    it(`${protocol}: one twinned node (f = 1) cannot break safety; the honest nodes keep committing`, () => {
      for (const [node, split] of [[0, "[[1], [2, 3]]"], [1, "[[0, 2], [3]]"]] as const) {
        const { outcome, commits } = runTiny(tinyScenario(protocol, { seconds: 2, extra: twinsOf(node, split) }));
        expect(outcome.safety.ok).toBe(true);
        expect(outcome.adversaries?.nodes).toEqual([{ id: node, strategy: "twins" }]);
        expect(commits.filter((c) => c.node !== node).length).toBeGreaterThan(0);
      }
    });
  }

  it("with the quorum lowered, a twinned PBFT primary and a twinned Tendermint validator split the network", () => {
    const pbft = runTiny(tinyScenario("pbft", { seconds: 2, extra: twinsOf(0, "[[1], [2, 3]]") }, ["protocol.quorumOverride=2"]));
    expect(pbft.outcome.safety.ok).toBe(false);
    const tm = runTiny(tinyScenario("tendermint", { seconds: 2, extra: twinsOf(1, "[[0, 2], [3]]") }, ["protocol.quorumOverride=2"]));
    expect(tm.outcome.safety.ok).toBe(false);
  });
});
