/**
 * A worker thread of the parallel engine: one PartitionRunner (partition-runner.ts), answering the
 * coordinator's window requests over its barrier (barrier.ts) until it is asked for the final counts.
 */
import { workerData, type MessagePort } from "node:worker_threads";
import { serveRequests, WorkerChannel, type PipelineShared } from "./barrier.js";
import type { FromWorker, ToWorker, WorkerInit } from "./messages.js";
import { PartitionRunner, transferList } from "./partition-runner.js";
import { PartitionPace } from "./pipeline.js";

interface WorkerStart {
  init: WorkerInit;
  port: MessagePort;
  /** Lock-step barrier flags, or the pipeline's shared counters. */
  flags?: Int32Array;
  shared?: PipelineShared;
}

function failure(error: unknown): FromWorker {
  const e = error instanceof Error ? error : new Error(String(error));
  return { type: "error", message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) };
}

/**
 * Pipeline mode: take every message the coordinator has posted (waiting only when there is nothing to run),
 * then run one step if the bound allows it and report; until asked for the final counts.
 */
function servePipeline(channel: WorkerChannel, runner: PartitionRunner, stepUs: number): void {
  const pace = new PartitionPace(runner, stepUs);
  for (;;) {
    let message = channel.next(!pace.canRun) as ToWorker | undefined;
    if (message === undefined && !pace.canRun) return; // closed
    for (; message !== undefined; message = channel.next(false) as ToWorker | undefined) {
      if (message.type === "finish") {
        channel.post(runner.final());
        return;
      }
      if (message.type !== "advance") throw new Error(`parallel worker: unexpected '${message.type}' in pipeline mode`);
      pace.take(message);
    }
    if (pace.canRun) {
      const done = pace.step();
      channel.post(done, transferList(done.outboxes));
    }
  }
}

function startWorker({ init, port, flags, shared }: WorkerStart): void {
  let runner: PartitionRunner | undefined;
  let startError: unknown;
  try {
    runner = new PartitionRunner(init);
  } catch (error) {
    startError = error;
  }
  if (shared !== undefined) {
    const channel = new WorkerChannel(port, shared);
    try {
      if (runner === undefined) throw startError;
      servePipeline(channel, runner, init.pipeline?.stepUs ?? 1);
    } catch (error) {
      channel.post(failure(error));
    }
    port.close();
    return;
  }
  serveRequests(port, flags as Int32Array, (request) => {
    if (runner === undefined) return { message: failure(startError), last: true };
    const message = request as ToWorker;
    try {
      if (message.type === "window") {
        const done = runner.window(message);
        return { message: done, transfer: transferList(done.outboxes) };
      }
      return { message: runner.final(), last: true };
    } catch (error) {
      return { message: failure(error), last: true };
    }
  });
  port.close();
}

startWorker(workerData as WorkerStart);
