/**
 * `ledgersim merge`: joins the directories of a sweep's shards (run on separate machines, or resumed in
 * pieces) into one sweep directory and writes its summary — the same bytes an unsharded sweep writes, since
 * the summary depends only on the plan and the points' results. Every input must hold the same plan; a point
 * present twice must have the same resultHash (anything else means a non-deterministic build and is refused).
 * Nothing is written unless every point of the plan is present somewhere.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { lookupPath } from "./criteria.js";
import { EvaluateInputError } from "./errors.js";
import { summarizeIfComplete } from "./sweep.js";
import { copyPoint, finishedPointIds, readPlan, readPointResult, writeFileAtomically, type StoredPlan } from "./sweep-store.js";

export interface MergeOutcome {
  sweepDir: string;
  points: number;
  copied: number;
  summary: { csv: string; ndjson: string };
}

/** A sweep directory holds sweep.json; a results root holding exactly one sweep directory is accepted too. */
export function findSweepDir(dir: string): string {
  if (existsSync(join(dir, "sweep.json"))) return dir;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new EvaluateInputError(`${dir}: no such directory`);
  const inner = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "sweep.json")))
    .map((entry) => join(dir, entry.name))
    .sort();
  if (inner.length === 1) return inner[0] as string;
  if (inner.length === 0) throw new EvaluateInputError(`${dir}: not a sweep directory (no sweep.json here or one level down)`);
  throw new EvaluateInputError(`${dir}: holds ${inner.length} sweeps (${inner.join(", ")}); name one of them`);
}

function pointSources(dirs: readonly string[], plan: StoredPlan): Map<string, string> {
  const sources = new Map<string, string>();
  const wanted = new Set(plan.points.map((p) => p.id));
  for (const dir of dirs) {
    for (const id of [...finishedPointIds(dir)].sort()) {
      if (!wanted.has(id)) throw new EvaluateInputError(`${join(dir, "points", id)}: this point is not in the sweep's plan`);
      const earlier = sources.get(id);
      if (earlier === undefined) {
        sources.set(id, dir);
        continue;
      }
      const a = lookupPath(readPointResult(earlier, id), "manifest.resultHash");
      const b = lookupPath(readPointResult(dir, id), "manifest.resultHash");
      if (a !== b) throw new EvaluateInputError(`point ${id}: ${earlier} and ${dir} hold different results (resultHash ${String(a)} vs ${String(b)})`);
    }
  }
  return sources;
}

export function mergeSweeps(dirs: readonly string[], out: string | undefined): MergeOutcome {
  if (dirs.length === 0) throw new EvaluateInputError("merge: name at least one sweep directory");
  const sweepDirs = dirs.map(findSweepDir);
  const plans = sweepDirs.map(readPlan);
  const plan = plans[0] as StoredPlan;
  plans.forEach((other, i) => {
    if (other.planHash !== plan.planHash) {
      throw new EvaluateInputError(`${sweepDirs[i]}: a different sweep from ${sweepDirs[0]} (plan ${other.planHash.slice(0, 12)} vs ${plan.planHash.slice(0, 12)})`);
    }
  });
  const sources = pointSources(sweepDirs, plan);
  const missing = plan.points.filter((p) => !sources.has(p.id));
  if (missing.length > 0) {
    const shown = missing.slice(0, 8).map((p) => `${p.id} (seed ${p.seed})`).join(", ");
    throw new EvaluateInputError(`merge: ${missing.length} of ${plan.points.length} points are in none of the directories: ${shown}${missing.length > 8 ? ", …" : ""} — run the missing shards (with --resume) first`);
  }
  const target = out === undefined ? (sweepDirs[0] as string) : join(out, plan.name);
  if (!existsSync(join(target, "sweep.json"))) writeFileAtomically(join(target, "sweep.json"), JSON.stringify(plan, null, 2) + "\n");
  else if (readPlan(target).planHash !== plan.planHash) throw new EvaluateInputError(`${target}: holds another sweep; choose another --out`);
  const present = finishedPointIds(target);
  let copied = 0;
  for (const point of plan.points) {
    const source = sources.get(point.id) as string;
    if (present.has(point.id) || resolve(source) === resolve(target)) continue;
    copyPoint(source, target, point.id);
    copied++;
  }
  const { summary } = summarizeIfComplete(target);
  if (summary === undefined) throw new Error(`merge: ${target} is still incomplete after copying`);
  return { sweepDir: target, points: plan.points.length, copied, summary };
}
