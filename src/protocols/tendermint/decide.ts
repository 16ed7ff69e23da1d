/**
 * Deciding a height (Alg. 1 l.51–54), shared by the decision rule (l.49) and catch-up (a decided block
 * accepted on its commit certificate): report the block, keep it with its certificate, drop its transactions
 * from the pool, move to the next height with lockedValue/Round and validValue/Round reset, and StartRound(0).
 */
import { fromHex } from "../codec.js";
import type { Ctx } from "./effects.js";
import { HeightLog } from "./log.js";
import type { DecidedEntry } from "./messages.js";
import { startRound } from "./rounds.js";
import type { NodeState } from "./state.js";
import { persistDecided, persistLocked, persistProposal, persistValid } from "./state.js";
import { blockSizeBytes } from "./wire.js";

export function decide(ctx: Ctx, s: NodeState, entry: DecidedEntry, idHex: string): void {
  const { block } = entry;
  const height = s.height;
  // l.51: decision_p[h_p] = v.
  s.decided.set(height, entry);
  s.decidedAtUs.set(height, ctx.now());
  s.decided.delete(height - s.cfg.retainHeights);
  s.decidedAtUs.delete(height - s.cfg.retainHeights);
  persistDecided(ctx, s, entry);
  for (const tx of block.txs) {
    s.committedTxIds.add(tx.id);
    s.pool.delete(tx.id);
  }
  s.stats.decisions++;
  ctx.log("tendermint.decide", { height, round: entry.round, txs: block.txs.length });
  ctx.commit({
    height,
    hash: idHex,
    proposer: block.proposer,
    txIds: block.txs.map((tx) => tx.id),
    sizeBytes: blockSizeBytes(block),
  });
  // l.52–53: next height; reset lockedRound, lockedValue, validRound and validValue.
  s.height = height + 1;
  s.lastBlockId = fromHex(idHex);
  if (s.lockedValue !== null) {
    s.lockedValue = null;
    persistLocked(ctx, s);
  }
  if (s.validValue !== null) {
    s.validValue = null;
    persistValid(ctx, s);
  }
  s.lockedId = null;
  s.lockedRound = -1;
  s.validId = null;
  s.validRound = -1;
  if (s.signed.proposal !== undefined) {
    s.signed.proposal = undefined;
    persistProposal(ctx, s);
  }
  s.signed.prevote = undefined;
  s.signed.precommit = undefined;
  s.log = s.next.height === s.height ? s.next : new HeightLog(s.height);
  s.next = new HeightLog(s.height + 1);
  s.proposeTimerKey = "";
  for (const h of [...s.pendingEntries.keys()]) if (h < s.height) s.pendingEntries.delete(h);
  // l.54: StartRound(0).
  startRound(ctx, s, 0);
}
