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
import { awaitBell, CoordinatorBarrier, CoordinatorChannel, newBell, pipelineShared, type PipelineShared } from "./barrier.js";
import type { FromWorker, StepDone, ToWorker, Verdict, WindowDone, WindowRequest, WorkerFinal, WorkerInit } from "./messages.js";
import { PartitionPace, runPipeline, STEPS_PER_LOOKAHEAD } from "./pipeline.js";
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
  const unit = p.sync === "pipeline" ? "step" : "window";
  return `parallel   ${p.workers} workers (${p.nodesPerPartition.join("/")} nodes), ${p.sync}, lookahead ${p.lookaheadUs} µs, ${p.windows} ${unit}s, ` +
    `${Math.round(p.events / Math.max(1, p.windows))} events/${unit} (max ${p.maxEventsPerWindow}), ` +
    `${p.sync === "pipeline" ? "wait" : "barrier wait"} ${Math.round(p.barrierWaitShare * 1000) / 10}%, busy ${busy} s, set-up ${p.setupSeconds.toFixed(2)} s\n`;
}
export type { ParallelStats } from "./merge.js";

export interface ParallelOptions extends Pick<SimulateOptions, "onCommit" | "txLog"> {
  workers: number;
  /**
   * How partitions synchronise: `pipeline` (each runs ahead to its safe bound; pipeline.ts) or `lock-step`
   * windows. Default: pipeline, unless faults or the workload target the leader (those need lock-step).
   */
  sync?: "pipeline" | "lock-step";
}

/** A worker's message, or its error thrown. */
function checked(m: FromWorker): FromWorker {
  if (m.type === "error") throw Object.assign(new Error(`parallel worker: ${m.message}`), { stack: m.stack });
  return m;
}

/**
 * A worker thread and how it failed (if it did), with either a lock-step barrier (one request, one reply) or
 * a pipeline channel (messages either way at any time; the doorbell says when the worker has posted).
 */
class WorkerLink {
  private failure: Error | undefined;
  private readonly barrier: CoordinatorBarrier | undefined;
  private readonly channel: CoordinatorChannel | undefined;
  readonly worker: Worker;

  constructor(init: WorkerInit, private readonly bell: Int32Array) {
    const { port1, port2 } = new MessageChannel();
    if (init.pipeline === undefined) {
      this.barrier = new CoordinatorBarrier(port1);
      this.worker = spawnWorker({ init, port: port2, flags: this.barrier.flags }, [port2]);
    } else {
      const shared = pipelineShared(bell);
      this.channel = new CoordinatorChannel(port1, shared);
      this.worker = spawnWorker({ init, port: port2, shared }, [port2]);
    }
    this.worker.on("error", (e) => {
      this.failure ??= e;
    });
    this.worker.on("exit", (code) => {
      this.failure ??= new Error(`parallel worker exited (code ${code})`);
    });
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  send(message: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.channel !== undefined) this.channel.send(message, transfer);
    else this.barrier?.send(message, transfer);
  }

  /** The reply to the last request (lock-step), or the worker's next message (pipeline: waits for it). */
  async reply(): Promise<FromWorker> {
    if (this.barrier !== undefined) return checked((await this.barrier.reply(() => this.failure)) as FromWorker);
    for (;;) {
      const seen = Atomics.load(this.bell, 0);
      const m = this.poll();
      if (m !== undefined) return m;
      await awaitBell(this.bell, seen, () => this.failure);
    }
  }

  /** Pipeline: the worker's next message if it has posted one. */
  poll(): FromWorker | undefined {
    const m = this.channel?.poll() as FromWorker | undefined;
    return m === undefined ? undefined : checked(m);
  }

  async close(): Promise<void> {
    this.barrier?.stop();
    this.channel?.close();
    await this.worker.terminate();
  }
}

interface WorkerStartData {
  init: WorkerInit;
  port: MessagePort;
  flags?: Int32Array;
  shared?: PipelineShared;
}

