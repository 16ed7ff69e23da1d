/**
 * The seed fuzzer (issue 6, part 6): plans are a pure function of the seed; with at most f Byzantine nodes and
 * any faults of the model, 50 seeds per BFT protocol find no safety violation; with the quorum lowered
 * (`protocol.quorumOverride`) a violation is found within 200 seeds, and its reproduce line replays it exactly;
 * `ledgersim fuzz` exits 99 and saves the failing seed as a scenario file. Prints seeds/s.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fuzzSeeds, formatFuzzSummary, planSets } from "../../src/cli/commands/fuzz.js";
import { main } from "../../src/cli/main.js";
import { simulate } from "../../src/engine/simulation.js";
import { planFuzzSeed } from "../../src/faults/fuzz.js";
import { loadScenarioFile } from "../../src/scenario/load.js";
import { FUZZ_TARGETS } from "./fuzz-config.js";

const SAFE_SEEDS = 50;

describe("fuzz plans", () => {
  const model = { protocol: "pbft", nodeCount: 4, durationUs: 2_000_000, maxFaulty: 1, regions: ["lan"] };

  it("are a pure function of the seed, and differ between seeds", () => {
    expect(planFuzzSeed(7, model)).toEqual(planFuzzSeed(7, model));
    expect(JSON.stringify(planFuzzSeed(7, model))).not.toEqual(JSON.stringify(planFuzzSeed(8, model)));
  });

  it("put at most f nodes under a Byzantine strategy, heal every fault by 70% of the run, and load as scenarios", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const plan = planFuzzSeed(seed, model);
      for (const adversary of plan.adversaries) expect(adversary.nodes.length).toBeLessThanOrEqual(1);
      const { scenario } = loadScenarioFile("scenarios/faults-pbft-fuzz.yaml", planSets(plan));
      for (const fault of scenario.faults) {
        const endUs = fault.kind === "crash" ? fault.recoverUs : fault.kind === "partition" || fault.kind === "isolate" ? fault.healUs : fault.untilUs;
        expect(endUs).toBeLessThanOrEqual(1_400_000);
      }
    }
  });
});

describe("fuzzing within the model", () => {
  for (const target of FUZZ_TARGETS) {
    it(`${target.protocol}: ${SAFE_SEEDS} seeds with ≤ f Byzantine nodes and random faults never violate safety`, () => {
      const summary = fuzzSeeds(target.file, { seeds: SAFE_SEEDS, start: 1, set: [] });
      process.stderr.write(formatFuzzSummary(summary));
      expect(summary.seeds).toBe(SAFE_SEEDS);
      expect(summary.safetyFailures.map((f) => f.reproduce)).toEqual([]);
    });

    it(`${target.protocol}: with the quorum lowered, a violation is found within 200 seeds and replays exactly`, () => {
      const summary = fuzzSeeds(target.file, { seeds: 200, start: 1, set: target.unsafe, stopAtFirst: true });
      process.stderr.write(formatFuzzSummary(summary));
      const failure = summary.safetyFailures[0];
      expect(failure).toBeDefined();
      expect(failure?.violations[0]?.kind).toBe("agreement");
      expect(failure?.violations[0]?.height).toBeGreaterThan(0);
      expect(failure?.reproduce).toContain(`--seed ${failure?.seed}`);
      const replay = simulate(loadScenarioFile(target.file, [...target.unsafe, ...planSets(failure?.plan as never)]).scenario);
      expect(replay.safety.violations).toEqual(failure?.violations);
    });
  }
});

describe("ledgersim fuzz", () => {
  it("exits 99 and saves the failing seed as a scenario that reproduces it; exits 0 when every seed is safe", async () => {
    const out = mkdtempSync(join(tmpdir(), "ledgersim-fuzz-"));
    const quiet = process.stderr.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    let unsafe: number;
    let safe: number;
    try {
      unsafe = await main(["fuzz", "scenarios/faults-tendermint-fuzz.yaml", "--seeds", "30", "--stop-at-first", "--out", out, "--set", "protocol.quorumOverride=2"]);
      safe = await main(["fuzz", "scenarios/faults-tendermint-fuzz.yaml", "--seeds", "3", "--out", out]);
    } finally {
      process.stderr.write = quiet;
    }
    expect(unsafe).toBe(99);
    expect(safe).toBe(0);
    const saved = readdirSync(join(out, "fuzz", "faults-tendermint-fuzz"));
    expect(saved).toHaveLength(1);
    const file = join(out, "fuzz", "faults-tendermint-fuzz", saved[0] as string);
    expect(simulate(loadScenarioFile(file).scenario).safety.ok).toBe(false);
    rmSync(out, { recursive: true, force: true });
  });
});
