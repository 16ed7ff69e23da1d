/**
 * A sweep's directory: `<out>/<sweep-name>/` holds `sweep.json` (the plan), `points/<pointId>/` (one finished
 * run each: result.json, timeseries.csv, point.json — written atomically, so a point directory that exists is
 * a finished point), and, once every point is there, `summary.csv` and `summary.ndjson`. Shards on a shared
 * file system write into the same directory; shards on separate machines are joined by `ledgersim merge`.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { writeDirectoryAtomically } from "../results/write.js";
import { EvaluateInputError } from "./errors.js";
import type { PointOutput } from "./point.js";
import type { SweepPlan, SweepPoint } from "./sweep-plan.js";

export const SWEEP_SCHEMA = "ledgersim/sweep@1";

/** sweep.json: what a merge needs to know without the scenario file. */
export interface StoredPlan {
  schema: string;
  name: string;
  planHash: string;
  axes: { path: string; values: unknown[] }[];
  seedsPerCell: number;
  points: { id: string; cell: number; seed: number; overrides: [string, unknown][] }[];
}

export function storedPlan(plan: SweepPlan): StoredPlan {
  return {
    schema: SWEEP_SCHEMA,
    name: plan.name,
    planHash: plan.planHash,
    axes: plan.axes,
    seedsPerCell: plan.seedsPerCell,
    points: plan.points.map((p) => ({ id: p.id, cell: p.cell, seed: p.seed, overrides: p.overrides })),
  };
}

/** Writes a file by writing a temporary sibling and renaming it over the target. */
export function writeFileAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

export function readPlan(sweepDir: string): StoredPlan {
  const file = join(sweepDir, "sweep.json");
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new EvaluateInputError(`${file}: cannot read the sweep plan: ${reason}`);
  }
  const plan = parsed as Partial<StoredPlan>;
  if (plan.schema !== SWEEP_SCHEMA || typeof plan.planHash !== "string" || !Array.isArray(plan.points)) {
    throw new EvaluateInputError(`${file}: not a ledgersim sweep plan (expected schema '${SWEEP_SCHEMA}')`);
  }
  return plan as StoredPlan;
}

/** Records the plan in the sweep directory; refuses a directory that already holds a different sweep. */
export function ensurePlan(sweepDir: string, plan: SweepPlan): void {
  const file = join(sweepDir, "sweep.json");
  if (existsSync(file)) {
    const existing = readPlan(sweepDir);
    if (existing.planHash !== plan.planHash) {
      throw new EvaluateInputError(
        `${sweepDir}: holds another sweep (plan ${existing.planHash.slice(0, 12)}, this one ${plan.planHash.slice(0, 12)}: ` +
          `the scenario, its --set overrides or the grid changed); choose another --out or remove the directory`,
      );
    }
    return;
  }
  writeFileAtomically(file, JSON.stringify(storedPlan(plan), null, 2) + "\n");
}

export function pointDir(sweepDir: string, id: string): string {
  return join(sweepDir, "points", id);
}

/** Ids of the finished points in a sweep directory (hidden temporary directories are ignored). */
export function finishedPointIds(sweepDir: string): Set<string> {
  const dir = join(sweepDir, "points");
  if (!existsSync(dir)) return new Set();
  return new Set(
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && existsSync(join(dir, entry.name, "result.json")))
      .map((entry) => entry.name),
  );
}

export function writePoint(sweepDir: string, point: SweepPoint, output: PointOutput): void {
  const description = { id: point.id, cell: point.cell, seed: point.seed, overrides: point.overrides, sets: point.sets };
  writeDirectoryAtomically(pointDir(sweepDir, point.id), {
    "point.json": JSON.stringify(description, null, 2) + "\n",
    "result.json": output.resultJson,
    "timeseries.csv": output.timeseriesCsv,
  });
}

export function readPointResult(sweepDir: string, id: string): unknown {
  const file = join(pointDir(sweepDir, id), "result.json");
  try {
    return JSON.parse(readFileSync(file, "utf8")) as unknown;
  } catch (error) {
    throw new EvaluateInputError(`${file}: cannot read the point's result: ${(error as Error).message}`);
  }
}

/** Copies a finished point directory into another sweep directory, atomically (copy aside, then rename). */
export function copyPoint(fromSweepDir: string, toSweepDir: string, id: string): void {
  const target = pointDir(toSweepDir, id);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${id}.tmp-${process.pid}`);
  try {
    rmSync(tmp, { recursive: true, force: true });
    cpSync(pointDir(fromSweepDir, id), tmp, { recursive: true });
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}
