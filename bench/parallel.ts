/**
 * Parallel engine bench (ARCHITECTURE §9): wall time of the same run with 1 worker (the single-threaded
 * engine) and with 2 (or the counts given by --workers 1,2,4) on a crypto-heavy scenario — PBFT, 64 nodes,
 * SM suite — and on the 10,000-node Nakamoto scenario, checking that every worker count gives the same
 * resultHash. Durations are shortened so a run fits a CI minute; pass --pbft-duration / --nakamoto-duration.
 *
 *   npx tsx bench/parallel.ts [--workers 1,2] [--pbft-duration 5s] [--nakamoto-duration 20m]
 */
import { cpus, loadavg } from "node:os";
import { simulateParallel } from "../src/engine/parallel/coordinator.js";
import { simulate, type SimulationOutcome } from "../src/engine/simulation.js";
import { buildResult } from "../src/results/result.js";
import { loadScenarioFile } from "../src/scenario/load.js";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const workerCounts = arg("--workers", "1,2").split(",").map(Number);
const CASES: { label: string; file: string; sets: string[] }[] = [
  {
    label: "PBFT, 64 nodes, SM, 500 tx/s",
    file: "scenarios/pbft-16-cloud.yaml",
    sets: ["nodes.count=64", `duration=${arg("--pbft-duration", "5s")}`, "metrics.warmup=1s", "faults=[]", "workload.arrival.rate=500"],
  },
  {
    label: "Nakamoto, 10,000 nodes",
    file: "scenarios/nakamoto-10k.yaml",
    sets: [`duration=${arg("--nakamoto-duration", "20m")}`, "metrics.warmup=1m"],
  },
];

async function runOnce(file: string, sets: string[], workers: number): Promise<{ seconds: number; hash: string; outcome: SimulationOutcome; detail: string }> {
  const loaded = loadScenarioFile(file, sets);
  const start = performance.now();
  let outcome: SimulationOutcome;
  let detail = "";
  if (workers <= 1) {
    outcome = simulate(loaded.scenario);
  } else {
    const parallel = await simulateParallel(loaded.scenario, { workers });
    const p = parallel.parallel;
    detail = `lookahead ${p.lookaheadUs} µs, ${p.windows} windows, ${Math.round(p.events / Math.max(1, p.windows))} events/window, barrier wait ${(p.barrierWaitShare * 100).toFixed(1)}%`;
    outcome = parallel;
  }
  const seconds = (performance.now() - start) / 1000;
  const hash = buildResult({ loaded, outcome, gitCommit: "bench", workers, wall: { seconds, startedAt: "", host: "" } }).result.manifest.resultHash;
  return { seconds, hash, outcome, detail };
}

console.log(`parallel engine bench — ${cpus().length} cores, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}`);
let mismatch = false;
for (const c of CASES) {
  console.log(`\n${c.label}  (${c.file} ${c.sets.map((s) => `--set ${s}`).join(" ")})`);
  let baseline: { seconds: number; hash: string } | undefined;
  for (const workers of workerCounts) {
    const run = await runOnce(c.file, c.sets, workers);
    baseline ??= run;
    const same = run.hash === baseline.hash;
    mismatch ||= !same;
    const speedup = baseline.seconds / run.seconds;
    console.log(
      `  --workers ${workers}: ${run.seconds.toFixed(2)} s wall, ${run.outcome.events.toLocaleString("en-US")} events, ` +
        `×${speedup.toFixed(2)} vs ${workerCounts[0]}, resultHash ${run.hash.slice(0, 16)}… ${same ? "same" : "DIFFERENT"}` +
        (run.detail === "" ? "" : `\n      ${run.detail}`),
    );
  }
}
if (mismatch) {
  console.error("\nresultHash differs between worker counts: determinism bug");
  process.exitCode = 1;
}
