/**
 * The scenario document as the user writes it (ARCHITECTURE §11), after validation and with every default
 * filled in: durations, sizes and bandwidths still in the user's own units. This is what result.json records
 * under `scenario`; compile.ts turns it into the engine's `Scenario`.
 */
import type { ArrivalKind, DelayDistributionKind, ProtocolName, TargetPolicy } from "./types.js";

/** A duration, size or bandwidth: a string with a unit, or a number in the key's base unit. */
export type Quantity = string | number;
export type SuiteName = "sm" | "intl" | "ed25519";

export interface ProtocolDocument {
  name: ProtocolName;
  batch: { maxTxs: number; maxWait: Quantity };
  /** Protocol-specific keys (pbft: viewChangeTimeout, …; nakamoto: blockInterval, …). */
  [key: string]: unknown;
}

/** A fault's node target as written: a list of ids, or one | minority | majority | leader | all | region:<name>. */
export type TargetDocument = number[] | string;

export type FaultDocument =
  | { kind: "crash"; at: Quantity; nodes: TargetDocument; recover?: Quantity }
  | { kind: "partition"; at: Quantity; groups?: number[][]; nodes?: TargetDocument; oneWay?: boolean; heal?: Quantity }
  | { kind: "isolate"; at: Quantity; nodes: TargetDocument; heal?: Quantity }
  | {
    kind: "link"; at: Quantity; from: TargetDocument; to: TargetDocument; oneWay: boolean;
    delayFactor: number; addDelay: Quantity; loss: number; until?: Quantity;
  }
  | { kind: "slow" | "clock"; at: Quantity; nodes: TargetDocument; factor: number; until?: Quantity };

export interface AdversaryDocument {
  nodes: number[];
  strategy: string;
  delay: Quantity;
  budget: Quantity;
  split?: number[][];
}

export interface ScenarioDocument {
  name: string;
  description: string;
  seed: number;
  duration: Quantity;
  protocol: ProtocolDocument;
  nodes: {
    count: number;
    placement: { regions: string[]; weights?: number[] };
    cpu: { profile: string; speedFactor: number };
  };
  network: {
    preset: string;
    regions?: string[];
    latencyMs?: number[][];
    jitter: { distribution: DelayDistributionKind; sigma: number };
    bandwidth?: { upload?: Quantity; download?: Quantity };
    loss: number;
    topology: { kind: "mesh" | "random"; degree: number };
  };
  crypto: { suite: SuiteName; nodes: Record<string, SuiteName> };
  workload: {
    arrival: { kind: ArrivalKind; rate: number; startRate?: number; endRate?: number; steps?: { at: Quantity; rate: number }[] };
    txSize: Quantity;
    target: TargetPolicy;
    clients: number;
  };
  faults: FaultDocument[];
  adversaries?: AdversaryDocument[];
  metrics: { confirmation: string | number; warmup: Quantity; cooldown: Quantity; livenessBound: Quantity };
  criteria: string[];
  engine: { maxEvents: number; stall: Quantity; workers: number | "auto" };
  sweep?: Record<string, unknown>;
}
