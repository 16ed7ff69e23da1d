/**
 * What PBFT, HotStuff and Tendermint share about signed messages: a message is its unsigned fields plus `sig`,
 * the signature over the unsigned fields' encoding (each protocol's `signingBytes`).
 *
 * A broadcast hands one message object to every receiver (and the parallel engine one decoded object to all
 * receivers in a worker), and each receiver checks its signature: the covered bytes are encoded once per
 * message object and remembered beside it. Messages are immutable once sent — a Byzantine strategy that
 * changes one makes a new object — so the remembered bytes are always the message's own. The verification
 * itself still goes through `ctx.crypto.verify`: charged to every receiver, memoised per run (crypto/verify-memo.ts).
 */
import type { NodeContext, NodeId } from "./types.js";

const coveredBytes = new WeakMap<object, Uint8Array>();

/** `unsigned` with its signature by this node over `encode(unsigned)`. */
export function signMessage<M extends { sig: Uint8Array }>(
  ctx: NodeContext<unknown>, unsigned: Omit<M, "sig">, encode: (unsigned: Omit<M, "sig">) => Uint8Array,
): M {
  const sig = ctx.crypto.sign(encode(unsigned));
  return { ...unsigned, sig } as M;
}

/** The bytes `msg.sig` covers (encoded once per message object). */
export function signedBytes<M extends { sig: Uint8Array }>(msg: M, encode: (unsigned: Omit<M, "sig">) => Uint8Array): Uint8Array {
  let bytes = coveredBytes.get(msg);
  if (bytes === undefined) {
    const { sig: _sig, ...unsigned } = msg;
    bytes = encode(unsigned);
    coveredBytes.set(msg, bytes);
  }
  return bytes;
}

/** Whether `msg.sig` is `signer`'s valid signature over the message (false for a signer outside 0..n−1). */
export function verifyMessage<M extends { sig: Uint8Array }>(
  ctx: NodeContext<unknown>, n: number, signer: NodeId, msg: M, encode: (unsigned: Omit<M, "sig">) => Uint8Array,
): boolean {
  if (!Number.isInteger(signer) || signer < 0 || signer >= n) return false;
  return ctx.crypto.verify(signer, signedBytes(msg, encode), msg.sig);
}
