/**
 * Twins (Bano, Sonnino, Chursin, Perelman, Li, Ching & Malkhi, "Twins: BFT Systems Made Robust", OPODIS 2021):
 * a Byzantine node emulated by running its identity twice — two hosts with the same id and the same keys, each
 * running the unmodified protocol — so equivocation arises from honest code seeing different views. Each copy is
 * reachable by (and reaches) one group of peers from the scenario's `split`; peers in neither group reach
 * neither copy. The simulation asks `route` where each message goes.
 */
import type { NodeId } from "../protocols/types.js";
import type { AdversarySpec } from "../scenario/types.js";

export class TwinsRouting {
  /** Twinned node → the peers of copy 0 (the node's ordinary host) and of copy 1 (the twin host). */
  private readonly groups = new Map<NodeId, [Set<NodeId>, Set<NodeId>]>();

  constructor(adversaries: readonly AdversarySpec[] | undefined) {
    for (const entry of adversaries ?? []) {
      if (entry.strategy !== "twins" || entry.split === undefined) continue;
      const pair: [Set<NodeId>, Set<NodeId>] = [new Set(entry.split[0] ?? []), new Set(entry.split[1] ?? [])];
      for (const node of entry.nodes) this.groups.set(node, pair);
    }
  }

  /** Twinned node ids, sorted. */
  get twinned(): NodeId[] {
    return [...this.groups.keys()].sort((a, b) => a - b);
  }

  get active(): boolean {
    return this.groups.size > 0;
  }

  /**
   * Where a message from `from` (its twin copy when `fromTwin`) to `to` is delivered: false the ordinary host,
   * true the twin host, undefined nowhere (the sending copy does not reach `to`, or `to` has no copy `from`
   * reaches).
   */
  route(from: NodeId, to: NodeId, fromTwin: boolean): boolean | undefined {
    if (from === to) return fromTwin;
    const sender = this.groups.get(from);
    if (sender !== undefined && !sender[fromTwin ? 1 : 0].has(to)) return undefined;
    const receiver = this.groups.get(to);
    if (receiver === undefined) return false;
    if (receiver[0].has(from)) return false;
    return receiver[1].has(from) ? true : undefined;
  }
}
