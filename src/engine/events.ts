/**
 * The simulation's event kinds and payloads, shared by the single-threaded engine (simulation.ts) and the
 * workers of the parallel engine (engine/parallel), which move cross-partition ARRIVE events between threads.
 */
import type { FaultAction } from "../faults/schedule.js";
import type { NodeId } from "../protocols/types.js";
import type { SimTime } from "./time.js";

export const K_ARRIVE = 0;
export const K_DELIVER = 1;
export const K_TIMER = 2;
export const K_CPU_FREE = 3;
export const K_TX = 4;
export const K_FAULT = 5;
export const SOURCE_WORKLOAD = -1;
export const SOURCE_FAULTS = -2;

export interface Transmission {
  from: NodeId;
  to: NodeId;
  msg: unknown;
  sizeBytes: number;
  firstBitUs: SimTime;
  lastBitUs: SimTime;
  /** Delivered to the twin copy of `to` (faults/twins.ts). */
  toTwin?: boolean;
}

export interface LocalEvent {
  node: NodeId;
  epoch: number;
  timerId: number;
  /** For the twin copy of a twinned node (faults/twins.ts). */
  twin?: boolean;
}

export type Payload = Transmission | LocalEvent | FaultAction | null;

/** What makes a Simulation one worker of the parallel engine (engine/parallel/worker.ts). */
export interface WorkerRole {
  /** This worker's partition (0 records the global observer calls). */
  self: number;
  /** The partition of every node. */
  partitionOf: Int32Array;
  /**
   * A message to a node of another partition: its ARRIVE event's key is (t.firstBitUs, network, t.from, seq),
   * `seq` taken from the sender's counter here, and the receiving worker schedules it with exactly that key.
   */
  sendAway(t: Transmission, seq: number): void;
}
