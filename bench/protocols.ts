/**
 * bench/protocols: each protocol at n = 4, 16, 64 on cloud-10 with SM crypto and the same Poisson load —
 * committed TPS, p50/p99 confirmation latency and wall seconds per simulated second.
 * Usage: npx tsx bench/protocols.ts [--sizes 4,16,64] [--seconds 10] [--rate 200]
 */
import { ALL_PROTOCOLS, runPoint, table } from "./protocol-runs.js";

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? (process.argv[index + 1] as string) : fallback;
}
const sizes = arg("--sizes", "4,16,64").split(",").map(Number);
const seconds = Number(arg("--seconds", "10"));
const rate = Number(arg("--rate", "200"));
const rows: (string | number)[][] = [];
for (const protocol of ALL_PROTOCOLS) {
  for (const n of sizes) {
    const point = runPoint(protocol, n, { seconds, rate, suite: "sm", maxWaitMs: 50 });
    const { throughput, latency } = point.outcome.metrics;
    rows.push([
      protocol, n, throughput.offeredTps, throughput.tps, latency.p50Ms, latency.p99Ms,
      point.outcome.safety.ok ? "ok" : "VIOLATED", (point.wallSeconds / seconds).toFixed(2),
    ]);
    console.error(`done ${protocol} n=${n}`);
  }
}
console.log(`${seconds} simulated s per point, Poisson ${rate} tx/s, SM2/SM3, cloud-10 (4 regions)`);
console.log(table(["protocol", "n", "offered tx/s", "tps", "p50 ms", "p99 ms", "safety", "wall s / sim s"], rows));
