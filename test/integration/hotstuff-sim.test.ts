/**
 * Chained HotStuff end to end in the simulator, with real signatures over real encodings (Yin et al., PODC
 * 2019): progress with f crashed replicas at n = 4 and 16, recovery after a leader crash, the linear message
 * pattern, and safety in every run. Runs are short (a few simulated seconds) to keep the suite fast.
 */
import { describe, expect, it } from "vitest";
import { runWithCommits, scenarioFromYaml } from "./support.js";

function hotstuffYaml(opts: { n: number; seconds: number; rate: number; suite?: string; viewTimeout?: string; extra?: string }): string {
  return `
name: test-hotstuff-${opts.n}
seed: 7
duration: ${opts.seconds}s
protocol: { name: hotstuff, batch: { maxTxs: 200, maxWait: 20ms }, viewTimeout: ${opts.viewTimeout ?? "500ms"}, maxViewTimeout: 8s }
nodes: { count: ${opts.n}, placement: { regions: [us-east-1, eu-central-1, ap-northeast-1] } }
network: { preset: cloud-10 }
crypto: { suite: ${opts.suite ?? "ed25519"} }
workload: { arrival: { kind: poisson, rate: ${opts.rate} }, txSize: 128B, target: random }
metrics: { warmup: 1s }
${opts.extra ?? ""}
`;
}

describe("HotStuff in the simulator", () => {
  it("n = 4, f = 1 crashed from the start: commits continue and safety holds", () => {
    const scenario = scenarioFromYaml(hotstuffYaml({ n: 4, seconds: 8, rate: 100, extra: "faults: [{ at: 0s, kind: crash, nodes: [3] }]" }));
    const { outcome } = runWithCommits(scenario);
    expect(outcome.safety.ok).toBe(true);
    expect(outcome.liveness.ok).toBe(true);
    expect(outcome.metrics.throughput.committed).toBeGreaterThan(0.8 * outcome.metrics.throughput.submitted);
  });

  it("n = 16, f = 5 crashed, SM2 signatures: commits continue and safety holds", () => {
    const extra = "faults: [{ at: 0s, kind: crash, nodes: [3, 5, 7, 9, 11] }]";
    const scenario = scenarioFromYaml(hotstuffYaml({ n: 16, seconds: 5, rate: 100, suite: "sm", extra }));
    const { outcome } = runWithCommits(scenario);
    expect(outcome.safety.ok).toBe(true);
    expect(outcome.metrics.throughput.committed).toBeGreaterThan(0.8 * outcome.metrics.throughput.submitted);
  });

  it("leader crash: commits never pause longer than 2 × viewTimeout + 1 s, and timeouts count as view changes", () => {
    const crashUs = 3_000_000;
    const timeoutUs = 500_000;
    const scenario = scenarioFromYaml(hotstuffYaml({ n: 4, seconds: 7, rate: 100, extra: "faults: [{ at: 3s, kind: crash, nodes: [0] }]" }));
    const { outcome, commits } = runWithCommits(scenario);
    expect(outcome.safety.ok).toBe(true);
    // Every view node 0 would lead now times out (≤ T with pending work everywhere); the next leader then
    // needs n−f NEW-VIEWs and three views of two cross-region delays each (well under 1 s on cloud-10).
    const times = commits.filter((c) => c.node !== 0 && c.atUs > crashUs - 1_000_000).map((c) => c.atUs).sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(times.at(-1)!).toBeGreaterThan(6_000_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(2 * timeoutUs + 1_000_000);
    expect(commits.some((c) => c.atUs > crashUs && c.block.proposer !== 0 && c.block.txIds.length > 0)).toBe(true);
    expect(outcome.metrics.viewChanges).toBeGreaterThanOrEqual(1);
  });

  it("no faults: one proposal broadcast and n−1 votes per view, and no view changes", () => {
    const n = 7;
    const scenario = scenarioFromYaml(hotstuffYaml({ n, seconds: 4, rate: 200 }));
    const { outcome, commits } = runWithCommits(scenario);
    expect(outcome.safety.ok).toBe(true);
    const byType = outcome.metrics.messages.byType;
    const proposals = byType["PROPOSAL"]?.count ?? 0;
    const views = proposals / (n - 1);
    expect(Number.isInteger(views)).toBe(true);
    const heights = new Set(commits.map((c) => c.block.height)).size;
    expect(heights).toBeGreaterThan(10);
    expect(views - heights).toBeLessThanOrEqual(4);
    expect(byType["VOTE"]?.count ?? 0).toBeLessThanOrEqual(views * (n - 1));
    expect(byType["VOTE"]?.count ?? 0).toBeGreaterThanOrEqual((views - 2) * (n - 1));
    expect(byType["NEW-VIEW"]).toBeUndefined();
    expect(outcome.metrics.viewChanges).toBe(0);
  });

  it("a replica that crashes and recovers rejoins; every height has the same block everywhere", () => {
    for (const seed of [1, 2]) {
      const extra = `faults: [{ at: 1500ms, kind: crash, nodes: [${seed}], recover: 3s }]`;
      const scenario = scenarioFromYaml(hotstuffYaml({ n: 4, seconds: 5, rate: 80, extra }), [`seed=${seed}`]);
      const { outcome, commits } = runWithCommits(scenario);
      expect(outcome.safety.ok).toBe(true);
      const byHeight = new Map<number, string>();
      for (const c of commits) {
        const seen = byHeight.get(c.block.height);
        if (seen === undefined) byHeight.set(c.block.height, c.block.hash);
        else expect(c.block.hash).toBe(seen);
      }
      const recovered = commits.filter((c) => c.node === seed && c.atUs > 3_000_000);
      expect(recovered.length).toBeGreaterThan(0);
    }
  });
});
