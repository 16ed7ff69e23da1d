/**
 * Sweeps (ARCHITECTURE §10): the summary depends only on the plan and the points' results — not on the worker
 * count, sharding or interruption. Sharded 1/3 + 2/3 + 3/3 then merged, 1 or 2 workers, and an interrupted
 * sweep (SIGINT) resumed all give the unsharded sweep's summary.csv byte for byte. Uses the tiny sweep:
 * 4 PBFT nodes on a LAN, Ed25519, 3 simulated seconds, 2 rates × 2 batch sizes × 2 seeds = 8 points.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planSweep, shardPoints } from "../../src/evaluate/sweep-plan.js";
import { loadChecked } from "../../src/evaluate/load.js";
import { cli, tempRoot, TINY_SWEEP } from "./helpers.js";

const root = tempRoot("sweep");
const summary = (out: string, file = "summary.csv"): string => readFileSync(join(out, "tiny-sweep", file), "utf8");
const points = (out: string): string[] => (existsSync(join(out, "tiny-sweep", "points")) ? readdirSync(join(out, "tiny-sweep", "points")) : []);
let reference = "";

beforeAll(async () => {
  const run = await cli(["sweep", TINY_SWEEP, "--out", join(root, "whole"), "--workers", "2"]);
  expect(run.code, run.stderr).toBe(0);
  reference = summary(join(root, "whole"));
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("sweep plan", () => {
  const plan = planSweep(loadChecked(TINY_SWEEP, []), TINY_SWEEP, []);

  it("expands axes in written order, seeds s..s+k-1, with stable ids", () => {
    expect(plan.cells).toBe(4);
    expect(plan.points.map((p) => p.seed)).toEqual([7, 8, 7, 8, 7, 8, 7, 8]);
    expect(plan.points[2]?.overrides).toEqual([["workload.arrival.rate", 100], ["protocol.batch.maxTxs", 50]]);
    expect(plan.points.every((p) => /^[0-9a-f]{12}$/.test(p.id))).toBe(true);
    expect(planSweep(loadChecked(TINY_SWEEP, []), TINY_SWEEP, []).points.map((p) => p.id)).toEqual(plan.points.map((p) => p.id));
  });

  it("deals points to shards so that they partition the plan", () => {
    const dealt = [1, 2, 3].flatMap((i) => shardPoints(plan, i, 3).map((p) => p.id));
    expect(dealt.sort()).toEqual(plan.points.map((p) => p.id).sort());
  });
});

describe("sweep", () => {
  it("writes one row per cell with mean and 95% CI, and one ndjson line per point", () => {
    const lines = reference.trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^workload\.arrival\.rate,protocol\.batch\.maxTxs,seeds,tps_mean,tps_ci95,/);
    expect(lines[1]).toMatch(/^100,10,2,/);
    expect(summary(join(root, "whole"), "summary.ndjson").trimEnd().split("\n")).toHaveLength(8);
    expect(points(join(root, "whole"))).toHaveLength(8);
  });

  it("renders the sweep charts (throughput vs offered load with 95% CI) and sweep.html beside the summary", () => {
    const html = summary(join(root, "whole"), "sweep.html");
    expect(html).toContain("workload.arrival.rate");
    const svg = summary(join(root, "whole"), "charts/throughput-vs-load.svg");
    expect(svg.startsWith("<svg")).toBe(true);
  });

  it("gives the same summary with one worker as with two", async () => {
    const out = join(root, "one-worker");
    const run = await cli(["sweep", TINY_SWEEP, "--out", out, "--workers", "1"]);
    expect(run.code, run.stderr).toBe(0);
    expect(summary(out)).toBe(reference);
    expect(summary(out, "summary.ndjson")).toBe(summary(join(root, "whole"), "summary.ndjson"));
  }, 180_000);

  it("gives the same summary from shards 1/3, 2/3, 3/3 merged", async () => {
    const shardDirs: string[] = [];
    for (const shard of ["1/3", "2/3", "3/3"]) {
      const out = join(root, `shard-${shard[0]}`);
      const run = await cli(["sweep", TINY_SWEEP, "--shard", shard, "--out", out, "--workers", "2"]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain("incomplete");
      expect(existsSync(join(out, "tiny-sweep", "summary.csv"))).toBe(false);
      shardDirs.push(join(out, "tiny-sweep"));
    }
    const partial = await cli(["merge", ...shardDirs.slice(0, 2), "--out", join(root, "partial")]);
    expect(partial.code).toBe(104);
    expect(partial.stderr).toMatch(/points are in none of the directories/);
    expect(existsSync(join(root, "partial"))).toBe(false);
    const merged = await cli(["merge", ...shardDirs, "--out", join(root, "merged")]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(summary(join(root, "merged"))).toBe(reference);
    expect(summary(join(root, "merged"), "summary.ndjson")).toBe(summary(join(root, "whole"), "summary.ndjson"));
  }, 180_000);

  it("keeps finished points when interrupted, and --resume completes the same summary", async () => {
    const out = join(root, "interrupted");
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "sweep", TINY_SWEEP, "--out", out, "--workers", "1"], { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 120_000;
    while (points(out).filter((p) => !p.startsWith(".")).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    const kept = points(out);
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(8);
    expect(kept.some((p) => p.startsWith("."))).toBe(false);
    expect(existsSync(join(out, "tiny-sweep", "summary.csv"))).toBe(false);
    const again = await cli(["sweep", TINY_SWEEP, "--out", out, "--workers", "2"]);
    expect(again.code).toBe(104);
    expect(again.stderr).toMatch(/pass --resume/);
    const resumed = await cli(["sweep", TINY_SWEEP, "--out", out, "--workers", "2", "--resume"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`${kept.length} already finished`);
    expect(summary(out)).toBe(reference);
  }, 240_000);

  it("refuses bad input with 104 and writes nothing", async () => {
    const out = join(root, "bad");
    const noSweep = await cli(["sweep", "scenarios/quickstart.yaml", "--out", out]);
    expect(noSweep.code).toBe(104);
    expect(noSweep.stderr).toMatch(/no 'sweep:' block/);
    const badShard = await cli(["sweep", TINY_SWEEP, "--shard", "4/3", "--out", out]);
    expect(badShard.code).toBe(104);
    const badPoint = join(root, "bad-point.yaml");
    writeFileSync(badPoint, readFileSync(TINY_SWEEP, "utf8").replace("protocol.batch.maxTxs: [10, 50]", "nodes.count: [4, 2]"));
    const refused = await cli(["sweep", badPoint, "--out", out]);
    expect(refused.code).toBe(104);
    expect(refused.stderr).toMatch(/nodes\.count/);
    const otherPlan = await cli(["sweep", TINY_SWEEP, "--out", join(root, "whole"), "--resume", "--set", "duration=2s"]);
    expect(otherPlan.code).toBe(104);
    expect(otherPlan.stderr).toMatch(/holds another sweep/);
    expect(existsSync(out)).toBe(false);
  });
});
