/**
 * Worker-thread entry of the point pool: runs one PointJob per message and answers with its output or its
 * error. A worker holds no state between jobs that could reach a result (each run builds its own keys, streams
 * and verify memo), so which worker runs which point never matters.
 */
import { parentPort } from "node:worker_threads";
import { ScenarioError } from "../scenario/errors.js";
import { runPoint, type PointJob } from "./point.js";

export interface JobRequest {
  ticket: number;
  job: PointJob;
}

export type JobReply =
  | { ticket: number; ok: true; output: ReturnType<typeof runPoint> }
  | { ticket: number; ok: false; inputError: boolean; message: string };

const port = parentPort;
if (port === null) throw new Error("point-worker: must run in a worker thread");
port.on("message", (request: JobRequest) => {
  let reply: JobReply;
  try {
    reply = { ticket: request.ticket, ok: true, output: runPoint(request.job) };
  } catch (error) {
    const message = error instanceof Error ? (error instanceof ScenarioError ? error.message : (error.stack ?? error.message)) : String(error);
    reply = { ticket: request.ticket, ok: false, inputError: error instanceof ScenarioError, message };
  }
  port.postMessage(reply);
});
