/**
 * Where a run's order-sensitive observations go. Counters that only add up (messages, bytes, CPU time, view
 * changes) go straight into the run's RunMetrics; the calls whose effect depends on their order (submissions,
 * targets, commits, crashes and recoveries, protocol observer events) go through an `OrderedSink`.
 *
 * The single-threaded engine uses `DirectSink`, which calls the observers at once. A worker of the parallel
 * engine uses `RecordingSink`: each call is stored with the canonical key of the event that made it
 * (time, class, source, seq — ARCHITECTURE §1) plus its rank inside that event, and the coordinator replays
 * every worker's records sorted by that key (`replayRecords`) — exactly the order in which one thread makes
 * the same calls, so the observers end in the same state for any number of workers.
 */
import type { RunMetrics } from "../metrics/collector.js";
import type { LivenessObserver, SafetyObserver } from "../metrics/safety.js";
import type { CommittedBlock, NodeId, ProtocolObserver } from "../protocols/types.js";
import type { EventLoop } from "./loop.js";
import type { SimTime } from "./time.js";

export interface OrderedSink {
  /** Global calls: made in every worker (shared workload / fault events), recorded once. */
  txSubmitted(txId: number, atUs: SimTime): void;
  txTargeted(txId: number, node: NodeId): void;
  nodeDown(node: NodeId, atUs: SimTime): void;
  nodeUp(node: NodeId, atUs: SimTime): void;
  /** Host calls: made only where the node lives. */
  committed(node: NodeId, block: CommittedBlock, atUs: SimTime): void;
  observe(node: NodeId, atUs: SimTime, event: string, detail: Readonly<Record<string, number | string>>): void;
}

export interface Observers {
  metrics: RunMetrics;
  safety: SafetyObserver;
  liveness: LivenessObserver;
  protocol: ProtocolObserver | undefined;
  onCommit?: (node: NodeId, block: CommittedBlock, atUs: SimTime) => void;
}

/** Calls the observers at once (single-threaded engine, and the coordinator's replay). */
export class DirectSink implements OrderedSink {
  constructor(private readonly o: Observers) {}

  txSubmitted(txId: number, atUs: SimTime): void {
    this.o.metrics.txSubmitted(txId, atUs);
    this.o.safety.txSubmitted(txId);
    this.o.liveness.txSubmitted(txId, atUs);
  }
  txTargeted(txId: number, node: NodeId): void {
    this.o.metrics.txTargeted(txId, node);
  }
  nodeDown(node: NodeId, atUs: SimTime): void {
    this.o.metrics.nodeDown(node, atUs);
  }
  nodeUp(node: NodeId, atUs: SimTime): void {
    this.o.metrics.nodeUp(node, atUs);
  }
  committed(node: NodeId, block: CommittedBlock, atUs: SimTime): void {
    this.o.metrics.blockCommitted(node, block, atUs);
    this.o.safety.blockCommitted(node, block, atUs);
    this.o.liveness.blockCommitted(node, block, atUs);
    this.o.onCommit?.(node, block, atUs);
  }
  observe(node: NodeId, atUs: SimTime, event: string, detail: Readonly<Record<string, number | string>>): void {
    this.o.protocol?.onEvent(node, atUs, event, detail);
  }
}

/** One recorded call, as it crosses threads (structured clone). */
export type RecordedCall =
  | { m: "txSubmitted"; txId: number; atUs: SimTime }
  | { m: "txTargeted"; txId: number; node: NodeId }
  | { m: "nodeDown" | "nodeUp"; node: NodeId; atUs: SimTime }
  | { m: "committed"; node: NodeId; block: CommittedBlock; atUs: SimTime }
  | { m: "observe"; node: NodeId; atUs: SimTime; event: string; detail: Readonly<Record<string, number | string>> };

/** A call and its replay key: [time, class, source, seq, global rank, host rank] of the event that made it. */
export interface ObserverRecord {
  key: [number, number, number, number, number, number];
  call: RecordedCall;
}

