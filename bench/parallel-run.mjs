// One measurement for bench/parallel.ts, in a fresh process on the built package:
//   node bench/parallel-run.mjs <scenario> <workers> [key=value ...]
// prints {"seconds", "hash", "events", "parallel"} as one JSON line. LEDGERSIM_SYNC=pipeline|lock-step picks
// how partitions synchronise (default: the engine's choice). "processCpuSeconds" is the CPU the whole process
// used (every thread: partitions, V8's compiler and GC helpers); the partitions' own is parallel.cpuSeconds.
import { simulateParallel } from "../dist/engine/parallel/coordinator.js";
import { simulate } from "../dist/engine/simulation.js";
import { buildResult } from "../dist/results/result.js";
import { loadScenarioFile } from "../dist/scenario/load.js";

const [file, workersArg, ...sets] = process.argv.slice(2);
const workers = Number(workersArg);
const loaded = loadScenarioFile(file, sets);
const start = performance.now();
const sync = process.env.LEDGERSIM_SYNC;
if (sync !== undefined && sync !== "pipeline" && sync !== "lock-step") {
  console.error(`bench/parallel-run: LEDGERSIM_SYNC must be pipeline or lock-step, found '${sync}'`);
  process.exit(104);
}
const outcome = workers <= 1 ? simulate(loaded.scenario) : await simulateParallel(loaded.scenario, { workers, ...(sync ? { sync } : {}) });
const seconds = (performance.now() - start) / 1000;
const usage = process.cpuUsage();
const processCpuSeconds = Math.round((usage.user + usage.system) / 1e4) / 100;
const hash = buildResult({ loaded, outcome, gitCommit: "bench", workers, wall: { seconds, startedAt: "", host: "" } }).result.manifest.resultHash;
console.log(JSON.stringify({ seconds, hash, events: outcome.events, processCpuSeconds, ...(outcome.parallel === undefined ? {} : { parallel: outcome.parallel }) }));
