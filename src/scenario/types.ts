/**
 * The compiled form of a scenario: every default filled in, every duration in integer microseconds, every size
 * in bytes, every rate in bits per second. The engine only ever sees this form; the user-facing document
 * (strings with units, ARCHITECTURE §11) is kept alongside it for result.json.
 */
import type { SimTime } from "../engine/time.js";

export type ProtocolName = "pbft" | "hotstuff" | "tendermint" | "raft" | "nakamoto";
export type DelayDistributionKind = "constant" | "uniform" | "normal" | "lognormal" | "pareto";
export type ArrivalKind = "constant" | "poisson" | "ramp" | "steps";
export type TargetPolicy = "leader" | "random" | "round-robin";

export interface ProtocolSpec {
  name: ProtocolName;
  batch: { maxTxs: number; maxWaitUs: SimTime };
  /** Protocol-specific keys, already converted to base units (durations in µs, suffix `Us`). */
  [key: string]: unknown;
}

export interface PbftSpec extends ProtocolSpec {
  name: "pbft";
  /** Base view-change timeout; doubles with each consecutive view change. */
  viewChangeTimeoutUs: SimTime;
  /** A checkpoint every this many sequence numbers (K in the paper). */
  checkpointInterval: number;
  /** High watermark = low watermark + this (L in the paper; a multiple of checkpointInterval). */
  watermarkWindow: number;
}

export interface HotStuffSpec extends ProtocolSpec {
  name: "hotstuff";
  /** Pacemaker base view timeout; doubles per consecutive timeout up to maxViewTimeoutUs. */
  viewTimeoutUs: SimTime;
  maxViewTimeoutUs: SimTime;
}

export interface TendermintSpec extends ProtocolSpec {
  name: "tendermint";
  timeoutProposeUs: SimTime;
  timeoutPrevoteUs: SimTime;
  timeoutPrecommitUs: SimTime;
  /** Added to each timeout per round. */
  timeoutDeltaUs: SimTime;
  /** Voting power per node (absent: 1 each). */
  votingPower?: number[];
}

export interface RaftSpec extends ProtocolSpec {
  name: "raft";
  /** Election timeout lower bound T; each draw is uniform in [T, 2T]. */
  electionTimeoutUs: SimTime;
  heartbeatIntervalUs: SimTime;
  maxEntriesPerAppend: number;
}

export interface ArrivalSpec {
  kind: ArrivalKind;
  /** tx/s for constant and poisson. */
  rate: number;
  /** ramp: start and end rate (tx/s) over the whole run. */
  startRate?: number;
  endRate?: number;
  /** steps: a list of (at, rate) pairs; the rate holds until the next step. */
  steps?: { atUs: SimTime; rate: number }[];
}

/**
 * Which nodes a fault hits (Jepsen-style), resolved when the fault starts: explicit ids, one random node, a random
 * minority (⌊(n−1)/2⌋) or majority (⌊n/2⌋+1), the current leader, every node, or every node of a region.
 */
export type NodeTarget =
  | number[]
  | { kind: "one" | "minority" | "majority" | "leader" | "all" }
  | { kind: "region"; region: string };

export type FaultSpec =
  | { kind: "crash"; atUs: SimTime; nodes: NodeTarget; recoverUs?: SimTime }
  /** `groups` (explicit) or `nodes` (those nodes against the rest); `oneWay`: only the first group's sends are cut. */
  | { kind: "partition"; atUs: SimTime; groups?: number[][]; nodes?: NodeTarget; oneWay?: boolean; healUs?: SimTime }
  | { kind: "isolate"; atUs: SimTime; nodes: NodeTarget; healUs?: SimTime }
  /** Messages from `from` to `to` (both ways unless oneWay): delay × delayFactor + addedDelayUs, extra loss. */
  | {
    kind: "link"; atUs: SimTime; from: NodeTarget; to: NodeTarget; oneWay: boolean;
    delayFactor: number; addedDelayUs: SimTime; loss: number; untilUs?: SimTime;
  }
  /** CPU speed factor (0.5 = half as fast) for the nodes until `untilUs`. */
  | { kind: "slow"; atUs: SimTime; nodes: NodeTarget; factor: number; untilUs?: SimTime }
  /** Timer drift: timers set by the nodes fire after `factor` × the asked delay (2 = late, 0.5 = early). */
  | { kind: "clock"; atUs: SimTime; nodes: NodeTarget; factor: number; untilUs?: SimTime };

