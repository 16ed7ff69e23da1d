/**
 * Crash-fault behaviour through the fault schedule (issue 6): a crashed node that recovers from durable storage
 * catches up and its committed chain never regresses (every protocol), and in Raft a partition or isolation of
 * the leader produces a new leader on the majority side while the old leader's uncommitted entries are never
 * reported committed.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../../src/engine/simulation.js";
import type { Commit } from "./support.js";
import { runTiny, tinyScenario } from "./support.js";

function chainOf(commits: readonly Commit[], node: number): Map<number, string> {
  const chain = new Map<number, string>();
  for (const c of commits) if (c.node === node) chain.set(c.block.height, c.block.hash);
  return chain;
}

describe("crash and recover", () => {
  for (const protocol of ["pbft", "hotstuff", "tendermint", "raft"]) {
    it(`${protocol}: the recovered node catches up and its committed chain never regresses`, () => {
      const extra = "faults: [{ at: 800ms, kind: crash, nodes: [1], recover: 1600ms }]";
      const { outcome, commits } = runTiny(tinyScenario(protocol, { seconds: 4, extra }));
      expect(outcome.safety.ok).toBe(true);
      const mine = commits.filter((c) => c.node === 1);
      let top = 0;
      const seen = new Map<number, string>();
      for (const c of mine) {
        const earlier = seen.get(c.block.height);
        if (earlier !== undefined) expect(c.block.hash).toBe(earlier); // re-reported after recovery: same block
        else expect(c.block.height).toBe(top + 1); // otherwise: the next height, no gap, no regression
        seen.set(c.block.height, c.block.hash);
        top = Math.max(top, c.block.height);
      }
      const afterRecovery = mine.filter((c) => c.atUs > 1_600_000);
      expect(afterRecovery.length).toBeGreaterThan(0);
      const othersTop = Math.max(...commits.filter((c) => c.node !== 1 && c.atUs <= 3_000_000).map((c) => c.block.height));
      expect(top).toBeGreaterThanOrEqual(othersTop);
      const reference = chainOf(commits, 0);
      for (const [height, hash] of chainOf(commits, 1)) if (reference.has(height)) expect(hash).toBe(reference.get(height));
    });
  }
});

describe("Raft: the leader cut off from the majority", () => {
  for (const fault of ["isolate", "partition"]) {
    it(`${fault} the leader: a new leader on the majority side; the old leader's uncommitted entries never commit`, () => {
      const extra = `faults: [{ at: 1s, kind: ${fault}, nodes: leader, heal: 2500ms }]`;
      const scenario = tinyScenario("raft", { n: 5, seconds: 4, rate: 60, extra });
      const leaders: { node: number; atUs: number; term: number }[] = [];
      const commits: Commit[] = [];
      const outcome = simulate(scenario, {
        trace: (node, atUs, event, detail) => {
          if (event === "raft.leader") leaders.push({ node, atUs, term: Number(detail?.term) });
        },
        onCommit: (node, block, atUs) => commits.push({ node, atUs, block }),
      });
      const record = outcome.faults[0];
      const cut = record?.groups?.[0] ?? record?.nodes; // partition: [leader] against the rest
      expect(cut).toHaveLength(1);
      const old = cut?.[0] as number;
      const oldTerm = Math.max(...leaders.filter((l) => l.node === old && l.atUs < 1_000_000).map((l) => l.term));
      const successor = leaders.find((l) => l.atUs > 1_000_000 && l.atUs < 2_500_000 && l.node !== old);
      expect(successor).toBeDefined();
      expect(successor?.term).toBeGreaterThan(oldTerm);
      // The majority commits the new leader's entries while the old leader is cut off.
      const majority = commits.filter((c) => c.node !== old && c.atUs > 1_000_000 && c.atUs < 2_500_000);
      expect(majority.some((c) => c.block.proposer === successor?.node)).toBe(true);
      // The old leader commits nothing it appended alone: while cut off it commits nothing new (after the
      // entries already in flight), and afterwards its chain is the majority's at every height.
      const oldAlone = commits.filter((c) => c.node === old && c.atUs > 1_200_000 && c.atUs < 2_500_000);
      expect(oldAlone).toHaveLength(0);
      const heightsBefore = Math.max(0, ...commits.filter((c) => c.atUs <= 1_200_000).map((c) => c.block.height));
      const oldLater = commits.filter((c) => c.block.proposer === old && c.block.height > heightsBefore && c.atUs < 2_500_000);
      expect(oldLater).toHaveLength(0);
      expect(outcome.safety.ok).toBe(true);
      const reference = chainOf(commits, successor?.node as number);
      for (const [height, hash] of chainOf(commits, old)) if (reference.has(height)) expect(hash).toBe(reference.get(height));
      expect(chainOf(commits, old).size).toBeGreaterThan(heightsBefore);
    });
  }
});
