/**
 * How the simulation plugs faults and adversaries into its hosts: the controls the fault runtime uses (crash,
 * recover, CPU speed, timer rate, leader hints), the per-node network wrapper and context wrapper of a
 * Byzantine node, the time-series fault column, and the adversary section of the outcome.
 */
import type { RngStreams } from "../engine/rng.js";
import type { SimTime } from "../engine/time.js";
import type { Host } from "../host/host.js";
import type { HostEnvironment } from "../host/types.js";
import type { TimeseriesRow } from "../metrics/report.js";
import type { NodeContext, NodeId } from "../protocols/types.js";
import type { Scenario } from "../scenario/types.js";
import { adversaryHooks, adversaryOf } from "./adversary.js";
import type { FaultControls } from "./runtime.js";
import { activeFaultCount, type FaultRecord } from "./schedule.js";

/** What result.json reports about Byzantine nodes (absent when every node is honest). */
export interface AdversaryReport {
  /** Byzantine node ids and their strategies. */
  nodes: { id: NodeId; strategy: string }[];
  /** Signatures honest nodes' real verification rejected (forged or corrupted). */
  rejectedSignatures: number;
}

export function faultControls(
  hosts: readonly Host<unknown>[],
  regions: readonly string[],
  onDown: (node: NodeId, atUs: SimTime) => void,
  onUp: (node: NodeId, atUs: SimTime) => void,
  owns: (node: NodeId) => boolean = () => true,
  /** Parallel engine: whom a node of another partition believes leads (handed round by the coordinator). */
  remoteLeaderHint: (node: NodeId) => NodeId | undefined = (node) => hosts[node]?.leaderHint(),
): FaultControls {
  const host = (node: NodeId): Host<unknown> => hosts[node] as Host<unknown>;
  return {
    nodeCount: hosts.length,
    regions,
    isUp: (node) => host(node).isUp,
    leaderHint: (node) => (owns(node) ? host(node).leaderHint() : host(node).isUp ? remoteLeaderHint(node) : undefined),
    crash: (node, atUs) => {
      if (!host(node).isUp) return;
      host(node).crash();
      onDown(node, atUs);
    },
    recover: (node, atUs) => {
      if (host(node).isUp) return;
      // A node of another partition (engine/parallel) restarts there; here its copy only comes back up.
      if (owns(node)) host(node).start(atUs);
      else host(node).markUp();
      onUp(node, atUs);
    },
    setCpuSpeed: (node, factor) => {
      host(node).cpuSpeed = factor;
    },
    setTimerRate: (node, factor) => {
      host(node).timerRate = factor;
    },
  };
}

/** The environment and context wrapper for node `id` (the plain environment and none for an honest node). */
export function hostWiring(
  scenario: Scenario, id: NodeId, env: HostEnvironment<unknown>, streams: RngStreams,
): { env: HostEnvironment<unknown>; wrapContext?: (ctx: NodeContext<unknown>) => NodeContext<unknown> } {
  const spec = adversaryOf(id, scenario.adversaries);
  if (spec === undefined) return { env };
  const hooks = adversaryHooks(spec, id, scenario.protocol.name, scenario.nodes.count, streams.get(`adversary/${id}`));
  const wrapped = hooks.environment?.(env) ?? env;
  return hooks.context === undefined ? { env: wrapped } : { env: wrapped, wrapContext: hooks.context };
}

export function adversaryReport(
  scenario: Scenario, hosts: readonly Host<unknown>[], owns: (node: NodeId) => boolean = () => true,
): AdversaryReport | undefined {
  const entries = scenario.adversaries ?? [];
  if (entries.length === 0) return undefined;
  const nodes = entries.flatMap((e) => e.nodes.map((id) => ({ id, strategy: e.strategy as string }))).sort((a, b) => a.id - b.id);
  const byzantine = new Set(nodes.map((n) => n.id));
  let rejectedSignatures = 0;
  for (const host of hosts) if (!byzantine.has(host.id) && owns(host.id)) rejectedSignatures += host.rejectedSignatures;
  return { nodes, rejectedSignatures };
}

/** The environment of a twin copy: its sends go out as the twin's, its local events come back to the twin. */
export function twinEnvironment(
  env: HostEnvironment<unknown>,
  transmit: HostEnvironment<unknown>["transmit"],
  scheduleLocal: (kind: "timer" | "cpu", node: NodeId, atUs: SimTime, timerId: number, epoch: number) => void,
): HostEnvironment<unknown> {
  return {
    ...env,
    transmit,
    scheduleTimer: (node, atUs, timerId, epoch) => scheduleLocal("timer", node, atUs, timerId, epoch),
    scheduleCpuFree: (node, atUs, epoch) => scheduleLocal("cpu", node, atUs, 0, epoch),
  };
}

/** Adds the number of active fault windows to each one-second row (only when the run has faults). */
export function annotateFaults(rows: TimeseriesRow[], records: readonly FaultRecord[]): void {
  if (records.length === 0) return;
  for (const row of rows) row.faults = activeFaultCount(records, row.time_s * 1_000_000, (row.time_s + 1) * 1_000_000);
}
