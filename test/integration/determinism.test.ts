/**
 * Determinism is sacred (ARCHITECTURE §1): the same scenario and seed give a byte-identical result.json
 * apart from `manifest.wall`, in one process or across processes; another seed gives another resultHash; the
 * quickstart's resultHash is pinned.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { simulate } from "../../src/engine/simulation.js";
import { buildResult, type RunResult } from "../../src/results/result.js";
import { resultJson } from "../../src/results/write.js";
import { loadScenarioFile } from "../../src/scenario/load.js";

/**
 * The quickstart's pinned resultHash. It changes only when simulated behaviour changes (protocol, network,
 * crypto, cost model, metrics); update it deliberately, in the same commit, saying why.
 */
const QUICKSTART_RESULT_HASH = "5d4c25b8544bcbceab6be5814a2bf1606ed85719f927c1d545650995933ee1ab";

function runQuickstart(sets: string[] = []): RunResult {
  const loaded = loadScenarioFile("scenarios/quickstart.yaml", sets);
  const outcome = simulate(loaded.scenario);
  return buildResult({
    loaded, outcome, gitCommit: "test", workers: 1,
    wall: { seconds: 0, startedAt: "", host: "" },
  }).result;
}

/** result.json text with the parts allowed to differ (wall clock; the commit the process read) blanked. */
function comparable(json: string): string {
  const parsed = JSON.parse(json) as RunResult;
  parsed.manifest.wall = { seconds: 0, startedAt: "", host: "" };
  parsed.manifest.gitCommit = "";
  return JSON.stringify(parsed, null, 2);
}

/** Each quickstart run takes 15–20 s of one core; allow for a loaded machine. */
const RUN_TIMEOUT_MS = 300_000;

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("determinism", () => {
  let first: RunResult;
  beforeAll(() => {
    first = runQuickstart();
  }, RUN_TIMEOUT_MS);

  it("the same scenario and seed, run again by the CLI in a fresh process, give the same result.json", () => {
    const out = mkdtempSync(join(tmpdir(), "ledgersim-det-"));
    tmpDirs.push(out);
    const child = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "run", "scenarios/quickstart.yaml", "--out", out], {
      encoding: "utf8",
    });
    expect(child.status, child.stderr).toBe(0);
    const runs = readdirSync(join(out, "quickstart"));
    expect(runs).toHaveLength(1);
    const dir = join(out, "quickstart", runs[0] as string);
    expect(child.stdout.trim()).toContain(runs[0] as string);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(["result.json", "timeseries.csv"]));
    const written = readFileSync(join(dir, "result.json"), "utf8");
    expect(comparable(written)).toBe(comparable(resultJson(first)));
    expect(child.stderr).toMatch(/throughput/);
    expect(child.stderr).toMatch(/p99/);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(["report.html", "charts"]));
  }, RUN_TIMEOUT_MS);

  it("another seed gives another resultHash", () => {
    const other = runQuickstart(["seed=2"]);
    expect(other.manifest.resultHash).not.toBe(first.manifest.resultHash);
  }, RUN_TIMEOUT_MS);

  it("pins the quickstart's resultHash (golden)", () => {
    expect(first.safety.ok).toBe(true);
    expect(first.manifest.resultHash).toBe(QUICKSTART_RESULT_HASH);
  });
});
