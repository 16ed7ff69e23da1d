/**
 * The normal case of Algorithm 3. The leader of view v, once it holds a QC for view v−1 (or n−f NEW-VIEWs for
 * v), proposes b_leaf = createLeaf(genericQC.node, cmd, genericQC) with the pending transactions; a replica
 * that receives it checks its signature, its justify QC and its transactions, stores it, runs update(b*) and
 * votes if safeNode holds, then moves to view v+1. A block whose parent is missing is parked until catch-up
 * brings the parent (catch-up.ts).
 */
import { bytesEqual } from "../codec.js";
import type { NodeId, SignedTx } from "../types.js";
import type { Block, ProposalMsg, VoteMsg } from "./messages.js";
import { leaderOf } from "./messages.js";
import { branchTxIds, extendsBlock, parentOf } from "./blocks.js";
import { enterViewAtLeast, processQC, storeBlock } from "./chain.js";
import type { Ctx } from "./effects.js";
import { armTimer, disarmTimer, isArmed, qcValid, sign, storedBlockOf } from "./effects.js";
import { mayVote, safeNode } from "./rules.js";
import type { ParkedBlock, ReplicaState, StoredBlock } from "./state.js";
import { hexOf, persistVote } from "./state.js";
import { onVote } from "./votes.js";
import { proposalBytes } from "./wire.js";

const MAX_PARKED = 4096;

/** Alg. 3 leader: "wait for (n−f) votes … genericQC ← QC(V)" (or n−f NEW-VIEWs, §4.4), then propose. */
export function leaderReady(s: ReplicaState): boolean {
  if (leaderOf(s.curView, s.n) !== s.id || s.proposedView >= s.curView) return false;
  if (!s.blocks.has(hexOf(s.highQC.blockHash))) return false;
  if (s.highQC.view === s.curView - 1) return true;
  const newViews = s.newViews.get(s.curView);
  if (newViews === undefined || newViews.size < s.quorum) return false;
  // The highest QC reported in a NEW-VIEW must be in hand (its block may still be on its way).
  for (const view of newViews.values()) if (view > s.highQC.view) return false;
  return true;
}

/**
 * Proposes when ready. With transactions in the uncommitted branch, the leader proposes at once, possibly an
 * empty block: the chain must grow three more views for them to commit (chainBusy). With an idle branch it proposes only
 * when transactions are pending (never empty blocks forever), waiting up to maxWaitUs for a fuller batch.
 */
export function proposeIfReady(ctx: Ctx, s: ReplicaState): void {
  if (!leaderReady(s)) {
    disarmTimer(ctx, s.timers.batch);
    return;
  }
  const parent = s.blocks.get(hexOf(s.highQC.blockHash)) as StoredBlock;
  const branch = branchTxIds(s, parent);
  const { txs, oldestUs } = selectTxs(s, branch);
  const branchBusy = chainBusy(s, parent);
  if (txs.length === 0 && !branchBusy) {
    disarmTimer(ctx, s.timers.batch);
    return;
  }
  if (!branchBusy && txs.length < s.cfg.maxTxs && ctx.now() < oldestUs + s.cfg.maxWaitUs) {
    if (!isArmed(s.timers.batch)) armTimer(ctx, s, s.timers.batch, "batch", oldestUs + s.cfg.maxWaitUs - ctx.now());
    return;
  }
  disarmTimer(ctx, s.timers.batch);
  propose(ctx, s, parent, txs);
}

/** Dedupe: pending transactions neither committed (they left the pool) nor already in the branch. */
function selectTxs(s: ReplicaState, branch: ReadonlySet<number>): { txs: SignedTx[]; oldestUs: number } {
  const txs: SignedTx[] = [];
  let oldestUs = Infinity;
  for (const [id, entry] of s.pool) {
    if (txs.length >= s.cfg.maxTxs) break;
    if (branch.has(id)) continue;
    txs.push(entry.tx);
    oldestUs = Math.min(oldestUs, entry.atUs);
  }
  return { txs, oldestUs };
}

