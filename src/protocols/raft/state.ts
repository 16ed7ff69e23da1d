/**
 * A Raft server's state (Figure 2, "State"): the persistent currentTerm, votedFor and log; the volatile
 * commitIndex and lastApplied; the leader's nextIndex[] and matchIndex[] (kept per follower in a Progress with
 * the pipelining bookkeeping); plus what a ledger needs around it — transactions waiting for the leader, the
 * leader's batching queue, timers and counters. Plain data; the rule files mutate it.
 */
import type { NodeId, SignedTx } from "../types.js";
import { RaftLog } from "./log.js";
import type { AppendEntriesMsg } from "./messages.js";
import { quorumSize } from "./rules.js";

/** The scenario's `protocol` block for Raft (durations already in µs; see src/scenario/types.ts RaftSpec). */
export interface RaftConfig {
  readonly name: string;
  readonly batch: { readonly maxTxs: number; readonly maxWaitUs: number };
  /** Election timeout lower bound T; each draw is uniform in [T, 2T] (§5.2). */
  readonly electionTimeoutUs: number;
  /** How often a leader sends AppendEntries to a follower it has nothing else to send (§5.2 heartbeats). */
  readonly heartbeatIntervalUs: number;
  /** Most log entries (batches) in one AppendEntries. */
  readonly maxEntriesPerAppend: number;
  /** Most AppendEntries with entries outstanding to one follower (pipelining depth). Default 16. */
  readonly maxInflightAppends?: number;
  /** UNSAFE research knob (scenario `protocol.quorumOverride`): replaces the quorum size when set. */
  readonly quorumOverride?: number;
}

export interface ResolvedConfig {
  readonly maxTxs: number;
  readonly maxWaitUs: number;
  readonly electionTimeoutUs: number;
  readonly heartbeatIntervalUs: number;
  readonly maxEntriesPerAppend: number;
  readonly maxInflightAppends: number;
  readonly quorumOverride?: number;
}

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`raft config: ${field} must be a positive integer, found ${String(value)}`);
  }
  return value;
}

export function resolveConfig(config: RaftConfig): ResolvedConfig {
  const electionTimeoutUs = positiveInt(config.electionTimeoutUs, "electionTimeoutUs");
  const heartbeatIntervalUs = positiveInt(config.heartbeatIntervalUs, "heartbeatIntervalUs");
  if (heartbeatIntervalUs >= electionTimeoutUs) {
    throw new RangeError(
      `raft config: heartbeatInterval (${heartbeatIntervalUs}us) must be below electionTimeout (${electionTimeoutUs}us), ` +
        "or followers time out while the leader is healthy",
    );
  }
  return {
    maxTxs: positiveInt(config.batch?.maxTxs, "batch.maxTxs"),
    maxWaitUs: positiveInt(config.batch?.maxWaitUs, "batch.maxWaitUs"),
    electionTimeoutUs,
    heartbeatIntervalUs,
    maxEntriesPerAppend: positiveInt(config.maxEntriesPerAppend, "maxEntriesPerAppend"),
    maxInflightAppends: positiveInt(config.maxInflightAppends ?? 16, "maxInflightAppends"),
    ...(config.quorumOverride === undefined ? {} : { quorumOverride: positiveInt(config.quorumOverride, "quorumOverride") }),
  };
}

export type Role = "follower" | "candidate" | "leader";

/**
 * The leader's view of one follower: Figure 2's matchIndex and nextIndex, and how it sends. In "probe" mode
 * (after election, after a rejection) one AppendEntries is outstanding at a time while nextIndex backs off; in
 * "replicate" mode (after a success) entries are pipelined and nextIndex advances optimistically.
 */
