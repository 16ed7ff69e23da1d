/**
 * Helpers for the fault and adversary tests: a tiny scenario per protocol (n = 4 by default, ed25519, a few
 * simulated seconds, low load) with extra YAML for faults and adversaries, run through the simulator.
 */
import { simulate, type SimulationOutcome } from "../../src/engine/simulation.js";
import type { CommittedBlock } from "../../src/protocols/types.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import type { Scenario } from "../../src/scenario/types.js";

export type BftName = "pbft" | "hotstuff" | "tendermint";
export const BFT_PROTOCOLS: readonly BftName[] = ["pbft", "hotstuff", "tendermint"];

const PROTOCOL_LINE: Readonly<Record<string, string>> = {
  pbft: "{ name: pbft, batch: { maxTxs: 50, maxWait: 20ms }, viewChangeTimeout: 500ms }",
  hotstuff: "{ name: hotstuff, batch: { maxTxs: 50, maxWait: 20ms }, viewTimeout: 300ms }",
  tendermint: "{ name: tendermint, batch: { maxTxs: 50, maxWait: 20ms }, timeoutPropose: 300ms, timeoutPrevote: 150ms, timeoutPrecommit: 150ms, timeoutDelta: 100ms }",
  raft: "{ name: raft, batch: { maxTxs: 50, maxWait: 20ms }, electionTimeout: 300ms, heartbeatInterval: 50ms }",
};

export interface TinyOptions {
  n?: number;
  seconds?: number;
  rate?: number;
  seed?: number;
  extra?: string;
}

export function tinyYaml(protocol: string, opts: TinyOptions = {}): string {
  return `
name: test-${protocol}-faults
seed: ${opts.seed ?? 1}
duration: ${opts.seconds ?? 3}s
protocol: ${PROTOCOL_LINE[protocol]}
nodes: { count: ${opts.n ?? 4} }
network: { preset: lan }
crypto: { suite: ed25519 }
workload: { arrival: { kind: poisson, rate: ${opts.rate ?? 40} }, txSize: 128B, target: random }
metrics: { warmup: 500ms, livenessBound: 3s }
${opts.extra ?? ""}
`;
}

export function tinyScenario(protocol: string, opts: TinyOptions = {}, sets: string[] = []): Scenario {
  return loadScenarioText(tinyYaml(protocol, opts), "<test>", sets).scenario;
}

export interface Commit {
  node: number;
  atUs: number;
  block: CommittedBlock;
}

export function runTiny(scenario: Scenario): { outcome: SimulationOutcome; commits: Commit[] } {
  const commits: Commit[] = [];
  const outcome = simulate(scenario, { onCommit: (node, block, atUs) => commits.push({ node, atUs, block }) });
  return { outcome, commits };
}
