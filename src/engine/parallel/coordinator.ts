/**
 * The parallel engine (ARCHITECTURE §9): `simulateParallel(scenario, { workers })` splits the nodes over
 * long-lived worker threads (partition.ts) and advances them window by window. A window starts at the earliest
 * pending event anywhere and lasts the lookahead, so no message sent inside it can arrive inside it; at its end
 * the workers' cross-partition messages are routed in batches, their observer records are replayed in the
 * canonical event order (engine/observers.ts), and all meet at the barrier before the next window.
 *
 * IMPORTANT: every event runs in exactly one worker with the key the single-threaded engine gives it, and the
 * observers see their calls in that key order, so the outcome equals `simulate(scenario)` for every worker
 * count (tests/engine/parallel.test.ts compares resultHash for 1, 2 and 4 workers).
 */
import { Worker } from "node:worker_threads";
import { honestFlags } from "../../faults/adversary.js";
import { lastHealUs } from "../../faults/schedule.js";
import { annotateFaults } from "../../faults/wiring.js";
import { RunMetrics } from "../../metrics/collector.js";
import { LivenessObserver, SafetyObserver } from "../../metrics/safety.js";
import { getProtocol } from "../../protocols/index.js";
import type { Scenario } from "../../scenario/types.js";
import { DirectSink, replayRecords, type ObserverRecord, type Observers } from "../observers.js";
import type { SimulateOptions, SimulationOutcome } from "../simulation.js";
import { mergeFinals, type ParallelStats } from "./merge.js";
import type { FromWorker, ToWorker, Verdict, WindowDone, WorkerFinal, WorkerInit } from "./messages.js";
import { partitionNodes } from "./partition.js";
import { unsupportedReason, ParallelUnsupportedError } from "./support.js";
import { earliestUs, type MessageBatch } from "./wire.js";

export { ParallelUnsupportedError } from "./support.js";
export type { ParallelStats } from "./merge.js";

export interface ParallelOptions extends Pick<SimulateOptions, "onCommit" | "txLog"> {
  workers: number;
}

/** A worker thread and the answers it owes. */
class WorkerLink {
  private readonly waiting: { resolve: (m: FromWorker) => void; reject: (e: Error) => void }[] = [];
  private failure: Error | undefined;

  constructor(readonly worker: Worker) {
    worker.on("message", (m: FromWorker) => {
      const next = this.waiting.shift();
      if (m.type === "error") next?.reject(Object.assign(new Error(`parallel worker: ${m.message}`), { stack: m.stack }));
      else next?.resolve(m);
    });
    worker.on("error", (e) => this.fail(e));
    worker.on("exit", (code) => this.fail(new Error(`parallel worker exited (code ${code})`)));
  }

  ask(message: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(message, transfer);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}

function spawnWorker(init: WorkerInit): Worker {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const entry = new URL("./worker.ts", here).href;
    return new Worker(new URL("../../evaluate/worker-bootstrap.mjs", here), { workerData: { ...init, entry } });
  }
  return new Worker(new URL("./worker.js", here), { workerData: init });
}

function coordinatorObservers(scenario: Scenario, options: ParallelOptions): Observers {
  const n = scenario.nodes.count;
  const honest = honestFlags(n, scenario.adversaries);
  const m = scenario.metrics;
  const module = getProtocol(scenario.protocol.name);
  return {
    metrics: new RunMetrics({
      nodeCount: n, durationUs: scenario.durationUs, warmupUs: m.warmupUs, cooldownUs: m.cooldownUs,
      confirmation: m.confirmation, honest,
    }),
    safety: new SafetyObserver({ honest }),
    liveness: new LivenessObserver({ livenessBoundUs: m.livenessBoundUs, lastHealUs: lastHealUs(scenario.faults), honest }),
    protocol: module.createObserver?.(scenario.protocol as never, {
      nodeCount: n, durationUs: scenario.durationUs, warmupUs: m.warmupUs,
    }),
    ...(options.onCommit === undefined ? {} : { onCommit: options.onCommit }),
  };
}

