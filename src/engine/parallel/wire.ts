/**
 * Cross-partition messages as they travel between workers at a window's end: one batch per destination
 * partition, a Float64Array of fixed-size headers plus one Uint8Array of the messages' encoded bytes (the
 * protocol's MessageCodec), both transferred — never one postMessage per message (ARCHITECTURE §9).
 */
import type { Transmission } from "../events.js";

/** firstBitUs, lastBitUs, from, to, seq, sizeBytes, encoded length. */
const FIELDS = 7;

export interface MessageBatch {
  header: Float64Array;
  bytes: Uint8Array;
}

export class BatchWriter {
  private header: number[] = [];
  private chunks: Uint8Array[] = [];
  private byteLength = 0;

  get count(): number {
    return this.header.length / FIELDS;
  }

  push(t: Transmission, seq: number, encoded: Uint8Array): void {
    this.header.push(t.firstBitUs, t.lastBitUs, t.from, t.to, seq, t.sizeBytes, encoded.length);
    this.chunks.push(encoded);
    this.byteLength += encoded.length;
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
    return batch;
  }
}

/** Visits every message of `batch` as a Transmission (message decoded) with its sender's sequence number. */
export function readBatch(batch: MessageBatch, decode: (bytes: Uint8Array) => unknown, visit: (t: Transmission, seq: number) => void): void {
  const h = batch.header;
  let at = 0;
  for (let i = 0; i < h.length; i += FIELDS) {
    const length = h[i + 6] as number;
    const msg = decode(batch.bytes.slice(at, at + length));
    at += length;
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
