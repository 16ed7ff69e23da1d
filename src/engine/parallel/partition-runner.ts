/**
 * One partition of the parallel engine: the whole Simulation for the scenario, owning only the nodes of its
 * partition (only they start, receive inputs and do crypto). Faults and the workload are global and
 * schedule-driven, so every partition applies them itself at the same simulated instants. Each window it
 * schedules the messages other partitions sent it — with the key the sender's partition gave them — runs its
 * events up to the window's end and answers with what crossed partitions and what the observers saw.
 *
 * Partition 0 runs on the coordinator's own thread (coordinator.ts); the others each on a worker thread
 * (worker.ts). Both drive this same class, so the outcome cannot depend on where a partition runs.
 */
import { readFileSync } from "node:fs";
import { memoKey } from "../../crypto/verify-memo.js";
import { getProtocol } from "../../protocols/index.js";
import { K_ARRIVE, type Transmission } from "../events.js";
import { RecordingSink } from "../observers.js";
import { EventClass } from "../queue.js";
import { Simulation } from "../simulation.js";
import type { Verdict, WindowDone, WindowRequest, WorkerFinal, WorkerInit } from "./messages.js";
import { BatchWriter, MessageCache, readBatch, type MessageBatch, type MessageCodecLike } from "./wire.js";

export class PartitionRunner {
  private readonly sim: Simulation;
  private readonly cache: MessageCache;
  private readonly writers: BatchWriter[];
  private verdicts: Verdict[] = [];

  constructor(init: WorkerInit) {
    const { scenario, self, partitionOf } = init;
    const codec = getProtocol(scenario.protocol.name).codec as MessageCodecLike;
    const partitions = Math.max(...partitionOf) + 1;
    this.cache = new MessageCache(self, partitions, codec);
    this.writers = Array.from({ length: partitions }, (_, to) => new BatchWriter(this.cache, to));
    const sendAway = (t: Transmission, seq: number): void => {
      (this.writers[partitionOf[t.to] as number] as BatchWriter).push(t, seq);
    };
    this.sim = new Simulation(scenario, {}, { self, partitionOf, sendAway });
    // Crypto happens where the node lives: the signer's partition verifies each new signature once (the real
    // arithmetic, as the single-threaded memo would do once per run) and the others take its answer.
    const memo = this.sim.keys.memo;
    this.sim.keys.onSigned = (suite, publicKey, bytes, signature) => {
      const key = memoKey(suite.signatureName, publicKey, bytes, signature);
      const valid = suite.verify(publicKey, bytes, signature);
      memo.countComputed(suite);
      memo.primeKey(key, valid);
      this.verdicts.push([key, valid]);
    };
    this.sim.begin();
  }

  /** Runs one window: the inbox in, the events up to `request.endUs`, the outboxes and records out. */
  window(request: WindowRequest): WindowDone {
    const startMs = performance.now();
    this.accept(request.inbox, request.verdicts);
    if (request.leaderHints !== undefined) this.sim.setLeaderHints(request.leaderHints.atUs, request.leaderHints.hints);
    const pause = request.pauseBeforeWorkload;
    return this.runTo(request.endUs, startMs, pause === undefined ? undefined : pause.allowance, request.reportLeaderHints === true);
  }

  /** Schedules messages other partitions sent here (with the keys their partitions gave them) and takes their verdicts. */
  accept(inbox: readonly MessageBatch[], verdicts: readonly Verdict[]): void {
    const loop = this.sim.eventLoop;
    const memo = this.sim.keys.memo;
    for (const [key, valid] of verdicts) memo.primeKey(key, valid);
    for (const batch of inbox) {
      readBatch(batch, this.cache, (t, seq) => loop.scheduleWithSeq(t.firstBitUs, EventClass.network, t.from, seq, K_ARRIVE, t));
    }
  }

  /** Time of the earliest queued event (Infinity when none). */
  get nextUs(): number {
    return this.sim.eventLoop.nextEventUs;
  }

  /**
   * Runs the events up to `endUs` (inclusive) and hands over what crossed partitions and what the observers saw.
   * `pauseAllowance`: pause before a transaction once that many have run (`workload.target: leader`).
   */
  runTo(endUs: number, startMs = performance.now(), pauseAllowance?: number, reportLeaderHints = false): WindowDone {
    const loop = this.sim.eventLoop;
    const before = loop.events;
    loop.run({ endUs, ...(pauseAllowance === undefined ? {} : { pauseBeforeClass: EventClass.workload, pauseAllowance }) });
    const outboxes: (MessageBatch | undefined)[] = this.writers.map((w) => (w.count > 0 ? w.take() : undefined));
    const verdicts = this.verdicts;
    this.verdicts = [];
    return {
      type: "window-done", outboxes, records: (this.sim.sink as RecordingSink).take(), verdicts,
      nextUs: loop.nextEventUs, nextClass: loop.nextEventClass, events: loop.events - before, busyMs: performance.now() - startMs,
      ...(reportLeaderHints ? { leaderHints: this.sim.ownLeaderHints() } : {}),
    };
  }

  /** What the partition counted over the whole run (summed by the coordinator, merge.ts). */
  final(): WorkerFinal {
    const sim = this.sim;
    const adversaries = sim.ownAdversaryReport();
    return {
      type: "final",
      counters: sim.metrics.additiveCounters(), events: sim.eventLoop.events, sharedEvents: sim.sharedEvents,
      pending: sim.eventLoop.pending, faults: sim.faultRecords(), crypto: sim.keys.memo.stats(),
      authenticators: { ...sim.keys.verified }, cryptoOps: sim.keys.schemeOps(),
      network: { dropped: sim.dropped, droppedByPartition: sim.droppedByPartition },
      ...threadCpu(),
      ...(adversaries === undefined ? {} : { adversaries }),
    };
  }
}

/** CPU seconds used by the calling thread (utime + stime of /proc/thread-self/stat), where Linux offers it. */
function threadCpu(): { threadCpuSeconds?: number } {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "latin1");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime in clock ticks (USER_HZ, 100 on Linux)
    return Number.isFinite(ticks) ? { threadCpuSeconds: ticks / 100 } : {};
  } catch {
    return {};
  }
}

/** The transferable buffers of `batches` (handed to the receiving thread, not copied). */
export function transferList(batches: readonly (MessageBatch | undefined)[]): ArrayBuffer[] {
  return batches.flatMap((b) => (b === undefined ? [] : [b.header.buffer as ArrayBuffer, b.bytes.buffer as ArrayBuffer]));
}
