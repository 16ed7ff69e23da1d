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
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { honestFlags } from "../../faults/adversary.js";
import { lastHealUs } from "../../faults/schedule.js";
import { annotateFaults } from "../../faults/wiring.js";
import { RunMetrics } from "../../metrics/collector.js";
import { LivenessObserver, SafetyObserver } from "../../metrics/safety.js";
import { getProtocol } from "../../protocols/index.js";
import type { Scenario } from "../../scenario/types.js";
import { DirectSink, replayRecords, type ObserverRecord, type Observers } from "../observers.js";
import { EventClass } from "../queue.js";
import type { SimulateOptions, SimulationOutcome } from "../simulation.js";
import { mergeFinals, type ParallelStats } from "./merge.js";
import { CoordinatorBarrier } from "./barrier.js";
import type { FromWorker, ToWorker, Verdict, WindowDone, WindowRequest, WorkerFinal, WorkerInit } from "./messages.js";
import { partitionNodes } from "./partition.js";
import { PartitionRunner, transferList } from "./partition-runner.js";
import { leaderFaultTimes, unsupportedReason, ParallelUnsupportedError } from "./support.js";
import { earliestUs, type MessageBatch } from "./wire.js";

export { ParallelUnsupportedError } from "./support.js";

/**
 * The run went past engine.maxEvents. The single-threaded engine stops after exactly that many events in the
 * canonical order, which the workers only know together at a window's end: the caller reruns on one thread.
 */
export class ParallelPassedMaxEvents extends Error {
  constructor(readonly maxEvents: number) {
    super(`the run passed engine.maxEvents (${maxEvents})`);
    this.name = "ParallelPassedMaxEvents";
  }
}

/** The engine's one-line account of a parallel run (printed by `ledgersim run`). */
export function formatParallelStats(p: ParallelStats): string {
  const busy = p.busySeconds.map((s) => s.toFixed(2)).join("/");
  return `parallel   ${p.workers} workers (${p.nodesPerPartition.join("/")} nodes), lookahead ${p.lookaheadUs} µs, ${p.windows} windows, ` +
    `${Math.round(p.events / Math.max(1, p.windows))} events/window (max ${p.maxEventsPerWindow}), ` +
    `barrier wait ${Math.round(p.barrierWaitShare * 1000) / 10}%, busy ${busy} s, set-up ${p.setupSeconds.toFixed(2)} s\n`;
}
export type { ParallelStats } from "./merge.js";

export interface ParallelOptions extends Pick<SimulateOptions, "onCommit" | "txLog"> {
  workers: number;
}

/** A worker thread, its barrier, and how it failed (if it did). */
class WorkerLink {
  private failure: Error | undefined;
  private readonly barrier: CoordinatorBarrier;
  readonly worker: Worker;

  constructor(init: WorkerInit) {
    const { port1, port2 } = new MessageChannel();
    this.barrier = new CoordinatorBarrier(port1);
    this.worker = spawnWorker({ init, port: port2, flags: this.barrier.flags }, [port2]);
    this.worker.on("error", (e) => {
      this.failure ??= e;
    });
    this.worker.on("exit", (code) => {
      this.failure ??= new Error(`parallel worker exited (code ${code})`);
    });
  }

  send(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (this.failure !== undefined) throw this.failure;
    this.barrier.send(message, transfer);
  }

  async reply(): Promise<FromWorker> {
    const m = (await this.barrier.reply(() => this.failure)) as FromWorker;
    if (m.type === "error") throw Object.assign(new Error(`parallel worker: ${m.message}`), { stack: m.stack });
    return m;
  }

  async close(): Promise<void> {
    this.barrier.stop();
    await this.worker.terminate();
  }
}

function spawnWorker(workerData: { init: WorkerInit; port: MessagePort; flags: Int32Array }, transferList: MessagePort[]): Worker {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const entry = new URL("./worker.ts", here).href;
    return new Worker(new URL("../../evaluate/worker-bootstrap.mjs", here), { workerData: { ...workerData, entry }, transferList });
  }
  return new Worker(new URL("./worker.js", here), { workerData, transferList });
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

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** Every node's leader hint from the partition that owns it (each reports −2 for the others' nodes). */
function mergeLeaderHints(answers: readonly WindowDone[]): Int32Array {
  const first = answers[0]?.leaderHints as Int32Array;
  const merged = new Int32Array(first.length).fill(-1);
  for (const answer of answers) {
    answer.leaderHints?.forEach((hint, node) => {
      if (hint !== -2) merged[node] = hint;
    });
  }
  return merged;
}

