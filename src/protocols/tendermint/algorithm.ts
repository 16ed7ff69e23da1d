/**
 * The upon-rules of Algorithm 1 (Buchman, Kwon & Milosevic 2018), one named function each, quoting the lines
 * they implement. "2f+1" is more than 2/3 of the voting power, "f+1" more than 1/3 (validators.ts). Rules that
 * change state return true; `applyRules` runs them to a fixed point after every input, so each "upon" fires as
 * soon as its condition holds, whatever order the messages arrived in.
 */
import type { Ctx } from "./effects.js";
import { roundTimerTag } from "./effects.js";
import { decide } from "./decide.js";
import type { RoundLog } from "./log.js";
import { NIL } from "./log.js";
import { startRound, voteAndStep } from "./rounds.js";
import type { NodeState } from "./state.js";
import { persistLocked, persistValid, STEP_RANK } from "./state.js";
import { roundTimeoutUs } from "./validators.js";
import { isValidProposal } from "./values.js";

function currentRound(s: NodeState): RoundLog | undefined {
  return s.log.round(s.round);
}

/**
 * l.22–27: upon ⟨PROPOSAL, h_p, round_p, v, −1⟩ from proposer(h_p, round_p) while step_p = propose:
 * if valid(v) ∧ (lockedRound_p = −1 ∨ lockedValue_p = v) broadcast ⟨PREVOTE, h_p, round_p, id(v)⟩,
 * else broadcast ⟨PREVOTE, h_p, round_p, nil⟩; step_p ← prevote.
 */
export function onProposalInPropose(ctx: Ctx, s: NodeState): boolean {
  const log = currentRound(s);
  if (s.step !== "propose" || log?.proposal === undefined || log.proposal.validRound !== -1) return false;
  const id = log.proposalId as string;
  const ok = isValidProposal(ctx, s, s.round, log) && (s.lockedRound === -1 || s.lockedId === id);
  voteAndStep(ctx, s, "PREVOTE", ok ? id : null, "prevote");
  return true;
}

/**
 * l.28–33: upon ⟨PROPOSAL, h_p, round_p, v, vr⟩ from proposer(h_p, round_p) AND 2f+1 ⟨PREVOTE, h_p, vr, id(v)⟩
 * while step_p = propose ∧ (vr ≥ 0 ∧ vr < round_p): if valid(v) ∧ (lockedRound_p ≤ vr ∨ lockedValue_p = v)
 * prevote id(v), else nil; step_p ← prevote.
 */
export function onProposalWithPolka(ctx: Ctx, s: NodeState): boolean {
  const log = currentRound(s);
  const proposal = log?.proposal;
  if (s.step !== "propose" || log === undefined || proposal === undefined) return false;
  const vr = proposal.validRound;
  if (!(vr >= 0 && vr < s.round)) return false;
  const id = log.proposalId as string;
  const polka = s.log.round(vr);
  if (polka === undefined || !s.validators.hasQuorum(polka.prevotes.powerFor(id))) return false;
  const ok = isValidProposal(ctx, s, s.round, log) && (s.lockedRound <= vr || s.lockedId === id);
  voteAndStep(ctx, s, "PREVOTE", ok ? id : null, "prevote");
  return true;
}

/** l.34–35: upon 2f+1 ⟨PREVOTE, h_p, round_p, ∗⟩ while step_p = prevote for the first time: schedule OnTimeoutPrevote. */
export function onPrevoteAny(ctx: Ctx, s: NodeState): void {
  const log = currentRound(s);
  if (s.step !== "prevote" || log === undefined || log.prevoteTimeoutScheduled) return;
  if (!s.validators.hasQuorum(log.prevotes.anyPower)) return;
  log.prevoteTimeoutScheduled = true;
  ctx.setTimer(roundTimeoutUs(s.cfg.timeoutPrevoteUs, s.cfg.timeoutDeltaUs, s.round), roundTimerTag("prevote", s.height, s.round));
}

/**
 * l.36–43: upon ⟨PROPOSAL, h_p, round_p, v, ∗⟩ from proposer(h_p, round_p) AND 2f+1 ⟨PREVOTE, h_p, round_p, id(v)⟩
 * while valid(v) ∧ step_p ≥ prevote for the first time: if step_p = prevote, lock v (lockedValue_p ← v,
 * lockedRound_p ← round_p), broadcast ⟨PRECOMMIT, h_p, round_p, id(v)⟩, step_p ← precommit; in any case
 * validValue_p ← v, validRound_p ← round_p.
 */
