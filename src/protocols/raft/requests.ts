/**
 * Client transactions and the leader's batching. §5.1: "The leader handles all client requests (if a client
 * contacts a follower, the follower redirects it to the leader)". Our clients do not retry, so a follower
 * forwards the transaction itself (REQUEST) and keeps it until it sees it applied: it forwards it again to
 * every new leader it learns of, and re-forwards it (a bounded number of times) when it has waited an election
 * timeout. The leader checks each transaction's client signature before appending it, never appends one that
 * is already in its log, and cuts its queue into one log entry per batch (maxTxs, or after maxWaitUs).
 */
import type { NodeId, SignedTx } from "../types.js";
import type { Ctx } from "./effects.js";
import { armTimer, disarmTimer, isArmed, sign } from "./effects.js";
import type { RequestMsg } from "./messages.js";
import type { PendingTx, RaftState } from "./state.js";

/** Timer-driven re-forwards of one transaction before the follower waits for a leader change instead. */
const MAX_RESENDS = 5;

/** A transaction from a client (or forwarded by `from`): the leader queues it, others hold and forward it. */
export function onClientTransaction(ctx: Ctx, s: RaftState, tx: SignedTx, from?: NodeId): void {
  if (s.appliedTxIds.has(tx.id) || s.pending.has(tx.id)) return;
  if (s.role === "leader") {
    if (s.log.indexOfTx(tx.id) !== undefined) return; // already ordered by this leader or its predecessors
    if (!ctx.crypto.verifyTx(tx)) {
      s.stats.rejectedTransactions++;
      return;
    }
    s.pending.set(tx.id, { tx, verified: true, forwardedAtUs: undefined, resends: 0 });
    s.queue.set(tx.id, { tx, atUs: ctx.now() });
    return;
  }
  const pending: PendingTx = { tx, verified: false, forwardedAtUs: undefined, resends: 0 };
  s.pending.set(tx.id, pending);
  // Never straight back to the node it came from: that one believes *we* lead; the resend timer retries.
  if (s.leaderId !== undefined && s.leaderId !== s.id && s.leaderId !== from) forward(ctx, s, [pending]);
}

export function onRequest(ctx: Ctx, s: RaftState, msg: RequestMsg): void {
  for (const tx of msg.txs) onClientTransaction(ctx, s, tx, msg.sender);
}

/** Sends held transactions to the known leader, at most maxTxs per REQUEST. */
function forward(ctx: Ctx, s: RaftState, items: readonly PendingTx[]): void {
  const leader = s.leaderId;
  if (leader === undefined || leader === s.id || items.length === 0) return;
  for (let i = 0; i < items.length; i += s.cfg.maxTxs) {
    const chunk = items.slice(i, i + s.cfg.maxTxs);
    for (const item of chunk) item.forwardedAtUs = ctx.now();
    s.stats.requestsForwarded += chunk.length;
    ctx.send(leader, sign<RequestMsg>(ctx, { type: "REQUEST", sender: s.id, txs: chunk.map((item) => item.tx) }));
  }
}

/**
 * Records the leader of the current term (itself included); on a change, reports the new term to the observers
 * (a leader change, counted once per term by each server) and hands the leader every transaction held here.
 */
export function learnLeader(ctx: Ctx, s: RaftState, leader: NodeId): void {
  if (s.leaderId === leader) return;
  s.leaderId = leader;
  if (s.term > s.reportedTerm) {
    s.reportedTerm = s.term;
    ctx.viewChanged?.(s.term);
  }
  if (leader !== s.id) forward(ctx, s, [...s.pending.values()]);
}

/** A new leader queues what it holds and has not ordered yet, checking client signatures it has not checked. */
export function adoptPendingAsLeader(ctx: Ctx, s: RaftState): void {
  s.queue.clear();
  for (const [id, item] of [...s.pending]) {
    if (s.log.indexOfTx(id) !== undefined) continue;
    if (!item.verified) {
      if (!ctx.crypto.verifyTx(item.tx)) {
        s.stats.rejectedTransactions++;
        s.pending.delete(id);
        continue;
      }
      item.verified = true;
    }
    s.queue.set(id, { tx: item.tx, atUs: ctx.now() });
  }
}

/** Re-forwards transactions that have waited an election timeout since they were last forwarded. */
export function onResendTimer(ctx: Ctx, s: RaftState): void {
  if (s.role === "leader") return;
  const cutoff = ctx.now() - s.cfg.electionTimeoutUs;
  const due: PendingTx[] = [];
  for (const item of s.pending.values()) {
    if (item.resends >= MAX_RESENDS || (item.forwardedAtUs !== undefined && item.forwardedAtUs > cutoff)) continue;
    item.resends++;
    due.push(item);
  }
  forward(ctx, s, due);
}

/** Keeps the resend timer armed while a non-leader holds transactions. */
export function scheduleResend(ctx: Ctx, s: RaftState): void {
  if (s.role === "leader" || s.pending.size === 0) {
    disarmTimer(ctx, s.timers.resend);
    return;
  }
  if (!isArmed(s.timers.resend)) armTimer(ctx, s, s.timers.resend, "resend", s.cfg.electionTimeoutUs);
}

/**
 * The leader's batching: cuts the queue into entries of up to maxTxs transactions, when maxTxs are waiting or
 * maxWaitUs after the oldest arrived, and arms the batch timer for the rest. Returns how many entries it appended.
 */
export function proposeIfReady(ctx: Ctx, s: RaftState): number {
  if (s.role !== "leader") {
    disarmTimer(ctx, s.timers.batch);
    return 0;
  }
  let appended = 0;
  for (;;) {
    const oldest = s.queue.values().next();
    if (oldest.done === true) {
      disarmTimer(ctx, s.timers.batch);
      return appended;
    }
    const dueUs = oldest.value.atUs + s.cfg.maxWaitUs;
    if (s.queue.size < s.cfg.maxTxs && ctx.now() < dueUs) {
      if (!isArmed(s.timers.batch)) armTimer(ctx, s, s.timers.batch, "batch", dueUs - ctx.now());
      return appended;
    }
    appended += appendBatch(ctx, s);
  }
}

/** §5.3: "the leader appends the command to its log as a new entry" — here a batch of transactions. */
function appendBatch(ctx: Ctx, s: RaftState): number {
  const txs: SignedTx[] = [];
  for (const [id, { tx }] of s.queue) {
    if (txs.length >= s.cfg.maxTxs) break;
    s.queue.delete(id);
    if (s.log.indexOfTx(id) === undefined && !s.appliedTxIds.has(id)) txs.push(tx);
  }
  if (txs.length === 0) return 0;
  s.log.append(ctx, { term: s.term, leader: s.id, txs });
  return 1;
}
