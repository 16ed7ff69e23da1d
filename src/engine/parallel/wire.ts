/**
 * Cross-partition messages as they travel between workers at a window's end: one batch per destination
 * partition, a Float64Array of fixed-size headers plus one Uint8Array of the messages' encoded bytes (the
 * protocol's MessageCodec), both transferred — never one postMessage per message (ARCHITECTURE §9).
 *
 * In the single-threaded engine every receiver of a message holds the one object the sender made. Here:
 *
 * - A message object sent to several nodes of one partition in turn (a broadcast) is encoded once, decoded
 *   once by the receiving partition, and that one object handed to all its receivers there.
 * - Content the protocol names (`MessageCodec.contentKey`: a Nakamoto block, whoever relays it in whatever
 *   envelope) crosses each pair of partitions once while it is remembered: the sender notes which keys it
 *   shipped to each partition, and later sends only the key. Both ends keep the same least-recently-used
 *   table per pair — the same keys touched in the same order, trimmed to the same byte budget at the end of
 *   each batch — so a key the sender refers to is always still known to the receiver.
 *
 * Messages are immutable once sent, so sharing the decoded object is what the single thread does too.
 */
import type { Transmission } from "../events.js";

/** firstBitUs, lastBitUs, from, to, seq, sizeBytes, content key index, offset, length, to the twin (0/1). */
const FIELDS = 10;
/** Encoded bytes of named content each pair of partitions keeps (both ends, the same entries). */
export const CONTENT_BUDGET_BYTES = 32 * 1024 * 1024;
/** Most partitions the engine makes. */
export const MAX_WORKERS = 256;
/** `offset` of an entry whose content the receiver already has (sent earlier under its key). */
const KNOWN = -1;

export interface MessageBatch {
  /** The sending partition. */
  from: number;
  header: Float64Array;
  bytes: Uint8Array;
  /** Content keys the header's entries refer to (by index). */
  keys: string[];
}

export interface MessageCodecLike {
  encode(msg: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
  contentKey?(msg: unknown): string | undefined;
}

/**
 * The content one pair of partitions shares: key → (decoded message on the receiving end, encoded length),
 * least recently used first. Sender and receiver apply the same touches and trims, so they agree.
 */
class ContentTable {
  private readonly entries = new Map<string, { msg: unknown; length: number }>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(key: string): unknown {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  message(key: string): unknown {
    const entry = this.get(key) as { msg: unknown } | undefined;
    if (entry === undefined) throw new Error(`parallel engine: content '${key}' referred to but not known (wire tables out of step)`);
    return entry.msg;
  }

  add(key: string, msg: unknown, length: number): void {
    const old = this.entries.get(key);
    if (old !== undefined) this.bytes -= old.length;
    this.entries.delete(key);
    this.entries.set(key, { msg, length });
    this.bytes += length;
  }

  /** End of a batch: forget the least recently used entries beyond the budget. */
  trim(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.budgetBytes) return;
      this.entries.delete(key);
      this.bytes -= entry.length;
    }
  }
}

/** One partition's shared-content tables, one per other partition and direction. */
export class MessageCache {
  /** What each partition was sent (sender side), and what each partition sent here (receiver side). */
  readonly sentTo: ContentTable[];
  readonly receivedFrom: ContentTable[];

  constructor(readonly self: number, partitions: number, readonly codec: MessageCodecLike, contentBudgetBytes = CONTENT_BUDGET_BYTES) {
    this.sentTo = Array.from({ length: partitions }, () => new ContentTable(contentBudgetBytes));
    this.receivedFrom = Array.from({ length: partitions }, () => new ContentTable(contentBudgetBytes));
  }
}

/** Where a message's bytes are in a batch, and the index of its content key (−1 for none). */
interface Place {
  offset: number;
  length: number;
  key: number;
}

export class BatchWriter {
  private header = new Float64Array(FIELDS * 256);
  private used = 0;
  private chunks: Uint8Array[] = [];
  private byteLength = 0;
  private keys: string[] = [];
  /** Where each content key of this batch already is in `bytes`. */
  private placedKeys = new Map<string, Place>();
  /**
   * The last message pushed and where it went: a broadcast sends one object to peer after peer, so its
   * bytes go in once. (A pointer comparison: keying a map by message objects would hash every message.)
   */
  private lastMsg: unknown = undefined;
  private lastPlace: Place = { offset: 0, length: 0, key: -1 };

