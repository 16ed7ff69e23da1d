/**
 * protocol.quorumOverride (issue 6, part 5): an UNSAFE research knob read in each protocol's quorum rule. With
 * honest quorums an equivocating node cannot split the network; with the quorum lowered it can, and `ledgersim
 * run` reports the violation (exit 99, heights and nodes named). Raft's majority is overridable too.
 */
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { simulate } from "../../src/engine/simulation.js";
import { quorumSize as pbftQuorum } from "../../src/protocols/pbft/index.js";
import { isCommittedLocal } from "../../src/protocols/pbft/rules.js";
import { quorumSize as hotstuffQuorum } from "../../src/protocols/hotstuff/index.js";
import { quorumSize as raftQuorum } from "../../src/protocols/raft/index.js";
import { ValidatorSet } from "../../src/protocols/tendermint/index.js";
import { runTiny, tinyScenario } from "./support.js";

async function captureRun(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(args), stderr };
  } finally {
    process.stderr.write = write;
  }
}

describe("quorumOverride", () => {
  it("replaces the quorum in every rule that counts one, and only when set", () => {
    expect([pbftQuorum(4), hotstuffQuorum(7), raftQuorum(5)]).toEqual([3, 5, 3]);
    expect(isCommittedLocal({ prepares: new Map(), commits: new Map() }, 0, 4, 2)).toBe(false);
    expect(new ValidatorSet([1, 1, 1, 1]).hasQuorum(2)).toBe(false);
    expect(new ValidatorSet([1, 1, 1, 1], 2).hasQuorum(2)).toBe(true);
  });

  for (const protocol of ["pbft", "tendermint"]) {
    it(`${protocol}: an equivocating node is harmless with honest quorums and splits the network with quorum 2`, () => {
      const extra = "adversaries: [{ nodes: [0], strategy: equivocate }]";
      expect(runTiny(tinyScenario(protocol, { seconds: 2, extra })).outcome.safety.ok).toBe(true);
      const unsafe = runTiny(tinyScenario(protocol, { seconds: 2, extra }, ["protocol.quorumOverride=2"])).outcome;
      expect(unsafe.safety.ok).toBe(false);
      expect(unsafe.safety.violations[0]).toMatchObject({ kind: "agreement" });
    });
  }

  it("hotstuff: two sides of a partition with four consecutive leaders each both commit when the quorum fits in a side", () => {
    const extra = "faults: [{ at: 300ms, kind: partition, groups: [[0, 1, 2, 3], [4, 5, 6, 7]], heal: 3500ms }]";
    const sets = ["protocol.viewTimeout=100ms", "protocol.maxViewTimeout=200ms"];
    expect(runTiny(tinyScenario("hotstuff", { n: 8, seconds: 4, extra }, sets)).outcome.safety.ok).toBe(true);
    const unsafe = runTiny(tinyScenario("hotstuff", { n: 8, seconds: 4, extra }, [...sets, "protocol.quorumOverride=4"])).outcome;
    expect(unsafe.safety.ok).toBe(false);
  });

  it("raft: with a quorum of 1 both sides of a partition elect leaders and commit different entries", () => {
    const extra = "faults: [{ at: 500ms, kind: partition, groups: [[0, 1], [2, 3, 4]], heal: 2500ms }]";
    expect(runTiny(tinyScenario("raft", { n: 5, seconds: 3, extra })).outcome.safety.ok).toBe(true);
    // After the heal Raft's own invariant check (a leader conflicting with a committed index) stops the run, so
    // the divergence is read from the commits reported before that.
    const hashes = new Map<number, Set<string>>();
    try {
      simulate(tinyScenario("raft", { n: 5, seconds: 3, extra }, ["protocol.quorumOverride=1"]), {
        onCommit: (_node, block) => hashes.set(block.height, (hashes.get(block.height) ?? new Set()).add(block.hash)),
      });
    } catch (error) {
      expect(String(error)).toMatch(/conflicts with committed index/);
    }
    expect([...hashes.values()].some((set) => set.size > 1)).toBe(true);
  });

  it("ledgersim run exits 99 and names the violating height and nodes", async () => {
    const { code, stderr } = await captureRun([
      "run", "scenarios/faults-tendermint-fuzz.yaml", "--no-write", "--set", "protocol.quorumOverride=2",
      "--set", 'adversaries=[{"nodes":[0],"strategy":"equivocate"}]',
    ]);
    expect(code).toBe(99);
    expect(stderr).toMatch(/safety +VIOLATED/);
    expect(stderr).toMatch(/violation +agreement at height \d+, nodes \d+, \d+/);
  });
});
