/**
 * PBFT's rules as small pure predicates, each citing the paper (Castro & Liskov, "Practical Byzantine Fault
 * Tolerance", OSDI '99, and "Practical Byzantine Fault Tolerance and Proactive Recovery", TOCS 2002). They read
 * state and messages and decide; they never send, sign or mutate. replica.ts and friends apply them.
 */
import { bytesEqual } from "../codec.js";
import type { NodeId } from "../types.js";
import type { CheckpointMsg, CommitMsg, PrePrepareMsg, PrepareMsg } from "./messages.js";
import { primaryOf } from "./messages.js";

/** f = ⌊(n−1)/3⌋: the replicas that may be faulty (§3: |R| = 3f+1 is the minimum). */
export function maxFaulty(n: number): number {
  return Math.floor((n - 1) / 3);
}

/**
 * Quorum size. The paper's 2f+1 assumes n = 3f+1; for other n two quorums must still intersect in f+1
 * replicas (one honest), which needs ⌈(n+f+1)/2⌉ — equal to 2f+1 exactly when n = 3f+1.
 * (The scenario's UNSAFE `protocol.quorumOverride` research knob replaces it in ReplicaState.quorum.)
 */
export function quorumSize(n: number): number {
  return Math.ceil((n + maxFaulty(n) + 1) / 2);
}

/** §4.2: a replica accepts normal-case messages only if h < n ≤ H (low and high watermarks). */
export function inWatermarks(seq: number, lowWatermark: number, window: number): boolean {
  return seq > lowWatermark && seq <= lowWatermark + window;
}

/** The normal-case messages kept for one sequence number. */
export interface SlotMessages {
  readonly prePrepare?: PrePrepareMsg;
  readonly prepares: ReadonlyMap<NodeId, PrepareMsg>;
  readonly commits: ReadonlyMap<NodeId, CommitMsg>;
}

/** The prepares in `slot` from distinct backups of `view` that match its pre-prepare (view, n, d). */
export function matchingPrepares(slot: SlotMessages, view: number, n: number): PrepareMsg[] {
  const pp = slot.prePrepare;
  if (pp === undefined || pp.view !== view) return [];
  const primary = primaryOf(view, n);
  const out: PrepareMsg[] = [];
  for (const p of slot.prepares.values()) {
    if (p.replica !== primary && p.view === view && p.seq === pp.seq && bytesEqual(p.digest, pp.digest)) out.push(p);
  }
  return out.sort((a, b) => a.replica - b.replica);
}

/**
 * prepared(m, v, n, i) — §4.2: "true iff replica i has inserted in its log the request m, a pre-prepare for
 * m in view v with sequence number n, and 2f prepares from different backups that match the pre-prepare."
 */
export function isPrepared(slot: SlotMessages, view: number, n: number, quorum = quorumSize(n)): boolean {
  return matchingPrepares(slot, view, n).length >= quorum - 1;
}

/**
 * committed-local(m, v, n, i) — §4.2: "true iff prepared(m, v, n, i) is true and i has accepted 2f+1 commits
 * (possibly including its own) from different replicas that match the pre-prepare for m."
 */
export function isCommittedLocal(slot: SlotMessages, view: number, n: number, quorum = quorumSize(n)): boolean {
  if (!isPrepared(slot, view, n, quorum)) return false;
  const pp = slot.prePrepare as PrePrepareMsg;
  let matching = 0;
  for (const c of slot.commits.values()) {
    if (c.view === view && c.seq === pp.seq && bytesEqual(c.digest, pp.digest)) matching++;
  }
  return matching >= quorum;
}

/** What a backup knows when a pre-prepare arrives (§4.2). */
export interface PrePrepareContext {
  readonly view: number;
  readonly active: boolean;
  readonly lowWatermark: number;
  readonly window: number;
  readonly n: number;
  /** The pre-prepare already accepted for this sequence number, if any. */
  readonly existing?: PrePrepareMsg;
  /** Digest recomputed from the message's (seq, proposer, batch). */
  readonly recomputedDigest: Uint8Array;
  /** Whether every transaction in the batch carries a valid client signature. */
  readonly transactionsValid: boolean;
}