function propose(ctx: Ctx, s: ReplicaState, parent: StoredBlock, txs: SignedTx[]): void {
  const block: Block = {
    view: s.curView,
    height: parent.block.height + 1,
    parent: parent.hash,
    proposer: s.id,
    justify: s.highQC,
    txs,
  };
  s.proposedView = s.curView;
  s.stats.proposals++;
  const stored = storedBlockOf(ctx, block);
  const msg: ProposalMsg = { type: "PROPOSAL", block, sig: ctx.crypto.sign(proposalBytes(block.view, stored.hash)) };
  ctx.log("hotstuff.propose", { view: block.view, height: block.height, txs: txs.length, justify: block.justify.view });
  ctx.broadcast(msg);
  admitBlock(ctx, s, stored, s.id, msg);
}

/** A PROPOSAL from the network. Returns false when it is invalid (bad signature, proposer, shape or QC). */
export function onProposal(ctx: Ctx, s: ReplicaState, from: NodeId, msg: ProposalMsg): boolean {
  const b = msg.block;
  if (b.view < 1 || b.proposer !== leaderOf(b.view, s.n)) return false;
  const stored = storedBlockOf(ctx, b);
  if (!ctx.crypto.verify(b.proposer, proposalBytes(b.view, stored.hash), msg.sig)) return false;
  if (!wellFormed(stored) || !qcValid(ctx, s, b.justify)) return false;
  const known = s.blocks.get(stored.hashHex);
  if (known !== undefined) tryVote(ctx, s, known); // fetched (certified) before its proposal arrived
  else admitBlock(ctx, s, stored, from, msg);
  return true;
}

/** Shape rules: a block is justified by a QC for its parent from an earlier view. */
function wellFormed(b: StoredBlock): boolean {
  return b.block.justify.view < b.block.view && b.parentHex === hexOf(b.block.justify.blockHash) && b.block.height >= 1;
}

/**
 * Stores a proposal or a fetched block, then every parked descendant that was waiting for it (a worklist, so a
 * long catch-up chain does not recurse). `proposal` is set for proposals, whose transactions are checked and
 * which may earn a vote; fetched blocks are certified by a QC already.
 */
export function admitBlock(ctx: Ctx, s: ReplicaState, b: StoredBlock, from: NodeId, proposal: ProposalMsg | undefined): void {
  const work: ParkedBlock[] = [{ stored: b, from, proposal }];
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    if (!admitOne(ctx, s, item)) continue;
    const children = s.parked.get(item.stored.hashHex) ?? [];
    s.parked.delete(item.stored.hashHex);
    for (const child of children) {
      s.parkedHashes.delete(child.stored.hashHex);
      work.push(child);
    }
  }
}

function admitOne(ctx: Ctx, s: ReplicaState, item: ParkedBlock): boolean {
  const { stored, proposal } = item;
  const b = stored.block;
  if (s.blocks.has(stored.hashHex) || b.height <= s.committedHeight) return false;
  if (!wellFormed(stored) || !qcValid(ctx, s, b.justify)) {
    s.stats.droppedInvalid++;
    return false;
  }
  const parent = s.blocks.get(stored.parentHex);
  if (parent === undefined) {
    park(ctx, s, item);
    return false;
  }
  if (b.height !== parent.block.height + 1) {
    s.stats.droppedInvalid++;
    return false;
  }
  if (proposal !== undefined && item.from !== s.id && !txsValid(ctx, s, b, parent)) {
    s.stats.rejectedProposals++;
    return false;
  }
  storeBlock(ctx, s, stored);
  processQC(ctx, s, b.justify, proposal !== undefined); // Alg. 3: update(b*)
  if (proposal !== undefined) tryVote(ctx, s, stored);
  return true;
}

/**
 * Keeps a block whose parent is missing and asks for the parent: at once when it extends a fetched chain or the
 * replica is recovering; after a retry period for a proposal, whose parent (another leader's proposal) is
 * most likely just overtaken on the network.
 */
