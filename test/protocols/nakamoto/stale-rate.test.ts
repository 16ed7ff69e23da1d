/**
 * Stale blocks against theory and published measurements.
 *
 * - Analytic (e.g. Decker & Wattenhofer 2013; Gervais et al. 2016): with a constant block propagation delay D
 *   and mean interval T, a block is stale when another is found within D of it, so the stale rate is close to
 *   1 − e^(−D/T). Here every link has the same constant delay d, bandwidth is unlimited, validation is free and
 *   the topology is a full mesh, so D = 3d (inv → getdata → block).
 * - Published direction and magnitude (REFERENCE.md): Bitcoin's 10-minute, ~1 MB blocks go stale well below 1%;
 *   shorter intervals and bigger blocks raise the rate, to tens of percent.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../../../src/engine/simulation.js";
import { scenarioFromYaml } from "../../integration/support.js";

function staleRate(yaml: string): { rate: number; produced: number; meanTo50Ms: number } {
  const outcome = simulate(scenarioFromYaml(yaml));
  const observation = outcome.protocol;
  if (observation === undefined) throw new Error("no protocol observation");
  const produced = observation.blocksProduced ?? 0;
  const propagation = observation.sections.propagation as { to50PercentMs: { mean: number } };
  return { rate: (observation.staleBlocks ?? 0) / produced, produced, meanTo50Ms: propagation.to50PercentMs.mean };
}

function equalDelayYaml(n: number, delayMs: number, intervalS: number, blocks: number): string {
  return `
name: stale-analytic
seed: 7
duration: ${intervalS * blocks}s
protocol: { name: nakamoto, blockInterval: ${intervalS}s, blockSize: 2KB, confirmations: 6, validationPerTx: 0us, validationPerKiB: 0us }
nodes: { count: ${n} }
network:
  preset: custom
  regions: [here]
  latencyMs: [[${delayMs}]]
  jitter: { distribution: constant }
  bandwidth: { upload: 0, download: 0 }
  topology: { kind: mesh }
workload: { arrival: { kind: poisson, rate: 0 } }
metrics: { warmup: 0s }
`;
}

function simblockYaml(intervalS: number, blockSize: string, blocks: number): string {
  return `
name: stale-sweep
seed: 5
duration: ${intervalS * blocks}s
protocol: { name: nakamoto, blockInterval: ${intervalS}s, blockSize: ${blockSize}, confirmations: 6 }
nodes:
  count: 80
  placement: { regions: [NA, EU, SA, AP, JP, AU], weights: [0.3316, 0.4998, 0.0090, 0.1177, 0.0224, 0.0195] }
network: { preset: simblock-2019, topology: { kind: random, degree: 8 } }
workload: { arrival: { kind: poisson, rate: 0 } }
metrics: { warmup: 0s }
`;
}

describe("nakamoto stale rate", () => {
  it("is close to 1 − e^(−D/T) with a constant propagation delay D (within 20%)", () => {
    // D/T = 0.05 over ~4,000 blocks (~170 stale). The first-order formula runs ~9% high here: the miner never
    // competes with itself (a factor (n − 1)/n on the competitors' rate) and stale blocks are in the
    // denominator (p/(1 + p)); sampling noise is ~8%.
    const delayMs = 50;
    const intervalS = 3;
    const { rate, produced } = staleRate(equalDelayYaml(20, delayMs, intervalS, 4000));
    const predicted = 1 - Math.exp(-(3 * delayMs) / 1000 / intervalS);
    expect(produced).toBeGreaterThan(3500);
    expect(Math.abs(rate - predicted) / predicted).toBeLessThan(0.2);
  });

  it("rises as the block interval shrinks, to tens of percent, and stays below 1% at Bitcoin's 10 minutes", () => {
    const runs = [10, 40, 160].map((intervalS) => staleRate(simblockYaml(intervalS, "1MB", 150)));
    const rates = runs.map((r) => r.rate);
    expect(rates[0]).toBeGreaterThan(rates[1] as number);
    expect(rates[1]).toBeGreaterThan(rates[2] as number);
    expect(rates[0]).toBeGreaterThan(0.1);
    // At T = 600 s the same propagation delay gives 1 − e^(−D/T), far below 1% (too few stale blocks to count).
    const meanDelayS = (runs[2]?.meanTo50Ms ?? 0) / 1000;
    expect(1 - Math.exp(-meanDelayS / 600)).toBeLessThan(0.01);
  });

  it("rises with the block size, to tens of percent for multi-megabyte blocks", () => {
    const rates = ["64KB", "1MB", "4MB"].map((size) => staleRate(simblockYaml(20, size, 150)).rate);
    expect(rates[0]).toBeLessThan(rates[1] as number);
    expect(rates[1]).toBeLessThan(rates[2] as number);
    expect(rates[2]).toBeGreaterThan(0.1);
  });
});
