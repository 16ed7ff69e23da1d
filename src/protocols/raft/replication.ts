/**
 * Log replication (§5.3): the leader's side (sending AppendEntries with pipelining, handling responses with the
 * §5.3 back-off, the commit rule of §5.4.2, heartbeats) and the follower's side (the AppendEntries receiver
 * rules of Figure 2).
 */
import type { Ctx } from "./effects.js";
import { armTimer, sign } from "./effects.js";
import type { AppendEntriesMsg, AppendResponseMsg } from "./messages.js";
import { learnLeader } from "./requests.js";
import { backOffNextIndex, leaderCommitIndex } from "./rules.js";
import type { Progress, RaftState } from "./state.js";

function progressOf(s: RaftState, peer: number): Progress {
  const pr = s.progress.get(peer);
  if (pr === undefined) throw new Error(`raft: no progress for peer ${peer} on leader ${s.id}`);
  return pr;
}

/**
 * One AppendEntries carrying `count` entries from `from` on. Followers that are level with each other receive
 * byte-identical messages, so the leader signs once and sends the same message to each (the log of its own
 * term never changes under it).
 */
function sendEntries(ctx: Ctx, s: RaftState, to: number, from: number, count: number): void {
  const prevLogIndex = from - 1;
  const key = `${s.term}/${prevLogIndex}/${count}/${s.commitIndex}`;
  const cached = s.lastSignedAppend;
  let msg: AppendEntriesMsg;
  if (cached !== undefined && cached.key === key) {
    msg = cached.msg;
  } else {
    msg = sign<AppendEntriesMsg>(ctx, {
      type: "APPEND-ENTRIES",
      sender: s.id,
      term: s.term,
      prevLogIndex,
      prevLogTerm: s.log.termAt(prevLogIndex) ?? 0,
      entries: s.log.slice(from, count),
      leaderCommit: s.commitIndex,
    });
    s.lastSignedAppend = { key, msg };
  }
  ctx.send(to, msg);
  const pr = progressOf(s, to);
  pr.lastSentAtUs = ctx.now();
  pr.sentCommit = Math.max(pr.sentCommit, Math.min(s.commitIndex, prevLogIndex + count));
}

/**
 * Sends `to` what it is missing. Probe mode: one AppendEntries at a time carrying at most one entry (a follower
 * that does not answer costs little). Replicate mode: pipelined AppendEntries of up to maxEntriesPerAppend
 * entries, nextIndex advancing optimistically, at most maxInflightAppends unacknowledged; with no entries to
 * send, an empty AppendEntries still goes when it tells the follower of a commit it cannot know yet, or when
 * `heartbeat` asks for one (§5.2: "AppendEntries RPCs that carry no log entries").
 */
export function sendAppend(ctx: Ctx, s: RaftState, to: number, heartbeat: boolean): void {
  const pr = progressOf(s, to);
  const last = s.log.lastIndex;
  if (pr.mode === "probe") {
    if (pr.probeSent && !heartbeat) return;
    sendEntries(ctx, s, to, pr.next, Math.min(1, last - pr.next + 1));
    pr.probeSent = true;
    return;
  }
  let sent = false;
  while (pr.inflight.length < s.cfg.maxInflightAppends && pr.next <= last) {
    const count = Math.min(s.cfg.maxEntriesPerAppend, last - pr.next + 1);
    sendEntries(ctx, s, to, pr.next, count);
    pr.inflight.push({ lastIndex: pr.next + count - 1, sentAtUs: ctx.now() });
    pr.next += count;
    sent = true;
  }
  if (sent) return;
  // With appends still in flight, anchor an empty one at what is known to match so it cannot overtake them
  // and be rejected; otherwise at the end of what was sent, so a lost append shows up as a rejection.
  const prev = pr.inflight.length > 0 ? pr.match : pr.next - 1;
  if (heartbeat || Math.min(s.commitIndex, prev) > pr.sentCommit) sendEntries(ctx, s, to, prev + 1, 0);
}

/** Sends every follower what it is missing (`heartbeat`: and an empty AppendEntries to those with nothing new). */
export function broadcastAppend(ctx: Ctx, s: RaftState, heartbeat: boolean): void {
  for (const peer of s.peers()) sendAppend(ctx, s, peer, heartbeat);
}

/**
 * The heartbeat tick (§5.2: leaders "send periodic heartbeats … to all followers in order to maintain their
 * authority"), every heartbeatIntervalUs/2 so that no follower goes longer than heartbeatIntervalUs without an
 * AppendEntries; a follower that was sent one recently needs no heartbeat. Also the retransmission rule:
 * appends unacknowledged for a whole election timeout are assumed lost (the follower crashed or the network
 * dropped them), and the follower is probed again from matchIndex + 1.
 */
export function onHeartbeatTimer(ctx: Ctx, s: RaftState): void {
  if (s.role !== "leader") return;
  const halfUs = heartbeatTickUs(s);
  for (const peer of s.peers()) {
    const pr = progressOf(s, peer);
    const oldest = pr.inflight[0];
    if (pr.mode === "replicate" && oldest !== undefined && ctx.now() - oldest.sentAtUs >= s.cfg.electionTimeoutUs) {
      s.stats.retransmits++;
      toProbe(pr, pr.match + 1);
    }
    const due = ctx.now() - pr.lastSentAtUs > s.cfg.heartbeatIntervalUs - halfUs;
    sendAppend(ctx, s, peer, due); // in probe mode a due heartbeat is the retry of a probe that went unanswered
  }
  armTimer(ctx, s, s.timers.heartbeat, "heartbeat", halfUs);
}

function heartbeatTickUs(s: RaftState): number {
  return Math.max(1, Math.floor(s.cfg.heartbeatIntervalUs / 2));
}

