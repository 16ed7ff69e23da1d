/**
 * Thin helpers over the NodeContext: signing and verifying messages, computing batch digests, and owning
 * timers whose stale firings are recognised by tag. Everything that asks the host for an effect goes through
 * here, so the rule files stay readable.
 */
import type { NodeContext, NodeId, SignedTx } from "../types.js";
import type { PbftMessage, Unsigned } from "./messages.js";
import { signerOf } from "./messages.js";
import type { ReplicaState } from "./state.js";
import { batchDigestInput, signingBytes } from "./wire.js";
import { signMessage, verifyMessage } from "../signing.js";

export type Ctx = NodeContext<PbftMessage>;

/** Signs `unsigned` over its encoding without the signature. */
export function sign<M extends PbftMessage>(ctx: Ctx, unsigned: Unsigned<M>): M {
  return signMessage<M>(ctx as NodeContext<unknown>, unsigned as never, signingBytes as never);
}

/** Checks that `msg` carries a valid signature by the replica that must have signed it (`signerOf`). */
export function verifySignature(ctx: Ctx, n: number, msg: PbftMessage): boolean {
  return verifyMessage(ctx as NodeContext<unknown>, n, signerOf(msg, n), msg, signingBytes as never);
}

/** d = H(seq ‖ proposer ‖ batch): view-independent, so a batch keeps its digest across view changes. */
export function batchDigest(ctx: Ctx, seq: number, proposer: NodeId, batch: readonly SignedTx[]): Uint8Array {
  return ctx.crypto.hash(batchDigestInput(seq, proposer, batch));
}

export { armTimer, disarmTimer, firedNow, isArmed } from "../timers.js";

/** Counts an invalid message and drops it. */
export function dropInvalid(s: ReplicaState): void {
  s.stats.droppedInvalidSignature++;
}
