/**
 * bench/nakamoto: SimBlock's reference run — 10,000 nodes, 1 MB blocks every 600 s on simblock-2019, until
 * height 21 (scenarios/nakamoto-10k.yaml). Targets on a 2-core machine: ≤ 20 s wall and ≤ 1 GB peak memory
 * (SimBlock: ~17 s, ~700 MB). Prints wall seconds (set-up and run apart), simulated hours, peak RSS, and the
 * propagation and stale figures.
 * Usage: npx tsx bench/nakamoto.ts [scenario.yaml] [--set key=value]...
 */
import { readFileSync } from "node:fs";
import { simulate } from "../src/engine/simulation.js";
import { loadScenarioText } from "../src/scenario/load.js";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && !args[args.indexOf(a) - 1]?.startsWith("--set")) ?? "scenarios/nakamoto-10k.yaml";
const sets = args.flatMap((a, i) => (args[i - 1] === "--set" ? [a] : []));

const started = performance.now();
const cpuStarted = process.cpuUsage();
const scenario = loadScenarioText(readFileSync(file, "utf8"), file, sets).scenario;
const outcome = simulate(scenario);
const wallSeconds = (performance.now() - started) / 1000;
// CPU seconds of this process: on a machine shared with other work, wall time overstates the run.
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const peakRssMiB = process.resourceUsage().maxRSS / 1024;

const sections = (outcome.protocol?.sections ?? {}) as Record<string, Record<string, unknown>>;
const mining = sections.mining ?? {};
const propagation = sections.propagation ?? {};
const blocks = (propagation.blocks ?? []) as { minedS: number; p100Ms: number | null }[];
// Simulated time until the last block had reached every node: when the chain's work was done.
let doneS = 0;
for (const row of blocks) doneS = Math.max(doneS, row.minedS + (row.p100Ms ?? 0) / 1000);
const pct = (key: string): string => {
  const s = propagation[key] as { p50: number; mean: number; p90: number; max: number } | undefined;
  return s === undefined ? "n/a" : `p50 ${(s.p50 / 1000).toFixed(2)} s, mean ${(s.mean / 1000).toFixed(2)} s, max ${(s.max / 1000).toFixed(2)} s`;
};
const n = scenario.nodes.count;
console.log(`nakamoto bench: ${file} — ${n} nodes, seed ${scenario.seed}`);
console.log(`  wall ${wallSeconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s); peak RSS ${peakRssMiB.toFixed(0)} MiB; events ${outcome.events}`);
console.log(
  `  simulated ${(doneS / 3600).toFixed(2)} h until the last block reached every node (bound ${(scenario.durationUs / 3.6e9).toFixed(2)} h); main chain height ${String(mining.mainChainHeight)}, ` +
    `${String(mining.blocksProduced)} blocks mined, ${String(mining.staleBlocks)} stale (rate ${String(mining.staleRate)}), ` +
    `mean interval ${String(mining.meanIntervalS)} s`,
);
console.log(`  propagation to 50%: ${pct("to50PercentMs")}`);
console.log(`  propagation to 90%: ${pct("to90PercentMs")}`);
console.log(`  propagation to 100%: ${pct("to100PercentMs")}`);
console.log(`  safety ok: ${outcome.safety.ok}`);
console.log(
  `  targets (≤ 20 s wall, ≤ 1024 MiB): wall ${wallSeconds <= 20 ? "MET" : "NOT MET"}, memory ${peakRssMiB <= 1024 ? "MET" : "NOT MET"}`,
);
