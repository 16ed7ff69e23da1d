/**
 * Helpers for end-to-end tests: build a scenario from a few YAML lines on top of a small base, run it, and
 * look at commits as the observers saw them.
 */
import { simulate, type SimulationOutcome } from "../../src/engine/simulation.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import type { Scenario } from "../../src/scenario/types.js";
import type { CommittedBlock } from "../../src/protocols/types.js";

export interface Commit {
  node: number;
  atUs: number;
  block: CommittedBlock;
}

export function scenarioFromYaml(yaml: string, sets: string[] = []): Scenario {
  return loadScenarioText(yaml, "<test>", sets).scenario;
}

export function runWithCommits(scenario: Scenario): { outcome: SimulationOutcome; commits: Commit[]; logs: string[] } {
  const commits: Commit[] = [];
  const logs: string[] = [];
  const outcome = simulate(scenario, {
    onCommit: (node, block, atUs) => commits.push({ node, atUs, block }),
    trace: (node, atUs, event) => logs.push(`${atUs} ${node} ${event}`),
  });
  return { outcome, commits, logs };
}

export function pbftYaml(opts: { n: number; seconds: number; rate: number; suite?: string; extra?: string }): string {
  return `
name: test-pbft-${opts.n}
seed: 7
duration: ${opts.seconds}s
protocol: { name: pbft, batch: { maxTxs: 200, maxWait: 20ms }, viewChangeTimeout: 1s }
nodes: { count: ${opts.n}, placement: { regions: [us-east-1, eu-central-1, ap-northeast-1] } }
network: { preset: cloud-10 }
crypto: { suite: ${opts.suite ?? "ed25519"} }
workload: { arrival: { kind: poisson, rate: ${opts.rate} }, txSize: 128B, target: random }
metrics: { warmup: 1s }
${opts.extra ?? ""}
`;
}
