/**
 * The primary's batching (§4.2 with the batching of §5.1): pending requests are cut into a pre-prepare when
 * `maxTxs` are waiting or `maxWaitUs` after the oldest arrived, as long as the next sequence number is within
 * the high watermark H = h + L — so at most L batches are in flight. A request already executed or already
 * in an accepted pre-prepare is never proposed again (requests are deduplicated by transaction id).
 */
import type { SignedTx } from "../types.js";
import type { PrePrepareMsg } from "./messages.js";
import type { Ctx } from "./effects.js";
import { armTimer, batchDigest, disarmTimer, isArmed, sign } from "./effects.js";
import { installPrePrepare } from "./normal-case.js";
import type { ReplicaState } from "./state.js";
import { isPrimary, persistAssigned } from "./state.js";

/** Cuts as many batches as the queue and the watermark window allow; arms the batch timer for the rest. */
export function proposeIfReady(ctx: Ctx, s: ReplicaState): void {
  if (!s.active || !isPrimary(s)) {
    disarmTimer(ctx, s.timers.batch);
    return;
  }
  // A primary that lags behind its stable checkpoint catches up first, so it never re-proposes a request
  // that committed below the checkpoint.
  // A restarted replica first learns the current view from its peers (catch-up.ts).
  if (s.lastExecuted < s.lowWatermark || s.catchUp.recovering) return;
  for (;;) {
    const oldest = s.queue.values().next();
    if (oldest.done === true) {
      disarmTimer(ctx, s.timers.batch);
      return;
    }
    if (s.nextSeq > s.highWatermark) return; // window full: retried when a checkpoint becomes stable
    const dueUs = oldest.value.atUs + s.cfg.maxWaitUs;
    if (s.queue.size >= s.cfg.maxTxs || ctx.now() >= dueUs) {
      cutBatch(ctx, s);
      continue;
    }
    if (!isArmed(s.timers.batch)) armTimer(ctx, s, s.timers.batch, "batch", dueUs - ctx.now());
    return;
  }
}

/** §4.2: "the primary assigns a sequence number n to the request, multicasts a pre-prepare message". */
function cutBatch(ctx: Ctx, s: ReplicaState): void {
  const batch: SignedTx[] = [];
  for (const [id, { tx }] of s.queue) {
    if (batch.length >= s.cfg.maxTxs) break;
    s.queue.delete(id);
    if (s.executedTxIds.has(id) || s.inFlight.has(id)) continue;
    batch.push(tx);
  }
  if (batch.length === 0) return;
  const seq = s.nextSeq++;
  persistAssigned(ctx, s, seq);
  const pp = sign<PrePrepareMsg>(ctx, {
    type: "PRE-PREPARE",
    view: s.view,
    seq,
    digest: batchDigest(ctx, seq, s.id, batch),
    proposer: s.id,
    batch,
  });
  ctx.broadcast(pp);
  installPrePrepare(ctx, s, pp);
}
