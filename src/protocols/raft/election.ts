/**
 * Leader election (§5.2) and the role changes around it: follower → candidate on an election timeout,
 * candidate → leader on votes from a majority, any role → follower on a higher term (§5.1). Votes follow the
 * RequestVote receiver rules of Figure 2 with the §5.4.1 restriction: a voter denies its vote to a candidate
 * whose log is less up-to-date than its own.
 */
import { persistHardState } from "./durable.js";
import type { Ctx } from "./effects.js";
import { armTimer, disarmTimer, isArmed, sign } from "./effects.js";
import type { RequestVoteMsg, VoteMsg } from "./messages.js";
import { broadcastAppend, startHeartbeats } from "./replication.js";
import { adoptPendingAsLeader, learnLeader } from "./requests.js";
import { candidateLogUpToDate, randomElectionTimeoutUs } from "./rules.js";
import type { RaftState } from "./state.js";

/** §5.2: "each server's election timeout is chosen randomly" — a fresh draw in [T, 2T] at every reset. */
export function resetElectionTimer(ctx: Ctx, s: RaftState): void {
  armTimer(ctx, s, s.timers.election, "election", randomElectionTimeoutUs(ctx.rng, s.cfg.electionTimeoutUs));
}

/**
 * Figure 2, all servers: "If RPC request or response contains term T > currentTerm: set currentTerm = T,
 * convert to follower (§5.1)". Also used by a candidate that hears from the leader of its own term (§5.2).
 * The election timer keeps running unless it was not armed (a leader stepping down): only AppendEntries from
 * the current leader and granting a vote reset it (Figure 2, rules for followers).
 */
export function becomeFollower(ctx: Ctx, s: RaftState, term: number, leader: number | undefined): void {
  if (term > s.term) {
    s.term = term;
    s.votedFor = undefined;
    s.leaderId = undefined;
    persistHardState(ctx, s);
  }
  if (s.role === "leader") {
    s.progress.clear();
    s.queue.clear(); // those transactions stay in `pending` and go to the new leader
    disarmTimer(ctx, s.timers.heartbeat);
    disarmTimer(ctx, s.timers.batch);
    s.leaderId = undefined;
  }
  s.role = "follower";
  s.votes.clear();
  if (leader !== undefined) learnLeader(ctx, s, leader);
  if (!isArmed(s.timers.election)) resetElectionTimer(ctx, s);
}

/**
 * Figure 2, candidates: "On conversion to candidate, start election: increment currentTerm; vote for self;
 * reset election timer; send RequestVote RPCs to all other servers".
 */
export function campaign(ctx: Ctx, s: RaftState): void {
  if (s.role === "leader") return;
  s.role = "candidate";
  s.term += 1;
  s.votedFor = s.id;
  s.leaderId = undefined;
  persistHardState(ctx, s);
  s.votes.clear();
  s.votes.add(s.id);
  s.stats.electionsStarted++;
  ctx.log("raft.campaign", { term: s.term, lastLogIndex: s.log.lastIndex, lastLogTerm: s.log.lastTerm });
  resetElectionTimer(ctx, s);
  ctx.broadcast(
    sign<RequestVoteMsg>(ctx, {
      type: "REQUEST-VOTE",
      sender: s.id,
      term: s.term,
      lastLogIndex: s.log.lastIndex,
      lastLogTerm: s.log.lastTerm,
    }),
  );
}

/** Figure 2, followers and candidates: "If election timeout elapses … convert to candidate". */
export function onElectionTimeout(ctx: Ctx, s: RaftState): void {
  if (s.role === "leader") return;
  campaign(ctx, s);
}

/**
 * RequestVote receiver (Figure 2), for a request whose term is not below ours (the caller answered stale ones):
 * "If votedFor is null or candidateId, and candidate's log is at least as up-to-date as receiver's log, grant
 * vote (§5.2, §5.4)". §5.2: "each server will vote for at most one candidate in a given term" — votedFor is
 * persisted before the VOTE leaves.
 */
export function handleRequestVote(ctx: Ctx, s: RaftState, msg: RequestVoteMsg): void {
  const free = s.votedFor === undefined || s.votedFor === msg.sender;
  const upToDate = candidateLogUpToDate(msg, { lastLogIndex: s.log.lastIndex, lastLogTerm: s.log.lastTerm });
  const granted = msg.term === s.term && s.role !== "leader" && free && upToDate;
  if (granted) {
    s.votedFor = msg.sender;
    persistHardState(ctx, s);
    resetElectionTimer(ctx, s);
  }
  ctx.send(msg.sender, sign<VoteMsg>(ctx, { type: "VOTE", sender: s.id, term: s.term, granted }));
}

/** §5.2: "A candidate wins an election if it receives votes from a majority of the servers in the full cluster for the same term". */
export function handleVote(ctx: Ctx, s: RaftState, msg: VoteMsg): void {
  if (s.role !== "candidate" || msg.term !== s.term || !msg.granted) return;
  s.votes.add(msg.sender);
  if (s.votes.size >= s.quorum) becomeLeader(ctx, s);
}

/**
 * Figure 2, leaders: "Upon election: send initial empty AppendEntries RPCs (heartbeat) to each server".
 * nextIndex starts just after the leader's last entry (§5.3), matchIndex at 0. §8: "each leader commit a blank
 * no-op entry into the log at the start of its term" — with §5.4.2 this is what lets entries of earlier terms
 * commit without waiting for a client transaction.
 */
export function becomeLeader(ctx: Ctx, s: RaftState): void {
  s.role = "leader";
  s.stats.termsLed++;
  disarmTimer(ctx, s.timers.election);
  s.progress.clear();
  s.lastSignedAppend = undefined;
  for (const peer of s.peers()) {
    s.progress.set(peer, { match: 0, next: s.log.lastIndex + 1, mode: "probe", inflight: [], probeSent: false, lastSentAtUs: 0, sentCommit: 0 });
  }
  s.log.append(ctx, { term: s.term, leader: s.id, txs: [] });
  ctx.log("raft.leader", { term: s.term, lastLogIndex: s.log.lastIndex });
  learnLeader(ctx, s, s.id); // reports the new term through ctx.viewChanged
  adoptPendingAsLeader(ctx, s);
  broadcastAppend(ctx, s, true);
  startHeartbeats(ctx, s);
}
