/**
 * The network threshold at which a block counts as confirmed (Hyperledger PSWG "Blockchain Performance
 * Metrics" v1.01; ARCHITECTURE §5). Transaction latency is measured to this moment, not to the first commit.
 *
 * - `all-honest`: every required node (honest and up at the end of the run) has committed; the block's
 *   confirmation time is the latest of their commit times ("for PBFT 100% is the only meaningful threshold").
 * - `fraction` f: ⌈f·N⌉ of all N nodes have committed; the time is the ⌈f·N⌉-th smallest commit time.
 */
import type { ConfirmationSpec } from "../scenario/types.js";
import type { SimTime } from "../engine/time.js";

/** Marks "never committed" in a per-node commit-time array. */
export const NOT_COMMITTED = -1;

/** Guards ⌈f·N⌉ against binary fractions such as 0.9 · 20 = 18.000000000000004. */
const FRACTION_EPSILON = 1e-9;

/** How many of `nodeCount` nodes must commit under a `fraction` threshold (clamped to 1..N). */
export function fractionQuorum(fraction: number, nodeCount: number): number {
  const needed = Math.ceil(fraction * nodeCount - FRACTION_EPSILON);
  return Math.min(nodeCount, Math.max(1, needed));
}

/** The nodes whose commits an `all-honest` threshold waits for: honest and up at the end of the run. */
export function requiredNodes(honest: readonly boolean[], upAtEnd: readonly boolean[]): number[] {
  const required: number[] = [];
  for (let node = 0; node < honest.length; node++) {
    if (honest[node] === true && upAtEnd[node] === true) required.push(node);
  }
  return required;
}

/**
 * A prepared threshold: call `confirmationUs` with one block's per-node commit times
 * (NOT_COMMITTED where a node never committed it) to get its confirmation time, or NOT_COMMITTED.
 */
export interface ConfirmationRule {
  confirmationUs(commitUs: ArrayLike<number>): SimTime;
}

export function confirmationRule(
  spec: ConfirmationSpec,
  nodeCount: number,
  required: readonly number[],
): ConfirmationRule {
  if (spec.kind === "all-honest") {
    return { confirmationUs: (commitUs) => latestOfRequired(commitUs, required) };
  }
  const quorum = fractionQuorum(spec.fraction, nodeCount);
  const scratch: number[] = [];
  return { confirmationUs: (commitUs) => kthSmallestCommit(commitUs, quorum, scratch) };
}

/** Max commit time over `required`; NOT_COMMITTED if any of them never committed, or if none are required. */
export function latestOfRequired(commitUs: ArrayLike<number>, required: readonly number[]): SimTime {
  if (required.length === 0) return NOT_COMMITTED;
  let latest = NOT_COMMITTED;
  for (const node of required) {
    const t = commitUs[node] ?? NOT_COMMITTED;
    if (t === NOT_COMMITTED) return NOT_COMMITTED;
    if (t > latest) latest = t;
  }
  return latest;
}

/** The k-th smallest commit time (1-based) among nodes that committed; NOT_COMMITTED if fewer than k did. */
export function kthSmallestCommit(commitUs: ArrayLike<number>, k: number, scratch: number[] = []): SimTime {
  scratch.length = 0;
  for (let node = 0; node < commitUs.length; node++) {
    const t = commitUs[node] ?? NOT_COMMITTED;
    if (t !== NOT_COMMITTED) scratch.push(t);
  }
  if (scratch.length < k) return NOT_COMMITTED;
  scratch.sort((a, b) => a - b);
  return scratch[k - 1] ?? NOT_COMMITTED;
}
