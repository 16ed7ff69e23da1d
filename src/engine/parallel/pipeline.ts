/**
 * The parallel engine's pipeline mode: partitions advance on their own instead of in lock-step windows.
 *
 * Lock-step windows make every partition wait at each window's end for the slowest one, so every uneven
 * window — a garbage collection, a burst of verifications on one side — costs the other side its whole
 * difference. Here each partition may run every event before its *safe bound*, the earliest instant a message
 * from another partition could still arrive: for each other partition q, the earliest instant q can still send
 * anything (its floor) plus the lookahead. A partition reports every `stepUs` of simulated time (its clock, next
 * event, what it sent); the coordinator forwards what was sent, recomputes the bounds and raises them. So a
 * partition may run up to one lookahead ahead of another, and short stalls on either side are absorbed.
 *
 * Floors (the null-message bound of conservative simulation, computed centrally): a partition that has reported
 * clock c and next event n, with messages m handed to it since that report, can next send at
 * min(n, earliest m), or — if something from elsewhere wakes it first — at another floor plus the lookahead:
 * floor_q = min(n_q, m_q, min over r ≠ q of floor_r + lookahead), solved by iterating over the partitions.
 *
 * IMPORTANT: a partition only runs events that no future message can precede, with every message scheduled
 * under the key its sender's partition gave it, and observer records are replayed in canonical order up to
 * the instant every partition has passed: the outcome is the single-threaded engine's, for any worker count
 * and any timing of the threads (tests/engine/parallel.test.ts).
 *
 * Used when no event needs a snapshot of every partition at one instant (faults or a workload that target
 * the leader need lock-step windows; coordinator.ts).
 */
import { replayRecords, type ObserverRecord, type OrderedSink } from "../observers.js";
import type { Advance, StepDone, Verdict } from "./messages.js";
import type { PartitionRunner } from "./partition-runner.js";
import { earliestUs, type MessageBatch } from "./wire.js";

/** Steps per lookahead: how often, in simulated time, a partition reports its progress. */
export const STEPS_PER_LOOKAHEAD = 3;

/** One partition's progress: the bound it may run below, how far it has run, and the Advance messages taken. */
export class PartitionPace {
  private safeUs = 0;
  private clockUs = 0;
  private taken = 0;

  constructor(private readonly runner: PartitionRunner, private readonly stepUs: number) {}

  take(advance: Advance): void {
    this.runner.accept(advance.inbox, advance.verdicts);
    this.safeUs = Math.max(this.safeUs, advance.safeUs);
    this.taken++;
  }

  get canRun(): boolean {
    return this.safeUs > this.clockUs;
  }

  /** Runs up to the bound, or `stepUs` past the next event if that is sooner, and says what happened. */
  step(): StepDone {
    const startMs = performance.now();
    const endUs = Math.min(this.safeUs, Math.max(this.clockUs, this.runner.nextUs) + this.stepUs);
    const done = this.runner.runTo(endUs - 1, startMs);
    this.clockUs = endUs;
    return { ...done, type: "step-done", clockUs: endUs, consumed: this.taken };
  }
}

/**
 * Each partition's safe bound (it may run every event before it), from each partition's own floor — the
 * earliest of its next event and the messages handed to it that it had not yet taken in at its last report —
 * and the lookahead; capped just past the end of the run. See the file comment.
 */
export function safeBounds(ownFloors: readonly number[], lookaheadUs: number, endUs: number): number[] {
  const n = ownFloors.length;
  const floor = ownFloors.slice();
  for (let round = 0; round < n; round++) {
    for (let q = 0; q < n; q++) {
      for (let r = 0; r < n; r++) if (r !== q) floor[q] = Math.min(floor[q] as number, (floor[r] as number) + lookaheadUs);
    }
  }
  return floor.map((_, p) => {
    let safe = Infinity;
    for (let q = 0; q < n; q++) if (q !== p) safe = Math.min(safe, (floor[q] as number) + lookaheadUs);
    return Math.min(safe, endUs + 1);
  });
}

/** What the coordinator knows of one partition. */
interface PartitionView {
  clockUs: number;
  nextUs: number;
  /** Messages waiting to be handed over, and the verifications that go with them. */
  inbox: MessageBatch[];
  verdicts: Verdict[];
  /** Earliest arrival among messages handed over in Advance messages the partition had not taken at its last report. */
  handed: { seq: number; earliestUs: number }[];
  sent: number;
  safeSentUs: number;
  records: ObserverRecord[];
  busyMs: number;
}

/** Hands an Advance to partition `p` (a worker's, or the local one's PartitionPace). */
export type AdvanceSender = (p: number, advance: Advance) => void;

export interface PipelineRun {
  steps: number;
  maxEventsPerStep: number;
  busyMs: number[];
  /** Messages produced but never handed over (they would arrive after the end). */
  inFlight: boolean;
}

