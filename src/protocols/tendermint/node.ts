/**
 * TendermintNode: the sans-IO Protocol for one Tendermint validator. It checks every message's signature on
 * receipt, files round messages in the log of their height (the current one, or the next, kept for later),
 * then "settles": runs Algorithm 1's upon-rules to a fixed point (algorithm.ts), lets the proposer propose, and
 * (re)arms the propose, forwarding and catch-up timers. Like etcd-io/raft's Step: one input in, effects out
 * through the context; no clocks, no I/O.
 */
import type { NodeId, SignedTx, TimerTag } from "../types.js";
import { SettlingReplica } from "../replica.js";
import {
  applyRules,
  onTimeoutPrecommit,
  onTimeoutPrevote,
  onTimeoutPropose,
} from "./algorithm.js";
import { broadcastFetch, helpStaleSender, notePeerHeight, onCatchUpTimer, onCommit, onFetch, scheduleCatchUp } from "./catch-up.js";
import type { TendermintConfig, ResolvedConfig } from "./config.js";
import { resolveConfig } from "./config.js";
import type { Ctx } from "./effects.js";
import { blockIdHex, firedNow, parseRoundTimerTag, verifySignature } from "./effects.js";
import type { RoundMessage, TendermintMessage } from "./messages.js";
import { forwardPending, onClientTransaction, onRequest, scheduleForwarding } from "./mempool.js";
import { armProposeTimeout, ownMessagesThisRound, proposeIfReady, receiveOwn, startRound } from "./rounds.js";
import type { Step, TendermintStats } from "./state.js";
import { NodeState, restoreState } from "./state.js";
import { checkMembers } from "../members.js";

/** Rounds above the current one that a message may carry (a bound on what a peer can make us store). */
const MAX_ROUNDS_AHEAD = 1_000;
/** Messages kept for the next height (a bound on the buffer). */
const MAX_NEXT_HEIGHT_MESSAGES = 4_096;

/** A read-only summary of a node's state, for tests and debugging. */
export interface TendermintSnapshot {
  readonly id: NodeId;
  readonly height: number;
  readonly round: number;
  readonly step: Step;
  readonly lockedRound: number;
  readonly lockedId: string | null;
  readonly validRound: number;
  readonly validId: string | null;
  readonly pending: number;
  readonly stats: Readonly<TendermintStats>;
}

export class TendermintNode extends SettlingReplica<TendermintMessage, NodeState> {
  readonly name = "tendermint";
  private readonly cfg: ResolvedConfig;

  constructor(config: TendermintConfig) {
    super();
    this.cfg = resolveConfig(config);
  }

  /** Starts at height 1, or — after a crash — from what was persisted: re-sends its votes and asks for what it missed. */
  start(ctx: Ctx): void {
    checkMembers(ctx.nodes, "tendermint", 4);
    const s = new NodeState(ctx.id, ctx.nodes, this.cfg);
    this.state = s;
    if (restoreState(ctx, s, (block) => blockIdHex(ctx, block))) {
      ctx.log("tendermint.recover", { height: s.height, round: s.round, step: s.step, lockedRound: s.lockedRound });
      for (const msg of ownMessagesThisRound(s)) {
        ctx.broadcast(msg);
        receiveOwn(ctx, s, msg);
      }
      broadcastFetch(ctx, s);
      if (s.step === "propose" && s.isProposer()) proposeIfReady(ctx, s);
      else armProposeTimeout(ctx, s);
    } else {
      startRound(ctx, s, 0); // l.10: upon start do StartRound(0)
    }
    this.settle(ctx, s);
  }

  protected transaction(ctx: Ctx, s: NodeState, tx: SignedTx): void {
    onClientTransaction(ctx, s, tx);
  }

  protected receive(ctx: Ctx, s: NodeState, _from: NodeId, msg: TendermintMessage): boolean {
    if (!verifySignature(ctx, s.n, msg)) {
      s.stats.droppedInvalidSignature++;
      return false;
    }
    switch (msg.type) {
      case "REQUEST":
        onRequest(ctx, s, msg);
        break;
      case "COMMIT":
        onCommit(ctx, s, msg);
        break;
      case "FETCH":
        onFetch(ctx, s, msg);
        break;
      default:
        this.fileRoundMessage(ctx, s, msg);
    }
    return true;
  }

  protected timer(ctx: Ctx, s: NodeState, tag: TimerTag): void {
    const round = parseRoundTimerTag(tag);
    if (round?.kind === "propose") onTimeoutPropose(ctx, s, round.height, round.round);
    else if (round?.kind === "prevote") onTimeoutPrevote(ctx, s, round.height, round.round);
    else if (round?.kind === "precommit") onTimeoutPrecommit(ctx, s, round.height, round.round);
    else if (firedNow(s.timers.forward, tag)) forwardPending(ctx, s);
    else if (firedNow(s.timers.catchUp, tag)) onCatchUpTimer(ctx, s);
    else firedNow(s.timers.batch, tag); // proposeIfReady in settle cuts the due batch
  }

  /** proposer(h_p, round_p). */
  leader(): NodeId | undefined {
    return this.state?.proposer();
  }

  /** Read-only view of the node's state (undefined before start). */
  snapshot(): TendermintSnapshot | undefined {
    const s = this.state;
    if (s === undefined) return undefined;
    return {
      id: s.id,
      height: s.height,
      round: s.round,
      step: s.step,
      lockedRound: s.lockedRound,
      lockedId: s.lockedId,
      validRound: s.validRound,
      validId: s.validId,
      pending: s.pool.size,
      stats: { ...s.stats },
    };
  }

  /** PROPOSAL / PREVOTE / PRECOMMIT: into the log of its height, if that is the current or the next one. */
  private fileRoundMessage(ctx: Ctx, s: NodeState, msg: RoundMessage): void {
    notePeerHeight(s, msg.sender, msg.height);
    const proposalId = (): string => (msg.type === "PROPOSAL" ? blockIdHex(ctx, msg.block) : "");
    if (msg.height < s.height) {
      helpStaleSender(ctx, s, msg);
      s.stats.droppedStale++;
    } else if (msg.height === s.height && msg.round <= s.round + MAX_ROUNDS_AHEAD) {
      s.log.add(msg, s.validators, proposalId);
    } else if (msg.height === s.height + 1 && msg.round <= MAX_ROUNDS_AHEAD && s.next.size < MAX_NEXT_HEIGHT_MESSAGES) {
      s.next.add(msg, s.validators, proposalId);
    } else {
      s.stats.droppedStale++;
    }
  }

  /** Derived actions after any input: the rules, then the proposer's batch, then the timers. */
  protected settle(ctx: Ctx, s: NodeState): void {
    applyRules(ctx, s);
    proposeIfReady(ctx, s);
    applyRules(ctx, s); // the proposer's own proposal may let it prevote at once
    armProposeTimeout(ctx, s);
    scheduleForwarding(ctx, s);
    scheduleCatchUp(ctx, s);
  }
}
