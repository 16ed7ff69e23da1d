/**
 * The validator set: voting power, the paper's thresholds, proposer selection and round timeouts.
 *
 * - Thresholds (§II of the paper, generalised to voting power as in CometBFT): with total power N and faulty
 *   power f < N/3, "2f+1" means more than 2/3 of N and "f+1" means more than 1/3 of N. With unit powers these
 *   are exactly 2f+1 and f+1 nodes for n = 3f+1.
 * - proposer(h, r) (§II, "a deterministic, non-faulty function"): CometBFT's weighted round-robin. Each step,
 *   every validator's priority grows by its power, the highest priority proposes (ties: lowest id) and pays
 *   the total power back. Like CometBFT, the priorities advance once per height and once more per round of
 *   that height, so proposer(h, r) is the (h − 1 + r)-th pick. A validator proposes in proportion to its power.
 * - timeout(r) = base + r · Δ (l.57–65 and §IV: timeouts grow with the round, so eventually they exceed the
 *   unknown message delay after GST).
 */
import type { NodeId } from "../types.js";

/** Faults tolerated at n nodes of equal power: ⌊(n − 1)/3⌋. */
export function maxFaulty(n: number): number {
  return Math.floor((n - 1) / 3);
}

/** "2f+1": strictly more than two thirds of the total power. */
export function isQuorum(power: number, totalPower: number): boolean {
  return 3 * power > 2 * totalPower;
}

/** "f+1": strictly more than one third of the total power (at least one correct process among them). */
export function isOneThird(power: number, totalPower: number): boolean {
  return 3 * power > totalPower;
}

/** timeoutPropose(r), timeoutPrevote(r), timeoutPrecommit(r): the base for round 0, plus Δ per round. */
export function roundTimeoutUs(baseUs: number, deltaUs: number, round: number): number {
  return baseUs + round * deltaUs;
}

export class ValidatorSet {
  readonly n: number;
  readonly totalPower: number;
  private readonly powers: readonly number[];
  /** picks[k] = the k-th proposer of the weighted round-robin (grown on demand). */
  private readonly picks: NodeId[] = [];
  private readonly priorities: number[];
  /** Length of the schedule's cycle once the priorities return to all zero (then picks repeat). */
  private period = 0;

  /** `quorumOverride`: the UNSAFE `protocol.quorumOverride` research knob — this much power is a quorum. */
  constructor(powers: readonly number[], private readonly quorumOverride?: number) {
    if (powers.length === 0) throw new RangeError("ValidatorSet: no validators");
    powers.forEach((p, i) => {
      if (!Number.isSafeInteger(p) || p <= 0) throw new RangeError(`ValidatorSet: power of node ${i} must be a positive integer, found ${p}`);
    });
    this.powers = powers.slice();
    this.n = powers.length;
    this.totalPower = powers.reduce((a, b) => a + b, 0);
    this.priorities = powers.map(() => 0);
  }

  powerOf(node: NodeId): number {
    return this.powers[node] ?? 0;
  }

  /** Sum of the power of `nodes` (each counted once). */
  powerOfSet(nodes: Iterable<NodeId>): number {
    let sum = 0;
    for (const node of nodes) sum += this.powerOf(node);
    return sum;
  }

  hasQuorum(power: number): boolean {
    if (this.quorumOverride !== undefined) return power >= this.quorumOverride;
    return isQuorum(power, this.totalPower);
  }

  hasOneThird(power: number): boolean {
    return isOneThird(power, this.totalPower);
  }

  /** proposer(h, r): the (h − 1 + r)-th pick of the weighted round-robin (heights start at 1). */
  proposer(height: number, round: number): NodeId {
    return this.pick(height - 1 + round);
  }

  private pick(index: number): NodeId {
    if (this.period > 0) return this.picks[index % this.period] as NodeId;
    while (this.picks.length <= index && this.period === 0) this.step();
    return this.period > 0 ? (this.picks[index % this.period] as NodeId) : (this.picks[index] as NodeId);
  }

  /** One step of CometBFT's IncrementProposerPriority. */
  private step(): void {
    const pr = this.priorities;
    let best = 0;
    for (let i = 0; i < this.n; i++) {
      pr[i] = (pr[i] as number) + (this.powers[i] as number);
      if ((pr[i] as number) > (pr[best] as number)) best = i;
    }
    pr[best] = (pr[best] as number) - this.totalPower;
    this.picks.push(best);
    if (pr.every((p) => p === 0)) this.period = this.picks.length;
  }
}
