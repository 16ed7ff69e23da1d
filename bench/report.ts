/**
 * Report rendering time: every chart of a 60-second, 4-node run rendered to SVG plus report.html, from the
 * test fixture (a fixed input, no simulation). Target: under 3 s. Prints the time to load the report module
 * (vega, vega-lite), the first (cold) render, which also reads the inlined libraries, and the median of the
 * warm renders after it.
 *
 *   npx tsx bench/report.ts
 */
import { fixtureResult, fixtureTimeseries } from "../test/report/fixtures/run-60s.js";

const importStarted = performance.now();
const { renderRunReport } = await import("../src/report/index.js");
const importMs = performance.now() - importStarted;

const WARM_RUNS = 5;
const TARGET_MS = 3000;

async function timeOnce(): Promise<{ ms: number; bytes: number; files: number }> {
  const result = fixtureResult();
  const rows = fixtureTimeseries();
  const started = performance.now();
  const { files } = await renderRunReport(result, rows, "ledgersim run scenarios/pbft-4-crash.yaml --seed 42");
  const ms = performance.now() - started;
  const bytes = Object.values(files).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
  return { ms, bytes, files: Object.keys(files).length };
}

const cold = await timeOnce();
const warm: number[] = [];
for (let i = 0; i < WARM_RUNS; i++) warm.push((await timeOnce()).ms);
warm.sort((a, b) => a - b);
const median = warm[Math.floor(warm.length / 2)] as number;
console.log(`report render, 60 s run, 4 nodes, ${cold.files} files, ${(cold.bytes / 1e6).toFixed(2)} MB`);
const coldTotal = importMs + cold.ms;
console.log(`  load vega + vega-lite:        ${importMs.toFixed(0)} ms`);
console.log(`  first render:                 ${cold.ms.toFixed(0)} ms`);
console.log(`  warm render (median of ${WARM_RUNS}):   ${median.toFixed(0)} ms`);
console.log(`  cold total ${coldTotal.toFixed(0)} ms, target < ${TARGET_MS} ms: ${coldTotal < TARGET_MS ? "met" : "MISSED"}`);
