/**
 * Agreement under randomised schedules (in the spirit of TigerBeetle's VOPR): for each of 200 seeds, a random
 * network size (and, for some seeds, random voting powers), random per-message delays, random client targets
 * and up to f crashes (crashed power below a third; some recover) at random times. Always: no two nodes
 * decide different blocks at a height, heights are contiguous from 1, no transaction commits twice; and every
 * transaction given to a node that never crashed commits on every node that is up at the end. Each failure
 * names its seed and plan.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/engine/rng.js";
import { committedTxIds, makeTx, safetyViolations } from "../../support/harness.js";
import { tmHarness } from "./helpers.js";

interface Crash {
  node: number;
  atUs: number;
  recoverAtUs: number | undefined;
}

interface Plan {
  n: number;
  votingPower: number[] | undefined;
  crashes: Crash[];
  maxDelayUs: number;
}

function planFor(seed: number): Plan {
  const rng = createRng(seed, "test/tendermint/agreement");
  const n = [4, 4, 5, 7][rng.int(4)] as number;
  const votingPower = rng.next() < 0.25 ? Array.from({ length: n }, () => 1 + rng.int(3)) : undefined;
  const powers = votingPower ?? new Array<number>(n).fill(1);
  const total = powers.reduce((a, b) => a + b, 0);
  const crashes: Crash[] = [];
  let crashedPower = 0;
  for (const node of rng.shuffle(Array.from({ length: n }, (_, i) => i))) {
    if (rng.next() < 0.3 || 3 * (crashedPower + (powers[node] as number)) >= total) continue;
    crashedPower += powers[node] as number;
    const atUs = 5_000 + rng.int(120_000);
    crashes.push({ node, atUs, recoverAtUs: rng.next() < 0.5 ? atUs + 50_000 + rng.int(250_000) : undefined });
  }
  return { n, votingPower, crashes, maxDelayUs: 200 + rng.int(8_000) };
}

function runSeed(seed: number): void {
  const plan = planFor(seed);
  const h = tmHarness(
    plan.n,
    {
      batch: { maxTxs: 8, maxWaitUs: 2_000 },
      timeoutProposeUs: 30_000,
      timeoutPrevoteUs: 15_000,
      timeoutPrecommitUs: 15_000,
      timeoutDeltaUs: 10_000,
      ...(plan.votingPower === undefined ? {} : { votingPower: plan.votingPower }),
    },
    { seed, delayUs: (_f, _t, _m, rng) => 200 + rng.int(plan.maxDelayUs) },
  );
  const rng = createRng(seed, "test/tendermint/workload");
  const received = new Map<number, number>(); // tx id → node it was given to
  for (let i = 0; i < 40; i++) {
    const node = rng.int(plan.n);
    received.set(i, node);
    h.submit(node, makeTx(i), 1_000 + i * 3_000 + rng.int(2_000));
  }
  for (const c of plan.crashes) {
    h.at(c.atUs, () => h.crash(c.node));
    if (c.recoverAtUs !== undefined) h.at(c.recoverAtUs, () => h.recover(c.node));
  }
  h.runUntil(3_000_000);
  const context = `seed ${seed} ${JSON.stringify(plan)} (reproduce: runSeed(${seed}))`;
  expect(safetyViolations(h), context).toEqual([]);
  const everCrashed = new Set(plan.crashes.map((c) => c.node));
  const mustCommit = [...received].filter(([, node]) => !everCrashed.has(node)).map(([id]) => id);
  const upAtEnd = h.nodes.filter((node) => h.isUp(node));
  const reference = h.height(upAtEnd.find((node) => !everCrashed.has(node)) as number);
  for (const node of upAtEnd) {
    const ids = new Set(committedTxIds(h, node));
    expect(mustCommit.filter((id) => !ids.has(id)), `${context} node ${node}`).toEqual([]);
    expect(h.height(node), `${context} node ${node}`).toBe(reference);
  }
}

describe("Tendermint agreement across 200 random schedules", () => {
  it("seeds 1–200: random delays, up to f crashes (some recovering) — agreement, validity, progress, catch-up", () => {
    for (let seed = 1; seed <= 200; seed++) runSeed(seed);
  });
});
