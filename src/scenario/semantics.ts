/**
 * Checks that need more than one key or knowledge of the protocols and presets: enough nodes for the protocol,
 * node ids in range, disjoint partitions, known regions, a square custom matrix, a measurement window inside the
 * run, and the like. Runs on the resolved document (defaults filled, already schema-valid); every problem names
 * the field it is about.
 */
import type { ScenarioDocument } from "./document.js";
import { checkAdversary, checkFault, checkQuorumOverride } from "./fault-semantics.js";
import { mismatch, type Issue, type PathSegment } from "./errors.js";
import { presetRegions } from "./schema.js";
import { suggest } from "./suggest.js";
import type { ProtocolName } from "./types.js";
import { formatDurationUs, parseDurationUs, parseSizeBytes } from "./units.js";
import { checkSweep } from "./sweep-check.js";

/** Smallest network each protocol runs on, and why. */
export const PROTOCOL_MIN_NODES: Readonly<Record<ProtocolName, { nodes: number; why: string }>> = {
  pbft: { nodes: 4, why: "n ≥ 3f+1 with f ≥ 1" },
  hotstuff: { nodes: 4, why: "n ≥ 3f+1 with f ≥ 1" },
  tendermint: { nodes: 4, why: "n ≥ 3f+1 with f ≥ 1" },
  raft: { nodes: 3, why: "a majority must survive one crash" },
  nakamoto: { nodes: 2, why: "blocks must propagate to someone" },
};

/** The smallest transaction: room for the header (id, client, nonce) and a signature. */
export const MIN_TX_SIZE_BYTES = 64;

export function checkSemantics(doc: ScenarioDocument): Issue[] {
  const issues: Issue[] = [];
  checkCounts(doc, issues);
  checkPlacement(doc, issues);
  checkNetwork(doc, issues);
  checkCryptoOverrides(doc, issues);
  checkWorkload(doc, issues);
  doc.faults.forEach((fault, index) => checkFault(doc, fault, ["faults", index], issues));
  (doc.adversaries ?? []).forEach((entry, index) => checkAdversary(doc, entry, ["adversaries", index], issues));
  checkQuorumOverride(doc, issues);
  checkMetrics(doc, issues);
  checkProtocol(doc, issues);
  if (doc.sweep !== undefined) checkSweep(doc, doc.sweep, issues);
  return issues;
}

function positive(value: unknown, path: readonly PathSegment[], what: string, issues: Issue[]): void {
  if (parseDurationUs(value) <= 0) issues.push(mismatch(path, `${what} longer than 0`, `'${String(value)}'`));
}

function checkCounts(doc: ScenarioDocument, issues: Issue[]): void {
  positive(doc.duration, ["duration"], "a duration", issues);
  const minimum = PROTOCOL_MIN_NODES[doc.protocol.name];
  if (doc.nodes.count < minimum.nodes) {
    issues.push(mismatch(["nodes", "count"], `at least ${minimum.nodes} nodes for ${doc.protocol.name} (${minimum.why})`, String(doc.nodes.count)));
  }
  const topology = doc.network.topology;
  if (topology.kind === "random" && topology.degree >= doc.nodes.count) {
    issues.push(mismatch(["network", "topology", "degree"], `a degree below nodes.count (${doc.nodes.count})`, String(topology.degree)));
  }
}

function checkNodeId(doc: ScenarioDocument, id: number, path: readonly PathSegment[], issues: Issue[]): boolean {
  if (id < doc.nodes.count) return true;
  issues.push(mismatch(path, `a node id from 0 to ${doc.nodes.count - 1} (nodes.count is ${doc.nodes.count})`, String(id)));
  return false;
}

function checkPlacement(doc: ScenarioDocument, issues: Issue[]): void {
  const { regions, weights } = doc.nodes.placement;
  const known = doc.network.preset === "custom" ? doc.network.regions ?? [] : presetRegions(doc.network.preset) ?? [];
  regions.forEach((region, index) => {
    const path = ["nodes", "placement", "regions", index];
    if (regions.indexOf(region) !== index) {
      issues.push({ path, message: `region '${region}' is listed twice; list each region once (use weights for shares)` });
    } else if (!known.includes(region)) {
      const where = doc.network.preset === "custom" ? "network.regions" : `preset ${doc.network.preset}`;
      issues.push(mismatch(path, `a region of ${where} (${known.join(", ")})`, `'${region}'`, suggest(region, known)));
    }
  });
  if (weights !== undefined && weights.length !== regions.length) {
    issues.push(mismatch(["nodes", "placement", "weights"], `one weight per region (${regions.length})`, `${weights.length} weights`));
  }
}

