/**
 * Shared by the protocol benches: a scenario for one protocol at n nodes on cloud-10, built from a YAML
 * template so every protocol gets the same network, placement, load and seed.
 */
import { simulate, type SimulationOutcome } from "../src/engine/simulation.js";
import { loadScenarioText } from "../src/scenario/load.js";

export const BFT_PROTOCOLS = ["pbft", "hotstuff", "tendermint"] as const;
export const ALL_PROTOCOLS = ["pbft", "hotstuff", "tendermint", "raft"] as const;

export interface BenchPoint {
  protocol: string;
  n: number;
  outcome: SimulationOutcome;
  wallSeconds: number;
  simulatedSeconds: number;
  blocks: number;
}

export function benchScenarioYaml(protocol: string, n: number, opts: { seconds: number; rate: number; suite: string; maxWaitMs: number }): string {
  return `
name: bench-${protocol}-${n}
seed: 1
duration: ${opts.seconds}s
protocol: { name: ${protocol}, batch: { maxTxs: 1000, maxWait: ${opts.maxWaitMs}ms } }
nodes: { count: ${n}, placement: { regions: [us-east-1, eu-central-1, ap-northeast-1, us-west-1] } }
network: { preset: cloud-10 }
crypto: { suite: ${opts.suite} }
workload: { arrival: { kind: poisson, rate: ${opts.rate} }, txSize: 256B, target: random }
metrics: { warmup: 2s }
`;
}

export function runPoint(protocol: string, n: number, opts: { seconds: number; rate: number; suite: string; maxWaitMs: number }): BenchPoint {
  const { scenario } = loadScenarioText(benchScenarioYaml(protocol, n, opts), `<bench ${protocol}-${n}>`, []);
  const started = performance.now();
  const outcome = simulate(scenario);
  const wallSeconds = (performance.now() - started) / 1000;
  return {
    protocol, n, outcome, wallSeconds, simulatedSeconds: opts.seconds, blocks: outcome.metrics.blocks.committed,
  };
}

export function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(widths[i] as number)).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