function park(ctx: Ctx, s: ReplicaState, item: ParkedBlock): void {
  const hex = item.stored.hashHex;
  if (s.parkedHashes.has(hex) || s.parkedHashes.size >= MAX_PARKED) return;
  s.parkedHashes.add(hex);
  s.missing.delete(hex);
  const siblings = s.parked.get(item.stored.parentHex) ?? [];
  siblings.push(item);
  s.parked.set(item.stored.parentHex, siblings);
  const parentHex = item.stored.parentHex;
  if (!s.parkedHashes.has(parentHex) && !s.missing.has(parentHex)) {
    const gap = item.stored.block.height - 1 - s.committedHeight;
    const urgent = item.proposal === undefined || s.syncing;
    s.missing.set(parentHex, { peer: item.from, maxBlocks: Math.max(1, Math.min(gap, s.cfg.fetchBlockLimit)), requestedAtUs: urgent ? -1 : ctx.now(), tries: 0 });
  }
}

/**
 * A replica verifies every transaction of a proposal (ctx.crypto.verifyTx; one already in its pool with the
 * same bytes was verified on arrival) and refuses a batch that repeats a transaction, holds more than maxTxs,
 * or includes one already committed or in an uncommitted ancestor on the branch.
 */
function txsValid(ctx: Ctx, s: ReplicaState, b: Block, parent: StoredBlock): boolean {
  if (b.txs.length > s.cfg.maxTxs) return false;
  const branch = branchTxIds(s, parent);
  const seen = new Set<number>();
  for (const tx of b.txs) {
    if (seen.has(tx.id) || branch.has(tx.id) || s.committedTxIds.has(tx.id)) return false;
    seen.add(tx.id);
    const known = s.pool.get(tx.id)?.tx;
    if (known !== undefined && bytesEqual(known.payload, tx.payload) && bytesEqual(known.signature, tx.signature) && known.clientId === tx.clientId) continue;
    if (!ctx.crypto.verifyTx(tx)) return false;
  }
  return true;
}

/**
 * Alg. 3 replica: "if b*.height > vheight ∧ safeNode(b*, b*.justify): vheight ← b*.height; send
 * voteMsg(generic, b*, ⊥) to leader(curView+1)" — at most one vote per view, persisted before it is sent.
 */
export function tryVote(ctx: Ctx, s: ReplicaState, b: StoredBlock): void {
  const view = b.block.view;
  if (!mayVote(view, s.lastVotedView, s.curView)) return;
  const lockHex = hexOf(s.lockedQC.blockHash);
  const lock = s.blocks.get(lockHex);
  const extendsLock = lock !== undefined && extendsBlock(s, b, lockHex, lock.block.height);
  if (!safeNode(extendsLock, b.block.justify.view, s.lockedQC.view)) {
    s.stats.unsafeProposals++;
    ctx.log("hotstuff.unsafe", { view, lockedView: s.lockedQC.view, justify: b.block.justify.view });
    return;
  }
  s.lastVotedView = view;
  enterViewAtLeast(s, view + 1);
  persistVote(ctx, s);
  const vote = sign<VoteMsg>(ctx, { type: "VOTE", view, blockHash: b.hash, voter: s.id });
  s.lastVote = { view, blockHash: b.hash, sig: vote.sig };
  s.stats.votesSent++;
  const next = leaderOf(view + 1, s.n);
  if (next === s.id) onVote(ctx, s, vote);
  else ctx.send(next, vote);
}

/** The most recent block this replica knows on its voting path (for routing forwarded transactions). */
export function latestKnownTip(s: ReplicaState): StoredBlock | undefined {
  const voted = s.lastVote === null ? undefined : s.blocks.get(hexOf(s.lastVote.blockHash));
  return voted ?? s.blocks.get(hexOf(s.highQC.blockHash));
}

/**
 * Must the chain grow for transactions to commit everywhere? Yes if `tip` or an uncommitted ancestor carries
 * transactions — or if this replica committed transactions on a QC that no proposal has carried yet: the
 * others decide them only when a block carrying that QC reaches them.
 */
export function chainBusy(s: ReplicaState, tip: StoredBlock | undefined): boolean {
  if (s.lastTxCommitHeight > s.announcedHeight) return true;
  for (let cur = tip; cur !== undefined && cur.block.height > s.committedHeight; cur = parentOf(s, cur)) {
    if (cur.block.txs.length > 0) return true;
  }
  return false;
}
