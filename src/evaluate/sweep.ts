/**
 * `ledgersim sweep`: expand the scenario's grid, validate every point before anything is written, run this
 * shard's unfinished points on the worker pool (one point per worker), write each finished point atomically
 * as it arrives, and — once the sweep directory holds every point of the plan — write summary.csv and
 * summary.ndjson. An interrupted sweep keeps every finished point; `resume` skips them.
 */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderSweepReport } from "../report/sweep.js";
import { ScenarioError } from "../scenario/errors.js";
import { EvaluateInputError } from "./errors.js";
import { loadChecked } from "./load.js";
import { PointFailure, PointPool, PoolCancelled } from "./pool.js";
import { Progress, type ProgressStream } from "./progress.js";
import type { Shard } from "./shard.js";
import { planSweep, shardPoints, type SweepPlan, type SweepPoint } from "./sweep-plan.js";
import { ensurePlan, finishedPointIds, readPlan, readPointResult, writeFileAtomically, writePoint } from "./sweep-store.js";
import { summaryCsv, summaryNdjson, sweepReportSummary } from "./summary.js";

export interface SweepOptions {
  scenarioFile: string;
  sets: string[];
  /** Results root: the sweep goes to `<out>/<sweep-name>/`. */
  out: string;
  shard?: Shard;
  resume: boolean;
  workers: number;
  gitCommit: string;
  progress?: ProgressStream;
}

export interface SweepOutcome {
  sweepDir: string;
  plan: SweepPlan;
  /** Points of this shard that ran now, and that were already finished. */
  ran: number;
  skipped: number;
  /** Points (this run) whose criteria failed or whose safety was violated. */
  failedPoints: string[];
  /** The summary files, when the directory held every point. */
  summary?: { csv: string; ndjson: string };
  missing: number;
}

/** Loads every point once, so a bad value on any axis is refused (exit 104) before anything runs. */
function validatePoints(file: string, points: readonly SweepPoint[]): void {
  const messages: string[] = [];
  for (const point of points) {
    try {
      loadChecked(file, point.sets);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      const where = point.overrides.map(([path, value]) => `${path}=${JSON.stringify(value)}`).join(" ");
      messages.push(`sweep point ${point.id} (${where}, seed ${point.seed}):\n${error.message}`);
      if (messages.length >= 5) break;
    }
  }
  if (messages.length > 0) throw new EvaluateInputError(`invalid sweep point(s):\n${messages.join("\n")}`);
}

/** Writes the summaries if the directory holds every point of its plan; returns how many are missing. */
/**
 * Renders sweep.html and charts/*.svg (throughput vs load, latency vs throughput, metrics vs size, with 95 %
 * confidence intervals across seeds) from a complete sweep directory; each file is written atomically.
 */
export async function renderSweepCharts(sweepDir: string): Promise<void> {
  const plan = readPlan(sweepDir);
  const results = new Map<string, unknown>();
  for (const point of plan.points) results.set(point.id, readPointResult(sweepDir, point.id));
  const { files } = await renderSweepReport(sweepReportSummary(plan, results));
  for (const name of Object.keys(files).sort()) {
    const path = join(sweepDir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomically(path, files[name] as string);
  }
}

export function summarizeIfComplete(sweepDir: string): { missing: number; summary?: { csv: string; ndjson: string } } {
  const plan = readPlan(sweepDir);
  const finished = finishedPointIds(sweepDir);
  const missing = plan.points.filter((p) => !finished.has(p.id)).length;
  if (missing > 0) return { missing };
  const results = new Map<string, unknown>();
  for (const point of plan.points) results.set(point.id, readPointResult(sweepDir, point.id));
  const csv = join(sweepDir, "summary.csv");
  const ndjson = join(sweepDir, "summary.ndjson");
  writeFileAtomically(csv, summaryCsv(plan, results));
  writeFileAtomically(ndjson, summaryNdjson(plan, results));
  return { missing: 0, summary: { csv, ndjson } };
}

export async function runSweep(options: SweepOptions): Promise<SweepOutcome> {
  const loaded = loadChecked(options.scenarioFile, options.sets);
  const plan = planSweep(loaded, options.scenarioFile, options.sets);
  const mine = options.shard === undefined ? plan.points : shardPoints(plan, options.shard.index, options.shard.count);
  validatePoints(options.scenarioFile, mine);
  const sweepDir = join(options.out, plan.name);
  const finished = finishedPointIds(sweepDir);
  const already = mine.filter((p) => finished.has(p.id));
  if (already.length > 0 && !options.resume) {
    throw new EvaluateInputError(`${sweepDir}: ${already.length} of this run's points are already finished; pass --resume to skip them, or choose another --out`);
  }
  ensurePlan(sweepDir, plan);
  const todo = mine.filter((p) => !finished.has(p.id));
  const failedPoints = await runPoints(options, sweepDir, todo);
  const { missing, summary } = summarizeIfComplete(sweepDir);
  if (summary !== undefined) await renderSweepCharts(sweepDir);
  return { sweepDir, plan, ran: todo.length, skipped: already.length, failedPoints, missing, ...(summary === undefined ? {} : { summary }) };
}

async function runPoints(options: SweepOptions, sweepDir: string, todo: readonly SweepPoint[]): Promise<string[]> {
  if (todo.length === 0) return [];
  const pool = new PointPool(Math.max(1, Math.min(options.workers, todo.length)));
  const label = options.shard === undefined ? "sweep" : `sweep shard ${options.shard.index}/${options.shard.count}`;
  const progress = new Progress(label, todo.length, pool.size, options.progress);
  const failed: string[] = [];
  let firstError: Error | undefined;
  const runOne = async (point: SweepPoint): Promise<void> => {
    try {
      const output = await pool.run({ scenarioFile: options.scenarioFile, sets: point.sets, gitCommit: options.gitCommit });
      writePoint(sweepDir, point, output);
      if (output.failed) failed.push(point.id);
      progress.finished();
    } catch (error) {
      if (error instanceof PoolCancelled) return;
      firstError ??= error instanceof Error ? error : new Error(String(error));
      pool.cancelQueued();
    }
  };
  progress.start();
  try {
    await Promise.all(todo.map(runOne));
  } finally {
    progress.stop();
    await pool.close();
  }
  if (firstError !== undefined) {
    if (firstError instanceof PointFailure && firstError.inputError) throw new EvaluateInputError(firstError.message);
    throw firstError;
  }
  return failed.sort();
}
