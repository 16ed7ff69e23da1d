/**
 * Parallel engine bench (ARCHITECTURE §9): wall time of the same run with 1 worker (the single-threaded
 * engine) and with 2 — and 4 and 8 where the machine has that many cores — on a crypto-heavy scenario (PBFT,
 * 64 nodes, SM suite) and on the 10,000-node Nakamoto scenario, checking that every worker count gives the
 * same resultHash.
 *
 * Each measurement runs in a fresh Node process on the built package (dist/, what `ledgersim run` runs:
 * `npm run build` first), so no run inherits another's warmed-up code or heap. Runs alternate 1, 2, 1, 2, …
 * (--repeat times) so that a noisy neighbour hits both; the speed-up is the ratio of medians.
 *
 *   npx tsx bench/parallel.ts [--workers 1,2] [--repeat 3] [--pbft-duration 5s] [--nakamoto-duration 20m]
 *                             [--sync pipeline|lock-step]
 *
 * --sync picks how partitions synchronise (default: the engine's choice, the pipeline for these scenarios).
 * Without --nakamoto-duration the Nakamoto case is the shipped nakamoto-10k scenario whole (21 blocks).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const cores = availableParallelism();
const defaultCounts = [1, 2, 4, 8].filter((w) => w === 1 || w <= cores).join(",");
const workerCounts = arg("--workers", defaultCounts).split(",").map(Number);
const repeat = Number(arg("--repeat", "3"));
const sync = arg("--sync", "");
const CASES: { label: string; file: string; sets: string[] }[] = [
  {
    label: "PBFT, 64 nodes, SM, 500 tx/s",
    file: "scenarios/pbft-16-cloud.yaml",
    sets: ["nodes.count=64", `duration=${arg("--pbft-duration", "5s")}`, "metrics.warmup=1s", "faults=[]", "workload.arrival.rate=500"],
  },
  {
    label: "Nakamoto, 10,000 nodes",
    file: "scenarios/nakamoto-10k.yaml",
    // The shipped scenario as it is (21 blocks, ~3.5 simulated hours) unless --nakamoto-duration shortens it.
    sets: process.argv.includes("--nakamoto-duration") ? [`duration=${arg("--nakamoto-duration", "20m")}`, "metrics.warmup=1m"] : [],
  },
];

interface Measurement {
  seconds: number;
  hash: string;
  events: number;
  /** CPU of the whole process: partitions plus V8's compiler and garbage-collector threads. */
  processCpuSeconds: number;
  parallel?: {
    sync: string; lookaheadUs: number; windows: number; barrierWaitShare: number; busySeconds: number[]; setupSeconds: number; nodesPerPartition: number[];
    cpuSeconds?: number[];
  };
}

const runner = fileURLToPath(new URL("./parallel-run.mjs", import.meta.url));
if (!existsSync(fileURLToPath(new URL("../dist/engine/parallel/coordinator.js", import.meta.url)))) {
  console.error("bench/parallel: dist/ is missing; run `npm run build` first");
  process.exit(2);
}

function measure(file: string, sets: string[], workers: number): Measurement {
  const env = sync === "" ? process.env : { ...process.env, LEDGERSIM_SYNC: sync };
  const out = spawnSync(process.execPath, [runner, file, String(workers), ...sets], { encoding: "utf8", maxBuffer: 1 << 24, env });
  if (out.status !== 0) throw new Error(`run failed (${workers} workers): ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split("\n").pop() as string) as Measurement;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

console.log(`parallel engine bench — ${cores} cores, Node ${process.version}, load ${loadavg()[0]?.toFixed(1)}, ${repeat} runs each (median)`);
let mismatch = false;
for (const c of CASES) {
  console.log(`\n${c.label}  (${[c.file, ...c.sets.map((s) => `--set ${s}`)].join(" ")})`);
  const runs = new Map<number, Measurement[]>(workerCounts.map((w) => [w, []]));
  for (let r = 0; r < repeat; r++) {
    for (const workers of workerCounts) runs.get(workers)?.push(measure(c.file, c.sets, workers));
  }
  const base = runs.get(workerCounts[0] as number) as Measurement[];
  const baseSeconds = median(base.map((m) => m.seconds));
  const baseHash = (base[0] as Measurement).hash;
  for (const workers of workerCounts) {
    const ms = runs.get(workers) as Measurement[];
    const seconds = median(ms.map((m) => m.seconds));
    const same = ms.every((m) => m.hash === baseHash && m.events === (base[0] as Measurement).events);
    mismatch ||= !same;
    const last = ms[ms.length - 1] as Measurement;
    console.log(
      `  --workers ${workers}: ${seconds.toFixed(2)} s wall (${ms.map((m) => m.seconds.toFixed(2)).join(", ")}), ` +
        `${last.events.toLocaleString("en-US")} events, ×${(baseSeconds / seconds).toFixed(2)} vs ${workerCounts[0]}, ` +
        `resultHash ${baseHash.slice(0, 16)}… ${same ? "same" : "DIFFERENT"}`,
    );
    // Where the CPU went (last run): the partitions' own threads, and everything else V8 ran beside them.
    const partitions = last.parallel?.cpuSeconds;
    const own = partitions === undefined ? "" : `, partitions ${partitions.map((s) => s.toFixed(2)).join("/")} s, other threads ` +
      `${(last.processCpuSeconds - partitions.reduce((a, b) => a + b, 0)).toFixed(2)} s`;
    console.log(`      CPU ${last.processCpuSeconds.toFixed(2)} s in all${own}`);
    const p = last.parallel;
    if (p !== undefined) {
      const unit = p.sync === "pipeline" ? "step" : "window";
      console.log(
        `      ${p.nodesPerPartition.join("/")} nodes, ${p.sync}, lookahead ${p.lookaheadUs} µs, ${p.windows} ${unit}s, ` +
          `${Math.round(last.events / Math.max(1, p.windows))} events/${unit}, wait ${(p.barrierWaitShare * 100).toFixed(1)}%, ` +
          `busy ${p.busySeconds.map((s) => s.toFixed(2)).join("/")} s, set-up ${p.setupSeconds.toFixed(2)} s`,
      );
    }
  }
}
if (cores < 4) console.log(`\n(${cores} cores: scaling to 4 and 8 workers is printed on machines that have them)`);
if (mismatch) {
  console.error("\nresultHash differs between worker counts: determinism bug");
  process.exitCode = 1;
}
