/**
 * A simple state transfer (in the spirit of §4.3's "a replica may learn of a stable checkpoint it does not
 * have and fetch the state"): a replica that lags — it restarted after a crash, saw a stable checkpoint or a
 * commit quorum beyond what it executed, or f+1 peers claim to have executed further — broadcasts
 * FETCH(from = last executed + 1). Peers reply with the committed batches they hold; a batch is accepted at
 * once if it comes with a valid commit certificate (2f+1 signed COMMITs), otherwise once f+1 distinct replicas
 * returned the same digest (one of them is correct). Replies also carry the peer's stable checkpoint proof
 * (which moves a far-behind replica's watermarks) and the view it last entered, so a recovered replica rejoins
 * the current view on the word of f+1 peers. FETCH doubles as the stall probe's status query (replica.ts).
 */
import type { CheckpointMsg, CommittedEntry, FetchMsg, FetchReplyMsg } from "./messages.js";
import { checkpointProofValid, commitCertificateValid } from "./certificates.js";
import { adoptStableCheckpoint, notePeerExecuted } from "./checkpoint.js";
import type { Ctx } from "./effects.js";
import { armTimer, batchDigest, disarmTimer, isArmed, sign } from "./effects.js";
import { markCommitted } from "./execution.js";
import { vouchedValue } from "./rules.js";
import type { ReplicaState } from "./state.js";
import { toHex } from "../codec.js";
import { adoptPeerView, certificateCrypto } from "./view-change.js";

/**
 * Arms the catch-up timer when this replica is behind what is known to be committed. The target is fixed
 * when armed: if it is still not executed one retry period later (messages in flight had their chance), fetch.
 */
export function scheduleCatchUp(ctx: Ctx, s: ReplicaState): void {
  const behind = s.catchUp.hint > s.lastExecuted;
  if (!behind && !s.catchUp.recovering) {
    disarmTimer(ctx, s.timers.catchUp);
    s.catchUpTarget = 0;
    return;
  }
  if (!isArmed(s.timers.catchUp)) {
    s.catchUpTarget = s.catchUp.hint;
    armTimer(ctx, s, s.timers.catchUp, "catch-up", s.cfg.catchUpRetryUs);
  }
}

export function onCatchUpTimer(ctx: Ctx, s: ReplicaState): void {
  if (s.catchUp.recovering || s.lastExecuted < s.catchUpTarget) sendFetch(ctx, s);
}

export function sendFetch(ctx: Ctx, s: ReplicaState): void {
  s.stats.catchUpFetches++;
  ctx.broadcast(sign<FetchMsg>(ctx, { type: "FETCH", fromSeq: s.lastExecuted + 1, replica: s.id }));
}

/** Answers with up to `catchUpBatchLimit` executed batches from `fromSeq` on (possibly none). */
export function onFetch(ctx: Ctx, s: ReplicaState, msg: FetchMsg): void {
  if (msg.replica === s.id) return;
  const entries: CommittedEntry[] = [];
  const last = Math.min(s.lastExecuted, msg.fromSeq + s.cfg.catchUpBatchLimit - 1);
  for (let seq = msg.fromSeq; seq <= last; seq++) {
    const e = s.ledger.get(seq);
    if (e === undefined) break;
    entries.push({ seq: e.seq, proposer: e.proposer, batch: e.batch, commitProof: s.commitProofs.get(seq) ?? [] });
  }
  const reply = sign<FetchReplyMsg>(ctx, {
    type: "FETCH-REPLY",
    view: s.lastActiveView,
    lastExecuted: s.lastExecuted,
    stableSeq: s.lowWatermark,
    checkpointProof: s.stableProof,
    entries,
    replica: s.id,
  });
  ctx.send(msg.replica, reply);
}

/** Counts the reply's batches as votes; f+1 matching digests make a batch committed here. */
export function onFetchReply(ctx: Ctx, s: ReplicaState, msg: FetchReplyMsg): void {
  if (msg.replica === s.id) return;
  const cu = s.catchUp;
  cu.peerViews.set(msg.replica, Math.max(cu.peerViews.get(msg.replica) ?? 0, msg.view));
  notePeerExecuted(s, msg.replica, msg.lastExecuted);
  if (cu.recovering && cu.peerViews.size >= s.f + 1) cu.recovering = false;
  adoptProvenCheckpoint(ctx, s, msg);
  for (const e of msg.entries) voteForEntry(ctx, s, msg.replica, e);
  const view = vouchedValue(cu.peerViews, s.n);
  if (view !== undefined && (view > s.view || (view === s.view && !s.active))) adoptPeerView(ctx, s, view);
}

/**
 * A checkpoint proof (2f+1 signed CHECKPOINTs) is self-certifying: a replica whose watermarks lag behind it
 * adopts it, so it can take part in the normal case again while state transfer fills in the batches.
 */
function adoptProvenCheckpoint(ctx: Ctx, s: ReplicaState, msg: FetchReplyMsg): void {
  if (msg.stableSeq <= s.lowWatermark) return;
  if (!checkpointProofValid(msg.stableSeq, msg.checkpointProof, s.n, certificateCrypto(ctx, s))) {
    s.stats.droppedInvalidSignature++;
    return;
  }
  const digest = (msg.checkpointProof[0] as CheckpointMsg).stateDigest;
  adoptStableCheckpoint(ctx, s, msg.stableSeq, digest, msg.checkpointProof);
}

function voteForEntry(ctx: Ctx, s: ReplicaState, from: number, e: CommittedEntry): void {
  if (e.seq <= s.lastExecuted || s.ready.has(e.seq)) return;
  const digest = batchDigest(ctx, e.seq, e.proposer, e.batch);
  if (e.commitProof.length > 0 && commitCertificateValid(e.seq, digest, e.commitProof, s.n, certificateCrypto(ctx, s))) {
    markCommitted(s, { ...e, digest });
    s.catchUp.votes.delete(e.seq);
    s.stats.batchesCaughtUp++;
    return;
  }
  const key = toHex(digest);
  let bySeq = s.catchUp.votes.get(e.seq);
  if (bySeq === undefined) {
    bySeq = new Map();
    s.catchUp.votes.set(e.seq, bySeq);
  }
  let vote = bySeq.get(key);
  if (vote === undefined) {
    vote = { entry: { ...e, digest }, replicas: new Set() };
    bySeq.set(key, vote);
  }
  vote.replicas.add(from);
  if (vote.replicas.size >= s.f + 1) {
    markCommitted(s, vote.entry);
    s.catchUp.votes.delete(e.seq);
    s.stats.batchesCaughtUp++;
  }
}
