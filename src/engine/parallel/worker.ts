/**
 * A worker thread of the parallel engine: one PartitionRunner (partition-runner.ts), answering the
 * coordinator's window requests over its barrier (barrier.ts) until it is asked for the final counts.
 */
import { workerData, type MessagePort } from "node:worker_threads";
import { serveRequests } from "./barrier.js";
import type { FromWorker, ToWorker, WorkerInit } from "./messages.js";
import { PartitionRunner, transferList } from "./partition-runner.js";

interface WorkerStart {
  init: WorkerInit;
  port: MessagePort;
  flags: Int32Array;
}

function failure(error: unknown): FromWorker {
  const e = error instanceof Error ? error : new Error(String(error));
  return { type: "error", message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) };
}

function startWorker({ init, port, flags }: WorkerStart): void {
  let runner: PartitionRunner | undefined;
  let startError: unknown;
  try {
    runner = new PartitionRunner(init);
  } catch (error) {
    startError = error;
  }
  serveRequests(port, flags, (request) => {
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
