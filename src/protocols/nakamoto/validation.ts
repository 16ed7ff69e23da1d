/**
 * Block validity (Bitcoin's CheckBlock/ContextualCheckBlock, the parts that make sense without a UTXO set):
 * the header links to its parent one height up, carries the network's difficulty, is not from the future;
 * the block fits the size limit; its Merkle root matches its transactions (recomputed with real hashes); and
 * every transaction the node had not already verified carries a valid client signature.
 *
 * Proof of work itself is not checked: hashes are never ground (config.ts), so a header's claim to meet its
 * difficulty is taken as given. Re-inclusion of a transaction already confirmed is checked against the best
 * chain only (side branches would need a per-branch index); honest miners never produce one.
 *
 * Validation costs simulated CPU on the receiver — per transaction (background ones included) and per KiB —
 * before the block is relayed, which is what makes propagation slower than pure transmission.
 */
import { blockBytes, merkleRoot, BLOCK_VERSION, type Block } from "./block.js";
import type { ChainEntry } from "./chain.js";
import type { ResolvedConfig } from "./config.js";
import type { Ctx, NodeState } from "./state.js";
import { backgroundTxCount } from "./wire.js";

/** Bitcoin rejects headers more than two hours ahead of the node's clock. */
export const MAX_FUTURE_US = 2 * 3600 * 1_000_000;

/** Simulated CPU to validate `block`, µs (signature checks of unknown transactions are charged on top). */
export function validationCostUs(config: ResolvedConfig, block: Block): number {
  const txCount = block.txs.length + backgroundTxCount(block.paddingBytes);
  return config.validationPerTxUs * txCount + (config.validationPerKiBUs * blockBytes(block)) / 1024;
}

/** Checks that need only the header and its parent; a reason when invalid. */
export function checkHeader(s: NodeState, block: Block, parent: ChainEntry, nowUs: number): string | undefined {
  const h = block.header;
  if (h.version !== BLOCK_VERSION) return `version ${h.version}`;
  if (h.height !== parent.height + 1) return `height ${h.height} on a parent at ${parent.height}`;
  if (h.difficulty !== s.difficulty) return `difficulty ${h.difficulty}, network's is ${s.difficulty}`;
  if (h.timeUs > nowUs + MAX_FUTURE_US) return `timestamp ${h.timeUs} too far in the future`;
  return undefined;
}

/**
 * Full validation of a block whose parent is known, charging its cost; a reason when invalid. Runs before
 * the block is stored or relayed.
 */
export function checkBlock(ctx: Ctx, s: NodeState, block: Block, parent: ChainEntry): string | undefined {
  ctx.chargeCpu(validationCostUs(s.config, block));
  const headerProblem = checkHeader(s, block, parent, ctx.now());
  if (headerProblem !== undefined) return headerProblem;
  if (blockBytes(block) > s.config.blockSizeBytes) return `size ${blockBytes(block)} above ${s.config.blockSizeBytes}`;
  if (merkleRoot(block.txs, block.paddingBytes, ctx.crypto.hash) !== block.header.merkleRoot) return "merkle root mismatch";
  const extendsTip = parent === s.tree.tip;
  const seen = new Set<number>();
  for (const tx of block.txs) {
    if (seen.has(tx.id)) return `transaction ${tx.id} twice`;
    seen.add(tx.id);
    if (extendsTip && s.mempool.knows(tx.id) && !s.mempool.isPending(tx.id)) return `transaction ${tx.id} already confirmed`;
    if (!s.mempool.knows(tx.id) && !ctx.crypto.verifyTx(tx)) return `transaction ${tx.id}: bad signature`;
  }
  return undefined;
}