export type FaultKind = FaultSpec["kind"];

/** Byzantine behaviours a node can be given (src/faults/adversary.ts). */
export type AdversaryStrategy = "silent" | "delay" | "drop-votes" | "replay" | "forge" | "flood" | "equivocate" | "twins";

/** One `adversaries:` entry: the nodes run `strategy` for the whole run and are not honest for the observers. */
export interface AdversarySpec {
  nodes: number[];
  strategy: AdversaryStrategy;
  /** delay: how long outgoing messages are held; replay: how much later old messages are re-sent. */
  delayUs: SimTime;
  /** flood: most extra bytes sent per simulated second. */
  budgetBytes: number;
  /** twins: which peers reach each of the two copies of the node (peers in neither reach neither). */
  split?: number[][];
}

export type ConfirmationSpec =
  | { kind: "all-honest" }
  /** A share of nodes (e.g. 0.9) must have committed. */
  | { kind: "fraction"; fraction: number };

export interface Scenario {
  name: string;
  description: string;
  seed: number;
  durationUs: SimTime;
  protocol: ProtocolSpec;
  nodes: {
    count: number;
    /** Region of each node, resolved from placement (round-robin or by weights). */
    regions: string[];
    placement: { regions: string[]; weights?: number[] };
    cpu: { profile: string; speedFactor: number };
  };
  network: {
    preset: string;
    /** Region names, in matrix order. */
    regionNames: string[];
    /** Mean one-way delay between regions, µs (square, regionNames order). */
    meanDelayUs: number[][];
    jitter: { distribution: DelayDistributionKind; sigma: number };
    /** Per-node upload and download rates in bit/s (after region presets and scenario overrides). */
    uploadBps: number[];
    downloadBps: number[];
    /** Probability in [0, 1) that a message is dropped. */
    loss: number;
    topology: { kind: "mesh" } | { kind: "random"; degree: number };
  };
  crypto: {
    suite: "sm" | "intl" | "ed25519";
    /** Per-node suite (resolved from `suite` and per-node overrides). */
    perNode: ("sm" | "intl" | "ed25519")[];
  };
  workload: {
    arrival: ArrivalSpec;
    txSizeBytes: number;
    target: TargetPolicy;
    /** Number of client key pairs that sign transactions. */
    clients: number;
  };
  faults: FaultSpec[];
  /** Byzantine nodes and their strategies (absent or empty: every node is honest). */
  adversaries?: AdversarySpec[];
  metrics: {
    confirmation: ConfirmationSpec;
    warmupUs: SimTime;
    cooldownUs: SimTime;
    /** Liveness: some block must commit at least this often once faults have healed. */
    livenessBoundUs: SimTime;
  };
  criteria: string[];
  engine: {
    /** Stop after this many events (0 = no limit). */
    maxEvents: number;
    /** Report a stall when no block commits for this long while transactions are pending (0 = off). */
    stallUs: SimTime;
    /** Worker threads for the parallel engine, or "auto" (engine/parallel/auto.ts). */
    workers: number | "auto";
  };
  /** The sweep block, kept as written (used by `ledgersim sweep`). */
  sweep?: Record<string, unknown>;
}

/** What the loader returns: the compiled scenario and the resolved document (defaults filled) for result.json. */
export interface LoadedScenario {
  scenario: Scenario;
  /** The document as JSON with defaults filled in, in the user's own units. */
  document: Record<string, unknown>;
  /** The file it came from (or "<inline>"). */
  source: string;
  /**
   * Where a field path ("protocol.name", "criteria[2]") was written in the file, for problems found after
   * loading (e.g. a criterion that does not parse); undefined for values that came from defaults or `--set`.
   */
  locate?: (path: string) => { line: number; column: number } | undefined;
}
