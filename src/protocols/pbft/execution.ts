/**
 * Execution in sequence order (§4.2): "replica i executes the operation requested by m after
 * committed-local(m, v, n, i) is true and i's state reflects the sequential execution of all requests with
 * lower sequence numbers." Executing a batch reports it to the observers as the block at height n, extends
 * the state digest chain, and emits a checkpoint every K sequence numbers (§4.3). Null requests (empty
 * batches from a NEW-VIEW) are executed as empty blocks, so heights stay contiguous.
 */
import { toHex } from "../codec.js";
import { sendCheckpoint } from "./checkpoint.js";
import type { Ctx } from "./effects.js";
import type { ReadyBatch, ReplicaState } from "./state.js";
import { persistExecuted } from "./state.js";
import { batchSizeBytes } from "./wire.js";

/** Records that `entry` committed; it executes once every lower sequence number has. */
export function markCommitted(s: ReplicaState, entry: ReadyBatch): void {
  if (entry.seq <= s.lastExecuted || s.ready.has(entry.seq)) return;
  s.ready.set(entry.seq, entry);
}

/** Executes every batch that is next in order. Returns how many client requests were executed. */
export function executeReady(ctx: Ctx, s: ReplicaState): number {
  let requests = 0;
  for (let next = s.ready.get(s.lastExecuted + 1); next !== undefined; next = s.ready.get(s.lastExecuted + 1)) {
    requests += executeBatch(ctx, s, next);
  }
  if (requests > 0 || s.catchUp.votes.size > 0) pruneBelowExecuted(s);
  return requests;
}

function executeBatch(ctx: Ctx, s: ReplicaState, entry: ReadyBatch): number {
  const txIds = newTransactionIds(s, entry);
  ctx.commit({
    height: entry.seq,
    hash: toHex(entry.digest),
    proposer: entry.proposer,
    txIds,
    sizeBytes: batchSizeBytes(entry.batch),
  });
  const chainInput = new Uint8Array(s.chainDigest.length + entry.digest.length);
  chainInput.set(s.chainDigest, 0);
  chainInput.set(entry.digest, s.chainDigest.length);
  s.chainDigest = ctx.crypto.hash(chainInput);
  s.lastExecuted = entry.seq;
  s.ready.delete(entry.seq);
  s.ledger.set(entry.seq, { ...entry, commitProof: [] });
  if (entry.commitProof.length > 0 && entry.seq > s.lowWatermark) s.commitProofs.set(entry.seq, entry.commitProof);
  for (const tx of entry.batch) {
    s.executedTxIds.add(tx.id);
    s.outstanding.delete(tx.id);
    s.queue.delete(tx.id);
    s.inFlight.delete(tx.id);
    s.relayDueAt.delete(tx.id);
    s.proxied.delete(tx.id);
    s.relayCount.delete(tx.id);
  }
  if (txIds.length > 0 && s.active && s.view === s.lastActiveView) s.viewChangeAttempts = 0;
  persistExecuted(ctx, s);
  if (entry.seq % s.cfg.checkpointInterval === 0) sendCheckpoint(ctx, s, entry.seq);
  return txIds.length;
}

/**
 * The batch's transactions minus any this replica already executed. Every replica executes the same
 * sequence of batches, so the filter gives the same result everywhere; it only bites when a faulty primary
 * re-proposes an executed request (the paper's per-client timestamps play this role).
 */
function newTransactionIds(s: ReplicaState, entry: ReadyBatch): number[] {
  const ids: number[] = [];
  const seen = new Set<number>();
  for (const tx of entry.batch) {
    if (s.executedTxIds.has(tx.id) || seen.has(tx.id)) continue;
    seen.add(tx.id);
    ids.push(tx.id);
  }
  return ids;
}

function pruneBelowExecuted(s: ReplicaState): void {
  for (const seq of [...s.catchUp.votes.keys()]) if (seq <= s.lastExecuted) s.catchUp.votes.delete(seq);
}
