/**
 * The parallel engine (ARCHITECTURE §9) gives the single-threaded engine's result for any number of workers:
 * every shipped scenario, shortened (and its faults moved inside the shortened run), has the same resultHash
 * with 1, 2 and 4 workers, and so do Byzantine nodes and Twins. Also: partitions follow regions, the lookahead
 * is the smallest cross-partition delay bound, a failing partition stops the others, the CLI's `--workers auto`
 * and exact `engine.maxEvents` stop, and what the engine cannot run is refused with a reason (exit 104).
 */
import { availableParallelism } from "node:os";
import { describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { simulateParallel, type ParallelOptions } from "../../src/engine/parallel/coordinator.js";
import { safeBounds } from "../../src/engine/parallel/pipeline.js";
import { partitionNodes } from "../../src/engine/parallel/partition.js";
import { simulate, type SimulationOutcome } from "../../src/engine/simulation.js";
import { DelayModel } from "../../src/network/distributions.js";
import { buildResult } from "../../src/results/result.js";
import { loadScenarioFile } from "../../src/scenario/load.js";

const WALL = { seconds: 0, startedAt: "", host: "" };
const SHORT = ["duration=3s", "metrics.warmup=1s"];
const FAULT_INSIDE = [...SHORT, "faults.0.at=1500ms"];

/** Every shipped scenario with the `--set`s that shorten it. */
const SHIPPED: [string, string[]][] = [
  ["quickstart", SHORT],
  ["compare-bft", SHORT],
  ["mixed-sm-intl", SHORT],
  ["pbft-16-cloud", FAULT_INSIDE],
  ["hotstuff-16-cloud", FAULT_INSIDE],
  ["tendermint-16-cloud", FAULT_INSIDE],
  ["raft-5-cloud", [...FAULT_INSIDE, "faults.0.recover=2500ms"]],
  ["faults-pbft-fuzz", []],
  ["faults-hotstuff-fuzz", []],
  ["faults-tendermint-fuzz", []],
  ["nakamoto-bitcoin", ["duration=20m", "metrics.warmup=1m"]],
  ["nakamoto-10k", ["duration=4m", "metrics.warmup=1m"]],
];

function resultHash(file: string, sets: string[], outcome: SimulationOutcome): string {
  const loaded = loadScenarioFile(file, sets);
  return buildResult({ loaded, outcome, gitCommit: "test", workers: 1, wall: WALL }).result.manifest.resultHash;
}

describe("--workers 1, 2 and 4 give the same resultHash", () => {
  for (const [name, sets] of SHIPPED) {
    it(name, async () => {
      const file = `scenarios/${name}.yaml`;
      const { scenario } = loadScenarioFile(file, sets);
      const single = simulate(scenario);
      const expected = resultHash(file, sets, single);
      const runs: ParallelOptions[] = [{ workers: 2 }, { workers: 4 }, { workers: 2, sync: "lock-step" }];
      for (const options of runs) {
        const label = `${options.workers} workers, ${options.sync ?? "pipeline"}`;
        const parallel = await simulateParallel(scenario, options);
        expect(parallel.parallel.sync, label).toBe(options.sync ?? "pipeline");
        expect(resultHash(file, sets, parallel), label).toBe(expected);
        expect(parallel.events, label).toBe(single.events);
        expect(parallel.stoppedBy, label).toBe(single.stoppedBy);
        expect(parallel.parallel.windows).toBeGreaterThan(0);
        // Each partition thread's CPU, where Linux reports it (a diagnostic beside busySeconds).
        if (process.platform === "linux") expect(parallel.parallel.cpuSeconds?.length, label).toBe(options.workers);
      }
    }, 600_000);
  }
});

describe("partitions and lookahead", () => {
  it("keeps whole regions together when there are at least as many regions as workers", () => {
    const { scenario } = loadScenarioFile("scenarios/pbft-16-cloud.yaml", []);
    const { partitionOf, lookaheadUs, workers } = partitionNodes(scenario, 2);
    expect(workers).toBe(2);
    const regionParts = new Map<string, Set<number>>();
    scenario.nodes.regions.forEach((region, node) => {
      const parts = regionParts.get(region) ?? new Set<number>();
      parts.add(partitionOf[node] as number);
      regionParts.set(region, parts);
    });
    for (const parts of regionParts.values()) expect(parts.size).toBe(1);
    // The lookahead is the smallest delay bound over node pairs that cross partitions.
    const model = DelayModel.fromScenario(scenario);
    let smallest = Infinity;
    for (let a = 0; a < scenario.nodes.count; a++) {
      for (let b = 0; b < scenario.nodes.count; b++) {
        if (partitionOf[a] !== partitionOf[b]) smallest = Math.min(smallest, model.minDelayUs(a, b));
      }
    }
    expect(lookaheadUs).toBe(smallest);
    expect(lookaheadUs).toBeGreaterThan(1000);
  });

  it("never uses more workers than nodes, and is a pure function of the scenario", () => {
    const { scenario } = loadScenarioFile("scenarios/raft-5-cloud.yaml", []);
    const a = partitionNodes(scenario, 16);
    expect(a.workers).toBe(5);
    expect([...partitionNodes(scenario, 16).partitionOf]).toEqual([...a.partitionOf]);
  });
});

describe("Byzantine nodes on several workers", () => {
  const sets = ["duration=2s", "metrics.warmup=500ms"];
  const cases: [string, string][] = [
    ["faults-pbft-fuzz", 'adversaries=[{"nodes":[1],"strategy":"equivocate"},{"nodes":[2],"strategy":"forge"}]'],
    ["faults-hotstuff-fuzz", 'adversaries=[{"nodes":[1],"strategy":"equivocate"},{"nodes":[3],"strategy":"flood"}]'],
    ["faults-tendermint-fuzz", 'adversaries=[{"nodes":[0],"strategy":"equivocate"},{"nodes":[2],"strategy":"drop-votes"}]'],
  ];
  cases.push(
    ["faults-pbft-fuzz", 'adversaries=[{"nodes":[0],"strategy":"twins","split":[[1],[2,3]]},{"nodes":[2],"strategy":"silent"}]'],
    ["faults-tendermint-fuzz", 'adversaries=[{"nodes":[1],"strategy":"twins","split":[[0,2],[3]]},{"nodes":[3],"strategy":"replay"}]'],
  );
  for (const [name, adversaries] of cases) {
    it(`${name} ${adversaries.slice(12, 60)}…: the same resultHash and adversary report with 1, 2 and 4 workers`, async () => {
      const file = `scenarios/${name}.yaml`;
      const all = [...sets, adversaries];
      const { scenario } = loadScenarioFile(file, all);
      const single = simulate(scenario);
      expect(single.adversaries?.nodes.length).toBe(2);
      for (const workers of [2, 4]) {
        const parallel = await simulateParallel(scenario, { workers });
        expect(resultHash(file, all, parallel), `${workers} workers`).toBe(resultHash(file, all, single));
        expect(parallel.adversaries).toEqual(single.adversaries);
      }
    }, 120_000);
  }
});

describe("pipeline safe bounds", () => {
  it("lets a partition run up to the other's floor plus the lookahead, and the earliest one always advance", () => {
    // Partition 0's next event is at 10, partition 1's at 50: 1 may be woken by 0 at 30 at the earliest.
    expect(safeBounds([10, 50], 20, 1_000)).toEqual([50, 30]);
    // Nothing left anywhere: everyone runs to the end.
    expect(safeBounds([Infinity, Infinity, Infinity], 20, 1_000)).toEqual([1_001, 1_001, 1_001]);
    // A chain: only 0 has work, so 1 and 2 can send no earlier than 0 + L, and 0 may run to 2L.
    expect(safeBounds([0, Infinity, Infinity], 5, 1_000)).toEqual([10, 5, 5]);
  });

  it("never passes a message that could still come, and never stalls (random floors)", () => {
    let state = 12345;
    const next = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let trial = 0; trial < 2_000; trial++) {
      const n = 2 + Math.floor(next() * 5);
      const lookahead = 1 + Math.floor(next() * 50);
      const floors = Array.from({ length: n }, () => (next() < 0.2 ? Infinity : Math.floor(next() * 200)));
      const endUs = 150;
      const safe = safeBounds(floors, lookahead, endUs);
      // Closed form on the complete graph of partitions: q sends no sooner than its own floor, or than another
      // partition's floor plus one hop (longer chains only add lookaheads); its message reaches p a hop later.
      safe.forEach((bound, p) => {
        let expected = endUs + 1;
        for (let q = 0; q < n; q++) {
          if (q === p) continue;
          let earliestSend = floors[q] as number;
          for (let r = 0; r < n; r++) if (r !== q) earliestSend = Math.min(earliestSend, (floors[r] as number) + lookahead);
          expected = Math.min(expected, earliestSend + lookahead);
        }
        expect(bound).toBe(expected);
      });
      const lowest = Math.min(...floors);
      const first = floors.indexOf(lowest);
      if (lowest <= endUs) expect(safe[first] as number).toBeGreaterThan(lowest);
    }
  });
});

