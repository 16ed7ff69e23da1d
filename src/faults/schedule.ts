/**
 * The fault schedule: turns the scenario's `faults:` entries into timed actions — each entry starts at `at` and,
 * if it has one, ends at its recover / heal / until time — and knows when the last fault ends (the liveness
 * phase starts there, ARCHITECTURE §5). What each action does lives in runtime.ts; the record of what happened
 * (with the nodes each target resolved to) goes into result.json as `faults`.
 */
import type { SimTime } from "../engine/time.js";
import type { FaultSpec } from "../scenario/types.js";

export interface FaultAction {
  atUs: SimTime;
  phase: "start" | "end";
  /** Index of the scenario entry this action comes from. */
  entry: number;
}

/** One fault window as result.json reports it (`nodes` resolved when it started). */
export interface FaultRecord {
  atMs: number;
  kind: string;
  nodes: number[];
  untilMs?: number;
  groups?: number[][];
}

/** When a fault ends, if it does (crash: recover; partition and isolate: heal; the others: until). */
export function faultEndUs(fault: FaultSpec): SimTime | undefined {
  switch (fault.kind) {
    case "crash":
      return fault.recoverUs;
    case "partition":
    case "isolate":
      return fault.healUs;
    default:
      return fault.untilUs;
  }
}

/** Expands fault entries into actions sorted by (time, entry); an entry's end never precedes its start. */
export function expandFaults(faults: readonly FaultSpec[]): FaultAction[] {
  const actions: FaultAction[] = [];
  faults.forEach((fault, entry) => {
    actions.push({ atUs: fault.atUs, phase: "start", entry });
    const endUs = faultEndUs(fault);
    if (endUs !== undefined) actions.push({ atUs: endUs, phase: "end", entry });
  });
  return actions.sort((a, b) => a.atUs - b.atUs || a.entry - b.entry || (a.phase === "start" ? -1 : 1));
}

/**
 * When the last fault ends: the liveness phase starts here. A fault without an end ends when it starts (a
 * permanent crash of f nodes, say: the rest must stay live), as before.
 */
export function lastHealUs(faults: readonly FaultSpec[]): SimTime {
  let last = 0;
  for (const fault of faults) last = Math.max(last, faultEndUs(fault) ?? fault.atUs);
  return last;
}

/** Number of fault windows overlapping [fromUs, toUs) — the per-row `faults` column of the time series. */
export function activeFaultCount(records: readonly FaultRecord[], fromUs: SimTime, toUs: SimTime): number {
  let count = 0;
  for (const r of records) {
    const startUs = r.atMs * 1000;
    const endUs = r.untilMs === undefined ? Infinity : r.untilMs * 1000;
    if (startUs < toUs && endUs > fromUs) count++;
  }
  return count;
}