export interface PipelineEnds {
  partitions: number;
  lookaheadUs: number;
  endUs: number;
  local: PartitionPace;
  send: AdvanceSender;
  /** The doorbell's count (read before polling, so that a report posted after the poll still wakes the wait). */
  bell(): number;
  /** The next report from any worker (undefined when none is waiting). */
  poll(): { partition: number; done: StepDone } | undefined;
  /** Sleeps until a worker has reported since the doorbell read `seen`. */
  waitForReport(seen: number): Promise<void>;
  sink: OrderedSink;
  /** Called once, when every partition has reported once (set-up time), with the busy time so far. */
  onFirstRound(busyMs: readonly number[]): void;
}

/** Drives all partitions to the end of the run in pipeline mode. */
export async function runPipeline(ends: PipelineEnds): Promise<PipelineRun> {
  const { partitions: n, lookaheadUs, endUs, local, send, sink } = ends;
  const views: PartitionView[] = Array.from({ length: n }, () => ({
    clockUs: 0, nextUs: 0, inbox: [], verdicts: [], handed: [], sent: 0, safeSentUs: 0, records: [], busyMs: 0,
  }));
  const run: PipelineRun = { steps: 0, maxEventsPerStep: 0, busyMs: new Array<number>(n).fill(0), inFlight: false };
  let reported = 0;
  let firstRound = true;
  const reportedOnce = new Array<boolean>(n).fill(false);

  const absorb = (p: number, done: StepDone): void => {
    const view = views[p] as PartitionView;
    done.outboxes.forEach((batch, q) => {
      if (batch !== undefined) (views[q] as PartitionView).inbox.push(batch);
    });
    if (done.verdicts.length > 0) views.forEach((v, q) => q !== p && v.verdicts.push(...done.verdicts));
    view.clockUs = done.clockUs;
    view.nextUs = done.nextUs;
    view.handed = view.handed.filter((h) => h.seq > done.consumed);
    for (const record of done.records) view.records.push(record);
    run.steps++;
    run.maxEventsPerStep = Math.max(run.maxEventsPerStep, done.events);
    run.busyMs[p] = (run.busyMs[p] as number) + done.busyMs;
    if (!reportedOnce[p]) {
      reportedOnce[p] = true;
      reported++;
    }
  };

  const bounds = (): number[] =>
    safeBounds(views.map((v) => {
      let floor = v.nextUs;
      for (const h of v.handed) floor = Math.min(floor, h.earliestUs);
      for (const b of v.inbox) floor = Math.min(floor, earliestUs(b));
      return floor;
    }), lookaheadUs, endUs);

  const replayUpTo = (beforeUs: number): void => {
    const batches = views.map((v) => {
      let i = 0;
      while (i < v.records.length && (v.records[i] as ObserverRecord).key[0] < beforeUs) i++;
      return v.records.splice(0, i);
    });
    if (batches.some((b) => b.length > 0)) replayRecords(batches, sink);
  };

  for (;;) {
    const bell = ends.bell();
    for (let report = ends.poll(); report !== undefined; report = ends.poll()) absorb(report.partition, report.done);
    if (firstRound && reported === n) {
      firstRound = false;
      ends.onFirstRound(run.busyMs.slice());
    }
    if (views.every((v) => v.clockUs > endUs)) break;
    const safe = bounds();
    views.forEach((view, p) => {
      const safeUs = Math.max(safe[p] as number, view.safeSentUs);
      if (view.clockUs > endUs || (safeUs === view.safeSentUs && view.inbox.length === 0 && view.verdicts.length === 0)) return;
      const inbox = view.inbox;
      let earliest = Infinity;
      for (const b of inbox) earliest = Math.min(earliest, earliestUs(b));
      view.sent++;
      if (earliest < Infinity) view.handed.push({ seq: view.sent, earliestUs: earliest });
      view.inbox = [];
      const verdicts = view.verdicts;
      view.verdicts = [];
      view.safeSentUs = safeUs;
      send(p, { type: "advance", safeUs, inbox, verdicts });
    });
    replayUpTo(Math.min(...views.map((v) => v.clockUs)));
    if (local.canRun) {
      absorb(0, local.step());
      continue;
    }
    // Some worker must be able to run: the partition with the lowest floor always can (its bound is above it).
    if (!views.some((v, p) => p > 0 && v.clockUs <= endUs && v.safeSentUs > v.clockUs)) {
      throw new Error(`parallel pipeline: no partition can advance (clocks ${views.map((v) => v.clockUs).join(", ")} µs)`);
    }
    await ends.waitForReport(bell);
  }
  replayUpTo(Infinity);
  run.inFlight = views.some((v) => v.inbox.length > 0);
  return run;
}
