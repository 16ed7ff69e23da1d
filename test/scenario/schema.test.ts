import { resolve } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { loadScenarioFile, scenarioSchema, schemaFor, type SchemaNode } from "../../src/scenario/index.js";
import { referenceRows, scenarioReferenceMarkdown } from "../../src/scenario/reference.js";
import { badScenarioFiles } from "./corpus.js";
import { parse } from "yaml";
import { readFileSync } from "node:fs";

const ROOT = resolve(import.meta.dirname, "../..");

/** Every key node in the schema with its path. */
function keyNodes(node: SchemaNode, prefix = ""): [string, SchemaNode][] {
  const out: [string, SchemaNode][] = [];
  for (const branch of node.oneOf ?? [node]) {
    if (branch.items !== undefined) out.push(...keyNodes(branch.items, `${prefix}[]`));
    for (const [key, child] of Object.entries(branch.properties ?? {})) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      out.push([path, child], ...keyNodes(child, path));
    }
  }
  return out;
}

describe("scenario JSON Schema", () => {
  it("documents every key with a description and a default (or says what the default depends on)", () => {
    for (const [path, node] of keyNodes(scenarioSchema)) {
      expect(node.description, path).toBeTruthy();
      const objectKey = node.additionalProperties === false || node.oneOf !== undefined;
      const requiredSomewhere = ["protocol", "protocol.name", "faults[].kind", "faults[].at", "faults[].nodes", "faults[].groups"];
      const optional = ["nodes.placement.weights", "network.regions", "network.latencyMs", "workload.arrival.startRate",
        "workload.arrival.endRate", "workload.arrival.steps", "workload.arrival.steps[].at", "workload.arrival.steps[].rate",
        "faults[].recover", "faults[].heal", "sweep"];
      if (!objectKey && !requiredSomewhere.includes(path) && !optional.includes(path)) {
        expect(node.default !== undefined || node.$comment?.startsWith("default:"), `${path} has a default`).toBe(true);
      }
    }
  });

  it("closes every mapping (additionalProperties: false) except the two maps", () => {
    for (const [path, node] of [["(root)", scenarioSchema] as [string, SchemaNode], ...keyNodes(scenarioSchema)]) {
      for (const branch of node.oneOf ?? [node]) {
        if (branch.properties === undefined) continue;
        if (path === "sweep") expect(typeof branch.additionalProperties).toBe("object");
        else expect(branch.additionalProperties, path).toBe(false);
      }
    }
  });

  it("is a valid draft-07 schema that accepts the shipped scenarios and their resolved documents", () => {
    const ajv = new Ajv({ strict: true, allErrors: true, strictTypes: false });
    const validate = ajv.compile(scenarioSchema);
    for (const file of ["scenarios/quickstart.yaml", "scenarios/pbft-16-cloud.yaml"]) {
      const raw: unknown = parse(readFileSync(resolve(ROOT, file), "utf8"));
      expect(validate(raw), JSON.stringify(validate.errors)).toBe(true);
      expect(validate(loadScenarioFile(resolve(ROOT, file)).document), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it("rejects, in an editor too, the corpus files that are wrong by the schema alone", () => {
    const ajv = new Ajv({ strict: true, allErrors: true, strictTypes: false });
    const validate = ajv.compile(scenarioSchema);
    const schemaLevel = ["wrong-type-count", "unknown-key-typo", "unknown-protocol", "negative-duration", "bad-unit", "loss-too-high",
      "max-txs-zero", "unknown-arrival-kind", "missing-protocol", "pbft-key-on-raft", "unknown-fault-kind", "negative-rate"];
    for (const { file } of badScenarioFiles()) {
      if (!schemaLevel.some((name) => file.endsWith(`/${name}.yaml`))) continue;
      expect(validate(parse(readFileSync(file, "utf8"))), file).toBe(false);
    }
  });

  it("finds the schema of a key path for --set, by protocol when a document is given", () => {
    expect(schemaFor("nodes.count")?.type).toBe("integer");
    expect(schemaFor("protocol.viewChangeTimeout")?.default).toBe("2s");
    expect(schemaFor("protocol.viewChangeTimeout", { protocol: { name: "raft" } })).toBeUndefined();
    expect(schemaFor("protocol.blockInterval", { protocol: { name: "nakamoto" } })?.default).toBe("600s");
    expect(schemaFor(["faults", 0, "recover"])?.description).toMatch(/come back/);
    expect(schemaFor("faults[0].at")?.pattern).toBeDefined();
    expect(schemaFor("crypto.nodes.3")?.enum).toEqual(["sm", "intl", "ed25519"]);
    expect(schemaFor("nodes.cout")).toBeUndefined();
  });
});

describe("scenario reference", () => {
  it("has one row per key, with type, default and description", () => {
    const rows = referenceRows();
    const paths = rows.map((row) => row.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(rows.find((row) => row.path === "duration")).toEqual({
      path: "duration", type: "duration", default: "`60s`", description: "Simulated time to run.",
    });
    expect(rows.find((row) => row.path === "protocol.viewChangeTimeout")?.description).toContain("(name: pbft only)");
    expect(rows.find((row) => row.path === "protocol.name")?.type).toContain("`nakamoto`");
    for (const row of rows) expect(row.description, row.path).not.toBe("");
  });

  it("renders a Markdown table", () => {
    const markdown = scenarioReferenceMarkdown();
    expect(markdown).toContain("| key | type | default | description |");
    expect(markdown).toContain("| `workload.txSize` | size | `256B` |");
  });
});
