/**
 * The application side of Algorithm 1: getValue() (l.18), which cuts a block from the pending transactions,
 * and valid(v) (l.23, l.29, l.36, l.50), which a node checks before it votes for or decides a proposed value.
 */
import { bytesEqual } from "../codec.js";
import type { SignedTx } from "../types.js";
import type { Ctx } from "./effects.js";
import type { RoundLog } from "./log.js";
import type { Block } from "./messages.js";
import type { NodeState } from "./state.js";

/** getValue(): the oldest pending transactions, up to batch.maxTxs, on top of the last decided block. */
export function getValue(s: NodeState): Block {
  const txs: SignedTx[] = [];
  for (const { tx } of s.pool.values()) {
    if (txs.length >= s.cfg.maxTxs) break;
    txs.push(tx);
  }
  return { height: s.height, proposer: s.id, parentId: s.lastBlockId, txs };
}

/**
 * valid(v): the block extends this node's chain (its height and parent), holds at most maxTxs transactions,
 * none twice and none already committed, and every client signature verifies (ctx.crypto.verifyTx, each one
 * charged). Computed once per proposal, when its height is the current one.
 */
export function isValidProposal(ctx: Ctx, s: NodeState, round: number, log: RoundLog): boolean {
  if (log.proposalValid !== undefined) return log.proposalValid;
  const proposal = log.proposal;
  if (proposal === undefined) return false;
  const ok =
    proposal.height === s.height &&
    proposal.validRound >= -1 &&
    proposal.validRound < round &&
    validBlock(ctx, s, proposal.block);
  log.proposalValid = ok;
  if (!ok) s.stats.rejectedProposals++;
  return ok;
}

export function validBlock(ctx: Ctx, s: NodeState, block: Block): boolean {
  if (block.height !== s.height || !bytesEqual(block.parentId, s.lastBlockId)) return false;
  if (block.txs.length > s.cfg.maxTxs || block.proposer >= s.n) return false;
  const seen = new Set<number>();
  for (const tx of block.txs) {
    if (seen.has(tx.id) || s.committedTxIds.has(tx.id)) return false;
    seen.add(tx.id);
  }
  return block.txs.every((tx) => ctx.crypto.verifyTx(tx));
}
