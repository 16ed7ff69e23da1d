/**
 * The fault schedule: turns the scenario's `faults:` entries into timed actions (crash and recover,
 * partition and heal) and keeps the state the network consults (which partition group each node is in).
 * Every action happens at a simulated instant; the record of what happened goes into result.json.
 */
import type { SimTime } from "../engine/time.js";
import type { FaultSpec } from "../scenario/types.js";

export interface FaultAction {
  atUs: SimTime;
  kind: "crash" | "recover" | "partition" | "heal";
  nodes: number[];
  /** For partitions: the group of each listed node. */
  groups?: number[][];
  /** Index of the scenario entry this action comes from. */
  entry: number;
}

export interface FaultRecord {
  atMs: number;
  kind: string;
  nodes: number[];
  untilMs?: number;
  groups?: number[][];
}

/** Expands fault entries into actions sorted by (time, entry, start-before-end). */
export function expandFaults(faults: readonly FaultSpec[]): FaultAction[] {
  const actions: FaultAction[] = [];
  faults.forEach((fault, entry) => {
    if (fault.kind === "crash") {
      actions.push({ atUs: fault.atUs, kind: "crash", nodes: fault.nodes.slice(), entry });
      if (fault.recoverUs !== undefined) {
        actions.push({ atUs: fault.recoverUs, kind: "recover", nodes: fault.nodes.slice(), entry });
      }
    } else {
      const nodes = fault.groups.flat().sort((a, b) => a - b);
      actions.push({ atUs: fault.atUs, kind: "partition", nodes, groups: fault.groups, entry });
      if (fault.healUs !== undefined) actions.push({ atUs: fault.healUs, kind: "heal", nodes, entry });
    }
  });
  return actions.sort((a, b) => a.atUs - b.atUs || a.entry - b.entry);
}

/** When the last fault ends (a crash without recovery ends when it starts: the rest must stay live). */
export function lastHealUs(faults: readonly FaultSpec[]): SimTime {
  let last = 0;
  for (const fault of faults) {
    const end = fault.kind === "crash" ? fault.recoverUs : fault.healUs;
    last = Math.max(last, end ?? fault.atUs);
  }
  return last;
}

export function faultRecords(faults: readonly FaultSpec[]): FaultRecord[] {
  return faults.map((fault) => {
    const endUs = fault.kind === "crash" ? fault.recoverUs : fault.healUs;
    const record: FaultRecord = {
      atMs: fault.atUs / 1000,
      kind: fault.kind,
      nodes: fault.kind === "crash" ? fault.nodes.slice() : fault.groups.flat().sort((a, b) => a - b),
    };
    if (endUs !== undefined) record.untilMs = endUs / 1000;
    if (fault.kind === "partition") record.groups = fault.groups.map((g) => g.slice());
    return record;
  });
}

/**
 * Partition state. Nodes listed in a group can talk only within it; nodes not listed in any group form one
 * more group together. With no partition active everyone can talk.
 */
export class PartitionState {
  private readonly groupOf: Int32Array;
  private active = false;

  constructor(nodeCount: number) {
    this.groupOf = new Int32Array(nodeCount);
  }

  apply(groups: readonly (readonly number[])[]): void {
    this.groupOf.fill(-1);
    groups.forEach((group, index) => {
      for (const node of group) this.groupOf[node] = index;
    });
    this.active = true;
  }

  heal(): void {
    this.active = false;
  }

  canTalk(from: number, to: number): boolean {
    return !this.active || this.groupOf[from] === this.groupOf[to];
  }
}
