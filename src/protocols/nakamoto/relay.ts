/**
 * Block relay (Bitcoin P2P): `inv` → `getdata` → `block`, or BIP 152 compact blocks in low-bandwidth mode
 * (`getdata(cmpct)` → `cmpctblock`, then `getblocktxn`/`blocktxn` for what the receiver's mempool lacks).
 *
 * - A block is fetched once, from the first peer that announced it; if that peer does not deliver within
 *   FETCH_TIMEOUT_US the next announcer is asked.
 * - A block whose parent is unknown is an orphan: it waits, and its parent is requested from the same peer.
 * - A block is validated (its CPU cost charged) before it is stored, and relayed only if it joins the best
 *   chain, so every `inv` leaves after validation.
 */
import type { NodeId } from "../types.js";
import { blockHash, freezeBlock, type Block, type Digest } from "./block.js";
import { hasMoreWork } from "./chain.js";
import { switchTip } from "./effects.js";
import {
  blockMsg, blockTxn, cmpctBlock, getBlockTxn, getData, type BlockTxnMsg, type CmpctBlockMsg, type GetBlockTxnMsg,
  type GetDataMsg, type InvMsg,
} from "./messages.js";
import { markKnown, type Ctx, type NodeState } from "./state.js";
import { checkBlock } from "./validation.js";
import { compactBlockBytes } from "./wire.js";

/** How long a requested block may take before another announcer is asked. */
export const FETCH_TIMEOUT_US = 60_000_000;
export const FETCH_TIMER_PREFIX = "fetch:";

export function onInv(ctx: Ctx, s: NodeState, from: NodeId, msg: InvMsg): void {
  for (const hash of msg.blocks) {
    if (s.inventory.have(markKnown(s, hash, from)) || (s.compact.size > 0 && s.compact.has(hash))) continue;
    const download = s.downloads.get(hash);
    if (download !== undefined) {
      if (download.peer !== from && !download.candidates.includes(from)) download.candidates.push(from);
      continue;
    }
    if (s.tree.orphanCount === 0 || !s.tree.hasOrphan(hash)) requestBlock(ctx, s, hash, from);
  }
}

/** Asks `peer` for block `hash` and arms the fetch timeout. */
export function requestBlock(ctx: Ctx, s: NodeState, hash: Digest, peer: NodeId): void {
  ctx.send(peer, getData(hash, s.config.compactBlocks));
  const timer = ctx.setTimer(FETCH_TIMEOUT_US, FETCH_TIMER_PREFIX + hash);
  const existing = s.downloads.get(hash);
  if (existing === undefined) s.downloads.set(hash, { peer, timer, candidates: [] });
  else {
    existing.peer = peer;
    existing.timer = timer;
  }
}

/** The peer asked for did not deliver in time: try the next one that announced the block. */
export function onFetchTimeout(ctx: Ctx, s: NodeState, hash: Digest): void {
  const download = s.downloads.get(hash);
  if (download === undefined || s.tree.has(hash)) return;
  s.stats.fetchTimeouts++;
  s.compact.delete(hash);
  const next = download.candidates.shift();
  if (next === undefined) s.downloads.delete(hash);
  else requestBlock(ctx, s, hash, next);
}

export function onGetData(ctx: Ctx, s: NodeState, from: NodeId, msg: GetDataMsg): void {
  const entry = s.tree.get(msg.hash);
  if (entry?.block === undefined) return; // unknown (or genesis): Bitcoin would answer notfound
  markKnown(s, msg.hash, from);
  const block = entry.block;
  ctx.send(from, msg.compact ? cmpctBlock(block) : blockMsg(block));
  const bytes = msg.compact ? compactBlockBytes(block) : entry.sizeBytes + 1;
  ctx.observe?.("block-sent", { bytes, compact: msg.compact ? 1 : 0 });
}

export function onBlock(ctx: Ctx, s: NodeState, from: NodeId, block: Block): void {
  const hash = s.inventory.canonical(blockHash(block.header, ctx.crypto.hash));
  receivedBlock(ctx, s, hash, block, from);
}

