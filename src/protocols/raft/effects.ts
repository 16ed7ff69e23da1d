/**
 * Thin helpers over the NodeContext: signing and verifying messages, and owning timers whose stale firings are
 * recognised by tag. Everything that asks the host for a signature or a timer goes through here.
 */
import type { NodeContext, NodeId, TimerTag } from "../types.js";
import type { RaftMessage, Unsigned } from "./messages.js";
import type { RaftState, TimerSlot } from "./state.js";
import { signedMessage, signingBytes } from "./wire.js";

export type Ctx = NodeContext<RaftMessage>;

/** Signs `unsigned` over its encoding without the signature. */
export function sign<M extends RaftMessage>(ctx: Ctx, unsigned: Unsigned<M>): M {
  const body = signingBytes(unsigned);
  return signedMessage<M>(unsigned, body, ctx.crypto.sign(body));
}

/**
 * Checks that `msg` was signed by the server it names as sender, and that this is the server it came from
 * (peers are authenticated: a message relayed by another node is not accepted).
 */
export function verifySignature(ctx: Ctx, n: number, from: NodeId, msg: RaftMessage): boolean {
  const signer = msg.sender;
  if (!Number.isInteger(signer) || signer < 0 || signer >= n || signer !== from) return false;
  return ctx.crypto.verify(signer, signingBytes(msg), msg.sig);
}

/**
 * (Re)arms `slot` to fire after `afterUs`; any earlier arming of the same slot becomes stale. Tags count per
 * server (never a module-global counter), so two runs of the same scenario produce the same tags.
 */
export function armTimer(ctx: Ctx, s: RaftState, slot: TimerSlot, kind: string, afterUs: number): void {
  disarmTimer(ctx, slot);
  s.timerSeq++;
  const tag: TimerTag = `${kind}#${s.timerSeq}`;
  slot.tag = tag;
  slot.id = ctx.setTimer(Math.max(0, Math.round(afterUs)), tag);
}

export function disarmTimer(ctx: Ctx, slot: TimerSlot): void {
  if (slot.id !== undefined) ctx.cancelTimer(slot.id);
  slot.id = undefined;
  slot.tag = undefined;
}

export function isArmed(slot: TimerSlot): boolean {
  return slot.tag !== undefined;
}

/** True when `tag` is the slot's current arming (then the slot is cleared: it has fired). */
export function firedNow(slot: TimerSlot, tag: TimerTag): boolean {
  if (slot.tag !== tag) return false;
  slot.id = undefined;
  slot.tag = undefined;
  return true;
}
