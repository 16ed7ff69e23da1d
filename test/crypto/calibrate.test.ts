/**
 * `ledgersim calibrate` writes a valid cost profile named after its file; a scenario names it with a path
 * relative to the scenario file (or the current directory); and simulated CPU comes from the profile alone:
 * the same run under a profile with dearer SM2 verification charges proportionally more.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { calibrate, costProfileJson, opensslSm2Micros } from "../../src/crypto/calibrate.js";
import { DEFAULT_COST_PROFILE, getCostProfile, REQUIRED_COST_KEYS } from "../../src/crypto/cost-profile.js";
import { main } from "../../src/cli/main.js";
import { simulate } from "../../src/engine/simulation.js";
import { buildResult } from "../../src/results/result.js";
import { loadScenarioFile } from "../../src/scenario/load.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "ledgersim-calibrate-"));
  dirs.push(dir);
  return dir;
}

function hasOpenssl(): boolean {
  try {
    return opensslSm2Micros(1) !== null;
  } catch {
    return false;
  }
}

describe("calibrate", () => {
  it("measures every required cost (crypto keys measured, model keys from the default profile)", () => {
    const { profile, sources } = calibrate("short", { seconds: 0.02, openssl: false });
    expect(profile.name).toBe("short");
    for (const key of REQUIRED_COST_KEYS) expect(profile.costsUs[key], key).toBeGreaterThanOrEqual(0);
    for (const key of ["sm2.sign", "sm2.verify", "ecdsa-p256.verify", "ed25519.sign", "sm3.perKiB", "sm4.perKiB"]) {
      expect(profile.costsUs[key], key).toBeGreaterThan(0);
      expect(sources[key]).toBe("measured");
    }
    expect(profile.costsUs["tx.execute"]).toBe(DEFAULT_COST_PROFILE.costsUs["tx.execute"]);
    expect(sources["tx.execute"]).toMatch(/default/);
  });

  it("`ledgersim calibrate --out FILE` writes a profile named after the file that getCostProfile accepts", async () => {
    const out = join(tempDir(), "my-machine.json");
    const code = await main(["calibrate", "--out", out, "--seconds", "0.02", "--no-openssl"]);
    expect(code).toBe(0);
    const profile = getCostProfile(out);
    expect(profile.name).toBe("my-machine");
    expect(Object.keys(profile.costsUs)).toEqual(expect.arrayContaining([...REQUIRED_COST_KEYS]));
    expect(existsSync(`${out}.tmp-${process.pid}`)).toBe(false);
  });

  it("rejects a bad --seconds with exit code 104", async () => {
    expect(await main(["calibrate", "--out", join(tempDir(), "x.json"), "--seconds", "zero"])).toBe(104);
  });

  it.runIf(hasOpenssl())("takes SM2 from `openssl speed` when openssl is on PATH", () => {
    const { sources, profile } = calibrate("native", { seconds: 0.01 });
    expect(sources["sm2.verify"]).toBe("openssl speed");
    expect(profile.costsUs["sm2.verify"]).toBeGreaterThan(10);
  });

  it("a scenario's relative profile path resolves beside the scenario file; simulated CPU follows the profile", () => {
    const dir = tempDir();
    const dear = { name: "dear", costsUs: { ...DEFAULT_COST_PROFILE.costsUs, "sm2.verify": 3000 } };
    writeFileSync(join(dir, "dear.json"), costProfileJson(dear));
    const text = readFileSync("scenarios/quickstart.yaml", "utf8");
    writeFileSync(join(dir, "scenario.yaml"), text);
    const sets = ["duration=3s", "metrics.warmup=1s", "workload.arrival.rate=50"];
    const run = (extra: string[]) => {
      const loaded = loadScenarioFile(join(dir, "scenario.yaml"), [...sets, ...extra]);
      const outcome = simulate(loaded.scenario);
      return buildResult({ loaded, outcome, gitCommit: "", workers: 1, wall: { seconds: 0, startedAt: "", host: "" } }).result;
    };
    const base = run([]);
    const dearer = run(["nodes.cpu.profile=./dear.json"]);
    expect(dearer.manifest.costProfile).toBe(join(dir, "dear.json")); // found beside the scenario (tmp: not below the cwd)
    const verifyMs = (r: typeof base): number => r.crypto?.sm2?.cpuMs.verify ?? 0;
    expect(verifyMs(base)).toBeGreaterThan(0);
    expect(verifyMs(dearer) / verifyMs(base)).toBeGreaterThan(5); // 3000 µs vs 300 µs (+ the same hash cost)
  });
});
