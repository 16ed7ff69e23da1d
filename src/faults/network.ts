/**
 * What active network faults do to one message: partitions and isolation cut links (a one-way partition cuts
 * only what its first group sends), link faults stretch the propagation delay, add to it and drop messages.
 * Several faults may be active at once; their effects compose (cuts: any; delays: multiply and add; loss:
 * independent).
 */
import type { NodeId } from "../protocols/types.js";

/** A cut: `blocks(from, to)` is true while the fault is active. */
interface Cut {
  readonly entry: number;
  blocks(from: NodeId, to: NodeId): boolean;
}

interface LinkRule {
  readonly entry: number;
  readonly applies: (from: NodeId, to: NodeId) => boolean;
  readonly delayFactor: number;
  readonly addedDelayUs: number;
  readonly loss: number;
}

export interface LinkEffect {
  delayFactor: number;
  addedDelayUs: number;
  /** Probability of an extra drop, in [0, 1]. */
  loss: number;
}

const NO_EFFECT: LinkEffect = { delayFactor: 1, addedDelayUs: 0, loss: 0 };

export class NetworkFaults {
  private cuts: Cut[] = [];
  private rules: LinkRule[] = [];

  constructor(private readonly nodeCount: number) {}

  /** Groups that cannot reach each other; nodes in no group form one more group. */
  partition(entry: number, groups: readonly (readonly NodeId[])[], oneWay: boolean): void {
    const groupOf = new Int32Array(this.nodeCount).fill(-1);
    groups.forEach((group, index) => {
      for (const node of group) groupOf[node] = index;
    });
    const blocks = oneWay
      ? (from: NodeId, to: NodeId) => groupOf[from] === 0 && groupOf[to] !== 0
      : (from: NodeId, to: NodeId) => groupOf[from] !== groupOf[to];
    this.cuts.push({ entry, blocks });
  }

  /** Each listed node is cut off from every other node, both ways. */
  isolate(entry: number, nodes: readonly NodeId[]): void {
    const isolated = new Set(nodes);
    this.cuts.push({ entry, blocks: (from, to) => from !== to && (isolated.has(from) || isolated.has(to)) });
  }

  link(entry: number, from: readonly NodeId[], to: readonly NodeId[], oneWay: boolean, effect: LinkEffect): void {
    const senders = new Set(from);
    const receivers = new Set(to);
    const forward = (a: NodeId, b: NodeId): boolean => senders.has(a) && receivers.has(b);
    const applies = oneWay ? forward : (a: NodeId, b: NodeId) => forward(a, b) || forward(b, a);
    this.rules.push({ entry, applies, ...effect });
  }

  /** Ends whatever fault `entry` put in place. */
  remove(entry: number): void {
    this.cuts = this.cuts.filter((cut) => cut.entry !== entry);
    this.rules = this.rules.filter((rule) => rule.entry !== entry);
  }

  canTalk(from: NodeId, to: NodeId): boolean {
    for (const cut of this.cuts) if (cut.blocks(from, to)) return false;
    return true;
  }

  get hasLinkRules(): boolean {
    return this.rules.length > 0;
  }

  linkEffect(from: NodeId, to: NodeId): LinkEffect {
    if (this.rules.length === 0) return NO_EFFECT;
    let delayFactor = 1;
    let addedDelayUs = 0;
    let keep = 1;
    for (const rule of this.rules) {
      if (!rule.applies(from, to)) continue;
      delayFactor *= rule.delayFactor;
      addedDelayUs += rule.addedDelayUs;
      keep *= 1 - rule.loss;
    }
    return { delayFactor, addedDelayUs, loss: 1 - keep };
  }
}
