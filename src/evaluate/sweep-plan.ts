/**
 * Expanding a scenario's `sweep:` block into a deterministic list of points (ARCHITECTURE §10, §11).
 *
 * - Axes are taken in the order the sweep block writes them, values in the order listed; cells are their
 *   cartesian product with the first axis outermost.
 * - `seeds: k` runs every cell with seeds s, s+1, …, s+k−1, where s is the scenario's seed (after `--set`, or
 *   the cell's own value when `seed` is itself an axis). Without `seeds`, one seed: s.
 * - A point's id is the first 12 hex digits of SM3 over the canonical JSON of its overrides (keys sorted) and
 *   seed, so it does not depend on the point's position, the shard, or the machine.
 * - The plan hash covers the resolved base scenario and every point id: shards and resumed runs refuse to
 *   mix points of different plans.
 */
import { canonicalJson } from "../results/canonical.js";
import { hashHex } from "../results/result.js";
import type { LoadedScenario } from "../scenario/types.js";
import { EvaluateInputError } from "./errors.js";
import { setArgument } from "./load.js";

export interface SweepAxis {
  path: string;
  values: unknown[];
}

export interface SweepPoint {
  /** Position in the plan (0-based). */
  index: number;
  id: string;
  /** Index of the grid cell (0-based) the point belongs to. */
  cell: number;
  /** (axis path, value) in axis order. */
  overrides: [string, unknown][];
  seed: number;
  /** Every `--set` argument that turns the scenario file into this point (base sets first, seed last). */
  sets: string[];
}

export interface SweepPlan {
  name: string;
  axes: SweepAxis[];
  seedsPerCell: number;
  cells: number;
  points: SweepPoint[];
  planHash: string;
}

/** Points a sweep may hold: a typo such as `seeds: 10000` with four axes should be refused, not started. */
export const MAX_SWEEP_POINTS = 100_000;

export function pointId(overrides: readonly [string, unknown][], seed: number): string {
  const record: Record<string, unknown> = {};
  for (const [path, value] of overrides) record[path] = value;
  return hashHex(canonicalJson({ overrides: record, seed })).slice(0, 12);
}

function axesOf(loaded: LoadedScenario, file: string): { axes: SweepAxis[]; seedsPerCell: number } {
  const sweep = loaded.scenario.sweep;
  if (sweep === undefined) {
    throw new EvaluateInputError(`${file}: (root): the scenario has no 'sweep:' block (e.g. sweep: { nodes.count: [4, 7], seeds: 3 })`);
  }
  const axes: SweepAxis[] = [];
  for (const [path, values] of Object.entries(sweep)) {
    if (path === "seeds" || !Array.isArray(values)) continue;
    axes.push({ path, values: [...values] });
  }
  const seeds = sweep["seeds"];
  return { axes, seedsPerCell: typeof seeds === "number" ? seeds : 1 };
}

function cartesian(axes: readonly SweepAxis[]): [string, unknown][][] {
  let cells: [string, unknown][][] = [[]];
  for (const axis of axes) {
    const next: [string, unknown][][] = [];
    for (const cell of cells) for (const value of axis.values) next.push([...cell, [axis.path, value]]);
    cells = next;
  }
  return cells;
}

/** Expands the sweep of a loaded scenario (loaded from `file` with `baseSets`). */
export function planSweep(loaded: LoadedScenario, file: string, baseSets: readonly string[]): SweepPlan {
  const { axes, seedsPerCell } = axesOf(loaded, file);
  const cells = cartesian(axes);
  const total = cells.length * seedsPerCell;
  if (total > MAX_SWEEP_POINTS) {
    throw new EvaluateInputError(`${file}: sweep: ${total} points (cells × seeds) is more than the limit of ${MAX_SWEEP_POINTS}`);
  }
  const points: SweepPoint[] = [];
  cells.forEach((overrides, cell) => {
    const seedOverride = overrides.find(([path]) => path === "seed");
    const baseSeed = typeof seedOverride?.[1] === "number" ? seedOverride[1] : loaded.scenario.seed;
    for (let i = 0; i < seedsPerCell; i++) {
      const seed = baseSeed + i;
      const sets = [...baseSets, ...overrides.map(([path, value]) => setArgument(path, value)), `seed=${seed}`];
      points.push({ index: points.length, id: pointId(overrides, seed), cell, overrides, seed, sets });
    }
  });
  const ids = new Set(points.map((p) => p.id));
  if (ids.size !== points.length) {
    throw new EvaluateInputError(`${file}: sweep: two points have the same overrides and seed (a value listed twice on one axis?)`);
  }
  const planHash = hashHex(canonicalJson({ scenario: loaded.document, points: points.map((p) => p.id) }));
  return { name: loaded.scenario.name, axes, seedsPerCell, cells: cells.length, points, planHash };
}

/** The points of shard `index` of `count` (1-based): every count-th point, starting at index − 1. */
export function shardPoints(plan: SweepPlan, index: number, count: number): SweepPoint[] {
  return plan.points.filter((point) => point.index % count === index - 1);
}
