/**
 * The result contract (ARCHITECTURE §6, schema `ledgersim/result@1`): assembles result.json from a finished
 * simulation, with its manifest, criteria verdicts and `resultHash` — SM3 over the canonical JSON of
 * everything except the manifest (plus the event count), so the same scenario, seed and version give the same
 * hash on every machine.
 */
import { sm3 } from "../crypto/sm3.js";
import type { SimulationOutcome } from "../engine/simulation.js";
import { evaluateCriterion, parseCriterion, type CriterionResult } from "../evaluate/criteria.js";
import type { TimeseriesRow } from "../metrics/report.js";
import type { LoadedScenario } from "../scenario/types.js";
import { canonicalJson } from "./canonical.js";
import { cryptoSection, type CryptoSection } from "./crypto-section.js";
import { VERSION } from "../version.js";

export const RESULT_SCHEMA = "ledgersim/result@1";

export interface Manifest {
  seed: number;
  version: string;
  gitCommit: string;
  node: string;
  workers: number;
  costProfile: string;
  scenarioHash: string;
  resultHash: string;
  simulatedSeconds: number;
  events: number;
  stoppedBy: string;
  verifications: Record<string, { charged: number; executed: number }>;
  wall: { seconds: number; startedAt: string; host: string };
}

export interface RunResult {
  schema: string;
  scenario: Record<string, unknown>;
  manifest: Manifest;
  /** successRate: share of the window's submitted transactions confirmed by the end of the run (always written). */
  throughput: SimulationOutcome["metrics"]["throughput"] & { successRate?: number };
  latency: SimulationOutcome["metrics"]["latency"];
  blocks: SimulationOutcome["metrics"]["blocks"];
  messages: SimulationOutcome["metrics"]["messages"] & { dropped: number; droppedByPartition: number };
  nodes: (SimulationOutcome["metrics"]["nodes"][number] & { region: string; suite: string })[];
  /** Signatures and verifications per scheme, charged and computed, and their simulated CPU (derived: not hashed). */
  crypto?: CryptoSection;
  viewChanges: number;
  safety: SimulationOutcome["safety"];
  liveness: SimulationOutcome["liveness"];
  faults: SimulationOutcome["faults"];
  /** Byzantine nodes, their strategies and the signatures honest nodes rejected (only with `adversaries:`). */
  adversaries?: SimulationOutcome["adversaries"];
  criteria: CriterionResult[];
  /** Protocol-specific sections from the protocol's observer (e.g. PoW block propagation). */
  protocol?: Record<string, unknown>;
}

export interface BuildResultInput {
  loaded: LoadedScenario;
  outcome: SimulationOutcome;
  gitCommit: string;
  workers: number;
  wall: Manifest["wall"];
}

function withOneWorker(document: Record<string, unknown>): Record<string, unknown> {
  const engine = document["engine"];
  if (typeof engine !== "object" || engine === null || !("workers" in engine)) return document;
  return { ...document, engine: { ...engine, workers: 1 } };
}

export function hashHex(text: string): string {
  return Buffer.from(sm3(new TextEncoder().encode(text))).toString("hex");
}

export function scenarioHash(document: Record<string, unknown>): string {
  return hashHex(canonicalJson(document));
}

export function buildResult(input: BuildResultInput): { result: RunResult; timeseries: TimeseriesRow[] } {
  const { loaded, outcome } = input;
  const scenario = loaded.scenario;
  const metrics = outcome.metrics;
  const observation = outcome.protocol;
  const blocks = { ...metrics.blocks };
  if (observation?.staleBlocks !== undefined) {
    blocks.stale = observation.staleBlocks;
    const produced = observation.blocksProduced ?? 0;
    blocks.staleRate = produced > 0 ? Math.round((observation.staleBlocks / produced) * 1e6) / 1e6 : 0;
  }
  const body = {
    schema: RESULT_SCHEMA,
    scenario: loaded.document,
    throughput: { ...metrics.throughput, successRate: successRate(metrics) },
    latency: metrics.latency,
    blocks,
    messages: { ...metrics.messages, ...outcome.network },
    nodes: metrics.nodes.map((node) => ({
      ...node,
      region: scenario.nodes.regions[node.id] as string,
      suite: scenario.crypto.perNode[node.id] as string,
    })),
    viewChanges: metrics.viewChanges,
    safety: outcome.safety,
    liveness: outcome.liveness,
    faults: outcome.faults,
    ...(outcome.adversaries === undefined ? {} : { adversaries: outcome.adversaries }),
    ...(observation === undefined ? {} : { protocol: observation.sections }),
  };
  const criteria = scenario.criteria.map((source) => evaluateCriterion(parseCriterion(source), body));
  // successRate is derived from hashed counts (latency.confirmed / throughput.submitted), so it stays out of
  // the hash: adding it left every pinned resultHash unchanged.
  // The worker count never changes what is simulated (ARCHITECTURE §9): hashed as 1 whatever was asked.
  const hashed = { ...body, scenario: withOneWorker(loaded.document), throughput: metrics.throughput, criteria, events: outcome.events, timeseries: metrics.timeseries };
  const manifest: Manifest = {
    seed: scenario.seed,
    version: VERSION,
    gitCommit: input.gitCommit,
    node: process.version,
    workers: input.workers,
    costProfile: scenario.nodes.cpu.profile,
    scenarioHash: scenarioHash(loaded.document),
    resultHash: hashHex(canonicalJson(hashed)),
    simulatedSeconds: scenario.durationUs / 1e6,
    events: outcome.events,
    stoppedBy: outcome.stoppedBy,
    verifications: outcome.crypto,
    wall: input.wall,
  };
  const result: RunResult = {
    schema: RESULT_SCHEMA,
    scenario: loaded.document,
    manifest,
    throughput: body.throughput,
    latency: body.latency,
    blocks: body.blocks,
    messages: body.messages,
    nodes: body.nodes,
    crypto: cryptoSection(outcome.cryptoOps, body.nodes, scenario.crypto.perNode),
    viewChanges: body.viewChanges,
    safety: body.safety,
    liveness: body.liveness,
    faults: body.faults,
    ...(body.adversaries === undefined ? {} : { adversaries: body.adversaries }),
    criteria,
    ...(body.protocol === undefined ? {} : { protocol: body.protocol }),
  };
  return { result, timeseries: metrics.timeseries };
}

/**
 * Success rate (the share of the transactions submitted in the measurement window that reached the
 * confirmation threshold by the end of the run; 0 when none was submitted), to 6 decimals.
 */
export function successRate(metrics: SimulationOutcome["metrics"]): number {
  const submitted = metrics.throughput.submitted;
  return submitted > 0 ? Math.round((metrics.latency.confirmed / submitted) * 1e6) / 1e6 : 0;
}

/** A run failed if any criterion failed or safety was violated (exit 99). */
export function runFailed(result: RunResult): boolean {
  return !result.safety.ok || result.criteria.some((c) => !c.pass);
}
