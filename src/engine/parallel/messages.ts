/**
 * What the parallel engine's coordinator and workers say to each other (structured clone over postMessage).
 * One exchange per window: the coordinator sends each worker its inbox and the window's end, the worker answers
 * with its outboxes, its observer records and its next event time — the barrier is waiting for every answer.
 */
import type { FaultRecord } from "../../faults/schedule.js";
import type { AdversaryReport } from "../../faults/wiring.js";
import type { SchemeOps } from "../../host/keys.js";
import type { AdditiveCounters } from "../../metrics/counters.js";
import type { Scenario } from "../../scenario/types.js";
import type { ObserverRecord } from "../observers.js";
import type { SimTime } from "../time.js";
import type { MessageBatch } from "./wire.js";

/** A signature verification computed by the signer's worker: [memo key, valid] (crypto/verify-memo.ts). */
export type Verdict = [string, boolean];

export interface WorkerInit {
  scenario: Scenario;
  self: number;
  partitionOf: Int32Array;
  /**
   * `pipeline` (pipeline.ts): the worker runs ahead on its own up to the bound it was last given, reporting
   * every `stepUs`; absent: lock-step windows, one request and one answer each (coordinator.ts).
   */
  pipeline?: { stepUs: number };
}

/** The coordinator's request for one window: run up to `endUs`, after scheduling `inbox`. */
export interface WindowRequest {
  type: "window";
  endUs: SimTime;
  inbox: MessageBatch[];
  verdicts: Verdict[];
  /** Every node's leader hint just before `atUs`, for faults at `atUs` that target the leader (−1: none). */
  leaderHints?: { atUs: SimTime; hints: Int32Array };
  /** Report the own nodes' leader hints at the window's end (runs with leader-targeted faults or workload). */
  reportLeaderHints?: boolean;
  /**
   * `workload.target: leader`: pause before a transaction once `allowance` of them have run (1 when the window
   * starts with one, so that it is chosen from the hints above; 0 otherwise).
   */
  pauseBeforeWorkload?: { allowance: number };
}

/**
 * Pipeline mode: messages that arrived for the worker's nodes, and the bound below which it may now run
 * (every message that can arrive before it has been handed over, in this message or an earlier one).
 */
export interface Advance {
  type: "advance";
  safeUs: SimTime;
  inbox: MessageBatch[];
  verdicts: Verdict[];
}

export type ToWorker = WindowRequest | Advance | { type: "finish" };

export interface WindowDone {
  type: "window-done";
  /** Batches for the other partitions, indexed by partition (undefined for none). */
  outboxes: (MessageBatch | undefined)[];
  records: ObserverRecord[];
  /** Verifications of the signatures made in the window, for the other workers. */
  verdicts: Verdict[];
  /** Earliest queued event after the window (Infinity when none), and its class (−1 when none). */
  nextUs: number;
  nextClass: number;
  /** Events this worker ran in the window. */
  events: number;
  /** Wall milliseconds this worker spent running the window (the rest of the window it waited). */
  busyMs: number;
  /** The own nodes' leader hints at the window's end (−1: none, −2: another partition's node), when asked. */
  leaderHints?: Int32Array;
}

/** Pipeline mode: one step's answer, a window's plus how far the worker got and what it had taken in. */
export interface StepDone extends Omit<WindowDone, "type"> {
  type: "step-done";
  /** Every event before this instant has run. */
  clockUs: SimTime;
  /** How many Advance messages the worker had taken in before the step began (their arrivals are in `nextUs`). */
  consumed: number;
}

export interface WorkerFinal {
  type: "final";
  counters: AdditiveCounters;
  events: number;
  sharedEvents: number;
  pending: number;
  faults: FaultRecord[];
  crypto: Record<string, { charged: number; executed: number }>;
  authenticators: { nodeSignatures: number; txSignatures: number };
  cryptoOps: Record<string, SchemeOps>;
  network: { dropped: number; droppedByPartition: number };
  /** CPU seconds this partition's thread used (Linux only; a diagnostic, as busyMs). */
  threadCpuSeconds?: number;
  /** Byzantine nodes and the signatures this worker's honest nodes rejected (absent when all are honest). */
  adversaries?: AdversaryReport;
}

export type FromWorker = WindowDone | StepDone | WorkerFinal | { type: "error"; message: string; stack?: string };