describe("verification counts", () => {
  it("each signature is verified once per run, in its signer's partition, not once per partition", async () => {
    const { scenario } = loadScenarioFile("scenarios/pbft-16-cloud.yaml", ["duration=2s", "metrics.warmup=500ms", "faults=[]"]);
    const single = simulate(scenario);
    const parallel = await simulateParallel(scenario, { workers: 2 });
    const one = single.cryptoOps["sm2"];
    const two = parallel.cryptoOps["sm2"];
    expect(two?.verify.charged).toBe(one?.verify.charged);
    // Every signature made is checked once where it is made (a few that no node checks included) and the
    // other partition takes that answer: between the distinct signatures checked and the signatures made.
    expect(two?.verify.computed).toBeGreaterThanOrEqual(one?.verify.computed as number);
    expect(two?.verify.computed).toBeLessThanOrEqual(two?.sign.computed as number);
  }, 60_000);
});

describe("failures", () => {
  it("an error in the coordinator's own partition stops the worker threads and surfaces (no hang)", async () => {
    const { scenario } = loadScenarioFile("scenarios/pbft-16-cloud.yaml", ["nodes.count=8", "duration=1s", "metrics.warmup=200ms", "faults=[]"]);
    const broken = { ...scenario, protocol: { ...scenario.protocol, name: "no-such-protocol" } } as unknown as typeof scenario;
    await expect(simulateParallel(broken, { workers: 3 })).rejects.toThrow(/no-such-protocol/);
  }, 60_000);
});

