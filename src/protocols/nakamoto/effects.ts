/**
 * What happens when a node's best chain changes: the mempool follows the reorganisation, blocks k deep are
 * reported as committed, mining stops at the configured height, and the new blocks are announced to the
 * peers not known to hold them (Bitcoin Core announces blocks as they join its active chain; a competing block
 * of equal work is stored but not relayed).
 */
import type { NodeId } from "../types.js";
import type { Digest } from "./block.js";
import { ancestorAt, type ChainEntry } from "./chain.js";
import { inv } from "./messages.js";
import { peersToTell, type Ctx, type NodeState } from "./state.js";

/** Makes `entry` the best tip: reorganises, commits what became k deep, announces, stops mining at maxHeight. */
export function switchTip(ctx: Ctx, s: NodeState, entry: ChainEntry): void {
  const reorg = s.tree.setTip(entry);
  for (const gone of reorg.disconnected) s.mempool.disconnect(gone.block?.txs ?? []);
  for (const added of reorg.connected) s.mempool.connect(added.block?.txs ?? []);
  if (reorg.disconnected.length > 0) {
    s.stats.reorgs++;
    s.stats.deepestReorg = Math.max(s.stats.deepestReorg, reorg.disconnected.length);
    ctx.observe?.("reorg", { depth: reorg.disconnected.length, height: entry.height });
  }
  commitConfirmed(ctx, s);
  if (reachedMaxHeight(s) && s.mineTimer !== undefined) {
    ctx.cancelTimer(s.mineTimer);
    s.mineTimer = undefined;
  }
  announce(ctx, s, reorg.connected.map((e) => e.hash));
}

export function reachedMaxHeight(s: NodeState): boolean {
  return s.config.maxHeight > 0 && s.tree.tip.height >= s.config.maxHeight;
}

/**
 * Commit rule: a block is final for this node once `confirmations` blocks are built on it in its best chain
 * (height h commits when the tip reaches h + k). Heights are reported in order, each once. A reorganisation
 * deeper than k cannot be undone here; the safety observer sees it as disagreement.
 */
export function commitConfirmed(ctx: Ctx, s: NodeState): void {
  const target = s.tree.tip.height - s.config.confirmations;
  if (target <= s.committedHeight) return;
  const entries: ChainEntry[] = [];
  for (let at = ancestorAt(s.tree.tip, target); at !== undefined && at.height > s.committedHeight; at = at.parent) {
    entries.push(at);
  }
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i] as ChainEntry;
    ctx.commit({ height: e.height, hash: e.hash, proposer: e.header.miner, txIds: e.txIds, sizeBytes: e.sizeBytes });
  }
  s.committedHeight = target;
}

/** Sends `inv` for `hashes` to every peer not known to hold them (one message per peer). */
export function announce(ctx: Ctx, s: NodeState, hashes: readonly Digest[]): void {
  if (hashes.length === 1) {
    // The common case: one new block, one message object shared by every peer (encoded once by the host).
    const hash = hashes[0] as Digest;
    const msg = inv([hash]);
    for (const peer of peersToTell(s, hash)) ctx.send(peer, msg);
    return;
  }
  const perPeer = new Map<NodeId, Digest[]>();
  for (const hash of hashes) {
    for (const peer of peersToTell(s, hash)) {
      const list = perPeer.get(peer);
      if (list === undefined) perPeer.set(peer, [hash]);
      else list.push(hash);
    }
  }
  for (const peer of [...perPeer.keys()].sort((a, b) => a - b)) ctx.send(peer, inv(perPeer.get(peer) as Digest[]));
}
