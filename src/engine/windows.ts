/**
 * Runs the event loop in segments of simulated time, letting asynchronous work for the *next* segment
 * (the workload's signatures, in the crypto pool) proceed while this one runs. Segment k runs the events
 * at times [k·W, (k+1)·W − 1]; before it starts, the work for segment k is awaited and the work for k+1
 * started. The loop's own rules decide everything else, so the events, their order and the stop reason are
 * exactly those of one `loop.run({ endUs })` call (nothing outside the loop schedules events in between).
 */
import type { RunOptions, RunOutcome } from "./loop.js";
import type { SimTime } from "./time.js";

export interface SegmentedLoop {
  run(options: RunOptions): RunOutcome;
}

/** `prepare(untilUs)`: get ready everything the loop needs before `untilUs` (resolves when done). */
export type PrepareWindow = (untilUs: SimTime) => Promise<void>;

export async function runInWindows(
  loop: SegmentedLoop,
  prepare: PrepareWindow,
  options: { endUs: SimTime; maxEvents?: number; windowUs: SimTime },
): Promise<RunOutcome> {
  const { endUs, windowUs } = options;
  if (!Number.isInteger(windowUs) || windowUs < 1) throw new RangeError(`runInWindows: windowUs must be a positive integer, got ${windowUs}`);
  await prepare(windowUs);
  for (let windowEndUs = windowUs; ; windowEndUs += windowUs) {
    const last = windowEndUs > endUs;
    const next = last ? Promise.resolve() : prepare(windowEndUs + windowUs);
    const outcome = loop.run({ endUs: Math.min(windowEndUs - 1, endUs), maxEvents: options.maxEvents ?? 0 });
    await next;
    // "end-time" mid-run only means this segment is over; any other reason ends the run as it would in one call.
    if (last || outcome.stoppedBy !== "end-time") return outcome;
  }
}
