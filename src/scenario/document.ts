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

export type FaultDocument =
  | { kind: "crash"; at: Quantity; nodes: number[]; recover?: Quantity }
  | { kind: "partition"; at: Quantity; groups: number[][]; heal?: Quantity };

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
  metrics: { confirmation: string | number; warmup: Quantity; cooldown: Quantity; livenessBound: Quantity };
  criteria: string[];
  engine: { maxEvents: number; stall: Quantity; workers: number };
  sweep?: Record<string, unknown>;
}
