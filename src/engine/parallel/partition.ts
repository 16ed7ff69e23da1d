/**
 * Splits the nodes over the parallel engine's workers and computes the lookahead (ARCHITECTURE §9): the
 * smallest propagation delay any message crossing partitions can have, which is how long a window may be.
 *
 * Partitions are region-aware: whole regions go to one partition (largest region first, to the least loaded
 * partition), so crossing links are inter-region links and the lookahead is an inter-region delay. With fewer
 * regions than workers, nodes sorted by (region, id) are cut into equal runs, and a split region's own delay
 * bounds the lookahead. The result depends on the scenario and the worker count only.
 */
import { DelayModel } from "../../network/distributions.js";
import type { Scenario } from "../../scenario/types.js";
import type { SimTime } from "../time.js";
import { MAX_WORKERS } from "./wire.js";

export interface Partitioning {
  /** Workers actually used (at most one per node, at most MAX_WORKERS). */
  workers: number;
  /** The partition of every node. */
  partitionOf: Int32Array;
  /** Window length: the lower bound of every cross-partition propagation delay, µs (≥ 1). */
  lookaheadUs: SimTime;
}

export function partitionNodes(scenario: Scenario, requested: number): Partitioning {
  const n = scenario.nodes.count;
  const workers = Math.max(1, Math.min(requested, n, MAX_WORKERS));
  const regionNames = scenario.network.regionNames;
  const regionIndex = new Map(regionNames.map((name, i) => [name, i] as const));
  const regionOfNode = scenario.nodes.regions.map((name) => regionIndex.get(name) ?? 0);
  const members: number[][] = regionNames.map(() => []);
  regionOfNode.forEach((region, node) => members[region]?.push(node));
  const partitionOf = new Int32Array(n);
  const occupied = members.filter((m) => m.length > 0);
  if (occupied.length >= workers) {
    const load = new Array<number>(workers).fill(0);
    const bySize = [...occupied].sort((a, b) => b.length - a.length || (a[0] as number) - (b[0] as number));
    for (const group of bySize) {
      let best = 0;
      for (let p = 1; p < workers; p++) if ((load[p] as number) < (load[best] as number)) best = p;
      for (const node of group) partitionOf[node] = best;
      load[best] = (load[best] as number) + group.length;
    }
  } else {
    const ordered = members.flat();
    ordered.forEach((node, i) => {
      partitionOf[node] = Math.floor((i * workers) / n);
    });
  }
  return { workers, partitionOf, lookaheadUs: lookaheadUs(scenario, members, partitionOf) };
}

/** The smallest lower bound of a propagation delay between two nodes of different partitions, µs. */
function lookaheadUs(scenario: Scenario, members: number[][], partitionOf: Int32Array): SimTime {
  const model = DelayModel.fromScenario(scenario);
  const partsOf = members.map((m) => new Set(m.map((node) => partitionOf[node] as number)));
  let minUs = Infinity;
  members.forEach((a, ra) => {
    members.forEach((b, rb) => {
      if (a.length === 0 || b.length === 0) return;
      const parts = new Set([...(partsOf[ra] as Set<number>), ...(partsOf[rb] as Set<number>)]);
      if (parts.size < 2) return;
      minUs = Math.min(minUs, model.minDelayUs(a[0] as number, b[0] as number));
    });
  });
  if (minUs === Infinity) return scenario.durationUs + 1;
  return Math.floor(minUs * smallestLinkDelayFactor(scenario));
}

/** Link faults may multiply delays by a factor below 1: the lookahead shrinks by the product of those. */
function smallestLinkDelayFactor(scenario: Scenario): number {
  let factor = 1;
  for (const fault of scenario.faults) {
    if (fault.kind === "link" && fault.delayFactor < 1) factor *= fault.delayFactor;
  }
  return factor;
}