function spawnWorker(workerData: WorkerStartData, transferList: MessagePort[]): Worker {
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
  // Faults or a workload that target the leader need every partition at one instant: lock-step windows.
  const needsLockStep = leaderFaultTimes(scenario).length > 0 || scenario.workload.target === "leader";
  const pipeline = (options.sync ?? (needsLockStep ? "lock-step" : "pipeline")) === "pipeline";
  if (pipeline && needsLockStep) throw new ParallelUnsupportedError("faults or a workload that target the leader need lock-step windows");
  const stepUs = Math.max(1, Math.floor(lookaheadUs / STEPS_PER_LOOKAHEAD));
  // Partition 0 runs here, on the coordinator's thread (it would only wait otherwise); the others on workers,
  // spawned first so that they load while this thread builds its own partition.
  const begunMs = performance.now();
  const bell = newBell();
  const links = Array.from({ length: workers - 1 }, (_, i) =>
    new WorkerLink({ scenario, self: i + 1, partitionOf, ...(pipeline ? { pipeline: { stepUs } } : {}) }, bell));
  try {
    const local = new PartitionRunner({ scenario, self: 0, partitionOf });
    const observers = coordinatorObservers(scenario, options);
    const sink = new DirectSink(observers);
    const nodesPerPartition = new Array<number>(workers).fill(0);
    for (const p of partitionOf) nodesPerPartition[p] = (nodesPerPartition[p] as number) + 1;
    const stats: ParallelStats = {
      workers, sync: pipeline ? "pipeline" : "lock-step", lookaheadUs, windows: 0, events: 0, maxEventsPerWindow: 0, barrierWaitShare: 0,
      nodesPerPartition, busySeconds: [], setupSeconds: 0,
    };
    const context: RunContext = { scenario, links, local, sink, stats, begunMs, lookaheadUs, workers };
    const inFlight = pipeline ? await pipelineRun(context, stepUs, bell) : await lockStepRun(context);
    for (const link of links) link.send({ type: "finish" });
    const finals: WorkerFinal[] = [local.final()];
    for (const link of links) finals.push((await link.reply()) as WorkerFinal);
    const cpu = finals.map((f) => f.threadCpuSeconds);
    if (cpu.every((s) => s !== undefined)) stats.cpuSeconds = cpu as number[];
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

/** What both ways of running the partitions share. */
interface RunContext {
  scenario: Scenario;
  links: WorkerLink[];
  local: PartitionRunner;
  sink: DirectSink;
  stats: ParallelStats;
  begunMs: number;
  lookaheadUs: number;
  workers: number;
}

/** Pipeline mode (pipeline.ts); says whether messages were left in flight at the end. */
async function pipelineRun(context: RunContext, stepUs: number, bell: Int32Array): Promise<boolean> {
  const { links, local, sink, stats, begunMs, lookaheadUs, workers } = context;
  const pace = new PartitionPace(local, stepUs);
  let pollFrom = 0;
  let loopStartMs = 0;
  let busyBefore = 0;
  const run = await runPipeline({
    partitions: workers, lookaheadUs, endUs: context.scenario.durationUs, local: pace, sink,
    send: (p, advance) => {
      if (p === 0) pace.take(advance);
      else (links[p - 1] as WorkerLink).send(advance, transferList(advance.inbox));
    },
    bell: () => Atomics.load(bell, 0),
    poll: () => {
      for (let k = 0; k < links.length; k++) {
        const i = (pollFrom + k) % links.length;
        const m = (links[i] as WorkerLink).poll();
        if (m !== undefined) {
          pollFrom = i + 1;
          return { partition: i + 1, done: m as StepDone };
        }
      }
      return undefined;
    },
    waitForReport: (seen) => awaitBell(bell, seen, () => links.find((link) => link.failed !== undefined)?.failed),
    onFirstRound: (busyMs) => {
      loopStartMs = performance.now();
      stats.setupSeconds = round3((loopStartMs - begunMs) / 1000);
      busyBefore = busyMs.reduce((a, b) => a + b, 0);
    },
  });
  const wallMs = (performance.now() - loopStartMs) * workers;
  const busyAfter = run.busyMs.reduce((a, b) => a + b, 0) - busyBefore;
  stats.windows = run.steps;
  stats.maxEventsPerWindow = run.maxEventsPerStep;
  stats.barrierWaitShare = wallMs > 0 ? round3(Math.max(0, 1 - busyAfter / wallMs)) : 0;
  stats.busySeconds = run.busyMs.map((ms) => round3(ms / 1000));
  return run.inFlight;
}

/** Lock-step windows: all partitions meet at each window's end; says whether messages were left in flight. */
async function lockStepRun(context: RunContext): Promise<boolean> {
  const { scenario, links, local, sink, stats, begunMs, lookaheadUs, workers } = context;
  const busy = new Array<number>(workers).fill(0);
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
  return inboxes.some((batches) => batches.length > 0);
}
