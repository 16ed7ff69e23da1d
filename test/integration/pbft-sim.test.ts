/**
 * PBFT end to end in the simulator, with real signatures over real encodings (Castro & Liskov, OSDI 1999):
 * tolerance of f crashed replicas, view change after a primary crash, the normal-case message pattern, and
 * safety in every run.
 */
import { describe, expect, it } from "vitest";
import { pbftYaml, runWithCommits, scenarioFromYaml } from "./support.js";

describe("PBFT in the simulator", () => {
  it("n = 4, f = 1 crashed from the start: commits continue and safety holds", () => {
    const scenario = scenarioFromYaml(pbftYaml({ n: 4, seconds: 8, rate: 100, extra: "faults: [{ at: 0s, kind: crash, nodes: [3] }]" }));
    const { outcome } = runWithCommits(scenario);
    expect(outcome.safety.ok).toBe(true);
    expect(outcome.metrics.throughput.committed).toBeGreaterThan(0.9 * outcome.metrics.throughput.submitted);
    expect(outcome.liveness.ok).toBe(true);
  });

  it("n = 16, f = 5 crashed (backups): commits continue and safety holds", () => {
    const extra = "faults: [{ at: 0s, kind: crash, nodes: [3, 5, 7, 9, 11] }]";
    const scenario = scenarioFromYaml(pbftYaml({ n: 16, seconds: 6, rate: 100, extra }));
    const { outcome } = runWithCommits(scenario);
    expect(outcome.safety.ok).toBe(true);
    expect(outcome.metrics.throughput.committed).toBeGreaterThan(0.9 * outcome.metrics.throughput.submitted);
  });

  it("primary crash: a view change happens and commits resume within twice the view-change timeout", () => {
    const crashUs = 4_000_000;
    const timeoutUs = 1_000_000;
    const extra = "faults: [{ at: 4s, kind: crash, nodes: [0] }]";
    const scenario = scenarioFromYaml(pbftYaml({ n: 4, seconds: 12, rate: 100, extra }));
    const { outcome, commits } = runWithCommits(scenario);
    expect(outcome.safety.ok).toBe(true);
    const after = commits.filter((c) => c.atUs > crashUs && c.node !== 0 && c.block.txIds.length > 0);
    expect(after.length).toBeGreaterThan(0);
    const firstAfter = Math.min(...after.map((c) => c.atUs));
    // The first request after the crash starts a backup's timer; the new view must be committing within
    // two timeouts of the crash.
    expect(firstAfter - crashUs).toBeLessThanOrEqual(2 * timeoutUs + 500_000);
    expect(after.some((c) => c.block.proposer !== 0)).toBe(true);
    expect(outcome.metrics.viewChanges).toBeGreaterThanOrEqual(1);
  });

  it("no faults: messages per committed block follow PBFT's pattern exactly", () => {
    const n = 7;
    // Load for 4 s, then none, so that no sequence number is still in flight when the run ends.
    const yaml = pbftYaml({ n, seconds: 6, rate: 200 }).replace(
      "arrival: { kind: poisson, rate: 200 }",
      "arrival: { kind: steps, steps: [{ at: 0s, rate: 200 }, { at: 4s, rate: 0 }] }",
    );
    const scenario = scenarioFromYaml(yaml, ["protocol.checkpointInterval=1000000", "protocol.watermarkWindow=2000000"]);
    const { outcome, commits } = runWithCommits(scenario);
    expect(outcome.safety.ok).toBe(true);
    const byType = outcome.metrics.messages.byType;
    const blocks = new Set(commits.map((c) => c.block.height)).size;
    expect(blocks).toBeGreaterThan(20);
    // Every replica committed every block.
    expect(commits.length).toBe(blocks * n);
    // Pre-prepare: the primary to the n − 1 backups. Prepare: each backup to every other replica.
    // Commit: every replica to every other replica.
    expect(byType["PRE-PREPARE"]?.count).toBe(blocks * (n - 1));
    expect(byType["PREPARE"]?.count).toBe(blocks * (n - 1) * (n - 1));
    expect(byType["COMMIT"]?.count).toBe(blocks * n * (n - 1));
  });

  it("every committed block has the same content at every replica (agreement, seed sweep)", () => {
    for (const seed of [1, 2, 3]) {
      const extra = `faults: [{ at: 2s, kind: crash, nodes: [${seed % 4}], recover: 4s }]`;
      const scenario = scenarioFromYaml(pbftYaml({ n: 4, seconds: 7, rate: 80, extra }), [`seed=${seed}`]);
      const { outcome, commits } = runWithCommits(scenario);
      expect(outcome.safety.ok).toBe(true);
      const byHeight = new Map<number, string>();
      for (const c of commits) {
        const seen = byHeight.get(c.block.height);
        if (seen === undefined) byHeight.set(c.block.height, c.block.hash);
        else expect(c.block.hash).toBe(seen);
      }
    }
  });
});