/** simulate(scenario) on `options.workers` threads: the same outcome, plus how the time was spent. */
export async function simulateParallel(scenario: Scenario, options: ParallelOptions): Promise<SimulationOutcome & { parallel: ParallelStats }> {
  const reason = unsupportedReason(scenario);
  if (reason !== undefined) throw new ParallelUnsupportedError(reason);
  const { workers, partitionOf, lookaheadUs } = partitionNodes(scenario, options.workers);
  if (lookaheadUs < 1) {
    throw new ParallelUnsupportedError("the lookahead (smallest cross-partition delay) is 0 µs: a link fault with delayFactor 0?");
  }
  const links = Array.from({ length: workers }, (_, self) => new WorkerLink(spawnWorker({ scenario, self, partitionOf })));
  try {
    const observers = coordinatorObservers(scenario, options);
    const sink = new DirectSink(observers);
    const stats: ParallelStats = { workers, lookaheadUs, windows: 0, events: 0, maxEventsPerWindow: 0, barrierWaitShare: 0 };
    let inboxes: MessageBatch[][] = links.map(() => []);
    let verdicts: Verdict[][] = links.map(() => []);
    let nextUs = 0;
    let busyMs = 0;
    let windowMs = 0;
    const endUs = scenario.durationUs;
    while (nextUs <= endUs) {
      const windowEndUs = Math.min(nextUs + lookaheadUs - 1, endUs);
      const startMs = performance.now();
      const answers = (await Promise.all(links.map((link, p) => {
        const inbox = inboxes[p] as MessageBatch[];
        const transfer = inbox.flatMap((b) => [b.header.buffer as ArrayBuffer, b.bytes.buffer as ArrayBuffer]);
        return link.ask({ type: "window", endUs: windowEndUs, inbox, verdicts: verdicts[p] as Verdict[] }, transfer);
      }))) as WindowDone[];
      windowMs += (performance.now() - startMs) * workers;
      inboxes = links.map(() => []);
      verdicts = links.map((_, p) => answers.flatMap((answer, q) => (q === p ? [] : answer.verdicts)));
      const records: ObserverRecord[][] = [];
      let windowEvents = 0;
      nextUs = Infinity;
      for (const answer of answers) {
        answer.outboxes.forEach((batch, p) => {
          if (batch === undefined) return;
          (inboxes[p] as MessageBatch[]).push(batch);
          nextUs = Math.min(nextUs, earliestUs(batch));
        });
        records.push(answer.records);
        nextUs = Math.min(nextUs, answer.nextUs);
        windowEvents += answer.events;
        busyMs += answer.busyMs;
      }
      replayRecords(records, sink);
      stats.windows++;
      stats.events += windowEvents;
      stats.maxEventsPerWindow = Math.max(stats.maxEventsPerWindow, windowEvents);
    }
    stats.barrierWaitShare = windowMs > 0 ? Math.round((1 - busyMs / windowMs) * 1000) / 1000 : 0;
    const finals = (await Promise.all(links.map((link) => link.ask({ type: "finish" })))) as WorkerFinal[];
    const inFlight = inboxes.some((batches) => batches.length > 0);
    const outcome = mergeFinals(scenario, observers, finals, inFlight, options.txLog === true);
    annotateFaults(outcome.metrics.timeseries, outcome.faults);
    if (scenario.engine.maxEvents > 0 && outcome.events > scenario.engine.maxEvents) {
      throw new ParallelUnsupportedError(`the run passed engine.maxEvents (${scenario.engine.maxEvents}); rerun with --workers 1 for an exact stop`);
    }
    stats.events = outcome.events;
    return { ...outcome, parallel: stats };
  } finally {
    await Promise.all(links.map((link) => link.worker.terminate()));
  }
}
