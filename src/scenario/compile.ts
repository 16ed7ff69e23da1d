/**
 * Compiling the resolved document into the engine's `Scenario`: durations to integer µs, sizes to bytes,
 * bandwidths to bit/s, node regions from placement, the latency matrix and per-node bandwidth from the preset
 * (or the custom matrix), per-node crypto suites. Deterministic: the same document always gives the same object.
 */
import { NETWORK_PRESETS, type NetworkPreset } from "../network/presets.js";
import type { ScenarioDocument } from "./document.js";
import { compileAdversary, compileFault } from "./compile-faults.js";
import { branchFor, unitKindOf } from "./schema-node.js";
import { schemaFor } from "./schema.js";
import type { ConfirmationSpec, ProtocolSpec, Scenario } from "./types.js";
import { parseBandwidthBps, parseDurationUs, parseQuantity, parseSizeBytes } from "./units.js";

/** Bandwidth of a custom matrix's nodes when the scenario sets none, bit/s. */
export const CUSTOM_DEFAULT_BANDWIDTH_BPS = 1e9;

export function compileScenario(doc: ScenarioDocument): Scenario {
  const regions = placeNodes(doc.nodes.count, doc.nodes.placement.regions, doc.nodes.placement.weights);
  const scenario: Scenario = {
    name: doc.name,
    description: doc.description,
    seed: doc.seed,
    durationUs: parseDurationUs(doc.duration),
    protocol: compileProtocol(doc),
    nodes: {
      count: doc.nodes.count,
      regions,
      placement: doc.nodes.placement.weights === undefined
        ? { regions: [...doc.nodes.placement.regions] }
        : { regions: [...doc.nodes.placement.regions], weights: [...doc.nodes.placement.weights] },
      cpu: { ...doc.nodes.cpu },
    },
    network: compileNetwork(doc, regions),
    crypto: {
      suite: doc.crypto.suite,
      perNode: Array.from({ length: doc.nodes.count }, (_, id) => doc.crypto.nodes[String(id)] ?? doc.crypto.suite),
    },
    workload: compileWorkload(doc),
    faults: doc.faults.map(compileFault),
    ...(doc.adversaries === undefined ? {} : { adversaries: doc.adversaries.map(compileAdversary) }),
    metrics: {
      confirmation: compileConfirmation(doc.metrics.confirmation),
      warmupUs: parseDurationUs(doc.metrics.warmup),
      cooldownUs: parseDurationUs(doc.metrics.cooldown),
      livenessBoundUs: parseDurationUs(doc.metrics.livenessBound),
    },
    criteria: [...doc.criteria],
    engine: { maxEvents: doc.engine.maxEvents, stallUs: parseDurationUs(doc.engine.stall), workers: doc.engine.workers },
  };
  if (doc.sweep !== undefined) scenario.sweep = structuredClone(doc.sweep);
  return scenario;
}

/**
 * Region of each node. Without weights: round-robin over `regions`. With weights: each region's count by the
 * largest-remainder method, then handed out round-robin over the regions that still have nodes, so any prefix
 * of the node ids spans as many regions as it can.
 */
export function placeNodes(count: number, regions: readonly string[], weights?: readonly number[]): string[] {
  if (weights === undefined) return Array.from({ length: count }, (_, id) => regions[id % regions.length]);
  const left = largestRemainder(count, weights);
  const out: string[] = [];
  while (out.length < count) {
    for (const [index, region] of regions.entries()) {
      if (left[index] > 0) {
        out.push(region);
        left[index]--;
      }
    }
  }
  return out;
}

/** Splits `total` into integers proportional to `weights` (Hamilton's method; ties go to the earlier entry). */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const quotas = weights.map((weight) => (total * weight) / sum);
  const counts = quotas.map(Math.floor);
  let remaining = total - counts.reduce((a, b) => a + b, 0);
  const order = quotas.map((quota, index) => ({ index, fraction: quota - Math.floor(quota) }));
  order.sort((a, b) => b.fraction - a.fraction || a.index - b.index);
  for (const { index } of order) {
    if (remaining === 0) break;
    counts[index]++;
    remaining--;
  }
  return counts;
}