function receivedBlock(ctx: Ctx, s: NodeState, hash: Digest, block: Block, from: NodeId): void {
  markKnown(s, hash, from);
  const download = s.downloads.get(hash);
  if (download !== undefined) {
    ctx.cancelTimer(download.timer);
    s.downloads.delete(hash);
  }
  s.compact.delete(hash);
  if (s.tree.has(hash) || s.tree.hasOrphan(hash)) {
    s.stats.duplicateBlocks++;
    return;
  }
  processBlock(ctx, s, hash, freezeBlock(block), from);
}

/** Connects `block` if its parent is known (then any orphans waiting for it), else keeps it as an orphan. */
export function processBlock(ctx: Ctx, s: NodeState, hash: Digest, block: Block, from: NodeId): void {
  const parentHash = block.header.parent;
  if (!s.tree.has(parentHash)) {
    s.stats.orphansSeen++;
    s.tree.addOrphan({ hash, block, from });
    if (!s.downloads.has(parentHash) && !s.tree.hasOrphan(parentHash)) requestBlock(ctx, s, parentHash, from);
    return;
  }
  const ready = [{ hash, block, from }];
  while (ready.length > 0) {
    const next = ready.shift() as { hash: Digest; block: Block; from: NodeId };
    if (acceptBlock(ctx, s, next.hash, next.block)) ready.push(...s.tree.takeOrphansOf(next.hash));
  }
}

/** Validates and stores a block whose parent is known; switches the best chain if it has more work. */
function acceptBlock(ctx: Ctx, s: NodeState, hash: Digest, block: Block): boolean {
  const parent = s.tree.get(block.header.parent);
  if (parent === undefined || s.tree.has(hash)) return false;
  const problem = checkBlock(ctx, s, block, parent);
  if (problem !== undefined) {
    s.stats.invalidBlocks++;
    ctx.log("nakamoto.invalid-block", { hash, problem });
    return false;
  }
  const entry = s.tree.add(hash, block);
  s.inventory.setHave(s.inventory.slot(hash));
  s.stats.blocksAccepted++;
  ctx.observe?.("block-received", { hash, height: entry.height });
  if (hasMoreWork(entry, s.tree.tip)) switchTip(ctx, s, entry);
  return true;
}

export function onCmpctBlock(ctx: Ctx, s: NodeState, from: NodeId, msg: CmpctBlockMsg): void {
  const hash = s.inventory.canonical(blockHash(msg.header, ctx.crypto.hash));
  markKnown(s, hash, from);
  if (s.tree.has(hash) || s.compact.has(hash)) return;
  const txs = msg.txIds.map((id) => s.mempool.lookup(id));
  const missing: number[] = [];
  txs.forEach((tx, index) => {
    if (tx === undefined) missing.push(index);
  });
  if (missing.length === 0) {
    receivedBlock(ctx, s, hash, { header: msg.header, txs: txs as Block["txs"], paddingBytes: msg.paddingBytes }, from);
    return;
  }
  s.compact.set(hash, { header: msg.header, txs, paddingBytes: msg.paddingBytes, missing, from });
  ctx.send(from, getBlockTxn(hash, missing));
}

export function onGetBlockTxn(ctx: Ctx, s: NodeState, from: NodeId, msg: GetBlockTxnMsg): void {
  const block = s.tree.get(msg.hash)?.block;
  if (block === undefined) return;
  const txs = msg.indexes.map((index) => block.txs[index]).filter((tx) => tx !== undefined);
  ctx.send(from, blockTxn(msg.hash, txs));
}

export function onBlockTxn(ctx: Ctx, s: NodeState, from: NodeId, msg: BlockTxnMsg): void {
  const pending = s.compact.get(msg.hash);
  if (pending === undefined || pending.from !== from || msg.txs.length !== pending.missing.length) return;
  const txs = pending.txs.slice();
  pending.missing.forEach((index, i) => {
    txs[index] = msg.txs[i];
  });
  const block = { header: pending.header, txs: txs as Block["txs"], paddingBytes: pending.paddingBytes };
  receivedBlock(ctx, s, msg.hash, block, from);
}