export function onPolkaCurrentRound(ctx: Ctx, s: NodeState): boolean {
  const log = currentRound(s);
  const proposal = log?.proposal;
  if (log === undefined || proposal === undefined || log.polkaApplied) return false;
  if (STEP_RANK[s.step] < STEP_RANK.prevote) return false;
  const id = log.proposalId as string;
  if (!s.validators.hasQuorum(log.prevotes.powerFor(id)) || !isValidProposal(ctx, s, s.round, log)) return false;
  log.polkaApplied = true;
  if (s.step === "prevote") {
    s.lockedValue = proposal.block;
    s.lockedId = id;
    s.lockedRound = s.round;
    persistLocked(ctx, s);
    voteAndStep(ctx, s, "PRECOMMIT", id, "precommit");
  }
  s.validValue = proposal.block;
  s.validId = id;
  s.validRound = s.round;
  persistValid(ctx, s);
  return true;
}

/** l.44–46: upon 2f+1 ⟨PREVOTE, h_p, round_p, nil⟩ while step_p = prevote: precommit nil; step_p ← precommit. */
export function onPrevoteNil(ctx: Ctx, s: NodeState): boolean {
  const log = currentRound(s);
  if (s.step !== "prevote" || log === undefined || !s.validators.hasQuorum(log.prevotes.powerFor(NIL))) return false;
  voteAndStep(ctx, s, "PRECOMMIT", null, "precommit");
  return true;
}

/** l.47–48: upon 2f+1 ⟨PRECOMMIT, h_p, round_p, ∗⟩ for the first time: schedule OnTimeoutPrecommit. */
export function onPrecommitAny(ctx: Ctx, s: NodeState): void {
  const log = currentRound(s);
  if (log === undefined || log.precommitTimeoutScheduled || !s.validators.hasQuorum(log.precommits.anyPower)) return;
  log.precommitTimeoutScheduled = true;
  ctx.setTimer(roundTimeoutUs(s.cfg.timeoutPrecommitUs, s.cfg.timeoutDeltaUs, s.round), roundTimerTag("precommit", s.height, s.round));
}

/**
 * l.49–54: upon ⟨PROPOSAL, h_p, r, v, ∗⟩ from proposer(h_p, r) AND 2f+1 ⟨PRECOMMIT, h_p, r, id(v)⟩ while
 * decision_p[h_p] = nil: if valid(v), decide v and move to the next height. Any round r of the height counts.
 */
export function onDecision(ctx: Ctx, s: NodeState): boolean {
  for (const r of s.log.roundNumbers()) {
    const log = s.log.round(r) as RoundLog;
    const proposal = log.proposal;
    if (proposal === undefined || log.precommits.quorumValue !== log.proposalId) continue;
    if (!isValidProposal(ctx, s, r, log)) continue;
    const id = log.proposalId as string;
    decide(ctx, s, { block: proposal.block, round: r, precommits: log.precommits.votesFor(id) }, id);
    return true;
  }
  return false;
}

/** l.55–56: upon f+1 ⟨∗, h_p, round, ∗, ∗⟩ with round > round_p: StartRound(round) (the highest such round). */
export function onRoundSkip(ctx: Ctx, s: NodeState): boolean {
  const rounds = s.log.roundNumbers();
  for (let i = rounds.length - 1; i >= 0 && (rounds[i] as number) > s.round; i--) {
    const r = rounds[i] as number;
    if (s.validators.hasOneThird((s.log.round(r) as RoundLog).senderPower)) {
      startRound(ctx, s, r);
      return true;
    }
  }
  return false;
}

/** l.57–60: OnTimeoutPropose(height, round): if still there in step propose, prevote nil. */
export function onTimeoutPropose(ctx: Ctx, s: NodeState, height: number, round: number): void {
  if (height === s.height && round === s.round && s.step === "propose") voteAndStep(ctx, s, "PREVOTE", null, "prevote");
}

/** l.61–64: OnTimeoutPrevote(height, round): if still there in step prevote, precommit nil. */
export function onTimeoutPrevote(ctx: Ctx, s: NodeState, height: number, round: number): void {
  if (height === s.height && round === s.round && s.step === "prevote") voteAndStep(ctx, s, "PRECOMMIT", null, "precommit");
}

/** l.65–67: OnTimeoutPrecommit(height, round): if still there, StartRound(round_p + 1). */
export function onTimeoutPrecommit(ctx: Ctx, s: NodeState, height: number, round: number): void {
  if (height === s.height && round === s.round) startRound(ctx, s, s.round + 1);
}

/** Runs the rules until none fires (bounded: each firing moves the step, the round or the height forward). */
export function applyRules(ctx: Ctx, s: NodeState): void {
  for (let i = 0; i < 1_000; i++) {
    if (onDecision(ctx, s) || onRoundSkip(ctx, s)) continue;
    if (onProposalInPropose(ctx, s) || onProposalWithPolka(ctx, s)) continue;
    if (onPolkaCurrentRound(ctx, s) || onPrevoteNil(ctx, s)) continue;
    break;
  }
  onPrevoteAny(ctx, s);
  onPrecommitAny(ctx, s);
}
