/**
 * Filling in defaults. Static defaults come from the schema; the few that depend on other keys (the scenario
 * name from the file name, placement regions and jitter from the network preset, the confirmation rule from
 * the protocol) are added first. The result's keys follow schema order, so result.json is byte-stable.
 */
import { NETWORK_PRESETS } from "../network/presets.js";
import type { ScenarioDocument } from "./document.js";
import { branchFor, isPlainObject, type SchemaNode } from "./schema-node.js";
import { scenarioSchema } from "./schema.js";

/** The document with every default filled in, keys in schema order. `raw` must already be valid. */
export function resolveDocument(raw: Record<string, unknown>, source: string): ScenarioDocument {
  const withDynamic = structuredClone(raw);
  addDynamicDefaults(withDynamic, source);
  return fillDefaults(scenarioSchema, withDynamic) as unknown as ScenarioDocument;
}

/** Scenario name from a file path: its base name without extension, made safe for a directory name. */
export function nameFromSource(source: string): string {
  const base = source.split(/[\\/]/).pop() ?? "";
  const stem = base.replace(/\.(ya?ml|json)$/i, "").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[^A-Za-z0-9]+/, "").replace(/-+$/, "");
  return stem === "" ? "scenario" : stem;
}

function child(parent: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = parent[key];
  if (isPlainObject(existing)) return existing;
  const created: Record<string, unknown> = {};
  parent[key] = created;
  return created;
}

function addDynamicDefaults(doc: Record<string, unknown>, source: string): void {
  if (doc.name === undefined) doc.name = nameFromSource(source);
  const network = child(doc, "network");
  const presetName = typeof network.preset === "string" ? network.preset : "cloud-10";
  const preset = Object.hasOwn(NETWORK_PRESETS, presetName) ? NETWORK_PRESETS[presetName] : undefined;
  const placement = child(child(doc, "nodes"), "placement");
  if (placement.regions === undefined) {
    placement.regions = preset !== undefined ? [...preset.regions] : Array.isArray(network.regions) ? [...network.regions] : [];
  }
  const jitter = child(network, "jitter");
  if (jitter.distribution === undefined) jitter.distribution = preset?.defaultDistribution ?? "lognormal";
  const metrics = child(doc, "metrics");
  if (metrics.confirmation === undefined) {
    const protocol = doc.protocol;
    metrics.confirmation = isPlainObject(protocol) && protocol.name === "nakamoto" ? 0.9 : "all-honest";
  }
}

/** Fills schema defaults into `value` (recursively), ordering keys as the schema lists them. */
export function fillDefaults(node: SchemaNode, value: unknown): unknown {
  if (node.oneOf !== undefined) {
    const branch = branchFor(node, value);
    return branch === undefined ? value : fillDefaults(branch, value);
  }
  if (Array.isArray(value)) return node.items === undefined ? [...value] : value.map((item) => fillDefaults(node.items as SchemaNode, item));
  if (!isPlainObject(value) || (node.properties === undefined && node.additionalProperties === undefined)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, childNode] of Object.entries(node.properties ?? {})) {
    if (Object.hasOwn(value, key)) {
      out[key] = fillDefaults(childNode, value[key]);
    } else if (childNode.default !== undefined) {
      out[key] = structuredClone(childNode.default);
    } else if (childNode.additionalProperties === false && childNode.required === undefined) {
      const filled = fillDefaults(childNode, {}) as Record<string, unknown>;
      if (Object.keys(filled).length > 0) out[key] = filled;
    }
  }
  const extra = node.additionalProperties;
  if (typeof extra === "object") {
    for (const key of extraKeys(node, value)) out[key] = fillDefaults(extra, value[key]);
  }
  return out;
}

/** Keys of a map beyond the declared properties: node ids sorted numerically, others in the user's order. */
function extraKeys(node: SchemaNode, value: Record<string, unknown>): string[] {
  const keys = Object.keys(value).filter((key) => !Object.hasOwn(node.properties ?? {}, key));
  return keys.every((key) => /^\d+$/.test(key)) ? keys.sort((a, b) => Number(a) - Number(b)) : keys;
}
