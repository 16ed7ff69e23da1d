/**
 * A pool of worker threads that run evaluation points, one point per worker at a time (ARCHITECTURE §9:
 * sweeps parallelise one level up). Jobs queue in submission order; each resolves with its own output, so a
 * caller that writes results keyed by point gets the same files whatever the pool size.
 */
import { Worker } from "node:worker_threads";
import type { PointJob, PointOutput } from "./point.js";
import type { JobReply, JobRequest } from "./point-worker.js";

/** A job that failed: `inputError` when its scenario was refused (exit 104), else an internal error. */
export class PointFailure extends Error {
  constructor(message: string, readonly inputError: boolean) {
    super(message);
    this.name = "PointFailure";
  }
}

/** A queued job that was cancelled before it started. */
export class PoolCancelled extends Error {
  constructor() {
    super("cancelled before it started");
    this.name = "PoolCancelled";
  }
}

interface Pending {
  ticket: number;
  job: PointJob;
  resolve: (output: PointOutput) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  current?: Pending;
}

function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith(".ts")) {
    const entry = new URL("./point-worker.ts", here).href;
    return new Worker(new URL("./worker-bootstrap.mjs", here), { workerData: { entry } });
  }
  return new Worker(new URL("./point-worker.js", here));
}

export class PointPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextTicket = 0;
  private closed = false;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`PointPool: size must be an integer ≥ 1, got ${size}`);
  }

  run(job: PointJob): Promise<PointOutput> {
    if (this.closed) return Promise.reject(new Error("PointPool: closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ ticket: this.nextTicket++, job, resolve, reject });
      this.dispatch();
    });
  }

  /** Jobs waiting for a worker are rejected with PoolCancelled; running jobs finish. */
  cancelQueued(): void {
    for (const pending of this.queue.splice(0)) pending.reject(new PoolCancelled());
  }

  async close(): Promise<void> {
    this.closed = true;
    this.cancelQueued();
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
    this.slots.length = 0;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.current === undefined);
      if (slot === undefined && this.slots.length < this.size) slot = this.addSlot();
      if (slot === undefined) return;
      const pending = this.queue.shift() as Pending;
      slot.current = pending;
      const request: JobRequest = { ticket: pending.ticket, job: pending.job };
      slot.worker.postMessage(request);
    }
  }

  private addSlot(): Slot {
    const slot: Slot = { worker: spawnWorker() };
    slot.worker.on("message", (reply: JobReply) => this.settle(slot, reply));
    slot.worker.on("error", (error: Error) => this.lose(slot, error));
    slot.worker.on("exit", (code) => {
      if (!this.closed) this.lose(slot, new Error(`point worker exited with code ${code}`));
    });
    this.slots.push(slot);
    return slot;
  }

  private settle(slot: Slot, reply: JobReply): void {
    const pending = slot.current;
    slot.current = undefined;
    if (pending === undefined || pending.ticket !== reply.ticket) return;
    if (reply.ok) pending.resolve(reply.output);
    else pending.reject(new PointFailure(reply.message, reply.inputError));
    this.dispatch();
  }

  /** A worker died: fail its job, replace it, carry on with the queue. */
  private lose(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    slot.current?.reject(new PointFailure(error.stack ?? error.message, false));
    void slot.worker.terminate();
    this.dispatch();
  }
}

/** The default pool size: every core, but no more workers than jobs. */
export function defaultWorkers(jobs: number, cores: number): number {
  return Math.max(1, Math.min(cores, jobs));
}
