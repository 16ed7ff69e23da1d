import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenarioFile, loadScenarioText, ScenarioError } from "../../src/scenario/index.js";

const QUICKSTART = resolve(import.meta.dirname, "../../scenarios/quickstart.yaml");

function setError(sets: string[]): ScenarioError {
  try {
    loadScenarioFile(QUICKSTART, sets);
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error("expected a ScenarioError");
}

describe("--set path=value", () => {
  it("types numbers, booleans-free strings, durations and nested paths by the schema", () => {
    const { scenario, document } = loadScenarioFile(QUICKSTART, [
      "nodes.count=7", "workload.arrival.rate=1250.5", "protocol.batch.maxWait=10ms", "network.topology.kind=random",
      "network.topology.degree=3", "seed=9",
    ]);
    expect(scenario.nodes.count).toBe(7);
    expect(scenario.workload.arrival.rate).toBe(1250.5);
    expect(scenario.protocol.batch.maxWaitUs).toBe(10_000);
    expect(scenario.network.topology).toEqual({ kind: "random", degree: 3 });
    expect(scenario.seed).toBe(9);
    expect(document.seed).toBe(9);
  });

  it("parses JSON for lists and mappings", () => {
    const { scenario } = loadScenarioFile(QUICKSTART, [
      'criteria=["safety.ok", "throughput.tps >= 100"]',
      'faults=[{"kind": "crash", "at": "10s", "nodes": [1]}]',
      'crypto.nodes={"2": "intl"}',
    ]);
    expect(scenario.criteria).toEqual(["safety.ok", "throughput.tps >= 100"]);
    expect(scenario.faults).toEqual([{ kind: "crash", atUs: 10_000_000, nodes: [1] }]);
    expect(scenario.crypto.perNode).toEqual(["sm", "sm", "intl", "sm"]);
  });

  it("types booleans by the schema", async () => {
    const { typeValue } = await import("../../src/scenario/overrides.js");
    expect(typeValue({ type: "boolean" }, "true")).toEqual({ ok: true, value: true });
    expect(typeValue({ type: "boolean" }, "false")).toEqual({ ok: true, value: false });
    expect(typeValue({ type: "string" }, "true")).toEqual({ ok: true, value: "true" });
    expect(typeValue({ type: "string" }, "42")).toEqual({ ok: true, value: "42" });
  });

  it("reaches list items and sweep axes", () => {
    const text = "protocol: { name: pbft }\nfaults: [{ kind: crash, at: 10s, nodes: [1] }]\n";
    const { scenario } = loadScenarioText(text, "t.yaml", ["faults[0].at=20s", "faults.0.recover=30s", "sweep.nodes.count=[4, 7]", "sweep.seeds=3"]);
    expect(scenario.faults).toEqual([{ kind: "crash", atUs: 20_000_000, nodes: [1], recoverUs: 30_000_000 }]);
    expect(scenario.sweep).toEqual({ seeds: 3, "nodes.count": [4, 7] });
  });

  it("names --set instead of a line, with the nearest valid key for an unknown path", () => {
    const error = setError(["nodes.cout=7"]);
    expect(error.message).toBe(`${QUICKSTART}: --set nodes.cout: nodes.cout: unknown key path 'nodes.cout' — did you mean 'nodes.count'?`);
    expect(error.problems[0]).toMatchObject({ setPath: "nodes.cout", suggestion: "nodes.count" });
    expect(error.problems[0].line).toBeUndefined();
  });

  it("reports a value of the wrong type against the --set", () => {
    const error = setError(["nodes.count=many", "criteria=safety.ok"]);
    expect(error.message.split("\n")).toEqual([
      `${QUICKSTART}: --set criteria: criteria: expected JSON for a list such as ["safety.ok"], found 'safety.ok'`,
      `${QUICKSTART}: --set nodes.count: nodes.count: expected a whole number ≥ 1, found 'many'`,
    ]);
  });

  it("reports semantic problems caused by a --set against the --set", () => {
    const error = setError(["nodes.count=3"]);
    expect(error.problems[0]).toMatchObject({ setPath: "nodes.count", path: "nodes.count" });
    expect(error.message).toContain("at least 4 nodes for pbft");
  });

  it.each(["__proto__.polluted=1", "nodes.__proto__.x=1", "constructor.prototype.x=1", "nodes.prototype=1", 'crypto.nodes["__proto__"]=intl'])(
    "refuses %s",
    (argument) => {
      const error = setError([argument]);
      expect(error.message).toMatch(/refusing to set '(__proto__|constructor|prototype)'/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).x).toBeUndefined();
    },
  );

  it("asks for path=value", () => {
    expect(setError(["nodes.count"]).message).toContain("expected path=value");
  });

  it("does not grow lists", () => {
    expect(setError(["faults.0.at=1s"]).message).toContain("faults has no items, so there is no item [0] to set");
  });
});
