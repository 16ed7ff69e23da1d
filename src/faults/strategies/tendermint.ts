/**
 * Tendermint equivocation (protocol-aware, ARCHITECTURE §3): as proposer, the Byzantine validator sends one
 * block to half of the validators and a conflicting block (same height and parent, transactions reordered) to
 * the other half; its PREVOTEs and PRECOMMITs then follow the block each half saw (when it did not propose, half
 * B gets nil where half A gets its vote), and half B gets its PRECOMMIT for the conflicting block together with the
 * PREVOTE, without waiting for a polka (a Byzantine validator need not wait). Everything is signed with its own key through Tendermint's public
 * constructors (blockIdInput, signTendermintMessage). With > 2/3 quorums at most one block is decided; with
 * `quorumOverride` lowered both can be.
 */
import type { NodeContext, NodeId } from "../../protocols/types.js";
import {
  blockIdInput, signTendermintMessage, type ProposalMsg, type TendermintMessage, type VoteMsg,
} from "../../protocols/tendermint/index.js";
import { conflictingTxs, halfB, rewritingContext, RewriteCache } from "./common.js";

export function tendermintEquivocator(raw: NodeContext<unknown>): NodeContext<unknown> {
  const ctx = raw as unknown as NodeContext<TendermintMessage>;
  const inB = halfB(ctx);
  /** `${height}/${round}` → id of the block half B was given. */
  const variants = new Map<string, Uint8Array>();
  const cache = new RewriteCache<TendermintMessage>();

  const proposal = (msg: ProposalMsg): TendermintMessage => {
    const key = `${msg.height}/${msg.round}`;
    return cache.get(`p/${key}`, () => {
      const txs = conflictingTxs(msg.block.txs) ?? [...msg.block.txs];
      const block = { ...msg.block, txs };
      variants.set(key, ctx.crypto.hash(blockIdInput(block)));
      const { sig: _sig, ...unsigned } = msg;
      return signTendermintMessage<ProposalMsg>(ctx, { ...unsigned, block });
    });
  };
  const vote = (msg: VoteMsg): TendermintMessage => {
    if (msg.blockId === null) return msg;
    const blockId = variants.get(`${msg.height}/${msg.round}`) ?? null;
    return cache.get(`${msg.type}/${msg.height}/${msg.round}`, () => {
      const { sig: _sig, ...unsigned } = msg;
      return signTendermintMessage<VoteMsg>(ctx, { ...unsigned, blockId });
    });
  };
  const earlyPrecommit = (msg: VoteMsg): TendermintMessage | undefined => {
    const blockId = variants.get(`${msg.height}/${msg.round}`);
    if (blockId === undefined) return undefined;
    return cache.get(`PRECOMMIT/${msg.height}/${msg.round}`, () => {
      const { sig: _sig, ...unsigned } = msg;
      return signTendermintMessage<VoteMsg>(ctx, { ...unsigned, type: "PRECOMMIT", blockId });
    });
  };
  const rewrite = (to: NodeId, msg: TendermintMessage): TendermintMessage[] => {
    if (!inB.has(to) || msg.sender !== ctx.id) return [msg];
    if (msg.type === "PROPOSAL" && msg.validRound < 0 && msg.block.txs.length > 0) return [proposal(msg)];
    if (msg.type === "PRECOMMIT") return [vote(msg)];
    if (msg.type === "PREVOTE") {
      const precommit = msg.blockId === null ? undefined : earlyPrecommit(msg);
      return precommit === undefined ? [vote(msg)] : [vote(msg), precommit];
    }
    return [msg];
  };
  return rewritingContext(ctx, rewrite) as unknown as NodeContext<unknown>;
}
