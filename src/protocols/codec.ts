/**
 * A small binary codec shared by the protocols: a growable ByteWriter and a bounds-checked ByteReader.
 * Layout is big-endian for fixed-width integers; `varint` is unsigned LEB128; `bytes` and `string` carry a
 * varint length prefix. Every message on the simulated wire is built with these, so its size is real
 * (ARCHITECTURE §3: "No message is free"). Readers throw a RangeError naming the method on malformed input.
 */
import type { SignedTx } from "./types.js";

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const TWO_32 = 0x1_0000_0000;
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private len = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.len;
  }

  private reserve(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new RangeError(`ByteWriter.u8: bad value ${value}`);
    this.reserve(1);
    this.buf[this.len++] = value;
    return this;
  }

  u32(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value >= TWO_32) {
      throw new RangeError(`ByteWriter.u32: bad value ${value}`);
    }
    this.reserve(4);
    this.view.setUint32(this.len, value);
    this.len += 4;
    return this;
  }

  /** A non-negative safe integer stored in 8 bytes (high word, low word). */
  u64(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`ByteWriter.u64: bad value ${value}`);
    this.reserve(8);
    this.view.setUint32(this.len, Math.floor(value / TWO_32));
    this.view.setUint32(this.len + 4, value % TWO_32);
    this.len += 8;
    return this;
  }

  /** Unsigned LEB128 of a non-negative safe integer (1 byte below 128). */
  varint(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`ByteWriter.varint: bad value ${value}`);
    let rest = value;
    while (rest >= 0x80) {
      this.u8((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    return this.u8(rest);
  }

  /** Raw bytes without a length prefix (the reader must know the length). */
  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  /** Bytes with a varint length prefix. */
  bytes(bytes: Uint8Array): this {
    return this.varint(bytes.length).raw(bytes);
  }

  /** UTF-8 string with a varint length prefix. */
  string(value: string): this {
    return this.bytes(textEncoder.encode(value));
  }

  bool(value: boolean): this {
    return this.u8(value ? 1 : 0);
  }

  /** A copy of the bytes written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

export class ByteReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, method: string): void {
    if (this.pos + n > this.buf.length) {
      throw new RangeError(`ByteReader.${method}: need ${n} bytes at offset ${this.pos}, have ${this.remaining}`);
    }
  }

  u8(): number {
    this.need(1, "u8");
    return this.buf[this.pos++] as number;
  }

  u32(): number {
    this.need(4, "u32");
    const value = this.view.getUint32(this.pos);
    this.pos += 4;
    return value;
  }

  u64(): number {
    this.need(8, "u64");
    const value = this.view.getUint32(this.pos) * TWO_32 + this.view.getUint32(this.pos + 4);
    this.pos += 8;
    if (value > MAX_SAFE) throw new RangeError(`ByteReader.u64: value beyond 2^53 at offset ${this.pos - 8}`);
    return value;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const byte = this.u8();
      value += (byte & 0x7f) * scale;
      if (value > MAX_SAFE) break;
      if ((byte & 0x80) === 0) return value;
      scale *= 0x80;
    }
    throw new RangeError(`ByteReader.varint: malformed or too large varint at offset ${this.pos}`);
  }

  raw(length: number): Uint8Array {
    this.need(length, "raw");
    const out = this.buf.slice(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  bytes(): Uint8Array {
    return this.raw(this.varint());
  }

  string(): string {
    return textDecoder.decode(this.bytes());
  }

  bool(): boolean {
    const b = this.u8();
    if (b > 1) throw new RangeError(`ByteReader.bool: bad value ${b}`);
    return b === 1;
  }

  /** Throws unless every byte was consumed (trailing bytes mean a malformed message). */
  end(): void {
    if (this.remaining !== 0) throw new RangeError(`ByteReader.end: ${this.remaining} trailing bytes`);
  }
}

/** Lower-case hex of `bytes` (block hashes, map keys). */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] as number).toString(16).padStart(2, "0");
  return out;
}

/** Inverse of toHex; throws a RangeError on odd length or a non-hex digit. */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new RangeError("fromHex: not a hex string");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Writes a client transaction: id, clientId, submitUs, payload, signature (shared by every protocol). */
export function writeTx(w: ByteWriter, tx: SignedTx): ByteWriter {
  return w.u64(tx.id).u32(tx.clientId).u64(tx.submitUs).bytes(tx.payload).bytes(tx.signature);
}

export function readTx(r: ByteReader): SignedTx {
  const id = r.u64();
  const clientId = r.u32();
  const submitUs = r.u64();
  const payload = r.bytes();
  const signature = r.bytes();
  return { id, clientId, submitUs, payload, signature };
}

/** Writes a list of transactions with a varint count. */
export function writeTxs(w: ByteWriter, txs: readonly SignedTx[]): ByteWriter {
  w.varint(txs.length);
  for (const tx of txs) writeTx(w, tx);
  return w;
}

export function readTxs(r: ByteReader): SignedTx[] {
  const count = r.varint();
  if (count > r.remaining) throw new RangeError(`readTxs: count ${count} exceeds remaining bytes`);
  const txs: SignedTx[] = [];
  for (let i = 0; i < count; i++) txs.push(readTx(r));
  return txs;
}
