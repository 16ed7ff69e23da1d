/**
 * A PBFT replica's state: configuration, the message log (one Slot per sequence number in the watermark
 * window), checkpoints, view-change bookkeeping, pending requests and counters. Plain data; the rule files
 * mutate it. Also what survives a crash (`persistState` / `restoreState`): the view, the last stable checkpoint
 * with its proof, how far the replica has executed, and the highest sequence number it assigned as primary.
 */
import { fromHex, toHex } from "../codec.js";
import type { NodeContext, NodeId, SignedTx } from "../types.js";
import type {
  CheckpointMsg,
  CommitMsg,
  CommittedEntry,
  NewViewMsg,
  PbftMessage,
  PrePrepareMsg,
  PrepareMsg,
  PreparedCertificate,
  ViewChangeMsg,
} from "./messages.js";
import { maxFaulty, quorumSize } from "./rules.js";
import { decodePbftMessage, encodePbftMessage } from "./wire.js";

/** The scenario's `protocol` block for PBFT (durations already in µs). */
export interface PbftConfig {
  readonly name: string;
  readonly batch: { readonly maxTxs: number; readonly maxWaitUs: number };
  /** Base view-change timeout T; doubles with each consecutive view change without progress (§4.5.2). */
  readonly viewChangeTimeoutUs: number;
  /** K: a checkpoint every K executed sequence numbers (§4.3). */
  readonly checkpointInterval: number;
  /** L: high watermark H = h + L (§4.3); a multiple of K. */
  readonly watermarkWindow: number;
  /** How long a lagging replica waits before (re)asking peers for committed batches. Default T/4. */
  readonly catchUpRetryUs?: number;
  /** Most batches in one FETCH-REPLY. Default 32. */
  readonly catchUpBatchLimit?: number;
  /** UNSAFE research knob (scenario `protocol.quorumOverride`): replaces the quorum size when set. */
  readonly quorumOverride?: number;
}

export interface ResolvedConfig {
  readonly maxTxs: number;
  readonly maxWaitUs: number;
  readonly viewChangeTimeoutUs: number;
  readonly checkpointInterval: number;
  readonly watermarkWindow: number;
  readonly catchUpRetryUs: number;
  readonly catchUpBatchLimit: number;
  readonly quorumOverride?: number;
}

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`pbft config: ${field} must be a positive integer, found ${String(value)}`);
  }
  return value;
}

export function resolveConfig(config: PbftConfig): ResolvedConfig {
  const maxTxs = positiveInt(config.batch?.maxTxs, "batch.maxTxs");
  const maxWaitUs = positiveInt(config.batch?.maxWaitUs, "batch.maxWaitUs");
  const viewChangeTimeoutUs = positiveInt(config.viewChangeTimeoutUs, "viewChangeTimeoutUs");
  const checkpointInterval = positiveInt(config.checkpointInterval, "checkpointInterval");
  const watermarkWindow = positiveInt(config.watermarkWindow, "watermarkWindow");
  if (watermarkWindow < checkpointInterval) {
    throw new RangeError(`pbft config: watermarkWindow (${watermarkWindow}) must be >= checkpointInterval`);
  }
  const catchUpRetryUs = positiveInt(config.catchUpRetryUs ?? Math.max(1, Math.floor(viewChangeTimeoutUs / 4)), "catchUpRetryUs");
  const catchUpBatchLimit = positiveInt(config.catchUpBatchLimit ?? 32, "catchUpBatchLimit");
  const resolved = { maxTxs, maxWaitUs, viewChangeTimeoutUs, checkpointInterval, watermarkWindow, catchUpRetryUs, catchUpBatchLimit };
  return config.quorumOverride === undefined ? resolved : { ...resolved, quorumOverride: positiveInt(config.quorumOverride, "quorumOverride") };
}

/** The log entry for one sequence number. */
export interface Slot {
  readonly seq: number;
  /** The pre-prepare accepted in the highest view seen for this number. */
  prePrepare?: PrePrepareMsg;
  /** Latest prepare / commit from each replica (a later view replaces an earlier one). */
  readonly prepares: Map<NodeId, PrepareMsg>;
  readonly commits: Map<NodeId, CommitMsg>;
  /** Views in which this replica already sent its PREPARE / COMMIT (never twice per view). */
  sentPrepareView: number;
  sentCommitView: number;
  /** The view in which this number became committed-local here (its batch then went to execution). */
  committedView: number;
  /** The certificate from the highest view in which this number prepared here (for VIEW-CHANGE's P). */
  preparedCert?: PreparedCertificate;
}

/** A committed batch waiting to be executed in sequence order. */
export interface ReadyBatch extends CommittedEntry {
  readonly digest: Uint8Array;
}

