/**
 * One worker thread of the parallel engine: it builds the whole Simulation for the scenario but owns only the
 * nodes of its partition (only they start, receive inputs and do crypto). Faults and the workload are global
 * and schedule-driven, so every worker applies them itself at the same simulated instants. Each window it
 * schedules the messages other partitions sent it — with the key the sender's worker gave them — runs its
 * events up to the window's end and answers with what crossed partitions and what the observers saw.
 */
import { parentPort, workerData } from "node:worker_threads";
import { getProtocol } from "../../protocols/index.js";
import { K_ARRIVE, type Transmission } from "../events.js";
import { RecordingSink } from "../observers.js";
import { EventClass } from "../queue.js";
import { Simulation } from "../simulation.js";
import { memoKey } from "../../crypto/verify-memo.js";
import type { FromWorker, ToWorker, Verdict, WorkerInit } from "./messages.js";
import { BatchWriter, MessageCache, readBatch, type MessageBatch, type MessageCodecLike } from "./wire.js";

function startWorker(init: WorkerInit): void {
  const port = parentPort;
  if (port === null) throw new Error("parallel worker: no parent port");
  const { scenario, self, partitionOf } = init;
  const codec = getProtocol(scenario.protocol.name).codec as MessageCodecLike;
  const partitions = Math.max(...partitionOf) + 1;
  const cache = new MessageCache(self, codec);
  const writers = Array.from({ length: partitions }, () => new BatchWriter(cache));
  const sendAway = (t: Transmission, seq: number): void => {
    (writers[partitionOf[t.to] as number] as BatchWriter).push(t, seq);
  };
  const sim = new Simulation(scenario, {}, { self, partitionOf, sendAway });
  // Crypto happens where the node lives: the signer's worker verifies each new signature once (the real
  // arithmetic, as the single-threaded memo would do once per run) and the others take its answer.
  let verdicts: Verdict[] = [];
  const memo = sim.keys.memo;
  sim.keys.onSigned = (suite, publicKey, bytes, signature) => {
    const key = memoKey(suite.signatureName, publicKey, bytes, signature);
    const valid = suite.verify(publicKey, bytes, signature);
    memo.primeKey(key, valid);
    verdicts.push([key, valid]);
  };
  const loop = sim.eventLoop;
  const sink = sim.sink as RecordingSink;
  sim.begin();
  const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

  port.on("message", (message: ToWorker) => {
    try {
      if (message.type === "window") {
        const startMs = performance.now();
        for (const [key, valid] of message.verdicts) memo.primeKey(key, valid);
        for (const batch of message.inbox) {
          readBatch(batch, cache, (t, seq) =>
            loop.scheduleWithSeq(t.firstBitUs, EventClass.network, t.from, seq, K_ARRIVE, t));
        }
        const before = loop.events;
        loop.run({ endUs: message.endUs });
        const outboxes: (MessageBatch | undefined)[] = writers.map((w) => (w.count > 0 ? w.take() : undefined));
        const transfer = outboxes.flatMap((b) => (b === undefined ? [] : [b.header.buffer as ArrayBuffer, b.bytes.buffer as ArrayBuffer]));
        const made = verdicts;
        verdicts = [];
        post({
          type: "window-done", outboxes, records: sink.take(), verdicts: made, nextUs: loop.nextEventUs,
          events: loop.events - before, busyMs: performance.now() - startMs,
        }, transfer);
        return;
      }
      post({
        type: "final",
        counters: sim.metrics.additiveCounters(), events: loop.events, sharedEvents: sim.sharedEvents,
        pending: loop.pending, faults: sim.faultRecords(), crypto: sim.keys.memo.stats(),
        authenticators: { ...sim.keys.verified }, cryptoOps: sim.keys.schemeOps(),
        network: { dropped: sim.dropped, droppedByPartition: sim.droppedByPartition },
      });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      post({ type: "error", message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) });
    }
  });
}

startWorker(workerData as WorkerInit);
