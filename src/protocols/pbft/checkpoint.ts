/**
 * Checkpoints and garbage collection (§4.3). Every K executed sequence numbers a replica multicasts
 * ⟨CHECKPOINT, n, d, i⟩; 2f+1 matching ones make the checkpoint stable, which discards the log at and below
 * n and advances the watermarks (h = n, H = n + L). A stable checkpoint beyond what this replica executed
 * tells it that it lags, which starts state transfer (catch-up.ts).
 */
import type { CheckpointMsg } from "./messages.js";
import type { Ctx } from "./effects.js";
import { sign } from "./effects.js";
import { stableCheckpointProof, vouchedValue } from "./rules.js";
import type { PrePrepareMsg } from "./messages.js";
import type { ReplicaState } from "./state.js";
import { persistStable } from "./state.js";

/** Forgets that `pp`'s requests are in flight (its pre-prepare is being replaced or discarded). */
export function releaseInFlight(s: ReplicaState, pp: PrePrepareMsg): void {
  for (const tx of pp.batch) if (s.inFlight.get(tx.id) === pp.seq) s.inFlight.delete(tx.id);
}

/** §4.3: "a replica produces a checkpoint ... it multicasts a message ⟨CHECKPOINT, n, d, i⟩σi". */
export function sendCheckpoint(ctx: Ctx, s: ReplicaState, seq: number): void {
  const msg = sign<CheckpointMsg>(ctx, { type: "CHECKPOINT", seq, stateDigest: s.chainDigest, replica: s.id });
  ctx.broadcast(msg);
  recordCheckpoint(ctx, s, msg);
}

/** A (signature-checked) CHECKPOINT from another replica. */
export function onCheckpoint(ctx: Ctx, s: ReplicaState, msg: CheckpointMsg): void {
  notePeerExecuted(s, msg.replica, msg.seq);
  if (msg.seq <= s.lowWatermark) return;
  if (msg.seq > s.highWatermark) {
    // Beyond our window: kept only as evidence that we lag (notePeerExecuted above).
    s.stats.droppedOutOfWindow++;
    return;
  }
  recordCheckpoint(ctx, s, msg);
}

/** A peer proved (by checkpoint or reply) it executed `seq`; f+1 such claims make it a catch-up target. */
export function notePeerExecuted(s: ReplicaState, replica: number, seq: number): void {
  const known = s.catchUp.peerExecuted.get(replica) ?? 0;
  if (seq > known) s.catchUp.peerExecuted.set(replica, seq);
  const vouched = vouchedValue(s.catchUp.peerExecuted, s.n);
  if (vouched !== undefined && vouched > s.catchUp.hint) s.catchUp.hint = vouched;
}

function recordCheckpoint(ctx: Ctx, s: ReplicaState, msg: CheckpointMsg): void {
  let bySender = s.checkpoints.get(msg.seq);
  if (bySender === undefined) {
    bySender = new Map();
    s.checkpoints.set(msg.seq, bySender);
  }
  if (!bySender.has(msg.replica)) bySender.set(msg.replica, msg);
  const stable = stableCheckpointProof(bySender.values(), s.n, s.quorum);
  if (stable !== undefined) adoptStableCheckpoint(ctx, s, msg.seq, stable.stateDigest, stable.proof);
}

/**
 * §4.3: "a checkpoint with a proof becomes stable and the replica discards all pre-prepare, prepare, and
 * commit messages with sequence number less than or equal to n from its log; it also discards all earlier
 * checkpoints and checkpoint messages." Also used when NEW-VIEW carries a later checkpoint (§4.4).
 */
export function adoptStableCheckpoint(
  ctx: Ctx,
  s: ReplicaState,
  seq: number,
  stateDigest: Uint8Array,
  proof: readonly CheckpointMsg[],
): void {
  if (seq <= s.lowWatermark) return;
  s.lowWatermark = seq;
  s.stableDigest = stateDigest;
  s.stableProof = [...proof];
  s.stats.stableCheckpoints++;
  garbageCollect(s, seq);
  persistStable(ctx, s);
  if (s.lastExecuted < seq && seq > s.catchUp.hint) s.catchUp.hint = seq;
}

function garbageCollect(s: ReplicaState, seq: number): void {
  for (const [n, slot] of [...s.log]) {
    if (n > seq) continue;
    // Whatever committed at n is executed from here or by state transfer; a discarded pre-prepare's requests
    // are no longer in flight.
    if (slot.prePrepare !== undefined) releaseInFlight(s, slot.prePrepare);
    s.log.delete(n);
  }
  for (const n of [...s.checkpoints.keys()]) if (n <= seq) s.checkpoints.delete(n);
  // Below a stable checkpoint f+1 matching replies suffice for state transfer; commit proofs are dropped.
  for (const n of [...s.commitProofs.keys()]) if (n <= seq) s.commitProofs.delete(n);
}
