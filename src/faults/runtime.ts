/**
 * The fault runtime of one run: applies each scheduled fault when it starts and undoes it when it ends — crash
 * and recover (state from durable storage only), partitions (symmetric or one-way), isolation, degraded links,
 * slow CPUs and drifting clocks — resolving each fault's node target at its start from the seeded stream
 * "faults/<index>". It keeps the record of what happened, with resolved nodes, for result.json.
 */
import type { Rng, RngStreams } from "../engine/rng.js";
import type { SimTime } from "../engine/time.js";
import type { NodeId } from "../protocols/types.js";
import type { FaultSpec, NodeTarget } from "../scenario/types.js";
import { NetworkFaults } from "./network.js";
import { expandFaults, faultEndUs, type FaultAction, type FaultRecord } from "./schedule.js";
import { resolveTarget, type TargetWorld } from "./targets.js";

/** What the runtime may do to the simulation's hosts. */
export interface FaultControls extends TargetWorld {
  crash(node: NodeId, atUs: SimTime): void;
  recover(node: NodeId, atUs: SimTime): void;
  /** CPU speed relative to normal (product of the active `slow` factors; 1 = normal). */
  setCpuSpeed(node: NodeId, factor: number): void;
  /** Timer stretch (product of the active `clock` factors; 1 = exact). */
  setTimerRate(node: NodeId, factor: number): void;
}

interface NodeFactor {
  readonly nodes: readonly NodeId[];
  readonly factor: number;
}

export class FaultRuntime {
  readonly network: NetworkFaults;
  private readonly resolved = new Map<number, FaultRecord>();
  private readonly crashed = new Map<number, NodeId[]>();
  private readonly slow = new Map<number, NodeFactor>();
  private readonly clock = new Map<number, NodeFactor>();
  /** Per sender, the stream of `link` fault losses (created on first use: fault-free runs draw nothing). */
  private readonly lossRng = new Map<NodeId, Rng>();

  constructor(
    private readonly faults: readonly FaultSpec[],
    private readonly nodeCount: number,
    private readonly streams: RngStreams,
  ) {
    this.network = new NetworkFaults(nodeCount);
  }

  actions(): FaultAction[] {
    return expandFaults(this.faults);
  }

  apply(action: FaultAction, timeUs: SimTime, controls: FaultControls): void {
    const fault = this.faults[action.entry] as FaultSpec;
    if (action.phase === "start") this.start(action.entry, fault, timeUs, controls);
    else this.end(action.entry, fault, timeUs, controls);
  }

  /** Whether a link fault with extra `loss` drops this message from `from` (stream "faults/loss/<from>"). */
  linkLost(from: NodeId, loss: number): boolean {
    let rng = this.lossRng.get(from);
    if (rng === undefined) {
      rng = this.streams.get(`faults/loss/${from}`);
      this.lossRng.set(from, rng);
    }
    return rng.next() < loss;
  }

  /** The fault windows that started, in scenario order, with the nodes they hit. */
  records(): FaultRecord[] {
    return [...this.resolved.keys()].sort((a, b) => a - b).map((entry) => this.resolved.get(entry) as FaultRecord);
  }

  private resolve(entry: number, target: NodeTarget, controls: FaultControls): NodeId[] {
    return resolveTarget(target, controls, this.streams.get(`faults/${entry}`));
  }

  private start(entry: number, fault: FaultSpec, timeUs: SimTime, controls: FaultControls): void {
    let nodes: NodeId[];
    let groups: number[][] | undefined;
    switch (fault.kind) {
      case "crash":
        nodes = this.resolve(entry, fault.nodes, controls);
        this.crashed.set(entry, nodes);
        for (const node of nodes) controls.crash(node, timeUs);
        break;
      case "partition":
        groups = fault.groups ?? [this.resolve(entry, fault.nodes ?? { kind: "one" }, controls)];
        if (fault.groups === undefined) groups.push(this.complement(groups[0] as NodeId[]));
        nodes = groups.flat().sort((a, b) => a - b);
        this.network.partition(entry, groups, fault.oneWay === true);
        break;
      case "isolate":
        nodes = this.resolve(entry, fault.nodes, controls);
        this.network.isolate(entry, nodes);
        break;
      case "link": {
        const from = this.resolve(entry, fault.from, controls);
        const to = this.resolve(entry, fault.to, controls);
        nodes = [...new Set([...from, ...to])].sort((a, b) => a - b);
        this.network.link(entry, from, to, fault.oneWay, {
          delayFactor: fault.delayFactor, addedDelayUs: fault.addedDelayUs, loss: fault.loss,
        });
        break;
      }
      case "slow":
      case "clock":
        nodes = this.resolve(entry, fault.nodes, controls);
        (fault.kind === "slow" ? this.slow : this.clock).set(entry, { nodes, factor: fault.factor });
        this.refreshFactors(fault.kind, nodes, controls);
        break;
    }
    this.record(entry, fault, timeUs, nodes, groups);
  }

  private end(entry: number, fault: FaultSpec, timeUs: SimTime, controls: FaultControls): void {
    switch (fault.kind) {
      case "crash":
        for (const node of this.crashed.get(entry) ?? []) controls.recover(node, timeUs);
        this.crashed.delete(entry);
        return;
      case "slow":
      case "clock": {
        const table = fault.kind === "slow" ? this.slow : this.clock;
        const nodes = table.get(entry)?.nodes ?? [];
        table.delete(entry);
        this.refreshFactors(fault.kind, nodes, controls);
        return;
      }
      default:
        this.network.remove(entry);
    }
  }

  private complement(nodes: readonly NodeId[]): NodeId[] {
    const taken = new Set(nodes);
    return Array.from({ length: this.nodeCount }, (_, i) => i).filter((i) => !taken.has(i));
  }

  /** Re-applies the product of every active factor of `kind` to each of `nodes`. */
  private refreshFactors(kind: "slow" | "clock", nodes: readonly NodeId[], controls: FaultControls): void {
    const table = kind === "slow" ? this.slow : this.clock;
    for (const node of nodes) {
      let factor = 1;
      for (const active of table.values()) if (active.nodes.includes(node)) factor *= active.factor;
      if (kind === "slow") controls.setCpuSpeed(node, factor);
      else controls.setTimerRate(node, factor);
    }
  }

  private record(entry: number, fault: FaultSpec, timeUs: SimTime, nodes: NodeId[], groups?: number[][]): void {
    const record: FaultRecord = { atMs: timeUs / 1000, kind: fault.kind, nodes };
    const endUs = faultEndUs(fault);
    if (endUs !== undefined) record.untilMs = endUs / 1000;
    if (groups !== undefined) record.groups = groups.map((g) => g.slice());
    this.resolved.set(entry, record);
  }
}
