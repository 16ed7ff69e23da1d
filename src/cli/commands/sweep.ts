/**
 * `ledgersim sweep <scenario> [--shard i/N | --shard auto [--shard-count N]] [--resume] [--workers N]
 * [--out DIR] [--set path=value]...`: runs the scenario's `sweep:` grid (src/evaluate/sweep.ts). Prints the
 * summary.csv path on stdout when the sweep is complete; exit 99 if a point's criteria failed or its safety
 * was violated, 104 for bad input (nothing run, nothing written).
 */
import { availableParallelism } from "node:os";
import { relative } from "node:path";
import { EvaluateInputError } from "../../evaluate/errors.js";
import { gitCommit } from "../../evaluate/provenance.js";
import { resolveShard } from "../../evaluate/shard.js";
import { runSweep } from "../../evaluate/sweep.js";
import { EXIT_CRITERIA_FAILED, EXIT_OK, UsageError } from "../exit-codes.js";
import { collect, type RegisterCommand } from "./types.js";

interface SweepCliOptions {
  shard?: string;
  shardCount?: string;
  resume: boolean;
  workers?: string;
  out: string;
  set: string[];
}

/** `--workers N`: a positive integer (default: every core). */
export function parseWorkers(text: string | undefined): number {
  if (text === undefined) return availableParallelism();
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new UsageError(`--workers: expected a positive integer, found '${text}'`);
  return Number(text);
}

/** Runs `body`, turning the evaluation layer's input errors into exit 104. */
export async function asUsage<T>(body: () => Promise<T> | T): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof EvaluateInputError) throw new UsageError(error.message);
    throw error;
  }
}

function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

async function sweepCommand(file: string, options: SweepCliOptions): Promise<number> {
  const workers = parseWorkers(options.workers);
  const outcome = await asUsage(() => {
    const shard = resolveShard(options.shard, options.shardCount, process.env);
    if (shard !== undefined) process.stderr.write(`shard ${shard.index}/${shard.count} (${shard.origin})\n`);
    return runSweep({ scenarioFile: file, sets: options.set, out: options.out, resume: options.resume, workers, gitCommit: gitCommit(), ...(shard === undefined ? {} : { shard }) });
  });
  const { plan } = outcome;
  process.stderr.write(
    `sweep ${plan.name}: ${plan.cells} cells × ${plan.seedsPerCell} seeds = ${plan.points.length} points; ran ${outcome.ran}, ` +
      `${outcome.skipped} already finished, ${outcome.failedPoints.length} failed criteria or safety\n`,
  );
  if (outcome.failedPoints.length > 0) process.stderr.write(`failed     ${outcome.failedPoints.join(" ")}\n`);
  if (outcome.summary !== undefined) {
    process.stderr.write(`summary    ${shown(outcome.summary.csv)}\n`);
    process.stdout.write(shown(outcome.summary.csv) + "\n");
  } else {
    process.stderr.write(`incomplete ${outcome.missing} point(s) of the plan are not in ${shown(outcome.sweepDir)} yet; when every shard has finished: ledgersim merge <shard dirs>...\n`);
    process.stdout.write(shown(outcome.sweepDir) + "\n");
  }
  return outcome.failedPoints.length > 0 ? EXIT_CRITERIA_FAILED : EXIT_OK;
}

export const registerSweep: RegisterCommand = (program, setExit) => {
  program
    .command("sweep")
    .description("run the scenario's sweep: grid (× seeds) on worker threads; per-point results, summary.csv with 95% CIs")
    .argument("<scenario>", "scenario file with a sweep: block")
    .option("--shard <i/N|auto>", "run only shard i of N (1-based); auto: from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX")
    .option("--shard-count <n>", "with --shard auto on Kubernetes: the Indexed Job's completions")
    .option("--resume", "skip points that are already finished", false)
    .option("--workers <n>", "worker threads, one point each (default: every core; results do not depend on it)")
    .option("--out <dir>", "results root; the sweep goes to <dir>/<sweep-name>/", "results/sweep")
    .option("--set <path=value>", "override a scenario key for every point (repeatable)", collect, [])
    .action(async (file: string, opts: SweepCliOptions) => setExit(await sweepCommand(file, opts)));
};
