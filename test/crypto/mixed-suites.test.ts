/**
 * The shipped mixed-suite scenario (PBFT, nodes 0–3 on SM, 4–7 on the international suite) runs safely and its
 * result and report show each scheme's simulated CPU: result.json's `crypto` section and the report summary.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../../src/engine/simulation.js";
import { summaryGroups } from "../../src/report/summary.js";
import { buildResult } from "../../src/results/result.js";
import { loadScenarioFile } from "../../src/scenario/load.js";

describe("scenarios/mixed-sm-intl.yaml", () => {
  const loaded = loadScenarioFile("scenarios/mixed-sm-intl.yaml", ["duration=4s", "metrics.warmup=1s"]);
  const outcome = simulate(loaded.scenario);
  const { result } = buildResult({ loaded, outcome, gitCommit: "", workers: 1, wall: { seconds: 0, startedAt: "", host: "" } });

  it("is PBFT over 8 nodes, half sm and half intl, and stays safe and live", () => {
    expect(loaded.scenario.protocol.name).toBe("pbft");
    expect(loaded.scenario.crypto.perNode).toEqual(["sm", "sm", "sm", "sm", "intl", "intl", "intl", "intl"]);
    expect(result.safety.ok).toBe(true);
    expect(result.throughput.committed).toBeGreaterThan(0);
  });

  it("result.json's crypto section charges CPU to both sm2 and ecdsa-p256, with their signers", () => {
    const crypto = result.crypto ?? {};
    expect(Object.keys(crypto)).toEqual(["ecdsa-p256", "sm2"]);
    expect(crypto.sm2?.signers).toEqual([0, 1, 2, 3]);
    expect(crypto["ecdsa-p256"]?.signers).toEqual([4, 5, 6, 7]);
    for (const scheme of ["sm2", "ecdsa-p256"] as const) {
      const c = crypto[scheme];
      expect(c?.sign.charged, scheme).toBeGreaterThan(0);
      expect(c?.verify.charged, scheme).toBeGreaterThan(c?.verify.computed ?? Infinity); // the memo at work
      expect(c?.cpuMs.sign, scheme).toBeGreaterThan(0);
      expect(c?.cpuMs.verify, scheme).toBeGreaterThan(0);
      expect(c?.cpuMs.total).toBeCloseTo((c?.cpuMs.sign ?? 0) + (c?.cpuMs.verify ?? 0), 2);
    }
    // Clients sign with the scenario-level suite (sm): computed, never charged.
    expect(crypto.sm2?.sign.computed).toBeGreaterThan(crypto.sm2?.sign.charged ?? Infinity);
    expect(crypto["ecdsa-p256"]?.sign.computed).toBe(crypto["ecdsa-p256"]?.sign.charged);
    // Every node's per-category CPU adds up to the section's figures.
    const sum = result.nodes.reduce((ms, node) => ms + (node.cpuByCategoryMs["ecdsa-p256.verify"] ?? 0), 0);
    expect(crypto["ecdsa-p256"]?.cpuMs.verify).toBeCloseTo(sum, 2);
  });

  it("the report summary has a crypto table with a CPU row for each scheme", () => {
    const group = summaryGroups(result).find((g) => g.title.startsWith("Crypto"));
    expect(group?.rows.map((r) => r.label)).toEqual([
      "ecdsa-p256 CPU (4 nodes)", "ecdsa-p256 sign / verify", "sm2 CPU (4 nodes)", "sm2 sign / verify",
    ]);
    expect(group?.rows[0]?.value).toMatch(/ms — sign .* ms, verify .* ms/);
  });
});
