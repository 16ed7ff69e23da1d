/**
 * The run loop: a clock, the event queue, per-source sequence counters and dispatch by event kind. It knows
 * nothing of nodes or networks — the simulation registers one handler per kind. Stop conditions: simulated
 * end time, an event budget, an empty queue; a guard throws (rather than hangs) when simulated time stops
 * advancing for too many events in a row.
 */
import { EventQueue, MIN_SOURCE, newPoppedEvent, type EventClass, type PoppedEvent } from "./queue.js";
import type { SimTime } from "./time.js";

export type EventHandler<P> = (payload: P, timeUs: SimTime, source: number) => void;

export type StopReason = "end-time" | "event-budget" | "queue-empty";

export class SimulationStalledError extends Error {
  constructor(readonly timeUs: SimTime, readonly eventsAtInstant: number) {
    super(
      `simulation made no progress: ${eventsAtInstant} events in a row at t=${timeUs} µs without time ` +
        `advancing (a zero-delay loop between handlers?)`,
    );
    this.name = "SimulationStalledError";
  }
}

export interface RunOptions {
  /** Events at or before this time run; later ones stay queued. */
  endUs: SimTime;
  /** Stop after this many events (0 = unlimited). */
  maxEvents?: number;
  /** Throw SimulationStalledError after this many consecutive events at one instant. */
  maxEventsAtInstant?: number;
  /**
   * Parallel engine: pause before an event of this class once `pauseAllowance` of them have run in this call,
   * leaving it queued and the clock where it is (RunOutcome.paused).
   */
  pauseBeforeClass?: number;
  pauseAllowance?: number;
}

export interface RunOutcome {
  /** Stopped before an event of `pauseBeforeClass` (the clock stays at that event's time or before). */
  paused?: boolean;
  stoppedBy: StopReason;
  events: number;
  lastEventUs: SimTime;
}

export class EventLoop<P> {
  private readonly queue = new EventQueue<P>(4096);
  private readonly handlers: (EventHandler<P> | undefined)[] = [];
  private readonly seqBySource = new Map<number, number>();
  private readonly nodeSeq: Float64Array;
  private nowUs: SimTime = 0;
  private eventCount = 0;
  private running: PoppedEvent<P> | undefined;

  /** `nodeCount` sources (0..n−1) get a fast counter array; other sources (control streams) use a map. */
  constructor(nodeCount: number) {
    this.nodeSeq = new Float64Array(Math.max(1, nodeCount));
  }

  get now(): SimTime {
    return this.nowUs;
  }

  get events(): number {
    return this.eventCount;
  }

  get pending(): number {
    return this.queue.size;
  }

  /** Time of the earliest queued event (Infinity when none): where the parallel engine's next window starts. */
  get nextEventUs(): SimTime {
    return this.queue.size > 0 ? this.queue.peekTime() : Infinity;
  }

  /** Class of the earliest queued event (−1 when none). */
  get nextEventClass(): number {
    return this.queue.peekClass();
  }

  on(kind: number, handler: EventHandler<P>): void {
    this.handlers[kind] = handler;
  }

  /** Schedules an event created by `source` (a node id, or a negative id for control streams). */
  schedule(timeUs: SimTime, cls: EventClass, source: number, kind: number, payload: P): void {
    if (timeUs < this.nowUs) {
      throw new RangeError(`EventLoop.schedule: time ${timeUs} µs is before now (${this.nowUs} µs)`);
    }
    this.queue.push(timeUs, cls, source, this.nextSeq(source), kind, payload);
  }

  /**
   * Schedules an event whose key was fixed elsewhere: a cross-partition message made by `source` in another
   * worker's loop, which took `seq` from that source's counter there (engine/parallel). The key is exactly
   * the one the single-threaded engine would have given it, so the canonical order is kept.
   */
  scheduleWithSeq(timeUs: SimTime, cls: EventClass, source: number, seq: number, kind: number, payload: P): void {
    if (timeUs < this.nowUs) {
      throw new RangeError(`EventLoop.scheduleWithSeq: time ${timeUs} µs is before now (${this.nowUs} µs)`);
    }
    this.queue.push(timeUs, cls, source, seq, kind, payload);
  }

  /** The key of the event being handled now (undefined outside run()): observers' replay order (engine/parallel). */
  get current(): Readonly<PoppedEvent<P>> | undefined {
    return this.running;
  }

  /** Takes `source`'s next sequence number, as schedule() would, for an event scheduled in another loop. */
  nextSeq(source: number): number {
    if (source >= 0 && source < this.nodeSeq.length) {
      const seq = this.nodeSeq[source] as number;
      this.nodeSeq[source] = seq + 1;
      return seq;
    }
    if (source < MIN_SOURCE) throw new RangeError(`EventLoop.schedule: bad source ${source}`);
    const seq = this.seqBySource.get(source) ?? 0;
    this.seqBySource.set(source, seq + 1);
    return seq;
  }

  run(options: RunOptions): RunOutcome {
    const maxEvents = options.maxEvents && options.maxEvents > 0 ? options.maxEvents : Infinity;
    const stallLimit = options.maxEventsAtInstant ?? 5_000_000;
    const event: PoppedEvent<P> = newPoppedEvent<P>();
    let atInstant = 0;
    let stoppedBy: StopReason = "queue-empty";
    const pauseClass = options.pauseBeforeClass ?? -1;
    let pauseAllowance = options.pauseAllowance ?? 0;
    let paused = false;
    this.running = event;
    while (this.queue.size > 0) {
      if (this.queue.peekTime() > options.endUs) {
        stoppedBy = "end-time";
        break;
      }
      if (pauseClass >= 0 && this.queue.peekClass() === pauseClass && pauseAllowance-- <= 0) {
        stoppedBy = "end-time";
        paused = true;
        break;
      }
      if (this.eventCount >= maxEvents) {
        stoppedBy = "event-budget";
        break;
      }
      this.queue.pop(event);
      if (event.timeUs === this.nowUs) {
        if (++atInstant > stallLimit) throw new SimulationStalledError(this.nowUs, atInstant);
      } else {
        atInstant = 0;
        this.nowUs = event.timeUs;
      }
      this.eventCount++;
      const handler = this.handlers[event.kind];
      if (handler === undefined) throw new Error(`EventLoop.run: no handler for event kind ${event.kind}`);
      handler(event.payload, event.timeUs, event.source);
    }
    this.running = undefined;
    if (!paused && (stoppedBy === "end-time" || stoppedBy === "queue-empty")) this.nowUs = Math.max(this.nowUs, options.endUs);
    return { stoppedBy, events: this.eventCount, lastEventUs: this.nowUs, ...(paused ? { paused } : {}) };
  }
}
