/**
 * What the parallel engine does not run (yet), and the error that says so (the CLI turns it into exit 104).
 * A leader hint reads the protocol state of a node that may live in another worker at a global instant, which
 * a worker cannot see. (Byzantine nodes and Twins run: a twin copy lives in its node's partition, and the
 * wire says which copy a message is for.)
 */
import type { NodeTarget, Scenario } from "../../scenario/types.js";

export class ParallelUnsupportedError extends Error {
  constructor(reason: string) {
    super(`--workers > 1: ${reason}`);
    this.name = "ParallelUnsupportedError";
  }
}

function targetsLeader(target: NodeTarget | undefined): boolean {
  return target !== undefined && !Array.isArray(target) && target.kind === "leader";
}

/** Why `scenario` cannot run on several workers, or undefined when it can. */
export function unsupportedReason(scenario: Scenario): string | undefined {
  if (scenario.workload.target === "leader") {
    return "workload.target 'leader' asks a node's replica at every submission; use 'random' or 'round-robin', or --workers 1";
  }
  for (const fault of scenario.faults) {
    const targets = fault.kind === "link" ? [fault.from, fault.to] : [fault.nodes];
    if (targets.some(targetsLeader)) {
      return `a '${fault.kind}' fault targets the leader, which the parallel engine cannot resolve yet; use --workers 1`;
    }
  }
  return undefined;
}
