/**
 * Algorithm 3's update(b*) — the one-chain, two-chain and three-chain steps driven by a new QC — and onCommit,
 * which reports every uncommitted ancestor of the decided block in height order. `processQC(qc)` is update()
 * for a block b* with b*.justify = qc: it is called for every proposal's justify, for every QC a leader forms
 * from votes, and for certified blocks fetched from peers.
 */
import type { QuorumCert } from "./messages.js";
import { insertBlock, pruneForks, uncommittedPath } from "./blocks.js";
import type { Ctx } from "./effects.js";
import { highQCAdvances, lockAdvances, threeChainCommits } from "./rules.js";
import type { ReplicaState, StoredBlock } from "./state.js";
import { hexOf, persistCommit, persistLock } from "./state.js";
import { blockSizeBytes } from "./wire.js";

/** A valid QC for view q shows view q is over: the replica moves on to view q+1 (not a timeout). */
export function enterViewAtLeast(s: ReplicaState, view: number): void {
  if (view > s.curView) s.curView = view;
}

/**
 * Alg. 3 update(b*) with b*.justify = qc (qc already verified):
 *   b'' ← qc.node;  updateQCHigh(qc)                                 — one-chain (pre-commit on b'')
 *   b'  ← b''.justify.node;  if b'.height > b_lock.height: b_lock ← b' — two-chain (lock on b')
 *   b   ← b'.justify.node;  if b''.parent = b' ∧ b'.parent = b: onCommit(b) — three-chain (decide b)
 * A QC whose block is not here yet waits for it (catch-up.ts fetches it). `fromProposal`: qc is the justify of a
 * proposal, so every replica that receives it reaches the same decision.
 */
export function processQC(ctx: Ctx, s: ReplicaState, qc: QuorumCert, fromProposal = false): void {
  enterViewAtLeast(s, qc.view + 1);
  const hex = hexOf(qc.blockHash);
  const b2 = s.blocks.get(hex);
  if (b2 === undefined) {
    const waiting = s.awaitingQCs.get(hex);
    if (waiting === undefined || waiting.view < qc.view) s.awaitingQCs.set(hex, qc);
    return;
  }
  updateHighQC(s, qc);
  if (b2.recoveredRoot) return;
  const b1 = s.blocks.get(b2.parentHex);
  if (b1 === undefined) return;
  if (lockAdvances(b2.block.justify.view, s.lockedQC.view)) {
    s.lockedQC = b2.block.justify;
    persistLock(ctx, s);
  }
  if (b1.recoveredRoot) return;
  const b0 = s.blocks.get(b1.parentHex);
  if (b0 === undefined || !threeChainCommits(linkOf(b2), linkOf(b1), linkOf(b0))) return;
  if (b0.block.height > s.committedHeight) commitChain(ctx, s, b0);
  // Every replica that receives this proposal decides b0 too (chainBusy in proposal.ts).
  if (fromProposal) s.announcedHeight = Math.max(s.announcedHeight, b0.block.height);
}

function linkOf(b: StoredBlock): { hashHex: string; parentHex: string; view: number } {
  return { hashHex: b.hashHex, parentHex: b.parentHex, view: b.block.view };
}

/** Alg. 3 updateQCHigh: a higher QC is progress, so the pacemaker's back-off resets (§4.4). */
export function updateHighQC(s: ReplicaState, qc: QuorumCert): void {
  if (!highQCAdvances(qc.view, s.highQC.view)) return;
  s.highQC = qc;
  s.consecutiveTimeouts = 0;
}

/**
 * Alg. 3 onCommit(b): "if b_exec.height < b.height then onCommit(b.parent); execute(b.cmd)" — commits every
 * uncommitted ancestor of `head`, lowest first, so heights reported are contiguous from the committed root.
 * A head whose path does not reach the committed block would be a safety violation: it is refused, never
 * reported.
 */
export function commitChain(ctx: Ctx, s: ReplicaState, head: StoredBlock): void {
  const path = uncommittedPath(s, head);
  if (path === undefined) {
    ctx.log("hotstuff.conflicting-commit", { height: head.block.height, hash: head.hashHex, committed: s.committedHex });
    return;
  }
  for (const b of path) reportCommit(ctx, s, b);
  s.consecutiveTimeouts = 0;
  pruneForks(s);
  pruneParked(s);
  persistCommit(ctx, s);
}

/** Blocks parked for a parent that can no longer be admitted (at or below the committed height) are dropped. */
function pruneParked(s: ReplicaState): void {
  for (const [parentHex, children] of [...s.parked]) {
    const keep = children.filter((c) => c.stored.block.height > s.committedHeight);
    for (const c of children) if (!keep.includes(c)) s.parkedHashes.delete(c.stored.hashHex);
    if (keep.length === 0) s.parked.delete(parentHex);
    else s.parked.set(parentHex, keep);
  }
}

function reportCommit(ctx: Ctx, s: ReplicaState, b: StoredBlock): void {
  const block = b.block;
  ctx.commit({
    height: block.height,
    hash: b.hashHex,
    proposer: block.proposer,
    txIds: block.txs.map((tx) => tx.id),
    sizeBytes: blockSizeBytes(block),
  });
  s.committedHeight = block.height;
  s.committedHex = b.hashHex;
  s.committedByHeight.set(block.height, b.hashHex);
  s.uncommitted.delete(b.hashHex);
  if (block.txs.length > 0) s.lastTxCommitHeight = block.height;
  for (const tx of block.txs) {
    s.committedTxIds.add(tx.id);
    s.pool.delete(tx.id);
    s.forwarded.delete(tx.id);
    s.relayed.delete(tx.id);
  }
}

/** Stores `b` (its parent is stored), then runs the QCs that were waiting for it. */
export function storeBlock(ctx: Ctx, s: ReplicaState, b: StoredBlock): void {
  insertBlock(s, b);
  s.missing.delete(b.hashHex);
  for (const tx of b.block.txs) {
    s.forwarded.delete(tx.id);
    if (!s.committedTxIds.has(tx.id) && !s.pool.has(tx.id)) s.pool.set(tx.id, { tx, atUs: ctx.now() });
  }
  const waiting = s.awaitingQCs.get(b.hashHex);
  if (waiting !== undefined) {
    s.awaitingQCs.delete(b.hashHex);
    processQC(ctx, s, waiting);
  }
}
