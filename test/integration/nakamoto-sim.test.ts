/**
 * Nakamoto end to end in the simulator: real blocks over the simblock-2019 network, k-deep commits at 90% of
 * nodes, the PoW observer's sections in result.json, determinism, compact blocks, and the shipped scenarios.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../../src/engine/simulation.js";
import { buildResult } from "../../src/results/result.js";
import { loadScenarioFile, loadScenarioText } from "../../src/scenario/load.js";
import { runWithCommits, scenarioFromYaml } from "./support.js";

function nakamotoYaml(opts: { n: number; minutes: number; extra?: string; rate?: number }): string {
  return `
name: test-nakamoto-${opts.n}
seed: 9
duration: ${opts.minutes}m
protocol: { name: nakamoto, blockInterval: 30s, blockSize: 256KB, confirmations: 3${opts.extra ?? ""} }
nodes:
  count: ${opts.n}
  placement: { regions: [NA, EU, SA, AP, JP, AU], weights: [0.3316, 0.4998, 0.0090, 0.1177, 0.0224, 0.0195] }
network: { preset: simblock-2019, topology: { kind: random, degree: 8 } }
workload: { arrival: { kind: poisson, rate: ${opts.rate ?? 0.2} }, txSize: 250B }
metrics: { warmup: 0s, livenessBound: 10m }
`;
}

describe("nakamoto in the simulator", () => {
  const yaml = nakamotoYaml({ n: 60, minutes: 20 });
  const { outcome, commits } = runWithCommits(scenarioFromYaml(yaml));
  const sections = outcome.protocol?.sections as Record<string, Record<string, unknown>>;

  it("keeps every honest node on a common prefix k deep (safety) and makes progress", () => {
    expect(outcome.safety.ok).toBe(true);
    expect(outcome.liveness.ok).toBe(true);
    expect(outcome.metrics.blocks.committed).toBeGreaterThan(20);
    expect(outcome.metrics.throughput.committed).toBeGreaterThan(100);
  });

  it("commits height h only once the node's chain is k = 3 blocks deeper", () => {
    const mainHeight = sections.mining?.mainChainHeight as number;
    const highest = Math.max(...commits.map((c) => c.block.height));
    expect(highest).toBeLessThanOrEqual(mainHeight - 3);
    expect(highest).toBeGreaterThanOrEqual(mainHeight - 5);
    const confirmUs = outcome.metrics.latency.p50Ms;
    expect(confirmUs).toBeGreaterThan(3 * 30_000 * 0.5); // about k intervals plus propagation
  });

  it("reports block propagation, stale blocks, forks and bandwidth", () => {
    const to50 = sections.propagation?.to50PercentMs as { count: number; p50: number };
    const to90 = sections.propagation?.to90PercentMs as { p50: number };
    const to100 = sections.propagation?.to100PercentMs as { p50: number };
    expect(to50.count).toBeGreaterThan(20);
    expect(to50.p50).toBeGreaterThan(200);
    expect(to50.p50).toBeLessThanOrEqual(to90.p50);
    expect(to90.p50).toBeLessThanOrEqual(to100.p50);
    expect(outcome.protocol?.blocksProduced).toBe(sections.mining?.blocksProduced);
    expect(sections.forks?.staleBranches).toBeDefined();
    expect((sections.bandwidth?.blockBytesServedPerNode as { mean: number }).mean).toBeGreaterThan(0);
  });

  it("puts blocks.stale, blocks.staleRate and the PoW sections in result.json", () => {
    const loaded = loadScenarioText(yaml, "<test>");
    const { result } = buildResult({ loaded, outcome, gitCommit: "test", workers: 1, wall: { seconds: 0, startedAt: "", host: "" } });
    expect(result.blocks.stale).toBe(outcome.protocol?.staleBlocks);
    const produced = outcome.protocol?.blocksProduced ?? 0;
    expect(result.blocks.staleRate).toBeCloseTo((outcome.protocol?.staleBlocks ?? 0) / produced, 5);
    expect(Object.keys(result.protocol ?? {})).toEqual(["mining", "propagation", "forks", "bandwidth"]);
  });

  it("is a pure function of the scenario", () => {
    const again = simulate(scenarioFromYaml(yaml));
    expect(JSON.stringify(again.protocol)).toBe(JSON.stringify(outcome.protocol));
    expect(JSON.stringify(again.metrics)).toBe(JSON.stringify(outcome.metrics));
  });

  it("relays compact blocks with far fewer block bytes and the same safety", () => {
    const compact = simulate(scenarioFromYaml(nakamotoYaml({ n: 60, minutes: 20, extra: ", compactBlocks: true" })));
    expect(compact.safety.ok).toBe(true);
    const bytes = (o: typeof compact): number => o.metrics.messages.byType.BLOCK?.bytes ?? 0;
    expect(compact.metrics.messages.byType.CMPCTBLOCK?.count).toBeGreaterThan(0);
    expect(bytes(compact)).toBe(0);
    expect(compact.metrics.messages.bytes).toBeLessThan(outcome.metrics.messages.bytes / 5);
  });

  it("gives the biggest Pareto miner the most blocks", () => {
    const { commits: skewed } = runWithCommits(scenarioFromYaml(nakamotoYaml({
      n: 30, minutes: 20, rate: 0, extra: ", hashPower: { kind: pareto, alpha: 1.16 }",
    })));
    const byMiner = new Map<number, number>();
    for (const c of skewed) if (c.node === 1) byMiner.set(c.block.proposer, (byMiner.get(c.block.proposer) ?? 0) + 1);
    const top = [...byMiner.entries()].sort((a, b) => b[1] - a[1])[0];
    expect(top?.[0]).toBe(0);
  });
});

describe("shipped nakamoto scenarios", () => {
  it("load and validate", () => {
    const tenK = loadScenarioFile("scenarios/nakamoto-10k.yaml").scenario;
    expect(tenK.nodes.count).toBe(10_000);
    expect(tenK.protocol.maxHeight).toBe(21);
    expect(tenK.workload.arrival.rate).toBe(0);
    const bitcoin = loadScenarioFile("scenarios/nakamoto-bitcoin.yaml").scenario;
    expect(bitcoin.nodes.count).toBe(1000);
    expect(bitcoin.protocol.blockIntervalUs).toBe(600_000_000);
  });

  it("nakamoto-bitcoin keeps safety (scaled down to 150 nodes and 3 hours)", () => {
    const scenario = loadScenarioFile("scenarios/nakamoto-bitcoin.yaml", ["nodes.count=150", "duration=3h"]).scenario;
    const outcome = simulate(scenario);
    expect(outcome.safety.ok).toBe(true);
    expect(outcome.metrics.blocks.committed).toBeGreaterThan(5);
  });
});