export interface Progress {
  /** matchIndex: index of highest log entry known to be replicated on the server. */
  match: number;
  /** nextIndex: index of the next log entry to send to that server. */
  next: number;
  mode: "probe" | "replicate";
  /** Replicate mode: last index and send time of each AppendEntries with entries not yet acknowledged. */
  inflight: { lastIndex: number; sentAtUs: number }[];
  /** Probe mode: an AppendEntries is outstanding (the next goes with a response or the heartbeat). */
  probeSent: boolean;
  /** When the leader last sent this follower anything (a heartbeat is due only after heartbeatIntervalUs of silence). */
  lastSentAtUs: number;
  /** The highest commit index this follower could apply from what was sent: min(leaderCommit, last index sent). */
  sentCommit: number;
}

/** A transaction this server received and has not yet seen applied. */
export interface PendingTx {
  readonly tx: SignedTx;
  /** Its client signature was checked here (the leader checks before appending). */
  verified: boolean;
  /** When it was last forwarded to a leader. */
  forwardedAtUs: number | undefined;
  /** Timer-driven re-forwards so far (bounded; forwarding on a leader change is not counted). */
  resends: number;
}

/** A timer the server owns; a fired tag that does not match `tag` is stale and ignored. */
import type { TimerSlot } from "../timers.js";
export type { TimerSlot };

export interface RaftStats {
  droppedInvalidSignature: number;
  rejectedTransactions: number;
  electionsStarted: number;
  termsLed: number;
  appendsRejected: number;
  entriesTruncated: number;
  duplicateTxsSkipped: number;
  requestsForwarded: number;
  retransmits: number;
}

export class RaftState {
  readonly n: number;
  /** A majority of the n servers. */
  readonly quorum: number;

  // Persistent state on all servers (Figure 2), written through durable.ts / log.ts.
  /** latest term server has seen (initialized to 0 on first boot, increases monotonically) */
  term = 0;
  /** candidateId that received vote in current term (or undefined if none) */
  votedFor: NodeId | undefined = undefined;
  log = new RaftLog();

  // Volatile state on all servers.
  role: Role = "follower";
  /** The leader of `term` as far as this server knows. */
  leaderId: NodeId | undefined = undefined;
  /** The last term whose leader this server reported through ctx.viewChanged (restarts at the restored term). */
  reportedTerm = 0;
  /** index of highest log entry known to be committed */
  commitIndex = 0;
  /** index of highest log entry applied to state machine (durable with the state machine, see durable.ts) */
  lastApplied = 0;
  readonly appliedTxIds = new Set<number>();

  // Volatile state on candidates and leaders.
  readonly votes = new Set<NodeId>();
  readonly progress = new Map<NodeId, Progress>();
  /** The last AppendEntries this leader signed, reused for the next follower that needs the same message. */
  lastSignedAppend: { key: string; msg: AppendEntriesMsg } | undefined = undefined;

  /** Transactions received here (from clients or forwarded), in arrival order, until applied. */
  readonly pending = new Map<number, PendingTx>();
  /** Leader only: verified transactions waiting to be cut into an entry, with their arrival time. */
  readonly queue = new Map<number, { tx: SignedTx; atUs: number }>();

  readonly timers = { election: {} as TimerSlot, heartbeat: {} as TimerSlot, batch: {} as TimerSlot, resend: {} as TimerSlot };
  timerSeq = 0;
  readonly stats: RaftStats = {
    droppedInvalidSignature: 0,
    rejectedTransactions: 0,
    electionsStarted: 0,
    termsLed: 0,
    appendsRejected: 0,
    entriesTruncated: 0,
    duplicateTxsSkipped: 0,
    requestsForwarded: 0,
    retransmits: 0,
  };

  constructor(
    readonly id: NodeId,
    readonly nodes: readonly NodeId[],
    readonly cfg: ResolvedConfig,
  ) {
    this.n = nodes.length;
    this.quorum = cfg.quorumOverride ?? quorumSize(this.n); // quorumOverride: UNSAFE research knob
  }

  /** Every server but this one, in id order. */
  peers(): NodeId[] {
    return this.nodes.filter((node) => node !== this.id);
  }
}