  constructor(private readonly cache: MessageCache, private readonly to: number) {}

  get count(): number {
    return this.used / FIELDS;
  }

  push(t: Transmission, seq: number): void {
    const cache = this.cache;
    const msg = t.msg;
    let place: Place | undefined;
    if (msg === this.lastMsg) {
      place = this.lastPlace; // a broadcast: the same object to the next peer
    } else {
      const contentKey = cache.codec.contentKey?.(msg);
      place = contentKey === undefined ? undefined : this.placedKeys.get(contentKey);
      if (place === undefined) {
        if (contentKey !== undefined && cache.sentTo[this.to]?.has(contentKey) === true) {
          place = { offset: KNOWN, length: 0, key: this.keys.push(contentKey) - 1 };
        } else {
          const encoded = cache.codec.encode(msg);
          place = { offset: this.byteLength, length: encoded.length, key: contentKey === undefined ? -1 : this.keys.push(contentKey) - 1 };
          if (contentKey !== undefined) cache.sentTo[this.to]?.add(contentKey, undefined, encoded.length);
          this.chunks.push(encoded);
          this.byteLength += encoded.length;
        }
        if (contentKey !== undefined) this.placedKeys.set(contentKey, place);
      }
      this.lastMsg = msg;
      this.lastPlace = place;
    }
    if (this.used + FIELDS > this.header.length) {
      const grown = new Float64Array(this.header.length * 2);
      grown.set(this.header);
      this.header = grown;
    }
    const h = this.header;
    const i = this.used;
    h[i] = t.firstBitUs;
    h[i + 1] = t.lastBitUs;
    h[i + 2] = t.from;
    h[i + 3] = t.to;
    h[i + 4] = seq;
    h[i + 5] = t.sizeBytes;
    h[i + 6] = place.key;
    h[i + 7] = place.offset;
    h[i + 8] = place.length;
    h[i + 9] = t.toTwin === true ? 1 : 0;
    this.used += FIELDS;
  }

  /** The batch so far (the writer starts empty again). */
  take(): MessageBatch {
    const bytes = new Uint8Array(this.byteLength);
    let at = 0;
    for (const chunk of this.chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    const batch = { from: this.cache.self, header: this.header.slice(0, this.used), bytes, keys: this.keys };
    this.used = 0;
    this.chunks = [];
    this.byteLength = 0;
    this.keys = [];
    this.placedKeys = new Map();
    this.lastMsg = undefined;
    this.cache.sentTo[this.to]?.trim();
    return batch;
  }
}

/**
 * Visits every message of `batch` as a Transmission with its sender's seq. A message sent to several nodes
 * is decoded once and the one object handed to all of them, as the single thread hands over the sender's.
 */
export function readBatch(batch: MessageBatch, cache: MessageCache, visit: (t: Transmission, seq: number) => void): void {
  const h = batch.header;
  const table = cache.receivedFrom[batch.from];
  const decoded = new Map<number, unknown>();
  for (let i = 0; i < h.length; i += FIELDS) {
    const keyIndex = h[i + 6] as number;
    const offset = h[i + 7] as number;
    const slot = keyIndex >= 0 ? -2 - keyIndex : offset;
    let msg = decoded.get(slot);
    if (msg === undefined) {
      const length = h[i + 8] as number;
      const key = keyIndex >= 0 ? (batch.keys[keyIndex] as string) : undefined;
      if (key !== undefined && offset === KNOWN) {
        msg = (table as ContentTable).message(key);
      } else {
        msg = cache.codec.decode(batch.bytes.slice(offset, offset + length));
        if (key !== undefined) table?.add(key, msg, length);
      }
      decoded.set(slot, msg); // a key is touched once per batch, at its first entry (as the sender did)
    }
    const t: Transmission = {
      firstBitUs: h[i] as number, lastBitUs: h[i + 1] as number, from: h[i + 2] as number, to: h[i + 3] as number,
      msg, sizeBytes: h[i + 5] as number,
    };
    if (h[i + 9] === 1) t.toTwin = true;
    visit(t, h[i + 4] as number);
  }
  table?.trim();
}

/** The earliest first-bit time in `batch` (Infinity when empty). */
export function earliestUs(batch: MessageBatch): number {
  let min = Infinity;
  for (let i = 0; i < batch.header.length; i += FIELDS) min = Math.min(min, batch.header[i] as number);
  return min;
}
