/**
 * The normal-case operation (§4.2): the primary multicasts PRE-PREPARE, backups that accept it multicast PREPARE, a replica that has *prepared*
 * multicasts COMMIT, and a replica that is *committed-local* hands the batch to execution. Messages for a view
 * this replica has not entered yet are buffered and replayed when it enters that view.
 */
import { bytesEqual } from "../codec.js";
import type { NodeId } from "../types.js";
import type { CommitMsg, PbftMessage, PrePrepareMsg, PrepareMsg } from "./messages.js";
import { primaryOf } from "./messages.js";
import type { Ctx } from "./effects.js";
import { batchDigest, sign } from "./effects.js";
import { releaseInFlight } from "./checkpoint.js";
import { markCommitted } from "./execution.js";
import { acceptPrePrepare, inWatermarks, isCommittedLocal, isPrepared, matchingPrepares } from "./rules.js";
import type { ReplicaState, Slot } from "./state.js";
import { isPrimary } from "./state.js";

/** Most buffered messages for future views (bounded memory against a flood). */
const FUTURE_BUFFER_LIMIT = 8192;

/**
 * Where a normal-case message for view `view` goes: "current" when this replica is active in that view,
 * "future" when it is for a view not yet entered (buffered), "stale" otherwise (dropped).
 */
function classifyView(s: ReplicaState, view: number): "current" | "future" | "stale" {
  if (s.active && view === s.view) return "current";
  if (view > s.view || (!s.active && view === s.view)) return "future";
  return "stale";
}

function bufferFuture(s: ReplicaState, from: NodeId, msg: PbftMessage): void {
  if (s.futureMessages.length >= FUTURE_BUFFER_LIMIT) s.futureMessages.shift();
  s.futureMessages.push({ from, msg });
}

/**
 * Admits a normal-case message: right view and within the watermarks (§4.2). A message for a view not yet
 * entered, or up to one window above H (the sender's checkpoint is stable, ours not yet), is buffered and
 * replayed when it becomes admissible — the paper leaves such messages to retransmission.
 */
function admit(s: ReplicaState, from: NodeId, msg: PrePrepareMsg | PrepareMsg | CommitMsg): boolean {
  const where = classifyView(s, msg.view);
  if (where === "future") bufferFuture(s, from, msg);
  if (where !== "current") return false;
  if (inWatermarks(msg.seq, s.lowWatermark, s.cfg.watermarkWindow)) return true;
  if (msg.seq > s.highWatermark && msg.seq <= s.highWatermark + s.cfg.watermarkWindow) bufferFuture(s, from, msg);
  else s.stats.droppedOutOfWindow++;
  return false;
}

/** What to do with a buffered message now: replay it, keep waiting, or drop it (stale). */
export function bufferedDisposition(s: ReplicaState, msg: PbftMessage): "replay" | "keep" | "drop" {
  if (msg.type !== "PRE-PREPARE" && msg.type !== "PREPARE" && msg.type !== "COMMIT") return "drop";
  const where = classifyView(s, msg.view);
  if (where === "future") return "keep";
  if (where === "stale" || msg.seq <= s.lowWatermark) return "drop";
  return msg.seq <= s.highWatermark ? "replay" : "keep";
}

/** §4.2: a backup accepts a pre-prepare (see `acceptPrePrepare`) and multicasts a PREPARE. */
export function onPrePrepare(ctx: Ctx, s: ReplicaState, from: NodeId, msg: PrePrepareMsg): void {
  if (!admit(s, from, msg) || isPrimary(s)) return;
  const existing = s.log.get(msg.seq)?.prePrepare;
  if (existing !== undefined && existing.view === msg.view && bytesEqual(existing.digest, msg.digest)) return;
  const reason =
    msg.proposer !== primaryOf(msg.view, s.n)
      ? "proposer-not-primary"
      : acceptPrePrepare(msg, {
          view: s.view,
          active: s.active,
          lowWatermark: s.lowWatermark,
          window: s.cfg.watermarkWindow,
          n: s.n,
          existing,
          recomputedDigest: batchDigest(ctx, msg.seq, msg.proposer, msg.batch),
          transactionsValid: msg.batch.every((tx) => ctx.crypto.verifyTx(tx)),
        });
  if (reason !== null) {
    s.stats.rejectedPrePrepares++;
    ctx.log("pbft.reject-pre-prepare", { seq: msg.seq, view: msg.view, reason });
    return;
  }
  installPrePrepare(ctx, s, msg);
}

/**
 * Puts an accepted pre-prepare in the log (normal case, or from a NEW-VIEW's O), marks its requests in flight,
 * and — at a backup — multicasts the matching PREPARE.
 */
export function installPrePrepare(ctx: Ctx, s: ReplicaState, pp: PrePrepareMsg): void {
  const slot = s.slot(pp.seq);
  if (slot.prePrepare !== undefined) releaseInFlight(s, slot.prePrepare);
  slot.prePrepare = pp;
  if (pp.seq > s.lastExecuted) {
    for (const tx of pp.batch) {
      s.inFlight.set(tx.id, pp.seq);
      s.queue.delete(tx.id);
      s.relayDueAt.delete(tx.id);
    }
  }
  if (!isPrimary(s) && slot.sentPrepareView !== pp.view) {
    const prepare = sign<PrepareMsg>(ctx, {
      type: "PREPARE",
      view: pp.view,
      seq: pp.seq,
      digest: pp.digest,
      replica: s.id,
    });
    slot.sentPrepareView = pp.view;
    slot.prepares.set(s.id, prepare);
    ctx.broadcast(prepare);
  }
  advanceSlot(ctx, s, slot);
}

