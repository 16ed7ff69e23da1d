/**
 * Cross-partition messages as they travel between workers at a window's end: one batch per destination
 * partition, a Float64Array of fixed-size headers plus one Uint8Array of the messages' encoded bytes (the
 * protocol's MessageCodec), both transferred — never one postMessage per message (ARCHITECTURE §9).
 *
 * In the single-threaded engine every receiver of a message — and every relay of it, as a block gossiped
 * through a Nakamoto network — holds the one object the sender made. Here each message object gets an identity
 * (the worker that first sent it, a serial) that travels with it: a batch carries each identity's bytes once,
 * and a worker decodes an identity once and hands the same object to all its receivers (and relays it under
 * the same identity). Large messages are also recognised by content (a SHA-1 of their bytes), since a
 * protocol may wrap the same block in a new envelope per peer. Messages are immutable once sent, so sharing
 * the decoded object is what the single thread does too; a forgotten entry only costs a decode.
 */
import { createHash } from "node:crypto";
import type { Transmission } from "../events.js";

/** firstBitUs, lastBitUs, from, to, seq, sizeBytes, identity, offset and length of the encoded bytes. */
const FIELDS = 9;
/** Identities remembered per generation (older ones are dropped a generation at a time: a miss only re-decodes). */
const GENERATION = 65_536;
/** Messages at least this long are also recognised by content. */
const CONTENT_KEY_MIN_BYTES = 2048;
/** identity = serial · MAX_WORKERS + origin worker. */
export const MAX_WORKERS = 256;

export interface MessageBatch {
  header: Float64Array;
  bytes: Uint8Array;
}

export interface MessageCodecLike {
  encode(msg: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

/** One worker's message identities, encodings and decodings. */
export class MessageCache {
  private readonly idOf = new WeakMap<object, number>();
  private readonly encodedOf = new WeakMap<object, Uint8Array>();
  private current = new Map<number, unknown>();
  private previous = new Map<number, unknown>();
  private byContent = new Map<string, unknown>();
  private byContentPrevious = new Map<string, unknown>();
  private serial = 0;

  constructor(private readonly self: number, private readonly codec: MessageCodecLike) {}

  identity(msg: unknown): number {
    if (typeof msg !== "object" || msg === null) return -1;
    let id = this.idOf.get(msg);
    if (id === undefined) {
      id = this.serial++ * MAX_WORKERS + this.self;
      this.idOf.set(msg, id);
    }
    return id;
  }

  encode(msg: unknown): Uint8Array {
    if (typeof msg !== "object" || msg === null) return this.codec.encode(msg);
    let bytes = this.encodedOf.get(msg);
    if (bytes === undefined) {
      bytes = this.codec.encode(msg);
      this.encodedOf.set(msg, bytes);
    }
    return bytes;
  }

  /** The object for identity `id` with encoding `view`: decoded the first time (while remembered). */
  decode(id: number, view: Uint8Array): unknown {
    if (id < 0) return this.codec.decode(view.slice());
    const known = this.current.get(id) ?? this.previous.get(id);
    if (known !== undefined) return known;
    const msg = this.decodeContent(view);
    if (this.current.size >= GENERATION) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(id, msg);
    if (typeof msg === "object" && msg !== null) this.idOf.set(msg, id);
    return msg;
  }

  private decodeContent(view: Uint8Array): unknown {
    if (view.length < CONTENT_KEY_MIN_BYTES) return this.codec.decode(view.slice());
    const key = createHash("sha1").update(view).digest("base64");
    const known = this.byContent.get(key) ?? this.byContentPrevious.get(key);
    if (known !== undefined) return known;
    const msg = this.codec.decode(view.slice());
    if (this.byContent.size >= GENERATION / 16) {
      this.byContentPrevious = this.byContent;
      this.byContent = new Map();
    }
    this.byContent.set(key, msg);
    return msg;
  }
}

export class BatchWriter {
  private header: number[] = [];
  private chunks: Uint8Array[] = [];
  private byteLength = 0;
  /** Where each identity of this batch already is in `bytes`. */
  private placed = new Map<number, { offset: number; length: number }>();

  constructor(private readonly cache: MessageCache) {}

  get count(): number {
    return this.header.length / FIELDS;
  }

  push(t: Transmission, seq: number): void {
    const id = this.cache.identity(t.msg);
    let place = id < 0 ? undefined : this.placed.get(id);
    if (place === undefined) {
      const encoded = this.cache.encode(t.msg);
      place = { offset: this.byteLength, length: encoded.length };
      if (id >= 0) this.placed.set(id, place);
      this.chunks.push(encoded);
      this.byteLength += encoded.length;
    }
    this.header.push(t.firstBitUs, t.lastBitUs, t.from, t.to, seq, t.sizeBytes, id, place.offset, place.length);
  }

  /** The batch so far (the writer starts empty again). */
  take(): MessageBatch {
    const bytes = new Uint8Array(this.byteLength);
    let at = 0;
    for (const chunk of this.chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    const batch = { header: Float64Array.from(this.header), bytes };
    this.header = [];
    this.chunks = [];
    this.byteLength = 0;
    this.placed = new Map();
    return batch;
  }
}

/** Visits every message of `batch` as a Transmission (message decoded via `cache`) with its sender's seq. */
export function readBatch(batch: MessageBatch, cache: MessageCache, visit: (t: Transmission, seq: number) => void): void {
  const h = batch.header;
  for (let i = 0; i < h.length; i += FIELDS) {
    const offset = h[i + 7] as number;
    const length = h[i + 8] as number;
    const msg = cache.decode(h[i + 6] as number, batch.bytes.subarray(offset, offset + length));
    visit({
      firstBitUs: h[i] as number, lastBitUs: h[i + 1] as number, from: h[i + 2] as number, to: h[i + 3] as number,
      msg, sizeBytes: h[i + 5] as number,
    }, h[i + 4] as number);
  }
}

/** The earliest first-bit time in `batch` (Infinity when empty). */
export function earliestUs(batch: MessageBatch): number {
  let min = Infinity;
  for (let i = 0; i < batch.header.length; i += FIELDS) min = Math.min(min, batch.header[i] as number);
  return min;
}
