/**
 * Starting rounds and signing: StartRound (Alg. 1 l.11–21), the proposer's PROPOSAL with batching, and the
 * node's own PREVOTE / PRECOMMIT. A node's own messages go to every peer and straight into its own log, as the
 * paper's "broadcast" includes the sender.
 *
 * Idle heights (CometBFT's `create_empty_blocks = false`): in round 0 the proposer proposes only once it holds
 * pending transactions, when `batch.maxTxs` are waiting or the oldest has waited `batch.maxWaitUs`; the others
 * start OnTimeoutPropose(h, 0) only once they know there is work (pending transactions, or any message of the
 * height). An idle network therefore sends nothing, and a height still decides when transactions reach any
 * node: that node forwards them to the proposers (mempool.ts), or times out and so starts the others' timers.
 * From round 1 on (a round failed) the proposer proposes at once, an empty block if it has nothing, so a
 * started height always ends.
 */
import { fromHex } from "../codec.js";
import type { Ctx } from "./effects.js";
import { armTimer, blockIdHex, disarmTimer, roundTimerTag, sign } from "./effects.js";
import type { Block, ProposalMsg, RoundMessage, VoteMsg } from "./messages.js";
import type { NodeState, Step } from "./state.js";
import { persistConsensus, persistProposal } from "./state.js";
import { roundTimeoutUs } from "./validators.js";
import { getValue } from "./values.js";

/** Adds one of this node's own messages to its log (its signature is its own). */
export function receiveOwn(ctx: Ctx, s: NodeState, msg: RoundMessage): void {
  const block = msg.type === "PROPOSAL" ? msg.block : undefined;
  s.log.add(msg, s.validators, () => (block === undefined ? "" : blockIdHex(ctx, block)));
}

/** StartRound(round), l.11–21. Calls ctx.viewChanged for rounds above 0 (a proposer failed to get a value decided). */
export function startRound(ctx: Ctx, s: NodeState, round: number): void {
  s.round = round;
  s.step = "propose";
  if (round > 0) {
    s.stats.roundsStarted++;
    ctx.viewChanged?.(round);
  }
  persistConsensus(ctx, s);
  ctx.log("tendermint.round", { height: s.height, round, proposer: s.proposer() });
  if (s.isProposer()) proposeIfReady(ctx, s);
  else armProposeTimeout(ctx, s);
}

/** l.21: schedule OnTimeoutPropose(h_p, round_p) after timeoutPropose(round_p) — in round 0 once work is known. */
export function armProposeTimeout(ctx: Ctx, s: NodeState): void {
  if (s.step !== "propose" || s.isProposer()) return;
  const key = `${s.height}/${s.round}`;
  if (s.proposeTimerKey === key) return;
  if (s.round === 0 && s.pool.size === 0 && s.log.size === 0) return;
  s.proposeTimerKey = key;
  const afterUs = roundTimeoutUs(s.cfg.timeoutProposeUs, s.cfg.timeoutDeltaUs, s.round);
  ctx.setTimer(afterUs, roundTimerTag("propose", s.height, s.round));
}

function proposedThisRound(s: NodeState): boolean {
  const p = s.signed.proposal;
  return p !== undefined && p.height === s.height && p.round === s.round;
}

/** l.14–19 with batching: validValue if there is one, else getValue() once a batch is due (round 0) or at once. */
export function proposeIfReady(ctx: Ctx, s: NodeState): void {
  if (!s.isProposer() || s.step !== "propose" || proposedThisRound(s)) {
    disarmTimer(ctx, s.timers.batch);
    return;
  }
  if (s.validValue !== null) return broadcastProposal(ctx, s, s.validValue, s.validRound); // l.15–16
  if (s.round > 0) return broadcastProposal(ctx, s, getValue(s), -1);
  const oldest = s.pool.values().next();
  if (oldest.done === true) return disarmTimer(ctx, s.timers.batch); // idle: no empty blocks
  const dueUs = oldest.value.atUs + s.cfg.maxWaitUs;
  if (s.pool.size >= s.cfg.maxTxs || ctx.now() >= dueUs) return broadcastProposal(ctx, s, getValue(s), -1);
  if (s.timers.batch.tag === undefined) armTimer(ctx, s, s.timers.batch, "batch", dueUs - ctx.now());
}

/** l.19: broadcast ⟨PROPOSAL, h_p, round_p, proposal, validRound_p⟩. */
function broadcastProposal(ctx: Ctx, s: NodeState, block: Block, validRound: number): void {
  disarmTimer(ctx, s.timers.batch);
  const proposal = sign<ProposalMsg>(ctx, {
    type: "PROPOSAL",
    height: s.height,
    round: s.round,
    block,
    validRound,
    sender: s.id,
  });
  s.signed.proposal = proposal;
  persistProposal(ctx, s);
  ctx.log("tendermint.propose", { height: s.height, round: s.round, txs: block.txs.length, validRound });
  ctx.broadcast(proposal);
  receiveOwn(ctx, s, proposal);
}

/** Broadcasts this node's vote for the current round (id hex, or null for nil) and moves to `step`. */
export function voteAndStep(ctx: Ctx, s: NodeState, type: VoteMsg["type"], id: string | null, step: Step): void {
  const vote = sign<VoteMsg>(ctx, {
    type,
    height: s.height,
    round: s.round,
    blockId: id === null ? null : fromHex(id),
    sender: s.id,
  });
  if (type === "PREVOTE") s.signed.prevote = vote;
  else s.signed.precommit = vote;
  s.step = step;
  persistConsensus(ctx, s);
  ctx.broadcast(vote);
  receiveOwn(ctx, s, vote);
}

/** The node's own messages for the current height and round (re-sent after a restart). */
export function ownMessagesThisRound(s: NodeState): RoundMessage[] {
  const out: RoundMessage[] = [];
  for (const msg of [s.signed.proposal, s.signed.prevote, s.signed.precommit]) {
    if (msg !== undefined && msg.height === s.height && msg.round === s.round) out.push(msg);
  }
  return out;
}
