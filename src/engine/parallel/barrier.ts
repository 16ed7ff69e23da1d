/**
 * The window barrier between the coordinator and a worker thread (ARCHITECTURE §9). Each side posts its
 * message on a MessageChannel port, then raises a flag in shared memory; the other side spins briefly on the
 * flag, then sleeps on it (Atomics.wait), and takes the message synchronously (receiveMessageOnPort). No event
 * loop turn is needed to hand a window over, so a window costs tens of microseconds of hand-off instead of
 * a scheduler round trip.
 *
 * The coordinator never blocks for long: it sleeps in slices and lets its event loop run in between, so a
 * worker that dies (an exception outside a window, out of memory) is noticed instead of waited for forever.
 */
import { receiveMessageOnPort, type MessagePort } from "node:worker_threads";

/** Flag slots in the shared Int32Array: a request for the worker, a reply for the coordinator, stop. */
export const REQUEST = 0;
export const REPLY = 1;
export const STOP = 2;
export const FLAG_SLOTS = 3;

/** How many times a waiting side polls the flag before it sleeps (a few tens of microseconds). */
const SPINS = 2000;
/** The coordinator's sleep slice, ms (between slices it lets its event loop run). */
const SLICE_MS = 50;

/** Spins, then sleeps until `flags[slot]` is non-zero or `timeoutMs` passes; clears it and says whether it was set. */
function take(flags: Int32Array, slot: number, timeoutMs: number): boolean {
  for (let i = 0; i < SPINS; i++) {
    if (Atomics.load(flags, slot) !== 0) {
      Atomics.store(flags, slot, 0);
      return true;
    }
  }
  if (Atomics.wait(flags, slot, 0, timeoutMs) === "timed-out" && Atomics.load(flags, slot) === 0) return false;
  Atomics.store(flags, slot, 0);
  return true;
}

function raise(flags: Int32Array, slot: number): void {
  Atomics.store(flags, slot, 1);
  Atomics.notify(flags, slot);
}

const NAP = new Int32Array(new SharedArrayBuffer(4));

/** The next message on `port`, which the flag said is there (it can lag the flag by a moment). */
function receive(port: MessagePort): unknown {
  for (;;) {
    const received = receiveMessageOnPort(port);
    if (received !== undefined) return received.message;
    Atomics.wait(NAP, 0, 0, 0.05);
  }
}

/** The coordinator's end of one worker's barrier. */
export class CoordinatorBarrier {
  readonly flags = new Int32Array(new SharedArrayBuffer(FLAG_SLOTS * 4));

  constructor(private readonly port: MessagePort) {}

  send(message: unknown, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(message, transfer);
    raise(this.flags, REQUEST);
  }

  /** The worker's reply; `failed()` is checked between sleep slices (a dead worker throws its error). */
  async reply(failed: () => Error | undefined): Promise<unknown> {
    while (!take(this.flags, REPLY, SLICE_MS)) {
      await new Promise((resolve) => setImmediate(resolve));
      const error = failed();
      if (error !== undefined) throw error;
    }
    return receive(this.port);
  }

  /** Tells the worker to leave its loop (it may be asleep on the request flag). */
  stop(): void {
    raise(this.flags, STOP);
    raise(this.flags, REQUEST);
  }
}

/** The worker's end: waits for requests and answers them until stopped. */
export function serveRequests(port: MessagePort, flags: Int32Array, answer: (request: unknown) => { message: unknown; transfer?: ArrayBuffer[]; last?: boolean }): void {
  for (;;) {
    while (!take(flags, REQUEST, 1000)) {
      if (Atomics.load(flags, STOP) !== 0) return;
    }
    if (Atomics.load(flags, STOP) !== 0) return;
    const { message, transfer, last } = answer(receive(port));
    port.postMessage(message, transfer ?? []);
    raise(flags, REPLY);
    if (last === true) return;
  }
}

/**
 * The pipeline's channels (pipeline.ts): instead of a flag per request and reply, each side counts the messages
 * it has posted in shared memory, so either side can post several before the other looks, and a waiting side
 * knows exactly how many to take. Workers also ring one doorbell shared by all, so the coordinator sleeps
 * until any of them has something for it.
 */
const IN = 0;
const OUT = 1;
const CLOSED = 2;

/** The counters shared by the coordinator and one worker in pipeline mode, plus the doorbell shared by all. */
export interface PipelineShared {
  counters: Int32Array;
  bell: Int32Array;
}

export function pipelineShared(bell: Int32Array): PipelineShared {
  return { counters: new Int32Array(new SharedArrayBuffer(3 * 4)), bell };
}

export function newBell(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Spins on `flags[slot]` until it differs from `seen`, then sleeps up to `timeoutMs`; says whether it changed. */
function awaitChange(flags: Int32Array, slot: number, seen: number, timeoutMs: number): boolean {
  for (let i = 0; i < SPINS; i++) if (Atomics.load(flags, slot) !== seen) return true;
  Atomics.wait(flags, slot, seen, timeoutMs);
  return Atomics.load(flags, slot) !== seen;
}

/** The coordinator's end of one worker's pipeline channel. */
export class CoordinatorChannel {
  private taken = 0;

  constructor(private readonly port: MessagePort, private readonly shared: PipelineShared) {}

  send(message: unknown, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(message, transfer);
    Atomics.add(this.shared.counters, IN, 1);
    Atomics.notify(this.shared.counters, IN);
  }

  /** The worker's next message if it has posted one, else undefined (never blocks for long). */
  poll(): unknown {
    if (Atomics.load(this.shared.counters, OUT) === this.taken) return undefined;
    this.taken++;
    return receive(this.port);
  }

  /** Tells the worker to leave its loop (it may be asleep waiting for a message). */
  close(): void {
    Atomics.store(this.shared.counters, CLOSED, 1);
    Atomics.add(this.shared.counters, IN, 1);
    Atomics.notify(this.shared.counters, IN);
  }
}

/**
 * Sleeps until the doorbell has rung since it read `seen`, in slices with the event loop let run between them,
 * so that `failed()` (a dead worker) is noticed.
 */
export async function awaitBell(bell: Int32Array, seen: number, failed: () => Error | undefined): Promise<void> {
  while (!awaitChange(bell, 0, seen, SLICE_MS)) {
    await new Promise((resolve) => setImmediate(resolve));
    const error = failed();
    if (error !== undefined) throw error;
  }
}

/** The worker's end of its pipeline channel. */
export class WorkerChannel {
  private taken = 0;

  constructor(private readonly port: MessagePort, private readonly shared: PipelineShared) {}

  /** How many messages the worker has taken so far. */
  get received(): number {
    return this.taken;
  }

  /** The coordinator's next message; with `wait`, sleeps until there is one; undefined once closed (or none). */
  next(wait: boolean): unknown {
    const { counters } = this.shared;
    for (;;) {
      if (Atomics.load(counters, CLOSED) !== 0) return undefined;
      const posted = Atomics.load(counters, IN);
      if (posted !== this.taken) {
        this.taken++;
        return receive(this.port);
      }
      if (!wait) return undefined;
      awaitChange(counters, IN, posted, 1000);
    }
  }

  post(message: unknown, transfer: ArrayBuffer[] = []): void {
    this.port.postMessage(message, transfer);
    Atomics.add(this.shared.counters, OUT, 1);
    Atomics.add(this.shared.bell, 0, 1);
    Atomics.notify(this.shared.bell, 0);
  }
}
