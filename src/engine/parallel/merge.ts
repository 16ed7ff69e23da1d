/**
 * Turns the workers' final reports and the coordinator's observers into one SimulationOutcome, the same
 * shape and values the single-threaded engine returns: additive counters summed, workload and fault events
 * (run by every worker) counted once, fault records taken from worker 0 (all workers apply the same faults).
 * Only `crypto.*.executed` / `cryptoOps.*.computed` reflect the worker count: with several workers every
 * signature is verified once where it was made (partition-runner.ts), including the few that no node ever
 * checks, so the count is the signatures made rather than the distinct ones checked; wall-like figures,
 * outside the resultHash.
 */
import type { SchemeOps } from "../../host/keys.js";
import type { Scenario } from "../../scenario/types.js";
import type { Observers } from "../observers.js";
import type { SimulationOutcome } from "../simulation.js";
import type { WorkerFinal } from "./messages.js";

/** How the parallel engine spent its time (not part of the result's hash). */
export interface ParallelStats {
  workers: number;
  /** Lock-step windows, or the pipeline (pipeline.ts), where `windows` counts every partition's steps. */
  sync: "pipeline" | "lock-step";
  lookaheadUs: number;
  windows: number;
  /** Events run, all workers (workload and fault events once). */
  events: number;
  maxEventsPerWindow: number;
  /** Share of the workers' wall time spent waiting at the barrier (0–1). */
  barrierWaitShare: number;
  /** Nodes in each partition. */
  nodesPerPartition: number[];
  /** Wall seconds each partition spent running its windows. */
  busySeconds: number[];
  /** Wall seconds from the start until every partition had answered its first window (threads, set-up). */
  setupSeconds: number;
  /**
   * CPU seconds each partition's thread used over the run (Linux, from /proc/thread-self/stat; absent
   * elsewhere). Against busySeconds it shows how much of a partition's busy time it was off the CPU.
   */
  cpuSeconds?: number[];
}

function sumSorted<T>(records: Record<string, T>[], add: (a: T, b: T) => T): Record<string, T> {
  const merged = new Map<string, T>();
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) {
      const seen = merged.get(key);
      merged.set(key, seen === undefined ? value : add(seen, value));
    }
  }
  return Object.fromEntries([...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const addOps = (a: SchemeOps, b: SchemeOps): SchemeOps => ({
  sign: { charged: a.sign.charged + b.sign.charged, computed: a.sign.computed + b.sign.computed },
  verify: { charged: a.verify.charged + b.verify.charged, computed: a.verify.computed + b.verify.computed },
});

export function mergeFinals(
  scenario: Scenario, observers: Observers, finals: WorkerFinal[], messagesInFlight: boolean, txLog: boolean,
): SimulationOutcome {
  const endUs = scenario.durationUs;
  for (const final of finals) observers.metrics.addCounters(final.counters);
  observers.liveness.finish(endUs);
  const metrics = observers.metrics.finish(endUs);
  const first = finals[0] as WorkerFinal;
  const shared = first.sharedEvents;
  const events = finals.reduce((sum, f) => sum + f.events, 0) - shared * (finals.length - 1);
  const pending = messagesInFlight || finals.some((f) => f.pending > 0);
  const sum = (pick: (f: WorkerFinal) => number): number => finals.reduce((s, f) => s + pick(f), 0);
  return {
    metrics,
    safety: observers.safety.report(),
    liveness: observers.liveness.report(),
    faults: first.faults,
    events,
    stoppedBy: pending ? "end-time" : "queue-empty",
    crypto: sumSorted(finals.map((f) => f.crypto), (a, b) => ({ charged: a.charged + b.charged, executed: a.executed + b.executed })),
    authenticators: {
      nodeSignatures: sum((f) => f.authenticators.nodeSignatures), txSignatures: sum((f) => f.authenticators.txSignatures),
    },
    cryptoOps: sumSorted(finals.map((f) => f.cryptoOps), addOps),
    network: { dropped: sum((f) => f.network.dropped), droppedByPartition: sum((f) => f.network.droppedByPartition) },
    ...(first.adversaries === undefined
      ? {}
      : { adversaries: { nodes: first.adversaries.nodes, rejectedSignatures: sum((f) => f.adversaries?.rejectedSignatures ?? 0) } }),
    ...(observers.protocol === undefined ? {} : { protocol: observers.protocol.finish(endUs) }),
    ...(txLog ? { transactions: observers.metrics.transactionLog() } : {}),
  };
}