function checkNetwork(doc: ScenarioDocument, issues: Issue[]): void {
  const { preset, regions, latencyMs } = doc.network;
  if (preset !== "custom") {
    if (regions !== undefined) issues.push({ path: ["network", "regions"], message: `only used with preset: custom (the preset is ${preset})` });
    if (latencyMs !== undefined) issues.push({ path: ["network", "latencyMs"], message: `only used with preset: custom (the preset is ${preset})` });
    return;
  }
  if (regions === undefined || latencyMs === undefined) {
    const missing = regions === undefined ? "regions" : "latencyMs";
    issues.push({ path: ["network", missing], related: [["network", "preset"]], message: `preset: custom needs network.${missing} (region names and a square matrix of one-way delays in ms)` });
    return;
  }
  regions.forEach((region, index) => {
    if (regions.indexOf(region) !== index) issues.push({ path: ["network", "regions", index], message: `region '${region}' is listed twice` });
  });
  if (latencyMs.length !== regions.length) {
    issues.push(mismatch(["network", "latencyMs"], `${regions.length} rows, one per region in network.regions`, `${latencyMs.length} rows`));
  }
  latencyMs.forEach((row, index) => {
    if (row.length !== regions.length) {
      issues.push(mismatch(["network", "latencyMs", index], `a square matrix: ${regions.length} columns in each row`, `${row.length} columns`));
    }
  });
}

function checkCryptoOverrides(doc: ScenarioDocument, issues: Issue[]): void {
  for (const id of Object.keys(doc.crypto.nodes)) checkNodeId(doc, Number(id), ["crypto", "nodes", id], issues);
}

function checkWorkload(doc: ScenarioDocument, issues: Issue[]): void {
  const txSizeBytes = parseSizeBytes(doc.workload.txSize);
  if (txSizeBytes < MIN_TX_SIZE_BYTES) {
    issues.push(mismatch(["workload", "txSize"], `at least ${MIN_TX_SIZE_BYTES}B (room for the transaction header and signature)`, `'${String(doc.workload.txSize)}'`));
  }
  const arrival = doc.workload.arrival;
  const path = ["workload", "arrival"];
  for (const key of ["startRate", "endRate"] as const) {
    if (arrival.kind === "ramp" && arrival[key] === undefined) issues.push({ path: [...path, "kind"], message: `kind: ramp needs ${key} (tx/s)` });
    if (arrival.kind !== "ramp" && arrival[key] !== undefined) issues.push({ path: [...path, key], message: `only used with kind: ramp (the kind is ${arrival.kind})` });
  }
  if (arrival.kind === "steps" && arrival.steps === undefined) issues.push({ path: [...path, "kind"], message: "kind: steps needs steps: [{ at, rate }, …]" });
  if (arrival.kind !== "steps" && arrival.steps !== undefined) issues.push({ path: [...path, "steps"], message: `only used with kind: steps (the kind is ${arrival.kind})` });
  let previousUs = -1;
  (arrival.steps ?? []).forEach((step, index) => {
    const atUs = parseDurationUs(step.at);
    const stepPath = [...path, "steps", index, "at"];
    if (atUs <= previousUs) issues.push(mismatch(stepPath, `a time after the previous step (${formatDurationUs(previousUs)})`, `'${String(step.at)}'`));
    if (atUs >= parseDurationUs(doc.duration)) issues.push(mismatch(stepPath, `a time before the end of the run (duration ${String(doc.duration)})`, `'${String(step.at)}'`));
    previousUs = atUs;
  });
}

function checkMetrics(doc: ScenarioDocument, issues: Issue[]): void {
  const { warmup, cooldown, confirmation } = doc.metrics;
  const windowUs = parseDurationUs(warmup) + parseDurationUs(cooldown);
  if (windowUs >= parseDurationUs(doc.duration)) {
    issues.push({
      path: ["metrics", "warmup"],
      related: [["metrics", "cooldown"], ["duration"]],
      message: `expected warmup + cooldown shorter than duration (${String(doc.duration)}), found ${String(warmup)} + ${String(cooldown)}; nothing would be measured`,
    });
  }
  positive(doc.metrics.livenessBound, ["metrics", "livenessBound"], "a liveness bound", issues);
  if (typeof confirmation === "string" && confirmation.endsWith("%")) {
    const percent = Number(confirmation.replace("%", "").trim());
    if (!(percent > 0 && percent <= 100)) issues.push(mismatch(["metrics", "confirmation"], "a percentage in (0%, 100%]", `'${confirmation}'`));
  }
}

function checkProtocol(doc: ScenarioDocument, issues: Issue[]): void {
  const protocol = doc.protocol;
  if (protocol.name === "pbft") {
    positive(protocol.viewChangeTimeout, ["protocol", "viewChangeTimeout"], "a timeout", issues);
    const k = protocol.checkpointInterval as number;
    const window = protocol.watermarkWindow as number;
    if (window % k !== 0 || window < k) {
      issues.push(mismatch(["protocol", "watermarkWindow"], `a multiple of checkpointInterval (${k})`, String(window)));
    }
  }
  if (protocol.name === "tendermint" && Array.isArray(protocol.votingPower) && protocol.votingPower.length !== doc.nodes.count) {
    issues.push(mismatch(["protocol", "votingPower"], `one voting power per node (nodes.count is ${doc.nodes.count})`, `${protocol.votingPower.length} entries`));
  }
  if (protocol.name === "nakamoto") {
    positive(protocol.blockInterval, ["protocol", "blockInterval"], "a block interval", issues);
    if (parseSizeBytes(protocol.blockSize) < parseSizeBytes(doc.workload.txSize)) {
      issues.push(mismatch(["protocol", "blockSize"], `room for at least one transaction (workload.txSize ${String(doc.workload.txSize)})`, `'${String(protocol.blockSize)}'`));
    }
  }
}