/** simulate(scenario) on `options.workers` threads: the same outcome, plus how the time was spent. */
export async function simulateParallel(scenario: Scenario, options: ParallelOptions): Promise<SimulationOutcome & { parallel: ParallelStats }> {
  const reason = unsupportedReason(scenario);
  if (reason !== undefined) throw new ParallelUnsupportedError(reason);
  const { workers, partitionOf, lookaheadUs } = partitionNodes(scenario, options.workers);
  if (lookaheadUs < 1) {
    throw new ParallelUnsupportedError("the lookahead (smallest cross-partition delay) is 0 µs: a link fault with delayFactor 0?");
  }
  // Partition 0 runs here, on the coordinator's thread (it would only wait otherwise); the others on workers,
  // spawned first so that they load while this thread builds its own partition.
  const begunMs = performance.now();
  const links = Array.from({ length: workers - 1 }, (_, i) => new WorkerLink({ scenario, self: i + 1, partitionOf }));
  try {
    const local = new PartitionRunner({ scenario, self: 0, partitionOf });
    const observers = coordinatorObservers(scenario, options);
    const sink = new DirectSink(observers);
    const nodesPerPartition = new Array<number>(workers).fill(0);
    for (const p of partitionOf) nodesPerPartition[p] = (nodesPerPartition[p] as number) + 1;
    const busy = new Array<number>(workers).fill(0);
    const stats: ParallelStats = {
      workers, lookaheadUs, windows: 0, events: 0, maxEventsPerWindow: 0, barrierWaitShare: 0, nodesPerPartition, busySeconds: [], setupSeconds: 0,
    };
    let inboxes: MessageBatch[][] = Array.from({ length: workers }, () => []);
    let verdicts: Verdict[][] = Array.from({ length: workers }, () => []);
    let nextUs = 0;
    let busyMs = 0;
    let windowMs = 0;
    const endUs = scenario.durationUs;
    // Faults that target the leader: a window ends just before each, and the next one starts with every
    // node's leader hint as it stood then (faults run first at their instant, so that is what they see).
    // With `workload.target: leader`, each window pauses before a transaction, and one that starts with a
    // transaction (the earliest event anywhere) runs it first, with the hints of the window before.
    const leaderTimes = leaderFaultTimes(scenario);
    const workloadLeader = scenario.workload.target === "leader";
    const reportLeaderHints = leaderTimes.length > 0 || workloadLeader;
    let hints: Int32Array | undefined;
    let nextLeaderTime = 0;
    let startsWithTransaction = false;
    while (nextUs <= endUs) {
      while (nextLeaderTime < leaderTimes.length && (leaderTimes[nextLeaderTime] as number) < nextUs) nextLeaderTime++;
      const leaderUs = leaderTimes[nextLeaderTime];
      let windowEndUs = Math.min(nextUs + lookaheadUs - 1, endUs);
      if (leaderUs !== undefined && nextUs < leaderUs && windowEndUs >= leaderUs) windowEndUs = leaderUs - 1;
      const leaderHints = hints !== undefined && (leaderUs === nextUs || workloadLeader) ? { atUs: nextUs, hints } : undefined;
      const pauseBeforeWorkload = workloadLeader ? { allowance: startsWithTransaction && hints !== undefined ? 1 : 0 } : undefined;
      const startMs = performance.now();
      const request = (p: number): WindowRequest => ({
        type: "window", endUs: windowEndUs, inbox: inboxes[p] as MessageBatch[], verdicts: verdicts[p] as Verdict[],
        ...(leaderHints === undefined ? {} : { leaderHints }), ...(reportLeaderHints ? { reportLeaderHints } : {}),
        ...(pauseBeforeWorkload === undefined ? {} : { pauseBeforeWorkload }),
      });
      links.forEach((link, i) => link.send(request(i + 1), transferList(inboxes[i + 1] as MessageBatch[])));
      const answers: WindowDone[] = [local.window(request(0))];
      for (const link of links) answers.push((await link.reply()) as WindowDone);
      if (stats.windows === 0) stats.setupSeconds = round3((performance.now() - begunMs) / 1000);
      else windowMs += (performance.now() - startMs) * workers;
      inboxes = inboxes.map(() => []);
      verdicts = verdicts.map((_, p) => answers.flatMap((answer, q) => (q === p ? [] : answer.verdicts)));
      const records: ObserverRecord[][] = [];
      let windowEvents = 0;
      nextUs = Infinity;
      let nextArrivalUs = Infinity;
      for (const answer of answers) {
        answer.outboxes.forEach((batch, p) => {
          if (batch === undefined) return;
          (inboxes[p] as MessageBatch[]).push(batch);
          nextArrivalUs = Math.min(nextArrivalUs, earliestUs(batch));
        });
        records.push(answer.records);
        nextUs = Math.min(nextUs, answer.nextUs);
        windowEvents += answer.events;
        if (stats.windows > 0) busyMs += answer.busyMs;
      }
      nextUs = Math.min(nextUs, nextArrivalUs);
      answers.forEach((answer, p) => {
        busy[p] = (busy[p] as number) + answer.busyMs;
      });
      if (reportLeaderHints) hints = mergeLeaderHints(answers);
      // The next window starts with a transaction when that is the earliest event anywhere: no partition has an
      // earlier class queued at that instant, and no message arrives then (arrivals sort before transactions).
      startsWithTransaction = workloadLeader && nextArrivalUs > nextUs &&
        answers.every((a) => a.nextUs !== nextUs || a.nextClass === EventClass.workload);
      replayRecords(records, sink);
      stats.windows++;
      stats.events += windowEvents;
      stats.maxEventsPerWindow = Math.max(stats.maxEventsPerWindow, windowEvents);
    }
    stats.barrierWaitShare = windowMs > 0 ? round3(1 - busyMs / windowMs) : 0;
    stats.busySeconds = busy.map((ms) => round3(ms / 1000));
    for (const link of links) link.send({ type: "finish" });
    const finals: WorkerFinal[] = [local.final()];
    for (const link of links) finals.push((await link.reply()) as WorkerFinal);
    const inFlight = inboxes.some((batches) => batches.length > 0);
    const outcome = mergeFinals(scenario, observers, finals, inFlight, options.txLog === true);
    annotateFaults(outcome.metrics.timeseries, outcome.faults);
    if (scenario.engine.maxEvents > 0 && outcome.events > scenario.engine.maxEvents) {
      throw new ParallelPassedMaxEvents(scenario.engine.maxEvents);
    }
    stats.events = outcome.events;
    return { ...outcome, parallel: stats };
  } finally {
    await Promise.all(links.map((link) => link.close()));
  }
}