/**
 * §4.2: "A backup accepts a pre-prepare message provided: the signatures in the request and the pre-prepare
 * message are correct and d is the digest for m; it is in view v; it has not accepted a pre-prepare message
 * for view v and sequence number n containing a different digest; the sequence number is between h and H."
 * Returns why it is rejected, or null when accepted. (The pre-prepare's own signature is checked on receipt.)
 */
export function acceptPrePrepare(pp: PrePrepareMsg, c: PrePrepareContext): string | null {
  if (!c.active || pp.view !== c.view) return "wrong-view";
  if (!inWatermarks(pp.seq, c.lowWatermark, c.window)) return "outside-watermarks";
  if (!bytesEqual(pp.digest, c.recomputedDigest)) return "bad-digest";
  if (!c.transactionsValid) return "invalid-transaction";
  if (hasDuplicateTx(pp)) return "duplicate-transaction";
  const old = c.existing;
  if (old !== undefined && old.view === pp.view && !bytesEqual(old.digest, pp.digest)) return "conflicting-digest";
  return null;
}

function hasDuplicateTx(pp: PrePrepareMsg): boolean {
  const ids = new Set<number>();
  for (const tx of pp.batch) {
    if (ids.has(tx.id)) return true;
    ids.add(tx.id);
  }
  return false;
}

/**
 * §4.3: "a checkpoint with a proof becomes stable": 2f+1 checkpoint messages for sequence number n with the
 * same state digest, from different replicas. Returns the proof (sorted by replica) or undefined.
 */
export function stableCheckpointProof(
  messages: Iterable<CheckpointMsg>,
  n: number,
  quorum = quorumSize(n),
): { stateDigest: Uint8Array; proof: CheckpointMsg[] } | undefined {
  const byDigest = new Map<string, CheckpointMsg[]>();
  for (const m of messages) {
    const key = Buffer.from(m.stateDigest).toString("hex");
    const group = byDigest.get(key) ?? [];
    if (!group.some((g) => g.replica === m.replica)) group.push(m);
    byDigest.set(key, group);
  }
  for (const key of [...byDigest.keys()].sort()) {
    const group = byDigest.get(key) as CheckpointMsg[];
    if (group.length >= quorum) {
      const proof = group.sort((a, b) => a.replica - b.replica).slice(0, quorum);
      return { stateDigest: (proof[0] as CheckpointMsg).stateDigest, proof };
    }
  }
  return undefined;
}

/**
 * §4.5.2: "If the timer of backup i expires in view v+1 before it receives a valid new-view message for v+1
 * or before it executes a request in the new view that it had not executed previously, it starts a view change
 * for v+2 but this time it will wait 2T before starting a view change for view v+3." `attempts` counts the
 * view changes started since the last executed request. The exponent is capped to bound the wait.
 */
export function viewChangeTimeoutUs(baseUs: number, attempts: number): number {
  return baseUs * 2 ** Math.min(Math.max(0, attempts - 1), 16);
}

/**
 * §4.5.2: "if a replica receives a set of f+1 valid view-change messages from other replicas for views greater
 * than its current view, it sends a view-change message for the smallest view in the set, even if its timer
 * has not expired." `views` maps each other replica to the smallest such view it sent.
 */
export function viewToJoin(views: ReadonlyMap<NodeId, number>, n: number): number | undefined {
  if (views.size < maxFaulty(n) + 1) return undefined;
  return Math.min(...views.values());
}

/**
 * The (f+1)-th highest of values reported by distinct replicas: at least one correct replica reported a value
 * at least this high, so a lagging replica can trust it (used by state transfer).
 */
export function vouchedValue(values: ReadonlyMap<NodeId, number>, n: number): number | undefined {
  const f = maxFaulty(n);
  if (values.size < f + 1) return undefined;
  const sorted = [...values.values()].sort((a, b) => b - a);
  return sorted[f];
}
