/**
 * Client requests (§4.1, §4.5.2). A transaction may arrive at any replica. The primary queues it for a
 * pre-prepare; a backup forwards it to the primary and is now "waiting" for it, which runs its view-change
 * timer. The paper's client, when no reply comes, "broadcasts the request to all replicas", which forward
 * it to the primary. Our clients do not retransmit, so the backup does it for them: a request still in no
 * pre-prepare half a view-change timeout after it arrived is relayed to every replica, again with
 * exponential backoff while it stays waiting. A request lost on its way to a correct primary then costs a
 * relay, not a view change by one lonely replica; and a replica alone in a view change (the others kept the
 * view) still gets its requests executed. Only the replica that received a transaction from its client (its
 * proxy) relays it: a replica that learned it from a relay forwards it to the primary once, as the paper's
 * replicas do with a client's broadcast — otherwise every relay would be relayed again, O(n²) per request.
 */
import type { SignedTx } from "../types.js";
import type { RequestMsg } from "./messages.js";
import { primaryOf } from "./messages.js";
import type { Ctx } from "./effects.js";
import { armTimer, disarmTimer, isArmed, sign } from "./effects.js";
import type { ReplicaState } from "./state.js";
import { isPrimary } from "./state.js";

/** Most doublings of the relay interval. */
const MAX_RELAY_BACKOFF_EXPONENT = 6;

/**
 * A transaction delivered to this replica: by its client (the workload; this replica is then its proxy), or
 * forwarded or relayed by another replica.
 */
export function onClientTransaction(ctx: Ctx, s: ReplicaState, tx: SignedTx, fromClient = true): void {
  if (s.executedTxIds.has(tx.id) || s.outstanding.has(tx.id)) return;
  if (!ctx.crypto.verifyTx(tx)) {
    s.stats.rejectedTransactions++;
    return;
  }
  s.outstanding.set(tx.id, tx);
  if (fromClient) s.proxied.add(tx.id);
  if (s.inFlight.has(tx.id)) return;
  if (s.active && isPrimary(s)) {
    s.queue.set(tx.id, { tx, atUs: ctx.now() });
    return;
  }
  if (s.active) forwardRequest(ctx, s, tx);
  else if (fromClient) s.relayDueAt.set(tx.id, ctx.now() + relayIntervalUs(s, 0)); // forwarded when the new view starts
}

/** A REQUEST forwarded or relayed by another replica (its signature is already checked). */
export function onRequest(ctx: Ctx, s: ReplicaState, msg: RequestMsg): void {
  onClientTransaction(ctx, s, msg.tx, false);
}

/** §4.1: a backup sends the request on to the primary of its view; the proxy also schedules its relay. */
export function forwardRequest(ctx: Ctx, s: ReplicaState, tx: SignedTx): void {
  if (s.proxied.has(tx.id)) s.relayDueAt.set(tx.id, ctx.now() + relayIntervalUs(s, s.relayCount.get(tx.id) ?? 0));
  ctx.send(primaryOf(s.view, s.n), sign<RequestMsg>(ctx, { type: "REQUEST", replica: s.id, tx }));
}

function relayIntervalUs(s: ReplicaState, relays: number): number {
  const half = Math.max(1, Math.floor(s.cfg.viewChangeTimeoutUs / 2));
  return half * 2 ** Math.min(relays, MAX_RELAY_BACKOFF_EXPONENT);
}

/** Arms the relay timer for the earliest due relay (not at the primary of an active view). */
export function scheduleRelay(ctx: Ctx, s: ReplicaState): void {
  if ((s.active && isPrimary(s)) || s.relayDueAt.size === 0) {
    disarmTimer(ctx, s.timers.relay);
    return;
  }
  if (isArmed(s.timers.relay)) return;
  let earliest = Infinity;
  for (const at of s.relayDueAt.values()) earliest = Math.min(earliest, at);
  armTimer(ctx, s, s.timers.relay, "relay", Math.max(1, earliest - ctx.now()));
}

/** Relays every due request that is still waiting and in no pre-prepare; schedules its next relay. */
export function onRelayTimer(ctx: Ctx, s: ReplicaState): void {
  const now = ctx.now();
  for (const [id, dueAt] of [...s.relayDueAt]) {
    const tx = s.outstanding.get(id);
    if (tx === undefined || s.inFlight.has(id) || s.executedTxIds.has(id)) {
      s.relayDueAt.delete(id);
      continue;
    }
    if (dueAt > now) continue;
    const relays = (s.relayCount.get(id) ?? 0) + 1;
    s.relayCount.set(id, relays);
    s.relayDueAt.set(id, now + relayIntervalUs(s, relays));
    s.stats.requestsRelayed++;
    ctx.broadcast(sign<RequestMsg>(ctx, { type: "REQUEST", replica: s.id, tx }));
  }
}
