/**
 * The binary encoding of Raft messages (built on ../codec.ts): a one-byte tag, the fields, then the signature
 * with a length prefix; the signature covers exactly the bytes before it (`signingBytes`). Log entries travel
 * whole — every transaction with its payload and client signature — so sizes on the wire are real. Decoding is
 * strict: unknown tags, impossible counts and trailing bytes are errors.
 */
import { ByteReader, ByteWriter, readTxs, writeTxs } from "../codec.js";
import type { MessageCodec } from "../types.js";
import type { LogEntry, RaftMessage, RaftMessageType, Unsigned } from "./messages.js";

const TAGS: Record<RaftMessageType, number> = {
  REQUEST: 1,
  "REQUEST-VOTE": 2,
  VOTE: 3,
  "APPEND-ENTRIES": 4,
  "APPEND-RESPONSE": 5,
};
const TYPE_BY_TAG = new Map<number, RaftMessageType>(
  (Object.keys(TAGS) as RaftMessageType[]).map((type) => [TAGS[type], type]),
);

/** Domain separator for block hashes, so an entry digest is never confused with a message signature input. */
const ENTRY_DOMAIN = "ledgersim/raft/entry/v1";

function writeEntry(w: ByteWriter, entry: LogEntry): void {
  w.u64(entry.term).u32(entry.leader);
  writeTxs(w, entry.txs);
}

function readEntry(r: ByteReader): LogEntry {
  const term = r.u64();
  const leader = r.u32();
  return { term, leader, txs: readTxs(r) };
}

function writeBody(w: ByteWriter, msg: Unsigned<RaftMessage>): void {
  w.u8(TAGS[msg.type]).u32(msg.sender);
  switch (msg.type) {
    case "REQUEST":
      writeTxs(w, msg.txs);
      return;
    case "REQUEST-VOTE":
      w.u64(msg.term).u64(msg.lastLogIndex).u64(msg.lastLogTerm);
      return;
    case "VOTE":
      w.u64(msg.term).bool(msg.granted);
      return;
    case "APPEND-ENTRIES":
      w.u64(msg.term).u64(msg.prevLogIndex).u64(msg.prevLogTerm).u64(msg.leaderCommit).varint(msg.entries.length);
      for (const entry of msg.entries) writeEntry(w, entry);
      return;
    case "APPEND-RESPONSE":
      w.u64(msg.term).bool(msg.success).u64(msg.matchIndex).u64(msg.rejectIndex);
      w.u64(msg.hintIndex).u64(msg.hintTerm).u64(msg.lastLogIndex);
      return;
  }
}

function readEntries(r: ByteReader): LogEntry[] {
  const count = r.varint();
  if (count > r.remaining) throw new RangeError(`raft decode: ${count} entries exceed remaining bytes`);
  const entries: LogEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(readEntry(r));
  return entries;
}

function readBody(r: ByteReader, type: RaftMessageType): Unsigned<RaftMessage> {
  const sender = r.u32();
  switch (type) {
    case "REQUEST":
      return { type, sender, txs: readTxs(r) };
    case "REQUEST-VOTE":
      return { type, sender, term: r.u64(), lastLogIndex: r.u64(), lastLogTerm: r.u64() };
    case "VOTE":
      return { type, sender, term: r.u64(), granted: r.bool() };
    case "APPEND-ENTRIES": {
      const term = r.u64();
      const prevLogIndex = r.u64();
      const prevLogTerm = r.u64();
      const leaderCommit = r.u64();
      return { type, sender, term, prevLogIndex, prevLogTerm, leaderCommit, entries: readEntries(r) };
    }
    case "APPEND-RESPONSE": {
      const term = r.u64();
      const success = r.bool();
      const matchIndex = r.u64();
      const rejectIndex = r.u64();
      return { type, sender, term, success, matchIndex, rejectIndex, hintIndex: r.u64(), hintTerm: r.u64(), lastLogIndex: r.u64() };
    }
  }
}

/**
 * Body bytes already computed for a message object: by `signedMessage` (the signer encoded the body to sign
 * it) or by `decodeRaftMessage` (the body is a prefix of what arrived). A pure memo keyed by object identity,
 * so a message's body is encoded once however many times it is signed, sent or verified.
 */
const bodyMemo = new WeakMap<object, Uint8Array>();

function bodyBytes(msg: Unsigned<RaftMessage>): Uint8Array {
  const w = new ByteWriter(estimateSize(msg));
  writeBody(w, msg);
  return w.finish();
}

/** The bytes a message's signature covers: its encoding without the signature. */
export function signingBytes(msg: Unsigned<RaftMessage> | RaftMessage): Uint8Array {
  const memo = bodyMemo.get(msg);
  if (memo !== undefined) return memo;
  const { sig: _sig, ...unsigned } = msg as RaftMessage;
  return bodyBytes(unsigned as Unsigned<RaftMessage>);
}

/** Attaches `sig` to `unsigned`, whose body bytes `body` are kept for encoding and verifying. */
export function signedMessage<M extends RaftMessage>(unsigned: Unsigned<M>, body: Uint8Array, sig: Uint8Array): M {
  const msg = { ...unsigned, sig } as unknown as M;
  bodyMemo.set(msg, body);
  return msg;
}

export function encodeRaftMessage(msg: RaftMessage): Uint8Array {
  const body = signingBytes(msg);
  const w = new ByteWriter(body.length + msg.sig.length + 4);
  return w.raw(body).bytes(msg.sig).finish();
}

export function decodeRaftMessage(bytes: Uint8Array): RaftMessage {
  const r = new ByteReader(bytes);
  const tag = r.u8();
  const type = TYPE_BY_TAG.get(tag);
  if (type === undefined) throw new RangeError(`raft decode: unknown message tag ${tag}`);
  const body = readBody(r, type);
  const bodyLength = bytes.length - r.remaining;
  const msg = { ...body, sig: r.bytes() } as RaftMessage;
  r.end();
  bodyMemo.set(msg, bytes.subarray(0, bodyLength));
  return msg;
}

function estimateSize(msg: Unsigned<RaftMessage>): number {
  const txBytes = (txs: readonly { payload: Uint8Array }[]): number => txs.reduce((sum, tx) => sum + tx.payload.length + 112, 0);
  if (msg.type === "APPEND-ENTRIES") return 128 + msg.entries.reduce((sum, e) => sum + 16 + txBytes(e.txs), 0);
  if (msg.type === "REQUEST") return 32 + txBytes(msg.txs);
  return 96;
}

/** The bytes a block hash is computed over: the entry at `index`, whole. Equal on every node (Log Matching). */
export function entryDigestInput(index: number, entry: LogEntry): Uint8Array {
  const w = new ByteWriter(64 + entry.txs.reduce((sum, tx) => sum + tx.payload.length + 112, 0));
  w.string(ENTRY_DOMAIN).u64(index);
  writeEntry(w, entry);
  return w.finish();
}

/** Encoded size of an entry (the block size reported with a commit). */
export function entrySizeBytes(entry: LogEntry): number {
  const w = new ByteWriter(64 + entry.txs.reduce((sum, tx) => sum + tx.payload.length + 112, 0));
  writeEntry(w, entry);
  return w.length;
}

/** The codec the simulator uses: real bytes on the wire, message type names for metrics. */
export const raftCodec: MessageCodec<RaftMessage> = {
  encode: encodeRaftMessage,
  decode: decodeRaftMessage,
  typeOf: (msg) => msg.type,
};
