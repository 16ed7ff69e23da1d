/**
 * Client transactions. Any replica may receive one: it verifies it, keeps it in its pool, and forwards it in a
 * REQUEST to the leader that will propose next — leader(v+1) while the chain is busy (leader(v) is already
 * collecting votes), leader(v) when the chain is idle (leader(v) holds its QC and waits for work). A forwarded
 * transaction not seen in any block two views later is forwarded again; when a view times out, the replica
 * relays the still-unproposed transactions it had forwarded to that view's leader to everyone, once (clients in the paper broadcast on timeout; ours do
 * not), so every replica's pacemaker sees pending work and the next leader has them.
 */
import type { SignedTx } from "../types.js";
import type { RequestMsg } from "./messages.js";
import { leaderOf } from "./messages.js";
import type { Ctx } from "./effects.js";
import { sign } from "./effects.js";
import { chainBusy, latestKnownTip } from "./proposal.js";
import type { ReplicaState } from "./state.js";

/** Views a forwarded transaction may stay out of every block before it is forwarded again. */
const REFORWARD_AFTER_VIEWS = 2;

/** A client transaction (`direct`) or one forwarded/relayed by another replica. */
export function onClientTransaction(ctx: Ctx, s: ReplicaState, tx: SignedTx, direct: boolean): void {
  if (s.committedTxIds.has(tx.id) || s.pool.has(tx.id)) return;
  if (!ctx.crypto.verifyTx(tx)) {
    s.stats.rejectedTransactions++;
    return;
  }
  s.pool.set(tx.id, { tx, atUs: ctx.now() });
  if (!direct) return;
  forwardTx(ctx, s, tx);
}

export function onRequest(ctx: Ctx, s: ReplicaState, msg: RequestMsg): void {
  onClientTransaction(ctx, s, msg.tx, false);
}

function forwardTarget(s: ReplicaState): number {
  const busy = chainBusy(s, latestKnownTip(s));
  return leaderOf(busy ? s.curView + 1 : s.curView, s.n);
}

function forwardTx(ctx: Ctx, s: ReplicaState, tx: SignedTx): void {
  const to = forwardTarget(s);
  s.forwarded.set(tx.id, { view: s.curView, to });
  if (to !== s.id) ctx.send(to, sign<RequestMsg>(ctx, { type: "REQUEST", sender: s.id, tx }));
}

/** On entering a new view: forwards again what has waited REFORWARD_AFTER_VIEWS views without being proposed. */
export function reforwardStale(ctx: Ctx, s: ReplicaState): void {
  if (s.curView === s.lastReforwardView) return;
  s.lastReforwardView = s.curView;
  for (const [id, sent] of [...s.forwarded]) {
    if (s.curView < sent.view + REFORWARD_AFTER_VIEWS) continue;
    const entry = s.pool.get(id);
    if (entry === undefined) s.forwarded.delete(id);
    else forwardTx(ctx, s, entry.tx);
  }
}

/**
 * After view `timedOut` timed out: every transaction this replica forwarded to that view's (failed) leader and
 * never saw proposed goes to all, once.
 */
export function relayForwarded(ctx: Ctx, s: ReplicaState, timedOut: number): void {
  const failed = leaderOf(timedOut, s.n);
  for (const [id, sent] of s.forwarded) {
    const entry = s.pool.get(id);
    if (entry === undefined || sent.to !== failed || s.relayed.has(id)) continue;
    s.relayed.add(id);
    ctx.broadcast(sign<RequestMsg>(ctx, { type: "REQUEST", sender: s.id, tx: entry.tx }));
  }
}
