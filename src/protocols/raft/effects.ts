/**
 * Thin helpers over the NodeContext: signing and verifying messages, and owning timers whose stale firings are
 * recognised by tag. Everything that asks the host for a signature or a timer goes through here.
 */
import type { NodeContext, NodeId } from "../types.js";
import type { RaftMessage, Unsigned } from "./messages.js";
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

export { armTimer, disarmTimer, firedNow, isArmed } from "../timers.js";
