/**
 * Raft end to end in the simulator, with real signatures over real encodings (Ongaro & Ousterhout 2014):
 * progress with f crashed servers at n = 3 and 5, a new leader after the leader crashes (and the old one
 * catching up when it recovers), and safety in every run.
 */
import { describe, expect, it } from "vitest";
import { runWithCommits, scenarioFromYaml } from "./support.js";

function raftYaml(opts: { n: number; seconds: number; rate: number; suite?: string; extra?: string }): string {
  return `
name: test-raft-${opts.n}
seed: 7
duration: ${opts.seconds}s
protocol: { name: raft, batch: { maxTxs: 200, maxWait: 20ms }, electionTimeout: 500ms, heartbeatInterval: 50ms, maxEntriesPerAppend: 16 }
nodes: { count: ${opts.n}, placement: { regions: [us-east-1, eu-central-1, ap-northeast-1] } }
network: { preset: cloud-10 }
crypto: { suite: ${opts.suite ?? "ed25519"} }
workload: { arrival: { kind: poisson, rate: ${opts.rate} }, txSize: 128B, target: random }
metrics: { warmup: 1s }
${opts.extra ?? ""}
`;
}

describe("Raft in the simulator", () => {
  it("n = 3, f = 1 crashed from the start: commits continue and safety holds (SM2)", () => {
    const scenario = scenarioFromYaml(raftYaml({ n: 3, seconds: 6, rate: 100, suite: "sm", extra: "faults: [{ at: 0s, kind: crash, nodes: [2] }]" }));
    const { outcome, commits } = runWithCommits(scenario);
    expect(outcome.safety.ok).toBe(true);
    expect(outcome.liveness.ok).toBe(true);
    expect(outcome.metrics.throughput.committed).toBeGreaterThan(0.9 * outcome.metrics.throughput.submitted);
    expect(commits.some((c) => c.node === 2)).toBe(false);
  });

  it("n = 5, f = 2 crashed from the start: commits continue and safety holds", () => {
    const scenario = scenarioFromYaml(raftYaml({ n: 5, seconds: 6, rate: 200, extra: "faults: [{ at: 0s, kind: crash, nodes: [3, 4] }]" }));
    const { outcome } = runWithCommits(scenario);
    expect(outcome.safety.ok).toBe(true);
    expect(outcome.metrics.throughput.committed).toBeGreaterThan(0.9 * outcome.metrics.throughput.submitted);
    const byType = outcome.metrics.messages.byType;
    for (const type of ["REQUEST", "REQUEST-VOTE", "VOTE", "APPEND-ENTRIES", "APPEND-RESPONSE"]) expect(byType[type]?.count ?? 0).toBeGreaterThan(0);
  });

  it("leader crash: a new leader is elected and commits resume; the old leader recovers and catches up", () => {
    const crashUs = 3_000_000;
    const timeoutUs = 500_000;
    // Find who leads at the crash: run once without faults, then crash that node.
    const probe = runWithCommits(scenarioFromYaml(raftYaml({ n: 5, seconds: 3, rate: 100 })));
    const leader = probe.commits.filter((c) => c.block.txIds.length > 0).at(-1)?.block.proposer ?? 0;
    const extra = `faults: [{ at: 3s, kind: crash, nodes: [${leader}], recover: 6s }]`;
    const { outcome, commits } = runWithCommits(scenarioFromYaml(raftYaml({ n: 5, seconds: 9, rate: 100, extra })));
    expect(outcome.safety.ok).toBe(true);
    const after = commits.filter((c) => c.atUs > crashUs && c.node !== leader && c.block.txIds.length > 0);
    expect(after.length).toBeGreaterThan(0);
    const firstAfter = Math.min(...after.map((c) => c.atUs));
    // A candidate starts within 2T + one-way delay of the crash; allow one split vote and the WAN round trips.
    expect(firstAfter - crashUs).toBeLessThanOrEqual(3 * timeoutUs + 1_000_000);
    expect(after.some((c) => c.block.proposer !== leader)).toBe(true);
    expect(outcome.metrics.viewChanges).toBeGreaterThanOrEqual(2); // the first election and the one after the crash
    // The recovered server (back at 6 s) caught up: by the end it holds everything the others had a second earlier.
    const heightBy = (node: number, atUs: number): number =>
      Math.max(0, ...commits.filter((c) => c.node === node && c.atUs <= atUs).map((c) => c.block.height));
    const othersAt8s = Math.max(...[1, 2, 3, 4].map((k) => heightBy((leader + k) % 5, 8_000_000)));
    expect(othersAt8s).toBeGreaterThan(heightBy(leader, crashUs));
    expect(heightBy(leader, 9_000_000)).toBeGreaterThanOrEqual(othersAt8s);
  });
});