/** Key of calls made while hosts start before the first event (time −1 sorts before everything). */
const BEGIN_TIME = -1;

export class RecordingSink implements OrderedSink {
  private records: ObserverRecord[] = [];
  private lastTime = NaN;
  private lastCls = NaN;
  private lastSource = NaN;
  private lastSeq = NaN;
  private globalRank = 0;
  private hostRank = 0;
  /** The node starting outside any event (begin phase), or undefined. */
  beginNode: NodeId | undefined;

  /** `recordGlobal`: this worker keeps the global calls (worker 0 only; the others only count them). */
  constructor(private readonly loop: EventLoop<unknown>, private readonly recordGlobal: boolean) {}

  /** The records made since the last call, in the order they were made. */
  take(): ObserverRecord[] {
    const out = this.records;
    this.records = [];
    return out;
  }

  txSubmitted(txId: number, atUs: SimTime): void {
    this.global({ m: "txSubmitted", txId, atUs });
  }
  txTargeted(txId: number, node: NodeId): void {
    this.global({ m: "txTargeted", txId, node });
  }
  nodeDown(node: NodeId, atUs: SimTime): void {
    this.global({ m: "nodeDown", node, atUs });
  }
  nodeUp(node: NodeId, atUs: SimTime): void {
    this.global({ m: "nodeUp", node, atUs });
  }
  committed(node: NodeId, block: CommittedBlock, atUs: SimTime): void {
    const { height, hash, proposer, txIds, sizeBytes } = block;
    this.host({ m: "committed", node, block: { height, hash, proposer, txIds: [...txIds], sizeBytes }, atUs });
  }
  observe(node: NodeId, atUs: SimTime, event: string, detail: Readonly<Record<string, number | string>>): void {
    this.host({ m: "observe", node, atUs, event, detail: { ...detail } });
  }

  private global(call: RecordedCall): void {
    this.sync();
    this.globalRank++;
    this.hostRank = 0;
    if (this.recordGlobal) this.push(call);
  }

  private host(call: RecordedCall): void {
    this.sync();
    this.hostRank++;
    this.push(call);
  }

  private push(call: RecordedCall): void {
    this.records.push({ key: [this.lastTime, this.lastCls, this.lastSource, this.lastSeq, this.globalRank, this.hostRank], call });
  }

  /** Resets the ranks when a new event (or a new starting node) begins. */
  private sync(): void {
    const e = this.loop.current;
    const time = e === undefined ? BEGIN_TIME : e.timeUs;
    const cls = e === undefined ? 0 : e.cls;
    const source = e === undefined ? (this.beginNode ?? 0) : e.source;
    const seq = e === undefined ? 0 : e.seq;
    if (time === this.lastTime && cls === this.lastCls && source === this.lastSource && seq === this.lastSeq) return;
    this.lastTime = time;
    this.lastCls = cls;
    this.lastSource = source;
    this.lastSeq = seq;
    this.globalRank = 0;
    this.hostRank = 0;
  }
}

function compareRecords(a: ObserverRecord, b: ObserverRecord): number {
  for (let i = 0; i < 6; i++) {
    const d = (a.key[i] as number) - (b.key[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/** Replays every worker's records of one window into `sink`, in canonical order. */
export function replayRecords(batches: readonly ObserverRecord[][], sink: OrderedSink): void {
  const all = batches.flat().sort(compareRecords);
  for (const { call } of all) {
    switch (call.m) {
      case "txSubmitted": sink.txSubmitted(call.txId, call.atUs); break;
      case "txTargeted": sink.txTargeted(call.txId, call.node); break;
      case "nodeDown": sink.nodeDown(call.node, call.atUs); break;
      case "nodeUp": sink.nodeUp(call.node, call.atUs); break;
      case "committed": sink.committed(call.node, call.block, call.atUs); break;
      case "observe": sink.observe(call.node, call.atUs, call.event, call.detail); break;
    }
  }
}
