/**
 * Compiling `faults:` and `adversaries:` entries (issue 6): durations to integer µs, node targets to the
 * NodeTarget union the fault runtime resolves when each fault starts.
 */
import type { AdversaryDocument, FaultDocument, TargetDocument } from "./document.js";
import type { AdversarySpec, AdversaryStrategy, FaultSpec, NodeTarget } from "./types.js";
import { parseDurationUs, parseSizeBytes } from "./units.js";

/** `[1, 2]` → ids; `"region:eu"` → region; `"one"`, `"leader"`, … → that word. `undefined` → every node. */
export function compileTarget(target: TargetDocument | undefined): NodeTarget {
  if (target === undefined) return { kind: "all" };
  if (Array.isArray(target)) return [...target];
  if (target.startsWith("region:")) return { kind: "region", region: target.slice("region:".length) };
  return { kind: target as "one" | "minority" | "majority" | "leader" | "all" };
}

function optionalUs(value: string | number | undefined): { present: boolean; us: number } {
  return value === undefined ? { present: false, us: 0 } : { present: true, us: parseDurationUs(value) };
}

export function compileFault(fault: FaultDocument): FaultSpec {
  const atUs = parseDurationUs(fault.at);
  switch (fault.kind) {
    case "crash": {
      const spec: FaultSpec = { kind: "crash", atUs, nodes: compileTarget(fault.nodes) };
      const end = optionalUs(fault.recover);
      if (end.present) spec.recoverUs = end.us;
      return spec;
    }
    case "partition": {
      const spec: FaultSpec = { kind: "partition", atUs };
      if (fault.oneWay === true) spec.oneWay = true;
      if (fault.groups !== undefined) spec.groups = fault.groups.map((group) => [...group]);
      else spec.nodes = compileTarget(fault.nodes);
      const end = optionalUs(fault.heal);
      if (end.present) spec.healUs = end.us;
      return spec;
    }
    case "isolate": {
      const spec: FaultSpec = { kind: "isolate", atUs, nodes: compileTarget(fault.nodes) };
      const end = optionalUs(fault.heal);
      if (end.present) spec.healUs = end.us;
      return spec;
    }
    case "link": {
      const spec: FaultSpec = {
        kind: "link", atUs, from: compileTarget(fault.from), to: compileTarget(fault.to), oneWay: fault.oneWay,
        delayFactor: fault.delayFactor, addedDelayUs: parseDurationUs(fault.addDelay), loss: fault.loss,
      };
      const end = optionalUs(fault.until);
      if (end.present) spec.untilUs = end.us;
      return spec;
    }
    case "slow":
    case "clock": {
      const end = optionalUs(fault.until);
      const spec = { kind: fault.kind, atUs, nodes: compileTarget(fault.nodes), factor: fault.factor };
      return end.present ? { ...spec, untilUs: end.us } : spec;
    }
  }
}

export function compileAdversary(entry: AdversaryDocument): AdversarySpec {
  const spec: AdversarySpec = {
    nodes: [...entry.nodes],
    strategy: entry.strategy as AdversaryStrategy,
    delayUs: parseDurationUs(entry.delay),
    budgetBytes: parseSizeBytes(entry.budget),
  };
  if (entry.split !== undefined) spec.split = entry.split.map((group) => [...group]);
  return spec;
}
