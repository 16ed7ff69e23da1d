/**
 * What the parallel engine does not run (yet), and the error that says so (the CLI turns it into exit 104).
 * A leader hint reads the protocol state of a node that may live in another worker, so the coordinator ends
 * a window just before each fault that asks for the leader (leaderFaultTimes) and, with `workload.target:
 * leader`, before each transaction, and hands every node's hint round. What remains refused is where that
 * snapshot would be wrong. (Byzantine nodes and Twins run: a twin copy lives in its node's partition.)
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