describe("faults that target the leader on several workers", () => {
  const cases: [string, string[]][] = [
    ["pbft-16-cloud", ["duration=3s", "metrics.warmup=1s", 'faults=[{"kind":"crash","at":"1500ms","nodes":"leader"}]']],
    ["raft-5-cloud", ["duration=8s", "metrics.warmup=1s", 'faults=[{"kind":"crash","at":"4s","nodes":"leader","recover":"6s"},{"kind":"isolate","at":"6500ms","nodes":"leader","heal":"7s"}]']],
    ["tendermint-16-cloud", ["duration=4s", "metrics.warmup=1s", 'faults=[{"kind":"slow","at":"1s","nodes":"leader","factor":0.2,"until":"2s"},{"kind":"crash","at":"2s","nodes":"leader"}]']],
  ];
  for (const [name, sets] of cases) {
    it(`${name}: the same leader is hit and the same resultHash with 1, 2 and 4 workers`, async () => {
      const file = `scenarios/${name}.yaml`;
      const { scenario } = loadScenarioFile(file, sets);
      const single = simulate(scenario);
      for (const workers of [2, 4]) {
        const parallel = await simulateParallel(scenario, { workers });
        expect(parallel.faults, `${workers} workers`).toEqual(single.faults);
        expect(resultHash(file, sets, parallel), `${workers} workers`).toBe(resultHash(file, sets, single));
      }
    }, 300_000);
  }

  it("refuses a leader-targeted fault at the instant a node recovers (its new belief is not known elsewhere)", async () => {
    const sets = ["duration=3s", "metrics.warmup=1s", 'faults=[{"kind":"crash","at":"1s","nodes":[1],"recover":"2s"},{"kind":"crash","at":"2s","nodes":"leader"}]'];
    const { scenario } = loadScenarioFile("scenarios/raft-5-cloud.yaml", sets);
    await expect(simulateParallel(scenario, { workers: 2 })).rejects.toThrow(/recovers at the same instant/);
  });
});

