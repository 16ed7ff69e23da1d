/**
 * One evaluation run — a sweep point, a profile test, a capacity probe: load the scenario with its overrides,
 * simulate, build result.json. Pure apart from the wall-clock figures that go into `manifest.wall`, so the
 * same job gives the same result (and resultHash) in any worker thread, in any order.
 */
import { hostname } from "node:os";
import { simulate } from "../engine/simulation.js";
import { buildResult, runFailed } from "../results/result.js";
import { resultJson, timeseriesCsv } from "../results/write.js";
import { loadChecked } from "./load.js";

export interface PointJob {
  scenarioFile: string;
  /** `path=value` overrides, applied in order (the seed among them). */
  sets: string[];
  gitCommit: string;
}

export interface PointOutput {
  /** result.json text (ARCHITECTURE §6). */
  resultJson: string;
  timeseriesCsv: string;
  /** A criterion failed or safety was violated. */
  failed: boolean;
  wallSeconds: number;
}

export function runPoint(job: PointJob): PointOutput {
  const loaded = loadChecked(job.scenarioFile, job.sets);
  const startedAt = new Date();
  const wallStart = performance.now();
  const outcome = simulate(loaded.scenario);
  const wallSeconds = Math.round(performance.now() - wallStart) / 1000;
  const { result, timeseries } = buildResult({
    loaded, outcome, gitCommit: job.gitCommit, workers: 1,
    wall: { seconds: wallSeconds, startedAt: startedAt.toISOString(), host: hostname() },
  });
  return { resultJson: resultJson(result), timeseriesCsv: timeseriesCsv(timeseries), failed: runFailed(result), wallSeconds };
}
