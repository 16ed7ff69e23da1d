/**
 * Agreement under randomised schedules (in the spirit of TigerBeetle's VOPR): for each of 200 seeds, a random
 * cluster size (3 or 5), random per-message delays, sometimes message loss, and a run of faults drawn as the run
 * goes — crash the current leader, crash some other server, or cut the current leader off from everyone — with
 * never more than f servers faulty at once, each healing (recovering, reconnecting) after a random while.
 * §5.4.3's State Machine Safety — "if a server has applied a log entry at a given index to its state machine, no
 * other server will ever apply a different log entry for the same index" — must hold in every run, no
 * server's committed chain may regress across its crashes, no transaction may commit twice, and once the faults
 * heal every transaction that a never-faulty server received must commit everywhere. Each failure message
 * names its seed and plan.
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/engine/rng.js";
import { committedTxIds, makeTx, safetyViolations } from "../../support/harness.js";
import { leaders, raftHarness, snapshot, type RaftHarness } from "./helpers.js";

type FaultKind = "crash-leader" | "crash-any" | "isolate-leader";

interface Plan {
  n: number;
  faults: { kind: FaultKind; atUs: number; healAfterUs: number }[];
  maxDelayUs: number;
  lossRate: number;
}

const END_US = 800_000;
const LAST_FAULT_US = 450_000;
const KINDS: readonly FaultKind[] = ["crash-leader", "crash-any", "isolate-leader"];

function planFor(seed: number): Plan {
  const rng = createRng(seed, "test/raft/agreement");
  const n = rng.next() < 0.5 ? 3 : 5;
  const faults: Plan["faults"] = [];
  for (let t = 20_000 + rng.int(120_000); t < LAST_FAULT_US - 40_000; t += 30_000 + rng.int(150_000)) {
    faults.push({ kind: KINDS[rng.int(KINDS.length)] as FaultKind, atUs: t, healAfterUs: 10_000 + rng.int(200_000) });
  }
  return { n, faults, maxDelayUs: 200 + rng.int(4_000), lossRate: rng.next() < 0.3 ? 0.02 : 0 };
}

/** Applies the plan as the run goes: targets are chosen from the state at the fault's time. */
function scheduleFaults(h: RaftHarness, plan: Plan, seed: number): Set<number> {
  const f = Math.floor((plan.n - 1) / 2);
  const rng = createRng(seed, "test/raft/targets");
  const faulty = new Set<number>();
  const isolated = new Set<number>();
  const touched = new Set<number>();
  h.addFilter((from, to) => !isolated.has(from) && !isolated.has(to));
  for (const fault of plan.faults) {
    h.at(fault.atUs, () => {
      if (faulty.size >= f) return;
      const healthy = h.nodes.filter((node) => !faulty.has(node));
      const leader = leaders(h).find((l) => !faulty.has(l.node))?.node;
      const node = fault.kind === "crash-any" || leader === undefined ? (healthy[rng.int(healthy.length)] as number) : leader;
      faulty.add(node);
      touched.add(node);
      if (fault.kind === "isolate-leader") isolated.add(node);
      else h.crash(node);
      h.at(Math.min(LAST_FAULT_US, h.now + fault.healAfterUs), () => {
        faulty.delete(node);
        isolated.delete(node);
        h.recover(node);
      });
    });
  }
  return touched;
}

function runSeed(seed: number): void {
  const plan = planFor(seed);
  const h = raftHarness(
    plan.n,
    { electionTimeoutUs: 40_000, heartbeatIntervalUs: 20_000, batch: { maxTxs: 4, maxWaitUs: 1_000 }, maxEntriesPerAppend: 3, maxInflightAppends: 4 },
    { seed, delayUs: (_f, _t, _m, rng) => 100 + rng.int(plan.maxDelayUs) },
  );
  const lossRng = createRng(seed, "test/raft/loss");
  if (plan.lossRate > 0) h.addFilter(() => lossRng.next() >= plan.lossRate);
  const rng = createRng(seed, "test/raft/workload");
  const receivedBy = new Map<number, number>();
  for (let i = 0; i < 48; i++) {
    const node = rng.int(plan.n);
    receivedBy.set(i, node);
    h.submit(node, makeTx(i), 5_000 + i * 8_000 + rng.int(8_000));
  }
  const touched = scheduleFaults(h, plan, seed);
  h.runUntil(END_US);
  const context = `seed ${seed} ${JSON.stringify(plan)} (reproduce: runSeed(${seed}))`;
  expect(safetyViolations(h), context).toEqual([]);
  const mustCommit = [...receivedBy].filter(([, node]) => !touched.has(node)).map(([id]) => id);
  const height0 = h.height(0);
  for (const node of h.nodes) {
    const ids = new Set(committedTxIds(h, node));
    expect(mustCommit.filter((id) => !ids.has(id)), `${context} node ${node} missing`).toEqual([]);
    expect(h.height(node), `${context} node ${node} height`).toBe(height0);
    expect(snapshot(h, node).stats.duplicateTxsSkipped, context).toBe(0);
  }
}

describe("Raft agreement under random crashes, isolation, delays and loss (200 seeds)", () => {
  it("§5.4.3: no two servers ever apply different entries at the same index, and every received transaction commits", () => {
    for (let seed = 1; seed <= 200; seed++) runSeed(seed);
  });
});
