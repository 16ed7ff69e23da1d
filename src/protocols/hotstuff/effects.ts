/**
 * Thin helpers over the NodeContext: signing and verifying messages, hashing blocks, checking quorum
 * certificates, and owning timers whose stale firings are recognised by tag. Everything that asks the host for
 * an effect goes through here, so the rule files stay readable.
 */
import type { NodeContext } from "../types.js";
import type { Block, HotStuffMessage, QuorumCert, Unsigned } from "./messages.js";
import { signerOf } from "./messages.js";
import { distinctQuorum } from "./rules.js";
import type { ReplicaState, StoredBlock } from "./state.js";
import { hexOf, qcKey } from "./state.js";
import { blockHashInput, signingBytes, voteBytes } from "./wire.js";
import { signMessage, verifyMessage } from "../signing.js";

export type Ctx = NodeContext<HotStuffMessage>;

/** Signs `unsigned` (see wire.ts for what each type's signature covers). */
export function sign<M extends HotStuffMessage>(ctx: Ctx, unsigned: Unsigned<M>): M {
  return signMessage<M>(ctx as NodeContext<unknown>, unsigned as never, signingBytes as never);
}

/** Checks that `msg` carries a valid signature by the replica that must have signed it (not PROPOSAL: see proposal.ts). */
export function verifySignature(ctx: Ctx, n: number, msg: HotStuffMessage): boolean {
  return verifyMessage(ctx as NodeContext<unknown>, n, signerOf(msg, n), msg, signingBytes as never);
}

/** Computes a block's hash and wraps it for the tree. */
export function storedBlockOf(ctx: Ctx, block: Block): StoredBlock {
  const hash = ctx.crypto.hash(blockHashInput(block));
  return { hash, hashHex: hexOf(hash), parentHex: hexOf(block.parent), block, recoveredRoot: false };
}

export function isGenesisQC(s: ReplicaState, qc: QuorumCert): boolean {
  return qc.view === 0 && qc.votes.length === 0 && hexOf(qc.blockHash) === s.genesis.hashHex;
}

/**
 * §3: a QC is valid when it holds n−f distinct voters each with a valid signature over voteBytes(view, hash).
 * Every signature is verified (charged by the host); a QC already verified here is not checked again.
 */
export function qcValid(ctx: Ctx, s: ReplicaState, qc: QuorumCert): boolean {
  if (isGenesisQC(s, qc)) return true;
  if (qc.view <= 0) return false;
  const key = qcKey(qc.view, hexOf(qc.blockHash));
  if (s.certified.has(key)) return true;
  if (!distinctQuorum(qc.votes.map((v) => v.voter), s.n, s.quorum)) return false;
  const bytes = voteBytes(qc.view, qc.blockHash);
  for (const v of qc.votes) if (!ctx.crypto.verify(v.voter, bytes, v.sig)) return false;
  rememberCertified(s, key, qc.view);
  return true;
}

export function rememberCertified(s: ReplicaState, key: string, view: number): void {
  s.certified.add(key);
  if (s.certified.size <= 4096) return;
  // Bounded memory: forget certificates far below the lock (they can be re-verified if ever seen again).
  for (const k of s.certified) if (Number(k.slice(0, k.indexOf("/"))) < Math.min(view, s.lockedQC.view) - 64) s.certified.delete(k);
}

export { armTimer, disarmTimer, firedNow, isArmed } from "../timers.js";
