/**
 * The paper's rules as small pure functions (Ongaro & Ousterhout 2014): majority quorums, the randomised
 * election timeout (§5.2), the up-to-date check for votes (§5.4.1), the §5.3 back-off, and the leader's commit
 * rule (§5.4.2). Everything here is free of effects, so tests can check each rule on its own.
 */
import type { Rng } from "../../engine/rng.js";

/** Crash faults tolerated by n servers: a majority must survive, f = ⌊(n−1)/2⌋. */
export function maxFaulty(n: number): number {
  return Math.floor((n - 1) / 2);
}

/** A majority of n servers: ⌊n/2⌋ + 1 (the UNSAFE `protocol.quorumOverride` knob replaces it in RaftState.quorum). */
export function quorumSize(n: number): number {
  return Math.floor(n / 2) + 1;
}

/**
 * §5.2: "Raft uses randomized election timeouts … chosen randomly from a fixed interval (e.g., 150–300ms)".
 * Uniform over the integers of [T, 2T], drawn from the node's own seeded stream.
 */
export function randomElectionTimeoutUs(rng: Rng, baseUs: number): number {
  return baseUs + rng.int(baseUs + 1);
}

/**
 * §5.4.1: "If the logs have last entries with different terms, then the log with the later term is more
 * up-to-date. If the logs end with the same term, then whichever log is longer is more up-to-date." True when
 * the candidate's log is at least as up-to-date as the voter's.
 */
export function candidateLogUpToDate(
  candidate: { lastLogTerm: number; lastLogIndex: number },
  voter: { lastLogTerm: number; lastLogIndex: number },
): boolean {
  if (candidate.lastLogTerm !== voter.lastLogTerm) return candidate.lastLogTerm > voter.lastLogTerm;
  return candidate.lastLogIndex >= voter.lastLogIndex;
}

/**
 * §5.3 with the paper's optimisation: "the leader can decrement nextIndex to bypass all of the conflicting
 * entries in that term". If the leader has entries of the follower's conflicting term, it resumes after its
 * last one; otherwise at the first index the follower holds for that term (or after the follower's last entry
 * when its log was too short). Clamped to (matchIndex, rejected prevLogIndex], so it always moves back and
 * never below what is known to match.
 */
export function backOffNextIndex(
  hint: { rejectIndex: number; hintIndex: number; hintTerm: number },
  leaderLastIndexOfTerm: (term: number) => number,
  matchIndex: number,
): number {
  let next = hint.hintIndex;
  if (hint.hintTerm > 0) {
    const last = leaderLastIndexOfTerm(hint.hintTerm);
    if (last > 0) next = last + 1;
  }
  return Math.max(matchIndex + 1, Math.min(next, hint.rejectIndex));
}

/**
 * Figure 2, rules for leaders: "If there exists an N such that N > commitIndex, a majority of matchIndex[i] ≥ N,
 * and log[N].term == currentTerm: set commitIndex = N" (§5.3, §5.4). `matchIndexes` includes the leader's own
 * last index. §5.4.2: "Raft never commits log entries from previous terms by counting replicas" — an older
 * entry commits only indirectly, when an entry of the current term after it does.
 */
export function leaderCommitIndex(
  matchIndexes: readonly number[],
  quorum: number,
  commitIndex: number,
  currentTerm: number,
  termAt: (index: number) => number | undefined,
): number {
  const sorted = [...matchIndexes].sort((a, b) => b - a);
  const n = sorted[quorum - 1] ?? 0; // the highest index that at least `quorum` servers hold
  // Terms never decrease along a log, so if log[n] is from an earlier term so is every entry below it.
  if (n > commitIndex && termAt(n) === currentTerm) return n;
  return commitIndex;
}