/** §4.2: a replica "accepts prepare messages and adds them to its log provided their signatures are correct,
 * their view number equals the replica's current view, and their sequence number is between h and H". */
export function onPrepare(ctx: Ctx, s: ReplicaState, from: NodeId, msg: PrepareMsg): void {
  if (!admit(s, from, msg)) return;
  if (msg.replica === primaryOf(msg.view, s.n)) return; // the primary never prepares
  const slot = s.slot(msg.seq);
  storeFirstPerView(slot.prepares, msg);
  advanceSlot(ctx, s, slot);
}

/** §4.2: commits are accepted under the same conditions as prepares. */
export function onCommit(ctx: Ctx, s: ReplicaState, from: NodeId, msg: CommitMsg): void {
  if (!admit(s, from, msg)) return;
  const slot = s.slot(msg.seq);
  storeFirstPerView(slot.commits, msg);
  advanceSlot(ctx, s, slot);
  const undecided = slot.committedView !== s.view && slot.commits.size >= s.quorum;
  if (undecided && !isCommittedLocal(slot, s.view, s.n, s.quorum) && commitQuorumSeen(s, slot, msg)) {
    // 2f+1 replicas committed a batch we cannot execute (we missed its pre-prepare): state transfer.
    if (msg.seq > s.catchUp.hint) s.catchUp.hint = msg.seq;
  }
}

/** Keeps one message per replica per view: the first one seen in the highest view. */
function storeFirstPerView<M extends PrepareMsg | CommitMsg>(byReplica: Map<NodeId, M>, msg: M): void {
  const old = byReplica.get(msg.replica);
  if (old === undefined || old.view < msg.view) byReplica.set(msg.replica, msg);
}

function commitQuorumSeen(s: ReplicaState, slot: Slot, msg: CommitMsg): boolean {
  let matching = 0;
  for (const c of slot.commits.values()) if (c.view === msg.view && bytesEqual(c.digest, msg.digest)) matching++;
  return matching >= s.quorum;
}

/**
 * Moves a slot forward after any new message: once prepared (§4.2) multicast COMMIT and keep the prepared
 * certificate for view changes; once committed-local hand the batch to execution. The predicates scan the
 * slot's messages, so they are evaluated only while they can change the outcome: not before enough messages
 * exist to make a quorum, and not after the slot already moved on in this view (otherwise every message
 * would rescan the slot — O(n) per message, O(n³) per sequence number over all replicas).
 */
function advanceSlot(ctx: Ctx, s: ReplicaState, slot: Slot): void {
  const pp = slot.prePrepare;
  if (pp === undefined || pp.view !== s.view) return;
  const mayPrepare = slot.sentCommitView !== s.view && slot.prepares.size >= s.quorum - 1;
  if (mayPrepare && isPrepared(slot, s.view, s.n, s.quorum)) {
    slot.preparedCert = { prePrepare: pp, prepares: matchingPrepares(slot, s.view, s.n).slice(0, s.quorum - 1) };
    const commit = sign<CommitMsg>(ctx, { type: "COMMIT", view: s.view, seq: pp.seq, digest: pp.digest, replica: s.id });
    slot.sentCommitView = s.view;
    slot.commits.set(s.id, commit);
    ctx.broadcast(commit);
  }
  const mayCommit = slot.committedView !== s.view && slot.commits.size >= s.quorum;
  if (mayCommit && isCommittedLocal(slot, s.view, s.n, s.quorum)) {
    slot.committedView = s.view;
    const commitProof = [...slot.commits.values()]
      .filter((c) => c.view === s.view && bytesEqual(c.digest, pp.digest))
      .sort((a, b) => a.replica - b.replica)
      .slice(0, s.quorum);
    markCommitted(s, { seq: pp.seq, proposer: pp.proposer, batch: pp.batch, digest: pp.digest, commitProof });
  }
}

/**
 * Retransmission after a stall (the paper assumes lost messages are retransmitted; TOCS §5.2 uses status
 * messages): re-send what this replica already sent for every sequence number of the current view still in
 * its log — the pre-prepare (primary), its PREPARE and its COMMIT. Never sends anything new.
 */
export function retransmitCurrentView(ctx: Ctx, s: ReplicaState): void {
  if (!s.active) return;
  for (const seq of [...s.log.keys()].sort((a, b) => a - b)) {
    const slot = s.log.get(seq) as Slot;
    const pp = slot.prePrepare;
    if (pp === undefined || pp.view !== s.view) continue;
    if (isPrimary(s)) ctx.broadcast(pp);
    const prepare = slot.prepares.get(s.id);
    if (prepare !== undefined && prepare.view === s.view) ctx.broadcast(prepare);
    const commit = slot.commits.get(s.id);
    if (commit !== undefined && commit.view === s.view) ctx.broadcast(commit);
  }
}
