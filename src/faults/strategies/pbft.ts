/**
 * PBFT equivocation (protocol-aware, ARCHITECTURE §3): as primary, the Byzantine replica pre-prepares one batch
 * for half of the backups and a conflicting batch (same transactions, another order) for the other half, at the
 * same (view, seq), each correctly signed with its own key; its own PREPAREs and COMMITs for that slot follow
 * the version each half saw. Built from PBFT's public constructors (batchDigestInput, signPbftMessage).
 * With honest quorums one batch at most can commit; with `quorumOverride` lowered both can.
 */
import type { NodeContext, NodeId } from "../../protocols/types.js";
import {
  batchDigestInput, signPbftMessage, type CommitMsg, type PbftMessage, type PrePrepareMsg, type PrepareMsg,
} from "../../protocols/pbft/index.js";
import { conflictingTxs, halfB, rewritingContext, RewriteCache } from "./common.js";

export function pbftEquivocator(raw: NodeContext<unknown>): NodeContext<unknown> {
  const ctx = raw as unknown as NodeContext<PbftMessage>;
  const inB = halfB(ctx);
  /** `${view}/${seq}` → the digest half B was given. */
  const digests = new Map<string, Uint8Array>();
  const cache = new RewriteCache<PbftMessage>();

  const prePrepare = (msg: PrePrepareMsg): PbftMessage => {
    const key = `${msg.view}/${msg.seq}`;
    return cache.get(`pp/${key}`, () => {
      const batch = conflictingTxs(msg.batch) ?? [...msg.batch];
      const digest = ctx.crypto.hash(batchDigestInput(msg.seq, msg.proposer, batch));
      digests.set(key, digest);
      const { sig: _sig, ...unsigned } = msg;
      return signPbftMessage<PrePrepareMsg>(ctx, { ...unsigned, batch, digest });
    });
  };
  const vote = (msg: PrepareMsg | CommitMsg): PbftMessage => {
    const digest = digests.get(`${msg.view}/${msg.seq}`);
    if (digest === undefined) return msg;
    return cache.get(`${msg.type}/${msg.view}/${msg.seq}`, () => {
      const { sig: _sig, ...unsigned } = msg;
      return signPbftMessage<PrepareMsg | CommitMsg>(ctx, { ...unsigned, digest });
    });
  };
  const rewrite = (to: NodeId, msg: PbftMessage): PbftMessage[] => {
    if (!inB.has(to)) return [msg];
    if (msg.type === "PRE-PREPARE" && msg.batch.length > 0) return [prePrepare(msg)];
    if ((msg.type === "PREPARE" || msg.type === "COMMIT") && msg.replica === ctx.id) return [vote(msg)];
    return [msg];
  };
  return rewritingContext(ctx, rewrite) as unknown as NodeContext<unknown>;
}
