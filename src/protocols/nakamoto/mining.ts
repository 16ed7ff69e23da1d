/**
 * Mining as the Poisson process it is (Nakamoto 2008 §11; every hash is an independent trial): a node with
 * share s of the network's hash power finds blocks at rate s / T, T the mean block interval. Each node draws
 * its own time to the next block, Exp(T / s), from its own random stream, so the result does not depend on how
 * nodes are split across worker threads.
 *
 * The clock is NOT redrawn when the node's tip changes: success times of independent trials do not depend on
 * which header is being hashed, so the process of success times is the same Poisson process whichever tip the
 * node works on — keeping the timer is exact (as redrawing would be, by memorylessness) and costs no events.
 * When the timer fires the block is built on whatever tip is best at that moment. The superposition of all
 * nodes' processes is a Poisson process of rate 1 / T, as the scenario asks.
 */
import { blockHash, BLOCK_VERSION, fillBlock, freezeBlock, merkleRoot, type Block, type BlockHeader } from "./block.js";
import { switchTip, reachedMaxHeight } from "./effects.js";
import type { Ctx, NodeState } from "./state.js";

export const MINE_TIMER = "mine";

/** Arms the timer for this node's next block (nothing for a node without hash power or past maxHeight). */
export function scheduleMining(ctx: Ctx, s: NodeState): void {
  if (s.share <= 0 || reachedMaxHeight(s) || s.mineTimer !== undefined) return;
  const afterUs = Math.max(1, Math.round(ctx.rng.exponential(s.config.blockIntervalUs / s.share)));
  s.mineTimer = ctx.setTimer(afterUs, MINE_TIMER);
}

/** The node found a block: build it on the current best tip, store it, announce it, and mine on. */
export function onMineTimer(ctx: Ctx, s: NodeState): void {
  s.mineTimer = undefined;
  if (reachedMaxHeight(s)) return;
  const block = buildBlock(ctx, s);
  const hash = blockHash(block.header, ctx.crypto.hash);
  const entry = s.tree.add(hash, block);
  s.inventory.setHave(s.inventory.slot(hash));
  s.stats.blocksMined++;
  ctx.observe?.("block-mined", {
    hash, parent: block.header.parent, height: entry.height, miner: ctx.id, sizeBytes: entry.sizeBytes,
  });
  switchTip(ctx, s, entry);
  scheduleMining(ctx, s);
}

/** A block template on the best tip: pending transactions in arrival order, padded if configured. */
export function buildBlock(ctx: Ctx, s: NodeState): Block {
  const tip = s.tree.tip;
  const { txs, paddingBytes } = fillBlock(s.mempool.candidates(), s.config.blockSizeBytes, s.config.padBlocks);
  const header: BlockHeader = {
    version: BLOCK_VERSION,
    height: tip.height + 1,
    parent: tip.hash,
    merkleRoot: merkleRoot(txs, paddingBytes, ctx.crypto.hash),
    timeUs: ctx.now(),
    difficulty: s.difficulty,
    miner: ctx.id,
    nonce: ctx.rng.int(0x1_0000_0000),
  };
  return freezeBlock({ header, txs, paddingBytes });
}
