/**
 * Splits the nodes over the parallel engine's workers and computes the lookahead (ARCHITECTURE §9): the
 * smallest propagation delay any message crossing partitions can have, which is how long a window may be.
 *
 * Partitions are region-aware and proximity-aware: whole regions go to one partition, and regions that are
 * close to each other go to the same one, so the links that cross partitions are the long ones. For each
 * candidate lookahead t (the region-pair delay bounds, largest first), the regions closer than t are joined
 * into groups (connected components); the groups are packed onto the workers, largest first onto the least
 * loaded; the first t whose packing stays balanced (no partition above `BALANCE_SLACK` over an equal share)
 * wins. Four cloud regions on two workers thus pair us-east with us-west rather than with Europe.
 *
 * When no packing of whole regions is balanced (fewer regions than workers, or one region holding most
 * nodes), nodes sorted by (region, id) are cut into equal runs, and a split region's own delay bounds the
 * lookahead. The result depends on the scenario and the worker count only.
 */
import { DelayModel } from "../../network/distributions.js";
import type { Scenario } from "../../scenario/types.js";
import type { SimTime } from "../time.js";
import { MAX_WORKERS } from "./wire.js";

/** A partition may hold this much more than an equal share of the nodes (0.15: 15 %). */
export const BALANCE_SLACK = 0.15;

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
  const members: number[][] = regionNames.map(() => []);
  scenario.nodes.regions.forEach((name, node) => members[regionIndex.get(name) ?? 0]?.push(node));
  const occupied = members.filter((m) => m.length > 0);
  const model = DelayModel.fromScenario(scenario);
  const partitionOf = new Int32Array(n);
  if (workers > 1) {
    const groups = balancedRegionGroups(occupied, workers, model);
    if (groups !== undefined) {
      groups.forEach((group, p) => {
        for (const region of group) for (const node of occupied[region] as number[]) partitionOf[node] = p;
      });
    } else {
      occupied.flat().forEach((node, i) => {
        partitionOf[node] = Math.floor((i * workers) / n);
      });
    }
  }
  return { workers, partitionOf, lookaheadUs: lookaheadUs(scenario, occupied, partitionOf, model) };
}

/** The smaller of the two directions' delay bounds between regions `a` and `b` (their first nodes). */
function pairBoundUs(model: DelayModel, a: number[], b: number[]): number {
  const x = a[0] as number;
  const y = b[0] as number;
  return Math.min(model.minDelayUs(x, y), model.minDelayUs(y, x));
}

/**
 * Regions (indexes into `regions`) for each of `workers` partitions, keeping close regions together, or
 * undefined when whole regions cannot be spread evenly enough.
 */
function balancedRegionGroups(regions: number[][], workers: number, model: DelayModel): number[][] | undefined {
  const r = regions.length;
  if (r < workers) return undefined;
  const n = regions.reduce((sum, m) => sum + m.length, 0);
  const cap = Math.ceil((n / workers) * (1 + BALANCE_SLACK));
  const bound: number[][] = regions.map((a) => regions.map((b) => pairBoundUs(model, a, b)));
  const candidates = [...new Set(bound.flatMap((row, a) => row.filter((_, b) => b !== a)))].sort((x, y) => y - x);
  for (const threshold of candidates) {
    const components = componentsBelow(bound, threshold);
    if (components.length < workers) continue;
    const packed = pack(components, regions, workers, cap);
    if (packed !== undefined) return packed;
  }
  return undefined;
}

/** Connected components of the regions, joining every pair whose delay bound is below `threshold`. */
function componentsBelow(bound: number[][], threshold: number): number[][] {
  const r = bound.length;
  const parent = Array.from({ length: r }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (let a = 0; a < r; a++) {
    for (let b = a + 1; b < r; b++) {
      if ((bound[a]?.[b] as number) < threshold) parent[find(a)] = find(b);
    }
  }
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < r; i++) {
    const root = find(i);
    byRoot.set(root, [...(byRoot.get(root) ?? []), i]);
  }
  return [...byRoot.values()];
}

/** Components onto `workers` partitions, largest first onto the least loaded; undefined above `cap`. */
function pack(components: number[][], regions: number[][], workers: number, cap: number): number[][] | undefined {
  const size = (c: number[]): number => c.reduce((sum, region) => sum + (regions[region] as number[]).length, 0);
  const sorted = components.map((c) => ({ c, size: size(c) })).sort((a, b) => b.size - a.size || (a.c[0] as number) - (b.c[0] as number));
  const load = new Array<number>(workers).fill(0);
  const groups: number[][] = Array.from({ length: workers }, () => []);
  for (const { c, size: s } of sorted) {
    let best = 0;
    for (let p = 1; p < workers; p++) if ((load[p] as number) < (load[best] as number)) best = p;
    load[best] = (load[best] as number) + s;
    if ((load[best] as number) > cap) return undefined;
    (groups[best] as number[]).push(...c);
  }
  return groups.some((g) => g.length === 0) ? undefined : groups;
}

/** The smallest lower bound of a propagation delay between two nodes of different partitions, µs. */
function lookaheadUs(scenario: Scenario, regions: number[][], partitionOf: Int32Array, model: DelayModel): SimTime {
  const partsOf = regions.map((m) => new Set(m.map((node) => partitionOf[node] as number)));
  let minUs = Infinity;
  regions.forEach((a, ra) => {
    regions.forEach((b, rb) => {
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