/** Starts the heartbeat tick of a new leader. */
export function startHeartbeats(ctx: Ctx, s: RaftState): void {
  armTimer(ctx, s, s.timers.heartbeat, "heartbeat", heartbeatTickUs(s));
}

function toProbe(pr: Progress, next: number): void {
  pr.mode = "probe";
  pr.next = next;
  pr.inflight = [];
  pr.probeSent = false;
}

/**
 * Figure 2, leaders: "If successful: update nextIndex and matchIndex for follower (§5.3). If AppendEntries
 * fails because of log inconsistency: decrement nextIndex and retry (§5.3)" — by the conflict hint, not one
 * index at a time. Answers to requests the leader has moved past are recognised and ignored.
 */
export function handleAppendResponse(ctx: Ctx, s: RaftState, msg: AppendResponseMsg): void {
  if (s.role !== "leader" || msg.term !== s.term) return;
  const pr = progressOf(s, msg.sender);
  if (msg.success) {
    pr.match = Math.max(pr.match, msg.matchIndex);
    if (pr.mode === "probe") {
      pr.mode = "replicate";
      pr.next = pr.match + 1;
      pr.inflight = [];
      pr.probeSent = false;
    } else {
      pr.next = Math.max(pr.next, pr.match + 1);
      while (pr.inflight.length > 0 && (pr.inflight[0]?.lastIndex ?? 0) <= pr.match) pr.inflight.shift();
    }
    if (maybeCommit(s)) broadcastCommit(ctx, s);
    sendAppend(ctx, s, msg.sender, false);
    return;
  }
  s.stats.appendsRejected++;
  if (msg.rejectIndex <= pr.match) return; // stale: that prefix is known to match
  if (pr.mode === "probe" && msg.rejectIndex !== pr.next - 1) return; // answer to an earlier probe
  toProbe(pr, backOffNextIndex(msg, (term) => s.log.lastIndexOfTerm(term), pr.match));
  sendAppend(ctx, s, msg.sender, false);
}

/** §5.4.2: advances commitIndex to the highest index of the current term held by a majority. */
export function maybeCommit(s: RaftState): boolean {
  const matches = [s.log.lastIndex, ...[...s.progress.values()].map((pr) => pr.match)];
  const next = leaderCommitIndex(matches, s.quorum, s.commitIndex, s.term, (i) => s.log.termAt(i));
  if (next === s.commitIndex) return false;
  s.commitIndex = next;
  return true;
}

/** Tells the followers in replicate mode about a new commitIndex now, rather than at the next heartbeat. */
function broadcastCommit(ctx: Ctx, s: RaftState): void {
  for (const peer of s.peers()) {
    if (progressOf(s, peer).mode === "replicate") sendAppend(ctx, s, peer, false);
  }
}

function respond(ctx: Ctx, s: RaftState, to: number, fields: Omit<AppendResponseMsg, "type" | "sender" | "term" | "lastLogIndex" | "sig">): void {
  const msg = sign<AppendResponseMsg>(ctx, {
    type: "APPEND-RESPONSE",
    sender: s.id,
    term: s.term,
    lastLogIndex: s.log.lastIndex,
    ...fields,
  });
  ctx.send(to, msg);
}

/** The answer to an AppendEntries from a leader of an earlier term: "Reply false if term < currentTerm (§5.1)". */
export function rejectStaleAppend(ctx: Ctx, s: RaftState, msg: AppendEntriesMsg): void {
  respond(ctx, s, msg.sender, { success: false, matchIndex: 0, rejectIndex: msg.prevLogIndex, hintIndex: 0, hintTerm: 0 });
}

/**
 * AppendEntries receiver (Figure 2), for a message from the leader of our current term:
 * 2. "Reply false if log doesn't contain an entry at prevLogIndex whose term matches prevLogTerm (§5.3)"
 * 3. "If an existing entry conflicts with a new one (same index but different terms), delete the existing entry
 *    and all that follow it (§5.3)"
 * 4. "Append any new entries not already in the log"
 * 5. "If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new entry)"
 */
export function handleAppendEntries(ctx: Ctx, s: RaftState, msg: AppendEntriesMsg): void {
  learnLeader(ctx, s, msg.sender); // the caller has reset the election timer
  const prev = msg.prevLogIndex;
  const localTerm = s.log.termAt(prev);
  if (localTerm === undefined) {
    respond(ctx, s, msg.sender, { success: false, matchIndex: 0, rejectIndex: prev, hintIndex: s.log.lastIndex + 1, hintTerm: 0 });
    return;
  }
  if (localTerm !== msg.prevLogTerm) {
    const hintIndex = s.log.firstIndexOfTermAt(prev);
    respond(ctx, s, msg.sender, { success: false, matchIndex: 0, rejectIndex: prev, hintIndex, hintTerm: localTerm });
    return;
  }
  let index = prev;
  for (const entry of msg.entries) {
    index++;
    const existing = s.log.termAt(index);
    if (existing === entry.term) continue;
    if (existing !== undefined) {
      if (index <= s.commitIndex) {
        throw new Error(`raft ${s.id}: leader ${msg.sender} of term ${msg.term} conflicts with committed index ${index}`);
      }
      s.stats.entriesTruncated += s.log.lastIndex - index + 1;
      s.log.truncateFrom(ctx, index);
    }
    s.log.append(ctx, entry);
  }
  const lastNew = prev + msg.entries.length;
  if (msg.leaderCommit > s.commitIndex) s.commitIndex = Math.max(s.commitIndex, Math.min(msg.leaderCommit, lastNew));
  respond(ctx, s, msg.sender, { success: true, matchIndex: lastNew, rejectIndex: 0, hintIndex: 0, hintTerm: 0 });
}
