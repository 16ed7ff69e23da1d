/**
 * Jepsen-style fault targets resolved at the fault's simulated time: explicit ids, `one` random node, a random
 * `minority` (⌊(n−1)/2⌋) or `majority` (⌊n/2⌋+1), the `leader` (asked of the lowest-id live node, falling back
 * to that node itself), `all`, or every node of a `region:<name>`. Random draws come from the fault's own
 * seeded stream ("faults/<index>"), so adding a fault never changes what another one picks.
 */
import type { Rng } from "../engine/rng.js";
import type { NodeId } from "../protocols/types.js";
import type { NodeTarget } from "../scenario/types.js";

export interface TargetWorld {
  readonly nodeCount: number;
  /** Region of each node. */
  readonly regions: readonly string[];
  isUp(node: NodeId): boolean;
  /** Who `node` believes leads now (undefined: down or leaderless). */
  leaderHint(node: NodeId): NodeId | undefined;
}

/** `count` distinct nodes out of 0..n−1, by a partial Fisher–Yates shuffle; returned sorted. */
export function sampleNodes(rng: Rng, n: number, count: number): NodeId[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  const k = Math.max(0, Math.min(n, count));
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    const swap = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = swap;
  }
  return pool.slice(0, k).sort((a, b) => a - b);
}

/** The lowest-id live node's idea of the leader (or that node when it has none); node 0 when all are down. */
export function currentLeader(world: TargetWorld): NodeId {
  for (let node = 0; node < world.nodeCount; node++) {
    if (!world.isUp(node)) continue;
    const leader = world.leaderHint(node);
    return leader !== undefined && leader >= 0 && leader < world.nodeCount ? leader : node;
  }
  return 0;
}

/** The nodes `target` names at this moment, sorted. */
export function resolveTarget(target: NodeTarget, world: TargetWorld, rng: Rng): NodeId[] {
  const n = world.nodeCount;
  if (Array.isArray(target)) return [...target].sort((a, b) => a - b);
  switch (target.kind) {
    case "all":
      return Array.from({ length: n }, (_, i) => i);
    case "one":
      return sampleNodes(rng, n, 1);
    case "minority":
      return sampleNodes(rng, n, Math.floor((n - 1) / 2));
    case "majority":
      return sampleNodes(rng, n, Math.floor(n / 2) + 1);
    case "leader":
      return [currentLeader(world)];
    case "region":
      return world.regions.flatMap((region, node) => (region === target.region ? [node] : []));
  }
}
