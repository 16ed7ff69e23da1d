/**
 * The messages a node received for one height, by round: the proposal from proposer(h, r), and the prevotes
 * and precommits with their power tallied per value, so every "upon 2f+1 …" condition of Algorithm 1 is a map
 * lookup. A sender's first vote of each kind per round counts; a second one (equivocation) is ignored. The
 * senders of any message of a round are tallied too, for the round-skip rule (l.55: f+1 messages of a round).
 * Each round also remembers which once-only rules fired ("for the first time", l.34, l.36, l.47).
 */
import { toHex } from "../codec.js";
import type { NodeId } from "../types.js";
import type { ProposalMsg, RoundMessage, VoteMsg } from "./messages.js";
import type { ValidatorSet } from "./validators.js";

/** Key of a vote's value in the tallies: the hex id, or "nil". */
export const NIL = "nil";

export function voteKey(blockId: Uint8Array | null): string {
  return blockId === null ? NIL : toHex(blockId);
}

/** Votes of one kind in one round, tallied by value. */
export class VoteTally {
  readonly votes = new Map<NodeId, VoteMsg>();
  private readonly powerByValue = new Map<string, number>();
  /** Power of every sender that voted, whatever the value ("2f+1 ⟨…, ∗⟩"). */
  anyPower = 0;
  /** The value (hex id or NIL) that first gathered more than 2/3 of the power, if any. */
  quorumValue: string | undefined;

  /** Adds a vote; false if the sender already voted in this round. */
  add(vote: VoteMsg, validators: ValidatorSet): boolean {
    if (this.votes.has(vote.sender)) return false;
    this.votes.set(vote.sender, vote);
    const power = validators.powerOf(vote.sender);
    const key = voteKey(vote.blockId);
    const valuePower = (this.powerByValue.get(key) ?? 0) + power;
    this.powerByValue.set(key, valuePower);
    this.anyPower += power;
    if (this.quorumValue === undefined && validators.hasQuorum(valuePower)) this.quorumValue = key;
    return true;
  }

  powerFor(key: string): number {
    return this.powerByValue.get(key) ?? 0;
  }

  /** The votes for `key`, in sender order (a commit certificate). */
  votesFor(key: string): VoteMsg[] {
    return [...this.votes.values()].filter((v) => voteKey(v.blockId) === key).sort((a, b) => a.sender - b.sender);
  }
}

export class RoundLog {
  proposal: ProposalMsg | undefined;
  /** Hex id(v) of the proposal, computed once. */
  proposalId: string | undefined;
  /** valid(v), computed once when the height is current (it needs the parent). */
  proposalValid: boolean | undefined;
  readonly prevotes = new VoteTally();
  readonly precommits = new VoteTally();
  private readonly senders = new Set<NodeId>();
  senderPower = 0;
  /** l.34: timeoutPrevote scheduled; l.36: the polka rule ran; l.47: timeoutPrecommit scheduled. */
  prevoteTimeoutScheduled = false;
  polkaApplied = false;
  precommitTimeoutScheduled = false;

  noteSender(sender: NodeId, validators: ValidatorSet): void {
    if (this.senders.has(sender)) return;
    this.senders.add(sender);
    this.senderPower += validators.powerOf(sender);
  }
}

export class HeightLog {
  readonly rounds = new Map<number, RoundLog>();
  /** Messages stored in this log (a bound against floods). */
  size = 0;

  constructor(readonly height: number) {}

  round(r: number): RoundLog | undefined {
    return this.rounds.get(r);
  }

  private roundOrCreate(r: number): RoundLog {
    let log = this.rounds.get(r);
    if (log === undefined) {
      log = new RoundLog();
      this.rounds.set(r, log);
    }
    return log;
  }

  /**
   * Stores a message of this height; returns false when it adds nothing (duplicate, equivocation, or a
   * proposal not from proposer(h, r), which Algorithm 1 never looks at).
   */
  add(msg: RoundMessage, validators: ValidatorSet, proposalId: () => string): boolean {
    const log = this.roundOrCreate(msg.round);
    let added: boolean;
    if (msg.type === "PROPOSAL") {
      added = log.proposal === undefined && msg.sender === validators.proposer(this.height, msg.round);
      if (added) {
        log.proposal = msg;
        log.proposalId = proposalId();
      }
    } else {
      added = (msg.type === "PREVOTE" ? log.prevotes : log.precommits).add(msg, validators);
    }
    if (added) {
      log.noteSender(msg.sender, validators);
      this.size++;
    }
    return added;
  }

  /** Rounds with any message, ascending. */
  roundNumbers(): number[] {
    return [...this.rounds.keys()].sort((a, b) => a - b);
  }
}
