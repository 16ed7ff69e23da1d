/**
 * What the parallel engine does not run (yet), and the error that says so (the CLI turns it into exit 104).
 * A leader hint reads the protocol state of a node that may live in another worker. For faults, which come
 * first at their instant, the coordinator hands every node's hint round (leaderFaultTimes); a transaction's
 * target is chosen after that instant's other events, mid-window, so `workload.target: leader` stays refused.
 * (Byzantine nodes and Twins run: a twin copy lives in its node's partition; the wire says which copy.)
 */
import { expandFaults } from "../../faults/schedule.js";
import type { NodeTarget, Scenario } from "../../scenario/types.js";
import type { SimTime } from "../time.js";

export class ParallelUnsupportedError extends Error {
  constructor(reason: string) {
    super(`--workers > 1: ${reason}`);
    this.name = "ParallelUnsupportedError";
  }
}

function targetsLeader(target: NodeTarget | undefined): boolean {
  return target !== undefined && !Array.isArray(target) && target.kind === "leader";
}

/**
 * The instants at which a fault asks for the leader (sorted). The coordinator ends a window just before each, so
 * that every partition knows, for every node, whom it believed led at that instant.
 */
export function leaderFaultTimes(scenario: Scenario): SimTime[] {
  const times = new Set<SimTime>();
  scenario.faults.forEach((fault) => {
    const targets = fault.kind === "link" ? [fault.from, fault.to] : [fault.nodes];
    if (targets.some(targetsLeader)) times.add(fault.atUs);
  });
  return [...times].sort((a, b) => a - b);
}

/** Why `scenario` cannot run on several workers, or undefined when it can. */
export function unsupportedReason(scenario: Scenario): string | undefined {
  if (scenario.workload.target === "leader") {
    return "workload.target 'leader' asks a node's replica at every submission; use 'random' or 'round-robin', or --workers 1";
  }
  const leaderTimes = new Set(leaderFaultTimes(scenario));
  if (leaderTimes.has(0)) return "a fault at time 0 targets the leader, before any replica has run; use --workers 1";
  for (const action of expandFaults(scenario.faults)) {
    const fault = scenario.faults[action.entry];
    if (fault?.kind === "crash" && action.phase === "end" && leaderTimes.has(action.atUs)) {
      return "a node recovers at the same instant as a fault that targets the leader (the recovered replica's belief is not known elsewhere); use --workers 1";
    }
  }
  return undefined;
}
