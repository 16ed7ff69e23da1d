/**
 * RaftNode: the sans-IO Protocol for one Raft server. Like etcd-io/raft's Step, one input goes in and effects
 * come out through the context: every message's signature is checked on receipt, the term rule of Figure 2 is
 * applied ("if RPC request or response contains term T > currentTerm: set currentTerm = T, convert to
 * follower"), and the message goes to the handler of the server's role — stepFollower, stepCandidate or
 * stepLeader. Afterwards the server "settles": applies what committed, lets the leader cut batches and ship
 * them, and keeps its timers armed.
 */
import type { NodeId, SignedTx, TimerTag } from "../types.js";
import { SettlingReplica } from "../replica.js";
import { applyCommitted } from "./apply.js";
import { restoreState } from "./durable.js";
import type { Ctx } from "./effects.js";
import { firedNow, sign, verifySignature } from "./effects.js";
import { becomeFollower, campaign, handleRequestVote, handleVote, onElectionTimeout, resetElectionTimer } from "./election.js";
import type { LogEntry, RaftMessage, TermMessage, VoteMsg } from "./messages.js";
import { hasTerm } from "./messages.js";
import { broadcastAppend, handleAppendEntries, handleAppendResponse, onHeartbeatTimer, rejectStaleAppend } from "./replication.js";
import { onClientTransaction, onRequest, onResendTimer, proposeIfReady, scheduleResend } from "./requests.js";
import type { RaftConfig, RaftStats, ResolvedConfig, Role } from "./state.js";
import { RaftState, resolveConfig } from "./state.js";
import { checkMembers } from "../members.js";

/** A read-only summary of a server's state, for tests and debugging. */
export interface RaftSnapshot {
  readonly id: NodeId;
  readonly role: Role;
  readonly term: number;
  readonly votedFor: NodeId | undefined;
  readonly leader: NodeId | undefined;
  readonly commitIndex: number;
  readonly lastApplied: number;
  readonly log: readonly LogEntry[];
  /** Leader only: matchIndex per follower. */
  readonly matchIndex: ReadonlyMap<NodeId, number>;
  readonly pending: number;
  readonly stats: Readonly<RaftStats>;
}

export class RaftNode extends SettlingReplica<RaftMessage, RaftState> {
  readonly name = "raft";
  private readonly cfg: ResolvedConfig;

  constructor(config: RaftConfig) {
    super();
    this.cfg = resolveConfig(config);
  }

  /** Boots, or reboots after a crash from what was persisted (§5.1); every server starts as a follower. */
  start(ctx: Ctx): void {
    checkMembers(ctx.nodes, "raft", 3);
    const s = new RaftState(ctx.id, ctx.nodes, this.cfg);
    this.state = s;
    if (restoreState(ctx, s)) ctx.log("raft.recover", { term: s.term, lastLogIndex: s.log.lastIndex, applied: s.lastApplied });
    resetElectionTimer(ctx, s);
  }

  protected transaction(ctx: Ctx, s: RaftState, tx: SignedTx): void {
    onClientTransaction(ctx, s, tx);
  }

  protected receive(ctx: Ctx, s: RaftState, from: NodeId, msg: RaftMessage): boolean {
    if (!verifySignature(ctx, s.n, from, msg)) {
      s.stats.droppedInvalidSignature++;
      return false;
    }
    this.step(ctx, s, msg);
    return true;
  }

  protected timer(ctx: Ctx, s: RaftState, tag: TimerTag): void {
    if (firedNow(s.timers.election, tag)) onElectionTimeout(ctx, s);
    else if (firedNow(s.timers.heartbeat, tag)) onHeartbeatTimer(ctx, s);
    else if (firedNow(s.timers.resend, tag)) onResendTimer(ctx, s);
    else firedNow(s.timers.batch, tag); // proposeIfReady in settle cuts the due batch
  }

  /** The leader this server knows of (itself when leading). */
  leader(): NodeId | undefined {
    return this.state?.leaderId;
  }

  /** Starts an election now, as if the election timer had fired (etcd's MsgHup; tests use it to script figures). */
  campaign(ctx: Ctx): void {
    const s = this.state;
    if (s === undefined) return;
    campaign(ctx, s);
    this.settle(ctx, s);
  }

