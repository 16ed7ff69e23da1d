/**
 * `ledgersim run`: load and validate the scenario, simulate, write the result directory atomically, print
 * the summary (stderr) and the directory or the result JSON (stdout). The only wall-clock reads in the
 * project live here, and they go into `manifest.wall` alone.
 */
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCryptoWorkers, simulateWithCryptoWorkers } from "./crypto-workers.js";
import { buildResult, runFailed, type RunResult } from "../results/result.js";
import { renderChartPngs, renderRunReport } from "../report/index.js";
import { resultJson, runDirectoryName, timeseriesCsv, transactionsCsv, writeDirectoryAtomically } from "../results/write.js";
import { EXIT_CRITERIA_FAILED, EXIT_OK, UsageError } from "./exit-codes.js";
import { chooseWorkers } from "../engine/parallel/auto.js";
import { formatParallelStats, ParallelPassedMaxEvents, ParallelUnsupportedError, simulateParallel } from "../engine/parallel/coordinator.js";
import type { SimulationOutcome } from "../engine/simulation.js";
import type { Scenario } from "../scenario/types.js";
import { loadForCli } from "./load.js";
import { formatSummary } from "./summary.js";

export interface RunOptions {
  seed?: string;
  set: string[];
  out: string;
  json: boolean;
  write: boolean;
  /** Write transactions.csv (one row per submitted transaction). */
  txLog?: boolean;
  /** Also write charts/*.png next to the SVGs. */
  png?: boolean;
  /** Crypto pool size (`--crypto-workers`; default min(2, cores); "0" = none). */
  cryptoWorkers?: string;
  /** Node worker threads (`--workers N|auto`; default: the scenario's engine.workers, itself auto by default). */
  workers?: string;
}

function parseWorkers(value: string | undefined, fallback: number | "auto"): number | "auto" {
  if (value === undefined) return fallback;
  if (value.trim() === "auto") return "auto";
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--workers: expected 'auto' or an integer from 1 to 256, found '${value}'`);
  return n;
}

/** The engine the options ask for: single-threaded (with the crypto pool) or parallel (engine/parallel). */
async function simulateFor(scenario: Scenario, workers: number, txLog: boolean, cryptoWorkers: number): Promise<SimulationOutcome> {
  if (workers <= 1) return simulateWithCryptoWorkers(scenario, { txLog }, cryptoWorkers);
  try {
    const outcome = await simulateParallel(scenario, { workers, txLog });
    process.stderr.write(formatParallelStats(outcome.parallel));
    return outcome;
  } catch (error) {
    if (error instanceof ParallelUnsupportedError) throw new UsageError(error.message);
    if (error instanceof ParallelPassedMaxEvents) {
      // Where exactly the single thread stops depends on the order of events across workers: run it so.
      process.stderr.write(`parallel   ${error.message}; running on one thread for an exact stop\n`);
      return simulateWithCryptoWorkers(scenario, { txLog }, cryptoWorkers);
    }
    throw error;
  }
}

function gitCommit(): string {
  const repo = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
  const out = spawnSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" });
  return out.status === 0 ? out.stdout.trim() : "unknown";
}

function reproduceLine(file: string, options: RunOptions, seed: number): string {
  const sets = options.set.filter((s) => !s.startsWith("seed=")).map((s) => ` --set '${s}'`).join("");
  return `ledgersim run ${file} --seed ${seed}${sets}`;
}

export async function runCommand(file: string, options: RunOptions): Promise<number> {
  const cryptoWorkers = parseCryptoWorkers(options.cryptoWorkers);
  const sets = options.seed === undefined ? options.set : [...options.set, `seed=${options.seed}`];
  const loaded = loadForCli(file, sets);
  const scenario = loaded.scenario;
  process.stderr.write(`running ${scenario.name}: ${scenario.protocol.name}, ${scenario.nodes.count} nodes, seed ${scenario.seed}\n`);
  const startedAt = new Date();
  const wallStart = performance.now();
  const { workers, why } = chooseWorkers(scenario, parseWorkers(options.workers, scenario.engine.workers));
  if (workers > 1 || why === undefined) process.stderr.write(`workers    ${workers}${options.workers === undefined && scenario.engine.workers === "auto" ? " (auto)" : ""}\n`);
  if (workers > 1 && options.cryptoWorkers !== undefined) {
    process.stderr.write("note       --crypto-workers is not used with several workers: each worker signs and verifies for its own nodes\n");
  }
  const outcome = await simulateFor(scenario, workers, options.txLog === true, cryptoWorkers);
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const { result, timeseries } = buildResult({
    loaded, outcome, gitCommit: gitCommit(), workers,
    wall: { seconds: Math.round(wallSeconds * 1000) / 1000, startedAt: startedAt.toISOString(), host: hostname() },
  });
  const reproduce = reproduceLine(file, options, scenario.seed);
  let resultDir: string | undefined;
  if (options.write) {
    resultDir = join(options.out, scenario.name, runDirectoryName(startedAt, scenario.seed));
    const report = await renderRunReport(result, timeseries, reproduce);
    writeDirectoryAtomically(resultDir, {
      "result.json": resultJson(result),
      "timeseries.csv": timeseriesCsv(timeseries),
      ...(outcome.transactions === undefined ? {} : { "transactions.csv": transactionsCsv(outcome.transactions) }),
      ...report.files,
      ...(options.png === true ? await renderChartPngs(report.files) : {}),
    });
  }
  const shownDir = resultDir === undefined ? undefined : relative(process.cwd(), resultDir) || resultDir;
  process.stderr.write(formatSummary(result, shownDir, reproduce));
  if (shownDir !== undefined) process.stderr.write(`report     ${join(shownDir, "report.html")}\n`);
  if (options.json) process.stdout.write(JSON.stringify(result, null, 2) + "\n");
  else if (shownDir !== undefined) process.stdout.write(shownDir + "\n");
  return exitCodeFor(result);
}

export function exitCodeFor(result: RunResult): number {
  return runFailed(result) ? EXIT_CRITERIA_FAILED : EXIT_OK;
}
