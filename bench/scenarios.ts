/**
 * bench/scenarios: wall seconds and simulated seconds per wall second for the shipped scenarios, each run twice:
 * on one thread (simulate) and with the workload's crypto in a pool of worker threads (simulateAsync), with a
 * check that both gave the same outcome. Also printed: the simulation thread's own CPU seconds (Linux, from
 * /proc), which is the run's critical path when the cores are free — wall time on a busy machine mostly
 * measures the other processes.
 * Usage: npx tsx bench/scenarios.ts [--crypto-workers N] [scenario.yaml ...]
 *   (default: quickstart and pbft-16-cloud; N defaults to min(2, cores); 0 skips the pool line)
 */
import { CryptoPool, defaultCryptoWorkers } from "../src/crypto/pool.js";
import { simulate, simulateAsync, type SimulationOutcome } from "../src/engine/simulation.js";
import { readFileSync } from "node:fs";
import { loadScenarioFile } from "../src/scenario/load.js";
import type { Scenario } from "../src/scenario/types.js";

const args = process.argv.slice(2);
const flag = args.indexOf("--crypto-workers");
const cryptoWorkers = flag >= 0 ? Number(args[flag + 1]) : defaultCryptoWorkers();
if (!Number.isInteger(cryptoWorkers) || cryptoWorkers < 0) throw new Error("bench/scenarios: --crypto-workers expects an integer ≥ 0");
const named = args.filter((_, i) => flag < 0 || (i !== flag && i !== flag + 1));
const files = named.length > 0 ? named : ["scenarios/quickstart.yaml", "scenarios/pbft-16-cloud.yaml"];

/** CPU seconds (user + system) of this process's main thread so far; null where /proc is unavailable. */
function mainThreadCpuSeconds(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // fields from the 3rd (state) on
    const ticksPerSecond = 100; // USER_HZ on Linux
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond; // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

/** Runs `body`, returning its value with the wall and main-thread CPU seconds it took. */
async function timed<T>(body: () => Promise<T> | T): Promise<{ value: T; wallSeconds: number; cpuSeconds: number | null }> {
  const cpuStart = mainThreadCpuSeconds();
  const started = performance.now();
  const value = await body();
  const wallSeconds = (performance.now() - started) / 1000;
  const cpuEnd = mainThreadCpuSeconds();
  return { value, wallSeconds, cpuSeconds: cpuStart === null || cpuEnd === null ? null : cpuEnd - cpuStart };
}

const cpuText = (seconds: number | null): string => (seconds === null ? "n/a" : `${seconds.toFixed(2)} s`);

function report(label: string, scenario: Scenario, outcome: SimulationOutcome, wallSeconds: number): void {
  const simSeconds = scenario.durationUs / 1e6;
  const verify = Object.entries(outcome.crypto)
    .map(([scheme, c]) => `${scheme} ${c.executed}/${c.charged}`)
    .join(", ");
  console.log(
    `${label}: ${scenario.nodes.count} nodes, ${simSeconds} simulated s in ${wallSeconds.toFixed(2)} wall s ` +
      `= ${(simSeconds / wallSeconds).toFixed(2)} simulated s per wall s; ${outcome.events} events ` +
      `(${Math.round(outcome.events / wallSeconds)} events/s); ${outcome.metrics.throughput.tps} tx/s committed; ` +
      `verifications computed/charged: ${verify}`,
  );
}

const pool = cryptoWorkers > 0 ? new CryptoPool({ workers: cryptoWorkers }) : undefined;
try {
  await pool?.warmUp();
  for (const file of files) {
    const { scenario } = loadScenarioFile(file, []);
    const sync = await timed(() => simulate(scenario));
    report(file, scenario, sync.value, sync.wallSeconds);
    if (pool === undefined) continue;
    const pooled = await timed(() => simulateAsync(scenario, { pool }));
    report(`${file} (crypto pool, ${cryptoWorkers} workers)`, scenario, pooled.value, pooled.wallSeconds);
    const same = JSON.stringify(pooled.value.metrics) === JSON.stringify(sync.value.metrics) && pooled.value.events === sync.value.events;
    console.log(
      `  wall ${sync.wallSeconds.toFixed(2)} s → ${pooled.wallSeconds.toFixed(2)} s (${(sync.wallSeconds / pooled.wallSeconds).toFixed(2)}×); ` +
        `simulation-thread CPU ${cpuText(sync.cpuSeconds)} → ${cpuText(pooled.cpuSeconds)}; same outcome: ${same ? "yes" : "NO"}`,
    );
    if (!same) process.exitCode = 1;
  }
} finally {
  await pool?.close();
}
