/**
 * The event queue: a 4-ary min-heap over typed arrays, allocation-free on push and pop (a 4-ary heap is
 * shallower than a binary one, and its four children sit side by side in memory).
 *
 * IMPORTANT: events are totally ordered by (time, class, sourceNode, sourceSeq) — never by insertion order —
 * so the run is the same however events were inserted, and (for the parallel engine) whichever worker
 * created them first (ARCHITECTURE §1). `sourceSeq` counts the events that source has created, which makes
 * every key unique. The four fields are packed into two float64 keys, compared lexicographically:
 *   key1 = time·CLASS_SPAN + class          (exact while time < 2^53 / CLASS_SPAN µs ≈ 17 years)
 *   key2 = (source + SOURCE_BIAS)·2^32 + seq (sources from −SOURCE_BIAS up to 2^21 − SOURCE_BIAS)
 */
import type { SimTime } from "./time.js";

/** Tie-break classes: at one instant, control (faults) before network before local before workload. */
export const EventClass = {
  control: 0,
  network: 1,
  local: 2,
  workload: 3,
} as const;
export type EventClass = (typeof EventClass)[keyof typeof EventClass];

const CLASS_SPAN = 8;
const SOURCE_BIAS = 16;
const SEQ_SPAN = 2 ** 32;
export const MAX_TIME_US = Math.floor(Number.MAX_SAFE_INTEGER / CLASS_SPAN);
export const MAX_SOURCE = 2 ** 21 - SOURCE_BIAS - 1;
export const MIN_SOURCE = -SOURCE_BIAS;

export class EventQueue<P> {
  private key1: Float64Array;
  private key2: Float64Array;
  private kinds: Uint8Array;
  private payloads: (P | undefined)[];
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.key1 = new Float64Array(capacity);
    this.key2 = new Float64Array(capacity);
    this.kinds = new Uint8Array(capacity);
    this.payloads = new Array<P | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Inserts an event. `kind` is the caller's dispatch tag (0–255). */
  push(timeUs: SimTime, cls: EventClass, source: number, seq: number, kind: number, payload: P): void {
    if (!(timeUs >= 0 && timeUs <= MAX_TIME_US) || !Number.isInteger(timeUs)) {
      throw new RangeError(`EventQueue.push: time must be an integer in [0, ${MAX_TIME_US}] µs, got ${timeUs}`);
    }
    if (source < MIN_SOURCE || source > MAX_SOURCE || seq < 0 || seq >= SEQ_SPAN) {
      throw new RangeError(`EventQueue.push: source ${source} or seq ${seq} out of range`);
    }
    if (this.count === this.key1.length) this.grow();
    const k1 = timeUs * CLASS_SPAN + cls;
    const k2 = (source + SOURCE_BIAS) * SEQ_SPAN + seq;
    this.siftUp(this.count++, k1, k2, kind, payload);
  }

  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number {
    return this.count === 0 ? Infinity : Math.floor((this.key1[0] as number) / CLASS_SPAN);
  }

  /** Class of the earliest event; −1 when empty. */
  peekClass(): number {
    if (this.count === 0) return -1;
    const k1 = this.key1[0] as number;
    return k1 - Math.floor(k1 / CLASS_SPAN) * CLASS_SPAN;
  }

  /**
   * Removes the earliest event and writes it into `out` (reused by the caller to stay allocation-free).
   * Returns false when the queue is empty.
   */
  pop(out: PoppedEvent<P>): boolean {
    if (this.count === 0) return false;
    const k1 = this.key1[0] as number;
    const k2 = this.key2[0] as number;
    const timeUs = Math.floor(k1 / CLASS_SPAN);
    const biasedSource = Math.floor(k2 / SEQ_SPAN);
    out.timeUs = timeUs;
    out.cls = k1 - timeUs * CLASS_SPAN;
    out.source = biasedSource - SOURCE_BIAS;
    out.seq = k2 - biasedSource * SEQ_SPAN;
    out.kind = this.kinds[0] as number;
    out.payload = this.payloads[0] as P;
    const last = --this.count;
    if (last > 0) {
      const lk1 = this.key1[last] as number;
      const lk2 = this.key2[last] as number;
      const lkind = this.kinds[last] as number;
      const lpayload = this.payloads[last] as P;
      this.payloads[last] = undefined;
      this.siftDown(lk1, lk2, lkind, lpayload);
    } else {
      this.payloads[0] = undefined;
    }
    return true;
  }

  private siftUp(index: number, k1: number, k2: number, kind: number, payload: P): void {
    const key1 = this.key1;
    const key2 = this.key2;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const p1 = key1[parent] as number;
      if (p1 < k1 || (p1 === k1 && (key2[parent] as number) <= k2)) break;
      key1[i] = p1;
      key2[i] = key2[parent] as number;
      this.kinds[i] = this.kinds[parent] as number;
      this.payloads[i] = this.payloads[parent];
      i = parent;
    }
    key1[i] = k1;
    key2[i] = k2;
    this.kinds[i] = kind;
    this.payloads[i] = payload;
  }

  private siftDown(k1: number, k2: number, kind: number, payload: P): void {
    const key1 = this.key1;
    const key2 = this.key2;
    const n = this.count;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      // The smallest of up to four children.
      let child = first;
      let c1 = key1[first] as number;
      const last = first + 3 < n ? first + 3 : n - 1;
      for (let j = first + 1; j <= last; j++) {
        const j1 = key1[j] as number;
        if (j1 < c1 || (j1 === c1 && (key2[j] as number) < (key2[child] as number))) {
          child = j;
          c1 = j1;
        }
      }
      if (k1 < c1 || (k1 === c1 && k2 <= (key2[child] as number))) break;
      key1[i] = c1;
      key2[i] = key2[child] as number;
      this.kinds[i] = this.kinds[child] as number;
      this.payloads[i] = this.payloads[child];
      i = child;
    }
    key1[i] = k1;
    key2[i] = k2;
    this.kinds[i] = kind;
    this.payloads[i] = payload;
  }

  private grow(): void {
    const capacity = this.key1.length * 2;
    const key1 = new Float64Array(capacity);
    key1.set(this.key1);
    const key2 = new Float64Array(capacity);
    key2.set(this.key2);
    const kinds = new Uint8Array(capacity);
    kinds.set(this.kinds);
    this.key1 = key1;
    this.key2 = key2;
    this.kinds = kinds;
    this.payloads.length = capacity;
  }
}

/** A popped event; the run loop reuses one instance. */
export interface PoppedEvent<P> {
  timeUs: SimTime;
  cls: number;
  source: number;
  seq: number;
  kind: number;
  payload: P;
}

export function newPoppedEvent<P>(): PoppedEvent<P> {
  return { timeUs: 0, cls: 0, source: 0, seq: 0, kind: 0, payload: undefined as P };
}
