/**
 * Raft messages (Ongaro & Ousterhout, USENIX ATC 2014, Figure 2) as a discriminated union on `type`.
 * The paper's two RPCs become four one-way messages — REQUEST-VOTE / VOTE and APPEND-ENTRIES /
 * APPEND-RESPONSE — plus REQUEST, a client transaction forwarded by a follower to the leader it knows.
 *
 * Every message names its sender (`sender`) and carries `sig`: the sender's signature over the message's
 * encoding without the signature (wire.ts, `signingBytes`). Raft needs no signatures against crash faults, but
 * consortium deployments authenticate their peers and the simulator charges the real cost.
 */
import type { NodeId, SignedTx } from "../types.js";

/**
 * One log entry: the term in which a leader created it, that leader, and a batch of client transactions
 * (empty for the no-op a new leader appends at the start of its term). Its index is its position in the log.
 */
export interface LogEntry {
  readonly term: number;
  readonly leader: NodeId;
  readonly txs: readonly SignedTx[];
}

/** Client transactions forwarded to the leader ("followers redirect clients to the leader", §5.1). */
export interface RequestMsg {
  readonly type: "REQUEST";
  readonly sender: NodeId;
  readonly txs: readonly SignedTx[];
  readonly sig: Uint8Array;
}

/** RequestVote RPC arguments (Figure 2): "invoked by candidates to gather votes (§5.2)". */
export interface RequestVoteMsg {
  readonly type: "REQUEST-VOTE";
  readonly sender: NodeId;
  /** candidate's term */
  readonly term: number;
  /** index of candidate's last log entry (§5.4) */
  readonly lastLogIndex: number;
  /** term of candidate's last log entry (§5.4) */
  readonly lastLogTerm: number;
  readonly sig: Uint8Array;
}

/** RequestVote RPC results (Figure 2). */
export interface VoteMsg {
  readonly type: "VOTE";
  readonly sender: NodeId;
  /** currentTerm, for candidate to update itself */
  readonly term: number;
  /** true means candidate received vote */
  readonly granted: boolean;
  readonly sig: Uint8Array;
}

/** AppendEntries RPC arguments (Figure 2): "invoked by leader to replicate log entries (§5.3); also used as heartbeat (§5.2)". */
export interface AppendEntriesMsg {
  readonly type: "APPEND-ENTRIES";
  /** the leader, "so follower can redirect clients" */
  readonly sender: NodeId;
  readonly term: number;
  /** index of log entry immediately preceding new ones */
  readonly prevLogIndex: number;
  /** term of prevLogIndex entry */
  readonly prevLogTerm: number;
  /** log entries to store (empty for heartbeat); entry i has index prevLogIndex + 1 + i */
  readonly entries: readonly LogEntry[];
  /** leader's commitIndex */
  readonly leaderCommit: number;
  readonly sig: Uint8Array;
}

/**
 * AppendEntries RPC results (Figure 2), extended with what the leader needs to match a reply to its request
 * without RPC state, and with the §5.3 back-off hint ("the follower can include the term of the conflicting
 * entry and the first index it stores for that term").
 */
export interface AppendResponseMsg {
  readonly type: "APPEND-RESPONSE";
  readonly sender: NodeId;
  /** currentTerm, for leader to update itself */
  readonly term: number;
  /** true if follower contained entry matching prevLogIndex and prevLogTerm */
  readonly success: boolean;
  /** On success: prevLogIndex + entries.length, the highest index known to match the leader. */
  readonly matchIndex: number;
  /** On failure: the prevLogIndex that was rejected. */
  readonly rejectIndex: number;
  /** On failure: first index the follower stores for `hintTerm`, or its last index + 1 when its log is too short. */
  readonly hintIndex: number;
  /** On failure: the term of the follower's conflicting entry at prevLogIndex (0 when its log is too short). */
  readonly hintTerm: number;
  /** The follower's last log index (for diagnostics and catch-up). */
  readonly lastLogIndex: number;
  readonly sig: Uint8Array;
}

export type RaftMessage = RequestMsg | RequestVoteMsg | VoteMsg | AppendEntriesMsg | AppendResponseMsg;
export type RaftMessageType = RaftMessage["type"];

/** A message before it is signed (distributes over the union, so `type` still discriminates). */
export type Unsigned<M extends RaftMessage> = M extends RaftMessage ? Omit<M, "sig"> : never;

/** Messages that carry a term: "if RPC request or response contains term T > currentTerm…" (Figure 2). */
export type TermMessage = Exclude<RaftMessage, RequestMsg>;

export function hasTerm(msg: RaftMessage): msg is TermMessage {
  return msg.type !== "REQUEST";
}