describe("workload.target leader on several workers", () => {
  const cases: [string, string[]][] = [
    ["pbft-16-cloud", ["duration=2s", "metrics.warmup=500ms", "workload.target=leader", "workload.arrival.rate=200", 'faults=[{"kind":"crash","at":"1s","nodes":"leader"}]']],
    ["raft-5-cloud", ["duration=6s", "metrics.warmup=1s", "workload.target=leader", "workload.arrival.rate=100", 'faults=[{"kind":"crash","at":"3s","nodes":"leader"}]']],
    ["faults-hotstuff-fuzz", ["duration=2s", "metrics.warmup=500ms", "workload.target=leader"]],
  ];
  for (const [name, sets] of cases) {
    it(`${name}: clients reach the same leader, the same resultHash with 1, 2 and 4 workers`, async () => {
      const file = `scenarios/${name}.yaml`;
      const { scenario } = loadScenarioFile(file, sets);
      const single = simulate(scenario, { txLog: true });
      for (const workers of [2, 4]) {
        const parallel = await simulateParallel(scenario, { workers, txLog: true });
        expect(parallel.transactions, `${workers} workers`).toEqual(single.transactions);
        expect(resultHash(file, sets, parallel), `${workers} workers`).toBe(resultHash(file, sets, single));
      }
    }, 300_000);
  }

  it("runs from the CLI with --workers 2 (auto keeps one thread: a window per transaction)", async () => {
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const code = await main(["run", "scenarios/faults-pbft-fuzz.yaml", "--workers", "2", "--no-write", "--set", "workload.target=leader"]);
      expect(code).toBe(0);
    } finally {
      err.mockRestore();
    }
  });
});

describe("choosing the worker count from the CLI", () => {
  async function runCli(args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
    let stderr = "";
    let stdout = "";
    const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
    const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
    try {
      return { code: await main(args), stderr, stdout };
    } finally {
      err.mockRestore();
      out.mockRestore();
    }
  }
  const short = ["--set", "duration=1s", "--set", "metrics.warmup=200ms", "--no-write", "--json"];

  it("--workers auto runs a 32-node PBFT network on every core (up to 8) with the single thread's resultHash", async () => {
    const auto = await runCli(["run", "scenarios/pbft-16-cloud.yaml", "--set", "nodes.count=32", "--set", "faults=[]", "--workers", "auto", ...short]);
    const one = await runCli(["run", "scenarios/pbft-16-cloud.yaml", "--set", "nodes.count=32", "--set", "faults=[]", "--workers", "1", ...short]);
    const a = JSON.parse(auto.stdout) as { manifest: { resultHash: string; workers: number } };
    const b = JSON.parse(one.stdout) as { manifest: { resultHash: string; workers: number } };
    expect(a.manifest.resultHash).toBe(b.manifest.resultHash);
    expect(b.manifest.workers).toBe(1);
    if (availableParallelism() >= 2) {
      expect(a.manifest.workers).toBeGreaterThan(1);
      expect(auto.stderr).toMatch(/workers {4}\d+ \(auto\)|workers {4}\d+/);
      expect(auto.stderr).toMatch(/parallel {3}\d+ workers/);
    }
  }, 120_000);

  it("falls back to one thread for an exact stop at engine.maxEvents", async () => {
    const sets = ["--set", "engine.maxEvents=1000"];
    const two = await runCli(["run", "scenarios/quickstart.yaml", "--workers", "2", ...sets, ...short]);
    const one = await runCli(["run", "scenarios/quickstart.yaml", "--workers", "1", ...sets, ...short]);
    expect(two.stderr).toMatch(/passed engine.maxEvents \(1000\); running on one thread/);
    const a = JSON.parse(two.stdout) as { manifest: { resultHash: string } };
    const b = JSON.parse(one.stdout) as { manifest: { resultHash: string } };
    expect(a.manifest.resultHash).toBe(b.manifest.resultHash);
  }, 120_000);

  it("refuses a worker count that is neither 'auto' nor 1–256 (exit 104)", async () => {
    const bad = await runCli(["run", "scenarios/quickstart.yaml", "--workers", "two", ...short]);
    expect(bad.code).toBe(104);
    expect(bad.stderr).toMatch(/--workers: expected 'auto' or an integer from 1 to 256, found 'two'/);
  });
});

