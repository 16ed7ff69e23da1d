/**
 * Transaction relay, after Bitcoin's: a node verifies a new transaction, keeps it in its mempool and announces
 * it to its peers in batches on a trickle timer (Bitcoin Core: ~2 s on outbound links); a peer fetches the ids
 * it does not know (GETTX → TX). Batching is what keeps relay cost at O(peers) messages per node per
 * interval rather than per transaction.
 */
import type { NodeId, SignedTx } from "../types.js";
import { getTx, txInv, txMsg, type GetTxMsg, type TxInvMsg, type TxMsg } from "./messages.js";
import type { Ctx, NodeState } from "./state.js";

export const TRICKLE_TIMER = "trickle";
/** Most ids in one announcement (Bitcoin's MAX_INV_SZ is 50,000). */
export const MAX_TX_INV = 50_000;

/** A transaction from a client or a peer (`from` −1 for a client): verify, keep, queue for announcement. */
export function acceptTransaction(ctx: Ctx, s: NodeState, tx: SignedTx, from: NodeId): void {
  s.txRequested.delete(tx.id);
  if (s.mempool.knows(tx.id)) return;
  if (!ctx.crypto.verifyTx(tx)) {
    ctx.log("nakamoto.bad-tx", { id: tx.id });
    return;
  }
  s.mempool.add(tx);
  s.txToAnnounce.set(tx.id, from >= 0 ? [from] : []);
  if (!s.trickleArmed) {
    s.trickleArmed = true;
    ctx.setTimer(s.config.txRelayIntervalUs, TRICKLE_TIMER);
  }
}

/** Trickle: announce the queued transactions to every peer not known to have them. */
export function onTrickle(ctx: Ctx, s: NodeState): void {
  s.trickleArmed = false;
  const queued = [...s.txToAnnounce.entries()].slice(0, MAX_TX_INV);
  for (const [id] of queued) s.txToAnnounce.delete(id);
  for (const peer of s.peers) {
    const ids: number[] = [];
    for (const [id, knownBy] of queued) if (!knownBy.includes(peer)) ids.push(id);
    if (ids.length > 0) ctx.send(peer, txInv(ids));
  }
  if (s.txToAnnounce.size > 0) {
    s.trickleArmed = true;
    ctx.setTimer(s.config.txRelayIntervalUs, TRICKLE_TIMER);
  }
}

export function onTxInv(ctx: Ctx, s: NodeState, from: NodeId, msg: TxInvMsg): void {
  const wanted: number[] = [];
  for (const id of msg.txIds) {
    s.txToAnnounce.get(id)?.push(from); // the peer has it: do not announce it back
    if (s.mempool.knows(id) || s.txRequested.has(id)) continue;
    s.txRequested.add(id);
    wanted.push(id);
  }
  if (wanted.length > 0) ctx.send(from, getTx(wanted));
}

export function onGetTx(ctx: Ctx, s: NodeState, from: NodeId, msg: GetTxMsg): void {
  const txs = s.mempool.pick(msg.txIds);
  if (txs.length > 0) ctx.send(from, txMsg(txs));
}

export function onTx(ctx: Ctx, s: NodeState, from: NodeId, msg: TxMsg): void {
  for (const tx of msg.txs) acceptTransaction(ctx, s, tx, from);
}
