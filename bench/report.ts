/**
 * Report rendering time: every chart of a 60-second, 4-node run rendered to SVG plus report.html, from the
 * test fixture (a fixed input, no simulation). Target: under 3 s. Prints the time to load the report module
 * (vega, vega-lite), the first (cold) render, which also reads the inlined libraries, and the median of the
 * warm renders after it. Then the same for a two-run comparison (compare.html) and a 30-point sweep (sweep.html).
 *
 *   npx tsx bench/report.ts
 */
import { fixtureResult, fixtureTimeseries } from "../test/report/fixtures/run-60s.js";
import { secondRun } from "../test/report/fixtures/second-run.js";
import { fixtureSweep } from "../test/report/fixtures/sweep.js";

const importStarted = performance.now();
const { renderRunReport, renderCompareReport, renderSweepReport } = await import("../src/report/index.js");
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

async function medianMs(render: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    const started = performance.now();
    await render();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

const runs = [
  { dir: "a", label: "pbft/sm", result: fixtureResult(), timeseries: fixtureTimeseries() },
  { dir: "b", label: "hotstuff/intl", result: secondRun(), timeseries: fixtureTimeseries() },
];
console.log(`  compare, 2 runs (median of ${WARM_RUNS}):  ${(await medianMs(() => renderCompareReport(runs))).toFixed(0)} ms`);
console.log(`  sweep, 30 points (median of ${WARM_RUNS}): ${(await medianMs(() => renderSweepReport(fixtureSweep()))).toFixed(0)} ms`);
