// Loads a TypeScript worker entry when ledgersim runs from its sources (tsx, vitest): worker threads do not
// inherit the main thread's loader hooks on Node 20, so the worker registers tsx itself, then imports the entry.
// The built package (dist/) starts its .js workers directly and never uses this file.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
