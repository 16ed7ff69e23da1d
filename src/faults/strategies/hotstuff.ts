/**
 * HotStuff equivocation (protocol-aware, ARCHITECTURE §3): as leader, the Byzantine replica proposes one block
 * to half of the replicas and a conflicting block (same parent and justify, transactions reordered) to the
 * other half, both signed with its own key; it then votes for both blocks (a vote for each goes to the next
 * leader, so each version can gather a quorum). Built from HotStuff's public constructors (blockHashInput,
 * proposalBytes, voteBytes). With n−f quorums at most one version is certified; with `quorumOverride` lowered
 * both can be.
 */
import type { NodeContext, NodeId } from "../../protocols/types.js";
import {
  blockHashInput, proposalBytes, voteBytes, type HotStuffMessage, type ProposalMsg, type VoteMsg,
} from "../../protocols/hotstuff/index.js";
import { conflictingTxs, halfB, rewritingContext, RewriteCache } from "./common.js";

export function hotstuffEquivocator(raw: NodeContext<unknown>): NodeContext<unknown> {
  const ctx = raw as unknown as NodeContext<HotStuffMessage>;
  const inB = halfB(ctx);
  /** view → hash of the conflicting block half B was given. */
  const variants = new Map<number, Uint8Array>();
  const cache = new RewriteCache<HotStuffMessage>();

  const proposal = (msg: ProposalMsg): HotStuffMessage => cache.get(`p/${msg.block.view}`, () => {
    const txs = conflictingTxs(msg.block.txs) ?? [...msg.block.txs];
    const block = { ...msg.block, txs };
    const hash = ctx.crypto.hash(blockHashInput(block));
    variants.set(block.view, hash);
    return { type: "PROPOSAL", block, sig: ctx.crypto.sign(proposalBytes(block.view, hash)) };
  });
  const extraVote = (msg: VoteMsg): HotStuffMessage | undefined => {
    const hash = variants.get(msg.view);
    if (hash === undefined) return undefined;
    return cache.get(`v/${msg.view}`, () => ({
      type: "VOTE", view: msg.view, blockHash: hash, voter: ctx.id, sig: ctx.crypto.sign(voteBytes(msg.view, hash)),
    }));
  };
  const rewrite = (to: NodeId, msg: HotStuffMessage): HotStuffMessage[] => {
    if (msg.type === "PROPOSAL" && msg.block.proposer === ctx.id && msg.block.txs.length > 0 && inB.has(to)) {
      return [proposal(msg)];
    }
    if (msg.type === "VOTE" && msg.voter === ctx.id) {
      const extra = extraVote(msg);
      return extra === undefined ? [msg] : [msg, extra];
    }
    return [msg];
  };
  return rewritingContext(ctx, rewrite) as unknown as NodeContext<unknown>;
}