/** A timer the replica owns; a fired tag that does not match `tag` is stale and ignored. */
import type { TimerSlot } from "../timers.js";
export type { TimerSlot };

/** Counters for tests and debugging (not part of the result contract). */
export interface PbftStats {
  /** Messages dropped for a bad signature, or a VIEW-CHANGE / NEW-VIEW / proof with an invalid certificate. */
  droppedInvalidSignature: number;
  /** Pre-prepares refused by `acceptPrePrepare` (bad digest, invalid transaction, conflict, …). */
  rejectedPrePrepares: number;
  /** Client transactions whose signature did not verify. */
  rejectedTransactions: number;
  /** Normal-case messages or checkpoints outside the watermarks (and not buffered). */
  droppedOutOfWindow: number;
  viewChangesStarted: number;
  newViewsEntered: number;
  stableCheckpoints: number;
  /** FETCH messages sent (state transfer and stall probes). */
  catchUpFetches: number;
  /** Batches accepted through state transfer rather than the three phases. */
  batchesCaughtUp: number;
  /** Requests relayed to every replica on behalf of a client (requests.ts). */
  requestsRelayed: number;
}

export interface CatchUpState {
  /** Votes for a batch at each sequence number: digest hex → the entry and who vouched for it. */
  readonly votes: Map<number, Map<string, { entry: ReadyBatch; replicas: Set<NodeId> }>>;
  /** Latest view and execution height each peer reported in a FETCH-REPLY. */
  readonly peerViews: Map<NodeId, number>;
  readonly peerExecuted: Map<NodeId, number>;
  /** Highest sequence number known to be committed somewhere (stable checkpoints, commit quorums). */
  hint: number;
  /** Set after a restart until f+1 peers have answered a FETCH. */
  recovering: boolean;
}

export class ReplicaState {
  readonly n: number;
  readonly f: number;
  readonly quorum: number;
  view = 0;
  /** False between sending VIEW-CHANGE for `view` and entering it (§4.4: only checkpoint/VC/NV accepted). */
  active = true;
  /** The last view this replica actually entered. */
  lastActiveView = 0;
  /** View changes started since a request last executed (drives the doubling timeout). */
  viewChangeAttempts = 0;
  lowWatermark = 0;
  stableDigest: Uint8Array = new Uint8Array(32);
  stableProof: CheckpointMsg[] = [];
  lastExecuted = 0;
  /** Digest of the executed history: chain_n = H(chain_{n−1} ‖ d_n); the state digest in CHECKPOINTs. */
  chainDigest: Uint8Array = new Uint8Array(32);
  /** Next sequence number this replica assigns when primary. */
  nextSeq = 1;
  readonly log = new Map<number, Slot>();
  readonly ready = new Map<number, ReadyBatch>();
  readonly checkpoints = new Map<number, Map<NodeId, CheckpointMsg>>();
  /** Executed batches, served to lagging replicas (the chain itself). */
  readonly ledger = new Map<number, ReadyBatch>();
  /** Commit certificates of executed batches above the stable checkpoint (served with FETCH-REPLY). */
  readonly commitProofs = new Map<number, readonly CommitMsg[]>();
  /** Requests this replica received (directly or forwarded) and has not executed, in arrival order. */
  readonly outstanding = new Map<number, SignedTx>();
  /** Requests waiting at a backup and in no pre-prepare yet → when to relay them to every replica. */
  readonly relayDueAt = new Map<number, number>();
  /** Transactions this replica received from their client: it relays them if they stay waiting. */
  readonly proxied = new Set<number>();
  /** How often each waiting request was relayed to every replica (requests.ts). */
  readonly relayCount = new Map<number, number>();
  /** Primary only: requests not yet assigned a sequence number, with their arrival time. */
  readonly queue = new Map<number, { tx: SignedTx; atUs: number }>();
  /** Transactions in accepted, unexecuted pre-prepares → their sequence number. */
  readonly inFlight = new Map<number, number>();
  readonly executedTxIds = new Set<number>();
  readonly viewChanges = new Map<number, Map<NodeId, ViewChangeMsg>>();
  /** The NEW-VIEW this replica sent as primary of its current view (re-sent to replicas that missed it). */
  lastNewView?: NewViewMsg;
  /** Verified normal-case messages for a view this replica has not entered yet. */
  futureMessages: { from: NodeId; msg: PbftMessage }[] = [];
  readonly catchUp: CatchUpState = {
    votes: new Map(),
    peerViews: new Map(),
    peerExecuted: new Map(),
    hint: 0,
    recovering: false,
  };
  /** The committed height the armed catch-up timer waits for (catch-up.ts). */
  catchUpTarget = 0;
  /** Probes (VIEW-CHANGE retransmissions) since the pending view change started (for backoff). */
  pendingProbes = 0;
  /** Counter for timer tags. */
  timerSeq = 0;
  readonly timers = { batch: {} as TimerSlot, viewChange: {} as TimerSlot, catchUp: {} as TimerSlot, relay: {} as TimerSlot, probe: {} as TimerSlot };
  readonly stats: PbftStats = {
    droppedInvalidSignature: 0,
    rejectedPrePrepares: 0,
    rejectedTransactions: 0,
    droppedOutOfWindow: 0,
    viewChangesStarted: 0,
    newViewsEntered: 0,
    stableCheckpoints: 0,
    catchUpFetches: 0,
    batchesCaughtUp: 0,
    requestsRelayed: 0,
  };

