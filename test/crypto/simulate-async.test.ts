/**
 * simulateAsync (workload signed and pre-verified in the crypto pool, a window ahead) gives exactly
 * simulate()'s outcome: the same resultHash and the same result.json (wall clock aside), with 1 and 2
 * workers, with short windows, and when an event budget stops the run mid-window. And the pool's answers
 * really are what replicas use: a signer that lies about validity changes the run.
 */
import { afterAll, describe, expect, it } from "vitest";
import { CryptoPool } from "../../src/crypto/pool.js";
import { simulate, simulateAsync, type SimulationOutcome } from "../../src/engine/simulation.js";
import { buildResult, type RunResult } from "../../src/results/result.js";
import { resultJson } from "../../src/results/write.js";
import { loadScenarioText } from "../../src/scenario/load.js";
import type { LoadedScenario } from "../../src/scenario/types.js";
import type { WorkloadSigner } from "../../src/workload/prepared.js";

const SCENARIO = `
name: async-small
seed: 5
duration: 3s
protocol: { name: pbft, batch: { maxTxs: 100, maxWait: 50ms } }
nodes: { count: 4, placement: { regions: [us-east-1, eu-central-1] } }
crypto: { suite: sm, nodes: { "3": intl } }
workload: { arrival: { kind: poisson, rate: 150 }, txSize: 200B, clients: 4 }
metrics: { warmup: 500ms }
criteria: [safety.ok]
`;

function load(sets: string[] = []): LoadedScenario {
  return loadScenarioText(SCENARIO, "<async-small>", sets);
}

function result(loaded: LoadedScenario, outcome: SimulationOutcome): RunResult {
  return buildResult({ loaded, outcome, gitCommit: "test", workers: 1, wall: { seconds: 0, startedAt: "", host: "" } }).result;
}

const pools: CryptoPool[] = [];
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
});

describe("simulateAsync", () => {
  const loaded = load();
  const sync = result(loaded, simulate(loaded.scenario));

  it("equals simulate(): same resultHash and byte-identical result.json, with 1 and 2 workers", async () => {
    expect(sync.throughput.committed).toBeGreaterThan(100);
    for (const workers of [1, 2]) {
      const pool = new CryptoPool({ workers });
      pools.push(pool);
      const outcome = await simulateAsync(loaded.scenario, { pool });
      const async = result(loaded, outcome);
      expect(async.manifest.resultHash).toBe(sync.manifest.resultHash);
      expect(resultJson(async)).toBe(resultJson(sync));
    }
  });

  it("counts the same signatures and verifications, charged and computed (client signatures included)", async () => {
    const outcome = await simulateAsync(loaded.scenario, { pool: pools[1] as CryptoPool, windowUs: 250_000 });
    expect(outcome.cryptoOps).toEqual(simulate(loaded.scenario).cryptoOps);
    const sm2 = outcome.cryptoOps.sm2;
    // Client signatures are computed (in the pool) but never charged: no simulated node made them.
    expect(sm2?.sign.computed).toBeGreaterThan((sm2?.sign.charged ?? 0) + sync.throughput.submitted - 1);
    expect(result(loaded, outcome).manifest.resultHash).toBe(sync.manifest.resultHash);
  });

  it("without a pool it is simulate()", async () => {
    expect(result(loaded, await simulateAsync(loaded.scenario)).manifest.resultHash).toBe(sync.manifest.resultHash);
  });

  it("stops where simulate() stops when an event budget runs out mid-window", async () => {
    const budget = load(["engine.maxEvents=1500"]);
    const expected = simulate(budget.scenario);
    expect(expected.stoppedBy).toBe("event-budget");
    const outcome = await simulateAsync(budget.scenario, { pool: pools[0] as CryptoPool, windowUs: 333_333 });
    expect(outcome.stoppedBy).toBe("event-budget");
    expect(result(budget, outcome).manifest.resultHash).toBe(result(budget, expected).manifest.resultHash);
  });

  it("replicas use the pool's verifications: a signer that calls every signature invalid stops all commits", async () => {
    const pool = pools[1] as CryptoPool;
    const liar: WorkloadSigner = {
      signAndVerify: async (requests) => {
        const { signatures } = await pool.signAndVerify(requests);
        return { signatures, valid: signatures.map(() => false) };
      },
    };
    const outcome = await simulateAsync(loaded.scenario, { pool: liar });
    expect(outcome.metrics.throughput.committed).toBe(0);
  });
});
