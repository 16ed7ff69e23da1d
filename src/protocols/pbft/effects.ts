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

export type Ctx = NodeContext<PbftMessage>;

/** Signs `unsigned` over its encoding without the signature. */
export function sign<M extends PbftMessage>(ctx: Ctx, unsigned: Unsigned<M>): M {
  const sig = ctx.crypto.sign(signingBytes(unsigned));
  return { ...unsigned, sig } as unknown as M;
}

/** Checks that `msg` carries a valid signature by the replica that must have signed it (`signerOf`). */
export function verifySignature(ctx: Ctx, n: number, msg: PbftMessage): boolean {
  const signer = signerOf(msg, n);
  if (!Number.isInteger(signer) || signer < 0 || signer >= n) return false;
  const { sig, ...unsigned } = msg;
  return ctx.crypto.verify(signer, signingBytes(unsigned as Unsigned<PbftMessage>), sig);
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
