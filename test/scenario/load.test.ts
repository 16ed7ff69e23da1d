import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadScenarioFile, loadScenarioText, ScenarioError } from "../../src/scenario/index.js";
import { NETWORK_PRESETS } from "../../src/network/presets.js";

const ROOT = resolve(import.meta.dirname, "../..");
const MINIMAL = "protocol:\n  name: pbft\n";

function problemsOf(text: string, sets: string[] = []): ScenarioError {
  try {
    loadScenarioText(text, "test.yaml", sets);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error("expected a ScenarioError");
}

describe("defaults", () => {
  const { scenario, document } = loadScenarioText(MINIMAL, "dir/minimal.yaml");

  it("fills every documented default into the compiled scenario", () => {
    expect(scenario.name).toBe("minimal");
    expect(scenario.seed).toBe(1);
    expect(scenario.durationUs).toBe(60_000_000);
    expect(scenario.protocol).toEqual({
      name: "pbft", batch: { maxTxs: 500, maxWaitUs: 50_000 }, viewChangeTimeoutUs: 2_000_000, checkpointInterval: 100, watermarkWindow: 200,
    });
    expect(scenario.nodes.count).toBe(4);
    expect(scenario.nodes.cpu).toEqual({ profile: "default", speedFactor: 1 });
    expect(scenario.network.preset).toBe("cloud-10");
    expect(scenario.network.jitter).toEqual({ distribution: "lognormal", sigma: 0.1 });
    expect(scenario.network.uploadBps).toEqual([1e9, 1e9, 1e9, 1e9]);
    expect(scenario.network.loss).toBe(0);
    expect(scenario.network.topology).toEqual({ kind: "mesh" });
    expect(scenario.crypto).toEqual({ suite: "sm", perNode: ["sm", "sm", "sm", "sm"] });
    expect(scenario.workload).toEqual({ arrival: { kind: "poisson", rate: 1000 }, txSizeBytes: 256, target: "random", clients: 16 });
    expect(scenario.faults).toEqual([]);
    expect(scenario.metrics).toEqual({ confirmation: { kind: "all-honest" }, warmupUs: 5_000_000, cooldownUs: 0, livenessBoundUs: 10_000_000 });
    expect(scenario.criteria).toEqual([]);
    expect(scenario.engine).toEqual({ maxEvents: 500_000_000, stallUs: 30_000_000, workers: "auto" });
    expect(scenario.sweep).toBeUndefined();
  });

  it("places nodes round-robin over every preset region by default", () => {
    expect(scenario.nodes.regions).toEqual(NETWORK_PRESETS["cloud-10"].regions.slice(0, 4));
    expect(scenario.network.regionNames).toEqual(NETWORK_PRESETS["cloud-10"].regions);
    expect(scenario.network.meanDelayUs[1][7]).toBe(46_600); // us-east-1 → eu-central-1: 93.2 ms RTT / 2
  });

  it("keeps the user's units and orders the document's keys as the schema does", () => {
    expect(Object.keys(document)).toEqual([
      "name", "description", "seed", "duration", "protocol", "nodes", "network", "crypto", "workload", "faults", "metrics", "criteria", "engine",
    ]);
    expect(document.duration).toBe("60s");
    expect((document.protocol as Record<string, unknown>).viewChangeTimeout).toBe("2s");
  });

  it("gives the same document for the same keys in any order", () => {
    const shuffled = loadScenarioText("seed: 1\nprotocol: { name: pbft }\nduration: 60s\n", "dir/minimal.yaml");
    expect(JSON.stringify(shuffled.document)).toBe(JSON.stringify(document));
  });

  it("takes its defaults from the preset and the protocol", () => {
    const simblock = loadScenarioText("protocol: { name: nakamoto }\nnetwork: { preset: simblock-2019 }\nnodes: { count: 6 }\n", "x.yaml");
    expect(simblock.scenario.network.jitter.distribution).toBe("pareto");
    expect(simblock.scenario.network.uploadBps).toEqual([19.2e6, 20.7e6, 5.8e6, 15.7e6, 10.2e6, 11.3e6]);
    expect(simblock.scenario.metrics.confirmation).toEqual({ kind: "fraction", fraction: 0.9 });
    expect(simblock.scenario.protocol).toMatchObject({ blockIntervalUs: 600_000_000, blockSizeBytes: 1_000_000, confirmations: 6 });
  });
});

describe("shipped scenarios", () => {
  it("quickstart loads: PBFT, 4 nodes over 3 cloud-10 regions, SM, Poisson 300 tx/s, 30 s", () => {
    const { scenario } = loadScenarioFile(resolve(ROOT, "scenarios/quickstart.yaml"));
    expect(scenario.protocol.name).toBe("pbft");
    expect(scenario.nodes.regions).toEqual(["us-east-1", "eu-central-1", "ap-northeast-1", "us-east-1"]);
    expect(scenario.crypto.suite).toBe("sm");
    expect(scenario.workload.arrival).toEqual({ kind: "poisson", rate: 300 });
    expect(scenario.durationUs).toBe(30_000_000);
    expect(scenario.metrics.warmupUs).toBe(5_000_000);
    expect(scenario.criteria).toEqual(["safety.ok", "liveness.ok"]);
  });

  it("pbft-16-cloud loads: 16 nodes, the leader crashes at 30 s and stays down", () => {
    const { scenario, document } = loadScenarioFile(resolve(ROOT, "scenarios/pbft-16-cloud.yaml"));
    expect(scenario.nodes.count).toBe(16);
    expect(new Set(scenario.nodes.regions).size).toBeGreaterThanOrEqual(3);
    expect(scenario.faults).toEqual([{ kind: "crash", atUs: 30_000_000, nodes: [0] }]);
    expect(scenario.workload.arrival.rate).toBe(500);
    expect(scenario.criteria).toEqual(["safety.ok"]);
    expect(document.name).toBe("pbft-16-cloud");
  });

  it("a resolved document loads again to the same scenario", () => {
    for (const file of ["scenarios/quickstart.yaml", "scenarios/pbft-16-cloud.yaml"]) {
      const first = loadScenarioFile(resolve(ROOT, file));
      const again = loadScenarioText(stringify(first.document), "again.yaml");
      expect(again.scenario).toEqual(first.scenario);
      expect(JSON.stringify(again.document)).toBe(JSON.stringify(first.document));
    }
  });
});

describe("compilation", () => {
  it("splits nodes by weights (largest remainder) and interleaves them", () => {
    const text = `${MINIMAL}nodes:\n  count: 6\n  placement: { regions: [us-east-1, eu-central-1, ap-northeast-1], weights: [3, 1, 2] }\n`;
    const { scenario } = loadScenarioText(text, "w.yaml");
    expect(scenario.nodes.regions).toEqual(["us-east-1", "eu-central-1", "ap-northeast-1", "us-east-1", "ap-northeast-1", "us-east-1"]);
  });

  it("compiles a custom latency matrix to µs", () => {
    const text = `${MINIMAL}network:\n  preset: custom\n  regions: [a, b]\n  latencyMs: [[0.5, 40], [40.25, 0.5]]\n`;
    const { scenario } = loadScenarioText(text, "c.yaml");
    expect(scenario.network.regionNames).toEqual(["a", "b"]);
    expect(scenario.network.meanDelayUs).toEqual([[500, 40_000], [40_250, 500]]);
    expect(scenario.nodes.regions).toEqual(["a", "b", "a", "b"]);
    expect(scenario.network.uploadBps).toEqual([1e9, 1e9, 1e9, 1e9]);
  });

  it("compiles bandwidth, per-node crypto, faults, arrival steps and a percentage confirmation", () => {
    const text = `${MINIMAL}
nodes: { count: 7 }
network: { bandwidth: { upload: 100Mbps }, topology: { kind: random, degree: 3 } }
crypto: { suite: sm, nodes: { "5": intl, "2": ed25519 } }
workload: { arrival: { kind: steps, rate: 10, steps: [{ at: 1s, rate: 100 }, { at: 2500ms, rate: 0 }] }, txSize: 1KiB }
faults:
  - { kind: crash, at: 10s, nodes: [1, 2], recover: 20s }
  - { kind: partition, at: 30s, groups: [[0, 1, 2], [3, 4, 5, 6]], heal: 40s }
metrics: { confirmation: "90%" }
`;
    const { scenario, document } = loadScenarioText(text, "x.yaml");
    expect(scenario.network.uploadBps).toEqual(Array(7).fill(100e6));
    expect(scenario.network.downloadBps).toEqual(Array(7).fill(1e9));
    expect(scenario.network.topology).toEqual({ kind: "random", degree: 3 });
    expect(scenario.crypto.perNode).toEqual(["sm", "sm", "ed25519", "sm", "sm", "intl", "sm"]);
    expect(Object.keys((document.crypto as { nodes: object }).nodes)).toEqual(["2", "5"]);
    expect(scenario.workload.arrival.steps).toEqual([{ atUs: 1_000_000, rate: 100 }, { atUs: 2_500_000, rate: 0 }]);
    expect(scenario.workload.txSizeBytes).toBe(1024);
    expect(scenario.faults).toEqual([
      { kind: "crash", atUs: 10_000_000, nodes: [1, 2], recoverUs: 20_000_000 },
      { kind: "partition", atUs: 30_000_000, groups: [[0, 1, 2], [3, 4, 5, 6]], healUs: 40_000_000 },
    ]);
    expect(scenario.metrics.confirmation).toEqual({ kind: "fraction", fraction: 0.9 });
  });

  it("accepts JSON", () => {
    const { scenario } = loadScenarioText('{ "protocol": { "name": "raft" }, "nodes": { "count": 3 }, "duration": "10s" }', "s.json");
    expect(scenario.protocol.name).toBe("raft");
    expect(scenario.durationUs).toBe(10_000_000);
  });
});

describe("problems", () => {
  it("reports every problem, not just the first, each with file, line and column", () => {
    const error = problemsOf("protocol:\n  name: pbft\nduraton: 30s\nnodes:\n  count: -1\nnetwork:\n  loss: 2\n");
    expect(error.problems.map((p) => [p.path, p.line, p.column])).toEqual([
      ["duraton", 3, 1],
      ["nodes.count", 5, 10],
      ["network.loss", 7, 9],
    ]);
    expect(error.message.split("\n")).toHaveLength(3);
    expect(error.message).toContain("test.yaml:3:1: duraton: unknown key 'duraton' — did you mean 'duration'?");
    expect(error.problems[0].suggestion).toBe("duration");
  });

  it("suggests the nearest protocol", () => {
    const error = problemsOf("protocol:\n  name: pbtf\n");
    expect(error.message).toBe(
      "test.yaml:2:9: protocol.name: expected one of pbft | hotstuff | tendermint | raft | nakamoto, found 'pbtf' — did you mean 'pbft'?",
    );
    expect(error.problems[0]).toMatchObject({ found: "'pbtf'", suggestion: "pbft" });
  });

  it("reports several semantic problems together", () => {
    const error = problemsOf(`${MINIMAL}nodes: { count: 3 }\nfaults: [{ kind: crash, at: 1s, nodes: [5] }]\n`);
    expect(error.problems.map((p) => p.path)).toEqual(["nodes.count", "faults[0].nodes[0]"]);
  });

  it("refuses prototype keys in the file", () => {
    const error = problemsOf(`${MINIMAL}nodes: { constructor: 1 }\n`);
    expect(error.problems[0].path).toBe("nodes.constructor");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("names a file that cannot be read", () => {
    expect(() => loadScenarioFile(resolve(ROOT, "scenarios/does-not-exist.yaml"))).toThrow(/does-not-exist.yaml:1:1: \(root\): cannot read the scenario file: no such file/);
  });
});

describe("locate", () => {
  it("finds where a field was written, for problems found after loading", () => {
    const loaded = loadScenarioText(`${MINIMAL}criteria:\n  - safety.ok\n  - "latency.p99Ms <<= 5"\n`, "l.yaml", ["seed=3"]);
    expect(loaded.locate?.("criteria[1]")).toEqual({ line: 5, column: 5 });
    expect(loaded.locate?.("criteria.1")).toEqual({ line: 5, column: 5 });
    expect(loaded.locate?.("protocol.name")).toEqual({ line: 2, column: 9 });
    expect(loaded.locate?.("seed")).toBeUndefined();
    expect(loaded.locate?.("duration")).toBeUndefined();
  });

  it("names inline sources sensibly", () => {
    expect(loadScenarioText(MINIMAL, "<inline>").scenario.name).toBe("inline");
  });
});
