/**
 * Pending transactions (CometBFT's mempool) and REQUEST forwarding. A client transaction may reach any node,
 * and the proposer changes every height (weighted round-robin). A node that receives one from a client checks
 * its signature (CheckTx: ctx.crypto.verifyTx), keeps it ("own"), and forwards it in a signed REQUEST to the
 * proposers that can include it soonest: proposer(h_p, round_p) and proposer(h_p + 1, 0) — the latter is also
 * proposer(h_p, round_p + 1), so a failed round does not lose it. Whenever the height or round moves, own
 * transactions still pending are forwarded to the new proposers they were not yet sent to; so a transaction
 * reaches a proposer within a height or two, each copy is sent at most once per node, and a crashed proposer
 * loses nothing. What arrives within `forwardDelayUs` shares one REQUEST (one signature). Receivers check each
 * transaction and keep it until it commits; transactions are deduplicated by id, committed ones never taken.
 */
import type { NodeId, SignedTx } from "../types.js";
import type { Ctx } from "./effects.js";
import { armTimer, disarmTimer, isArmed, sign } from "./effects.js";
import type { RequestMsg } from "./messages.js";
import type { NodeState } from "./state.js";

/** Adds `tx` to the pool if it is new and its client signature verifies; true when added. */
function admit(ctx: Ctx, s: NodeState, tx: SignedTx, own: boolean): boolean {
  if (s.committedTxIds.has(tx.id) || s.pool.has(tx.id)) return false;
  if (!ctx.crypto.verifyTx(tx)) {
    s.stats.rejectedTransactions++;
    return false;
  }
  s.pool.set(tx.id, { tx, atUs: ctx.now(), sentTo: own ? new Set<NodeId>() : undefined });
  return true;
}

/** A transaction from a client: keep it and forward it (at once when a full batch is waiting). */
export function onClientTransaction(ctx: Ctx, s: NodeState, tx: SignedTx): void {
  if (!admit(ctx, s, tx, true)) return;
  s.unforwarded++;
  if (s.unforwarded >= s.cfg.maxTxs || s.cfg.forwardDelayUs === 0) forwardPending(ctx, s);
}

/** Transactions forwarded by a peer (its signature already checked). */
export function onRequest(ctx: Ctx, s: NodeState, msg: RequestMsg): void {
  if (msg.sender === s.id) return;
  for (const tx of msg.txs) admit(ctx, s, tx, false);
}

/** proposer(h_p, round_p) and proposer(h_p + 1, 0), not this node. */
function forwardTargets(s: NodeState): NodeId[] {
  const targets = [s.proposer(), s.validators.proposer(s.height + 1, 0)].filter((t) => t !== s.id);
  return [...new Set(targets)];
}

/** Sends every own pending transaction to each target it was not yet sent to, one REQUEST per target. */
export function forwardPending(ctx: Ctx, s: NodeState): void {
  disarmTimer(ctx, s.timers.forward);
  s.unforwarded = 0;
  const batches = new Map<NodeId, SignedTx[]>();
  const targets = forwardTargets(s);
  for (const entry of s.pool.values()) {
    if (entry.sentTo === undefined) continue;
    for (const target of targets) {
      if (entry.sentTo.has(target)) continue;
      entry.sentTo.add(target);
      const batch = batches.get(target) ?? [];
      batch.push(entry.tx);
      batches.set(target, batch);
    }
  }
  for (const [target, txs] of batches) ctx.send(target, sign<RequestMsg>(ctx, { type: "REQUEST", sender: s.id, txs }));
}

/** New proposers (height or round moved): forward at once; new client transactions: within forwardDelayUs. */
export function scheduleForwarding(ctx: Ctx, s: NodeState): void {
  const key = `${s.height}/${s.round}`;
  if (key !== s.forwardKey) {
    s.forwardKey = key;
    forwardPending(ctx, s);
  } else if (s.unforwarded === 0) {
    disarmTimer(ctx, s.timers.forward);
  } else if (!isArmed(s.timers.forward)) {
    armTimer(ctx, s, s.timers.forward, "forward", s.cfg.forwardDelayUs);
  }
}
