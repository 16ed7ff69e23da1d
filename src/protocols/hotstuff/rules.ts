/**
 * Chained HotStuff's rules as small pure predicates, each citing the paper (Yin et al., PODC 2019,
 * Algorithm 3 "chained HotStuff" and Algorithm 1's safeNode). They read blocks and certificates and decide;
 * they never send, sign or mutate — chain.ts, proposal.ts and pacemaker.ts apply them.
 */
import type { NodeId } from "../types.js";

/** f = ⌊(n−1)/3⌋: the replicas that may be faulty (§3: n ≥ 3f+1). */
export function maxFaulty(n: number): number {
  return Math.floor((n - 1) / 3);
}

/**
 * A QC needs n−f votes (§3): two such quorums meet in n−2f ≥ f+1 replicas, at least one of them correct.
 * (The scenario's UNSAFE `protocol.quorumOverride` research knob replaces it in ReplicaState.quorum.)
 */
export function quorumSize(n: number): number {
  return n - maxFaulty(n);
}

/**
 * Algorithm 1, safeNode(node, qc): "(node extends from lockedQC.node) — safety rule — ∨
 * (qc.viewNumber > lockedQC.viewNumber) — liveness rule". A replica votes only for a block that passes it.
 */
export function safeNode(extendsLock: boolean, justifyView: number, lockedView: number): boolean {
  return extendsLock || justifyView > lockedView;
}

/** The parts of a block the chain rules look at. */
export interface ChainLink {
  readonly hashHex: string;
  readonly parentHex: string;
  readonly view: number;
}

/**
 * Alg. 3 update(b*), decide phase: with b'' = b*.justify.node, b' = b''.justify.node, b = b'.justify.node,
 * "if (b''.parent = b') ∧ (b'.parent = b) then onCommit(b)". Without the paper's dummy nodes, direct parents
 * alone do not mean consecutive views, so the views must also be consecutive: the three-chain b ← b' ← b''
 * has views v, v+1, v+2.
 */
export function threeChainCommits(b2: ChainLink, b1: ChainLink, b0: ChainLink): boolean {
  return b2.parentHex === b1.hashHex && b1.parentHex === b0.hashHex && b2.view === b1.view + 1 && b1.view === b0.view + 1;
}

/**
 * Alg. 3 update(b*), commit phase: "if b'.height > b_lock.height then b_lock ← b'" — the lock moves to the head
 * of the two-chain b' ← b'' (heights in Algorithm 3 are view numbers). Returns whether `candidateView` (the
 * view of b''.justify, the QC for b') beats the current lock.
 */
export function lockAdvances(candidateView: number, lockedView: number): boolean {
  return candidateView > lockedView;
}

/** Alg. 3 updateQCHigh(qc'): "if qc'.node.height > qc_high.node.height then qc_high ← qc'". */
export function highQCAdvances(candidateView: number, highView: number): boolean {
  return candidateView > highView;
}

/** A replica votes at most once per view, and only in a view not already left (Alg. 3: "vheight"). */
export function mayVote(blockView: number, lastVotedView: number, currentView: number): boolean {
  return blockView > lastVotedView && blockView >= currentView;
}

/**
 * §4.4 pacemaker back-off: the timeout of a view after `consecutiveTimeouts` views ended by timeout in a row is
 * base × 2^k, capped at `maxUs`.
 */
export function viewTimeoutUs(baseUs: number, maxUs: number, consecutiveTimeouts: number): number {
  const k = Math.min(consecutiveTimeouts, 40);
  return Math.min(maxUs, baseUs * 2 ** k);
}

/** Is `voters` a set of quorum-many distinct replica ids in [0, n)? (The signatures are checked separately.) */
export function distinctQuorum(voters: readonly NodeId[], n: number, quorum = quorumSize(n)): boolean {
  const seen = new Set<NodeId>();
  for (const v of voters) {
    if (!Number.isInteger(v) || v < 0 || v >= n || seen.has(v)) return false;
    seen.add(v);
  }
  return seen.size >= quorum;
}
