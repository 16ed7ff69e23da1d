/**
 * Shared set-up for the PBFT tests: a harness running `pbftModule` with a small default configuration, and
 * typed access to a node's replica snapshot.
 */
import { Harness, type DelayFn } from "../../support/harness.js";
import { pbftModule, PbftReplica, type PbftConfig, type PbftMessage, type PbftSnapshot } from "../../../src/protocols/pbft/index.js";

export const BASE_CONFIG: PbftConfig = {
  name: "pbft",
  batch: { maxTxs: 10, maxWaitUs: 2_000 },
  viewChangeTimeoutUs: 100_000,
  checkpointInterval: 10,
  watermarkWindow: 40,
};

export type PbftHarness = Harness<PbftMessage, PbftConfig>;

export function pbftHarness(
  n: number,
  config: Partial<PbftConfig> = {},
  opts: { seed?: number; delayUs?: DelayFn<PbftMessage>; trace?: boolean } = {},
): PbftHarness {
  return new Harness<PbftMessage, PbftConfig>({ module: pbftModule, config: { ...BASE_CONFIG, ...config }, n, ...opts });
}

export function snapshot(h: PbftHarness, node: number): PbftSnapshot {
  const p = h.protocol(node);
  if (!(p instanceof PbftReplica)) throw new Error(`node ${node} does not run PbftReplica`);
  const snap = p.snapshot();
  if (snap === undefined) throw new Error(`node ${node} not started`);
  return snap;
}

/** Heights 1..k on `node` as hashes. */
export function hashes(h: PbftHarness, node: number): string[] {
  return (h.commits[node] ?? []).map((c) => c.block.hash);
}
