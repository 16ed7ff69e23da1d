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
