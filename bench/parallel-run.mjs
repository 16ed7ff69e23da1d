// One measurement for bench/parallel.ts, in a fresh process on the built package:
//   node bench/parallel-run.mjs <scenario> <workers> [key=value ...]
// prints {"seconds", "hash", "events", "parallel"} as one JSON line. LEDGERSIM_SYNC=pipeline|lock-step picks
// how partitions synchronise (default: the engine's choice).
import { simulateParallel } from "../dist/engine/parallel/coordinator.js";
import { simulate } from "../dist/engine/simulation.js";
import { buildResult } from "../dist/results/result.js";
import { loadScenarioFile } from "../dist/scenario/load.js";

const [file, workersArg, ...sets] = process.argv.slice(2);
const workers = Number(workersArg);
const loaded = loadScenarioFile(file, sets);
const start = performance.now();
const sync = process.env.LEDGERSIM_SYNC;
const outcome = workers <= 1 ? simulate(loaded.scenario) : await simulateParallel(loaded.scenario, { workers, ...(sync ? { sync } : {}) });
const seconds = (performance.now() - start) / 1000;
const hash = buildResult({ loaded, outcome, gitCommit: "bench", workers, wall: { seconds, startedAt: "", host: "" } }).result.manifest.resultHash;
console.log(JSON.stringify({ seconds, hash, events: outcome.events, ...(outcome.parallel === undefined ? {} : { parallel: outcome.parallel }) }));
