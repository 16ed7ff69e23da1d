/**
 * Agreement under randomised schedules (in the spirit of TigerBeetle's VOPR): for each of 30 seeds, random
 * network size, per-message delays, client targets and one crash (possibly the primary, possibly recovering)
 * — no two replicas ever commit different blocks at the same height, and every request a correct replica
 * received commits on every correct replica. Each failure message names its seed.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/engine/rng.js";
import { makeTx, safetyViolations, committedTxIds } from "../../support/harness.js";
import { pbftHarness, snapshot } from "./helpers.js";

interface Plan {
  n: number;
  crashNode: number;
  crashAtUs: number;
  recoverAtUs: number | undefined;
  maxDelayUs: number;
}

function planFor(seed: number): Plan {
  const rng = createRng(seed, "test/pbft/agreement");
  const n = [4, 4, 5, 7][rng.int(4)] as number;
  const crashNode = rng.next() < 0.4 ? 0 : rng.int(n);
  const crashAtUs = 5_000 + rng.int(100_000);
  const recoverAtUs = rng.next() < 0.5 ? crashAtUs + 50_000 + rng.int(200_000) : undefined;
  return { n, crashNode, crashAtUs, recoverAtUs, maxDelayUs: 500 + rng.int(8_000) };
}

function runSeed(seed: number, lossRate: number): void {
  const plan = planFor(seed);
  const h = pbftHarness(
    plan.n,
    { batch: { maxTxs: 4, maxWaitUs: 2_000 }, viewChangeTimeoutUs: 60_000, checkpointInterval: 4, watermarkWindow: 12 },
    { seed, delayUs: (_f, _t, _m, rng) => 200 + rng.int(plan.maxDelayUs) },
  );
  const rng = createRng(seed, "test/pbft/workload");
  const lossRng = createRng(seed, "test/pbft/loss");
  if (lossRate > 0) h.addFilter(() => lossRng.next() >= lossRate);
  const received = new Map<number, number>(); // tx id → node it was submitted to
  for (let i = 0; i < 150; i++) {
    const node = rng.int(plan.n);
    received.set(i, node);
    h.submit(node, makeTx(i), 1_000 + i * 2_000 + rng.int(1_000));
  }
  h.at(plan.crashAtUs, () => h.crash(plan.crashNode));
  if (plan.recoverAtUs !== undefined) h.at(plan.recoverAtUs, () => h.recover(plan.crashNode));
  h.runUntil(5_000_000);
  const context = `seed ${seed} loss ${lossRate} ${JSON.stringify(plan)} (reproduce: runSeed(${seed}, ${lossRate}))`;
  expect(safetyViolations(h), context).toEqual([]);
  const correct = h.nodes.filter((node) => node !== plan.crashNode);
  const mustCommit = [...received].filter(([, node]) => node !== plan.crashNode).map(([id]) => id);
  for (const node of correct) {
    const ids = new Set(committedTxIds(h, node));
    expect(mustCommit.filter((id) => !ids.has(id)), `${context} node ${node}`).toEqual([]);
    expect(h.height(node), context).toBe(h.height(correct[0] as number));
  }
  if (plan.recoverAtUs !== undefined && lossRate === 0) {
    // The recovered replica is a prefix of the others (safetyViolations) and caught up completely.
    expect(h.height(plan.crashNode), context).toBe(h.height(correct[0] as number));
    expect(snapshot(h, plan.crashNode).view, context).toBe(snapshot(h, correct[0] as number).view);
  }
}

describe("PBFT agreement across random schedules", () => {
  for (let seed = 1; seed <= 30; seed++) {
    it(`seed ${seed}: random delays and one crash — agreement, progress, catch-up`, () => runSeed(seed, 0));
  }
});

describe("PBFT agreement with 1% message loss", () => {
  for (let seed = 101; seed <= 110; seed++) {
    it(`seed ${seed}: agreement and eventual progress despite lost messages`, () => runSeed(seed, 0.01));
  }
});