  constructor(
    readonly id: NodeId,
    readonly nodes: readonly NodeId[],
    readonly cfg: ResolvedConfig,
  ) {
    this.n = nodes.length;
    this.f = maxFaulty(this.n);
    this.quorum = cfg.quorumOverride ?? quorumSize(this.n); // quorumOverride: UNSAFE research knob
  }

  get highWatermark(): number {
    return this.lowWatermark + this.cfg.watermarkWindow;
  }

  slot(seq: number): Slot {
    let s = this.log.get(seq);
    if (s === undefined) {
      s = { seq, prepares: new Map(), commits: new Map(), sentPrepareView: -1, sentCommitView: -1, committedView: -1 };
      this.log.set(seq, s);
    }
    return s;
  }
}

/** Whether this replica is the primary of its current view (p = v mod |R|, §4.1). */
export function isPrimary(s: ReplicaState): boolean {
  return s.view % s.n === s.id;
}

const KEY_VIEW = "pbft/view";
const KEY_STABLE = "pbft/stable";
const KEY_EXECUTED = "pbft/executed";
const KEY_ASSIGNED = "pbft/assigned";
const KEY_STARTS = "pbft/starts";

interface PersistedStable {
  seq: number;
  digest: string;
  proof: string[];
}
interface PersistedExecuted {
  seq: number;
  chain: string;
}
interface PersistedAssigned {
  view: number;
  seq: number;
}

export function persistView(ctx: NodeContext<PbftMessage>, s: ReplicaState): void {
  ctx.persist(KEY_VIEW, s.lastActiveView);
}

export function persistStable(ctx: NodeContext<PbftMessage>, s: ReplicaState): void {
  const value: PersistedStable = {
    seq: s.lowWatermark,
    digest: toHex(s.stableDigest),
    proof: s.stableProof.map((m) => toHex(encodePbftMessage(m))),
  };
  ctx.persist(KEY_STABLE, value);
}

export function persistExecuted(ctx: NodeContext<PbftMessage>, s: ReplicaState): void {
  const value: PersistedExecuted = { seq: s.lastExecuted, chain: toHex(s.chainDigest) };
  ctx.persist(KEY_EXECUTED, value);
}

export function persistAssigned(ctx: NodeContext<PbftMessage>, s: ReplicaState, seq: number): void {
  const value: PersistedAssigned = { view: s.view, seq };
  ctx.persist(KEY_ASSIGNED, value);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

/**
 * Loads what a previous incarnation persisted and counts this start; returns true when this is a restart
 * (a recovery), false on the first start.
 */
export function restoreState(ctx: NodeContext<PbftMessage>, s: ReplicaState): boolean {
  const starts = ctx.restore(KEY_STARTS);
  const previousStarts = typeof starts === "number" ? starts : 0;
  ctx.persist(KEY_STARTS, previousStarts + 1);
  const view = ctx.restore(KEY_VIEW);
  const stable = ctx.restore(KEY_STABLE);
  const executed = ctx.restore(KEY_EXECUTED);
  const assigned = ctx.restore(KEY_ASSIGNED);
  if (typeof view === "number") {
    s.view = view;
    s.lastActiveView = view;
  }
  if (isRecord(stable) && typeof stable.seq === "number" && typeof stable.digest === "string") {
    s.lowWatermark = stable.seq;
    s.stableDigest = fromHex(stable.digest);
    const proof = Array.isArray(stable.proof) ? stable.proof : [];
    s.stableProof = proof.map((hex) => decodePbftMessage(fromHex(String(hex)))) as CheckpointMsg[];
  }
  if (isRecord(executed) && typeof executed.seq === "number" && typeof executed.chain === "string") {
    s.lastExecuted = executed.seq;
    s.chainDigest = fromHex(executed.chain);
  }
  s.nextSeq = Math.max(s.lastExecuted, s.lowWatermark) + 1;
  if (isRecord(assigned) && assigned.view === s.view && typeof assigned.seq === "number") {
    s.nextSeq = Math.max(s.nextSeq, assigned.seq + 1);
  }
  return previousStarts > 0;
}