  snapshot(): RaftSnapshot | undefined {
    const s = this.state;
    if (s === undefined) return undefined;
    const log: LogEntry[] = [];
    for (let i = 1; i <= s.log.lastIndex; i++) log.push(s.log.entry(i));
    return {
      id: s.id,
      role: s.role,
      term: s.term,
      votedFor: s.votedFor,
      leader: s.leaderId,
      commitIndex: s.commitIndex,
      lastApplied: s.lastApplied,
      log,
      matchIndex: new Map([...s.progress].map(([peer, pr]) => [peer, pr.match])),
      pending: s.pending.size,
      stats: { ...s.stats },
    };
  }

  /** Figure 2, "Rules for Servers — All Servers", then the role's own handler. */
  private step(ctx: Ctx, s: RaftState, msg: RaftMessage): void {
    if (hasTerm(msg)) {
      if (msg.term > s.term) becomeFollower(ctx, s, msg.term, undefined);
      else if (msg.term < s.term) return answerStale(ctx, s, msg);
    }
    switch (s.role) {
      case "follower":
        return stepFollower(ctx, s, msg);
      case "candidate":
        return stepCandidate(ctx, s, msg);
      case "leader":
        return stepLeader(ctx, s, msg);
    }
  }

  /** Derived actions after any input: apply → cut batches and ship them → timers. */
  protected settle(ctx: Ctx, s: RaftState): void {
    applyCommitted(ctx, s);
    if (proposeIfReady(ctx, s) > 0) broadcastAppend(ctx, s, false);
    scheduleResend(ctx, s);
  }
}

/** Followers: "Respond to RPCs from candidates and leaders"; redirect client requests to the leader. */
function stepFollower(ctx: Ctx, s: RaftState, msg: RaftMessage): void {
  switch (msg.type) {
    case "APPEND-ENTRIES":
      resetElectionTimer(ctx, s); // "AppendEntries RPC from current leader"
      return handleAppendEntries(ctx, s, msg);
    case "REQUEST-VOTE":
      return handleRequestVote(ctx, s, msg);
    case "REQUEST":
      return onRequest(ctx, s, msg);
    case "VOTE":
    case "APPEND-RESPONSE":
      return; // answers to a role this server no longer has
  }
}

/** Candidates: count votes; "If AppendEntries RPC received from new leader: convert to follower". */
function stepCandidate(ctx: Ctx, s: RaftState, msg: RaftMessage): void {
  switch (msg.type) {
    case "VOTE":
      return handleVote(ctx, s, msg);
    case "APPEND-ENTRIES":
      // §5.2: "If the leader's term … is at least as large as the candidate's current term, then the candidate
      // recognizes the leader as legitimate and returns to follower state."
      becomeFollower(ctx, s, msg.term, msg.sender);
      return stepFollower(ctx, s, msg);
    case "REQUEST-VOTE":
      return handleRequestVote(ctx, s, msg); // denied: a candidate has voted for itself
    case "REQUEST":
      return onRequest(ctx, s, msg);
    case "APPEND-RESPONSE":
      return;
  }
}

/** Leaders: replicate, count matchIndex, commit (§5.3, §5.4.2); order client transactions. */
function stepLeader(ctx: Ctx, s: RaftState, msg: RaftMessage): void {
  switch (msg.type) {
    case "APPEND-RESPONSE":
      return handleAppendResponse(ctx, s, msg);
    case "REQUEST":
      return onRequest(ctx, s, msg);
    case "REQUEST-VOTE":
      return handleRequestVote(ctx, s, msg); // denied: a leader has voted for itself in its term
    case "APPEND-ENTRIES":
      // Election Safety (§5.2) makes a second leader in the same term impossible.
      ctx.log("raft.second-leader", { term: msg.term, other: msg.sender });
      return;
    case "VOTE":
      return; // late votes of the election already won
  }
}

/** "Reply false if term < currentTerm (§5.1)", so the stale sender learns the newer term; other stale messages are dropped. */
function answerStale(ctx: Ctx, s: RaftState, msg: TermMessage): void {
  if (msg.type === "APPEND-ENTRIES") rejectStaleAppend(ctx, s, msg);
  else if (msg.type === "REQUEST-VOTE") ctx.send(msg.sender, sign<VoteMsg>(ctx, { type: "VOTE", sender: s.id, term: s.term, granted: false }));
}
