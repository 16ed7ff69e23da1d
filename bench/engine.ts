/**
 * bench/engine: PHOLD events per second, single-threaded. Target ≥ 2,000,000 events/s on a 2-core machine.
 * Usage: npx tsx bench/engine.ts [--nodes N] [--events-per-node M] [--sim-seconds S]
 */
import { runPhold } from "./phold.js";

function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const nodes = arg("--nodes", 1000);
const eventsPerNode = arg("--events-per-node", 16);
const simSeconds = arg("--sim-seconds", 20);
const options = { nodes, eventsPerNode, lookaheadUs: 1000, meanDelayUs: 9000, endUs: simSeconds * 1e6, seed: 1 };

// Warm-up run so the JIT has compiled the hot path before the measured run.
runPhold({ ...options, endUs: 2e6 });
const runs: number[] = [];
let events = 0;
for (let i = 0; i < 3; i++) {
  const started = performance.now();
  const outcome = runPhold(options);
  const wallSeconds = (performance.now() - started) / 1000;
  events = outcome.events;
  runs.push(outcome.events / wallSeconds);
}
runs.sort((a, b) => a - b);
const median = runs[1] as number;
console.log(
  `PHOLD nodes=${nodes} eventsPerNode=${eventsPerNode} simSeconds=${simSeconds}: ${events} events per run; ` +
    `median ${(median / 1e6).toFixed(2)} M events/s (runs: ${runs.map((r) => (r / 1e6).toFixed(2)).join(", ")}); ` +
    `target 2.00 M events/s: ${median >= 2e6 ? "MET" : "NOT MET"}`,
);