function compileProtocol(doc: ScenarioDocument): ProtocolSpec {
  const protocolSchema = schemaFor(["protocol"]);
  const branch = protocolSchema === undefined ? undefined : branchFor(protocolSchema, doc.protocol);
  const spec: ProtocolSpec = {
    name: doc.protocol.name,
    batch: { maxTxs: doc.protocol.batch.maxTxs, maxWaitUs: parseDurationUs(doc.protocol.batch.maxWait) },
  };
  for (const [key, node] of Object.entries(branch?.properties ?? {})) {
    if (key === "name" || key === "batch" || doc.protocol[key] === undefined) continue;
    const unit = unitKindOf(node);
    const value = doc.protocol[key];
    if (unit === "duration") spec[`${key}Us`] = parseQuantity(unit, value);
    else if (unit === "size") spec[`${key}Bytes`] = parseQuantity(unit, value);
    else if (unit === "bandwidth") spec[`${key}Bps`] = parseQuantity(unit, value);
    else spec[key] = structuredClone(value);
  }
  return spec;
}

function presetOf(doc: ScenarioDocument): NetworkPreset {
  if (doc.network.preset !== "custom") return NETWORK_PRESETS[doc.network.preset];
  return {
    name: "custom",
    description: "The scenario's own latency matrix",
    regions: doc.network.regions ?? [],
    meanOneWayMs: doc.network.latencyMs ?? [],
    defaultDistribution: "lognormal",
    defaultBandwidthBps: CUSTOM_DEFAULT_BANDWIDTH_BPS,
  };
}

function compileNetwork(doc: ScenarioDocument, nodeRegions: readonly string[]): Scenario["network"] {
  const preset = presetOf(doc);
  const regionIndex = nodeRegions.map((region) => preset.regions.indexOf(region));
  const perNode = (set: string | number | undefined, figures: readonly number[] | undefined): number[] =>
    regionIndex.map((index) =>
      set !== undefined ? parseBandwidthBps(set) : Math.round(figures?.[index] ?? preset.defaultBandwidthBps),
    );
  const topology = doc.network.topology;
  return {
    preset: doc.network.preset,
    regionNames: [...preset.regions],
    meanDelayUs: preset.meanOneWayMs.map((row) => row.map((ms) => Math.round(ms * 1000))),
    jitter: { ...doc.network.jitter },
    uploadBps: perNode(doc.network.bandwidth?.upload, preset.uploadBps),
    downloadBps: perNode(doc.network.bandwidth?.download, preset.downloadBps),
    loss: doc.network.loss,
    topology: topology.kind === "mesh" ? { kind: "mesh" } : { kind: "random", degree: topology.degree },
  };
}

function compileWorkload(doc: ScenarioDocument): Scenario["workload"] {
  const { kind, rate, startRate, endRate, steps } = doc.workload.arrival;
  const arrival: Scenario["workload"]["arrival"] = { kind, rate };
  if (startRate !== undefined) arrival.startRate = startRate;
  if (endRate !== undefined) arrival.endRate = endRate;
  if (steps !== undefined) arrival.steps = steps.map((step) => ({ atUs: parseDurationUs(step.at), rate: step.rate }));
  return {
    arrival,
    txSizeBytes: parseSizeBytes(doc.workload.txSize),
    target: doc.workload.target,
    clients: doc.workload.clients,
  };
}

function compileConfirmation(confirmation: string | number): ConfirmationSpec {
  if (confirmation === "all-honest") return { kind: "all-honest" };
  if (typeof confirmation === "number") return { kind: "fraction", fraction: confirmation };
  return { kind: "fraction", fraction: Number(confirmation.replace("%", "").trim()) / 100 };
}
