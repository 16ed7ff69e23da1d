/**
 * The binary encoding of PBFT messages (built on ../codec.ts). A message is a one-byte tag, its fields, then
 * its signature with a length prefix; the signature covers exactly the bytes before it (`signingBytes`).
 * Embedded messages (certificates in VIEW-CHANGE and NEW-VIEW) are written whole, signature included, so a
 * receiver can check every one of them. Decoding is strict: unknown tags and trailing bytes are errors.
 */
import { ByteReader, ByteWriter, readTxs, writeTxs } from "../codec.js";
import type { MessageCodec, NodeId, SignedTx } from "../types.js";
import type {
  CheckpointMsg,
  CommittedEntry,
  PbftMessage,
  PbftMessageType,
  PrePrepareMsg,
  PrepareMsg,
  PreparedCertificate,
  Unsigned,
  ViewChangeMsg,
} from "./messages.js";

const TAGS: Record<PbftMessageType, number> = {
  REQUEST: 1,
  "PRE-PREPARE": 2,
  PREPARE: 3,
  COMMIT: 4,
  CHECKPOINT: 5,
  "VIEW-CHANGE": 6,
  "NEW-VIEW": 7,
  FETCH: 8,
  "FETCH-REPLY": 9,
};
const TYPE_BY_TAG = new Map<number, PbftMessageType>(
  (Object.keys(TAGS) as PbftMessageType[]).map((type) => [TAGS[type], type]),
);

/** Domain separator for batch digests, so a digest can never be confused with a message signature input. */
const BATCH_DOMAIN = "ledgersim/pbft/batch/v1";

function writeBody(w: ByteWriter, msg: Unsigned<PbftMessage>): void {
  w.u8(TAGS[msg.type]);
  switch (msg.type) {
    case "REQUEST":
      writeTxs(w.u32(msg.replica), [msg.tx]);
      return;
    case "PRE-PREPARE":
      w.u64(msg.view).u64(msg.seq).bytes(msg.digest).u32(msg.proposer);
      writeTxs(w, msg.batch);
      return;
    case "PREPARE":
    case "COMMIT":
      w.u64(msg.view).u64(msg.seq).bytes(msg.digest).u32(msg.replica);
      return;
    case "CHECKPOINT":
      w.u64(msg.seq).bytes(msg.stateDigest).u32(msg.replica);
      return;
    case "VIEW-CHANGE":
      w.u64(msg.newView).u64(msg.stableSeq);
      writeList(w, msg.checkpointProof);
      w.varint(msg.prepared.length);
      for (const cert of msg.prepared) writeCertificate(w, cert);
      w.u32(msg.replica);
      return;
    case "NEW-VIEW":
      w.u64(msg.newView);
      writeList(w, msg.viewChanges);
      writeList(w, msg.prePrepares);
      return;
    case "FETCH":
      w.u64(msg.fromSeq).u32(msg.replica);
      return;
    case "FETCH-REPLY":
      w.u64(msg.view).u64(msg.lastExecuted).u64(msg.stableSeq);
      writeList(w, msg.checkpointProof);
      w.varint(msg.entries.length);
      for (const e of msg.entries) {
        writeTxs(w.u64(e.seq).u32(e.proposer), e.batch);
        writeList(w, e.commitProof);
      }
      w.u32(msg.replica);
      return;
  }
}

function writeMessage(w: ByteWriter, msg: PbftMessage): void {
  writeBody(w, msg);
  w.bytes(msg.sig);
}

function writeList(w: ByteWriter, msgs: readonly PbftMessage[]): void {
  w.varint(msgs.length);
  for (const m of msgs) writeMessage(w, m);
}

function writeCertificate(w: ByteWriter, cert: PreparedCertificate): void {
  writeMessage(w, cert.prePrepare);
  writeList(w, cert.prepares);
}

function readList<T extends PbftMessageType>(r: ByteReader, type: T): Extract<PbftMessage, { type: T }>[] {
  const count = r.varint();
  if (count > r.remaining) throw new RangeError(`pbft decode: list of ${count} exceeds remaining bytes`);
  const out: Extract<PbftMessage, { type: T }>[] = [];
  for (let i = 0; i < count; i++) out.push(readTyped(r, type));
  return out;
}

function readTyped<T extends PbftMessageType>(r: ByteReader, type: T): Extract<PbftMessage, { type: T }> {
  const msg = readMessage(r);
  if (msg.type !== type) throw new RangeError(`pbft decode: expected ${type}, found ${msg.type}`);
  return msg as Extract<PbftMessage, { type: T }>;
}

function readCertificate(r: ByteReader): PreparedCertificate {
  const prePrepare: PrePrepareMsg = readTyped(r, "PRE-PREPARE");
  const prepares: PrepareMsg[] = readList(r, "PREPARE");
  return { prePrepare, prepares };
}

function readEntries(r: ByteReader): CommittedEntry[] {
  const count = r.varint();
  if (count > r.remaining) throw new RangeError(`pbft decode: ${count} entries exceed remaining bytes`);
  const entries: CommittedEntry[] = [];
  for (let i = 0; i < count; i++) {
    const seq = r.u64();
    const proposer = r.u32();
    const batch = readTxs(r);
    entries.push({ seq, proposer, batch, commitProof: readList(r, "COMMIT") });
  }
  return entries;
}

function readBody(r: ByteReader, type: PbftMessageType): Unsigned<PbftMessage> {
  switch (type) {
    case "REQUEST": {
      const replica = r.u32();
      const txs = readTxs(r);
      if (txs.length !== 1) throw new RangeError("pbft decode: REQUEST must carry exactly one transaction");
      return { type, replica, tx: txs[0] as SignedTx };
    }
    case "PRE-PREPARE":
      return { type, view: r.u64(), seq: r.u64(), digest: r.bytes(), proposer: r.u32(), batch: readTxs(r) };
    case "PREPARE":
    case "COMMIT":
      return { type, view: r.u64(), seq: r.u64(), digest: r.bytes(), replica: r.u32() };
    case "CHECKPOINT":
      return { type, seq: r.u64(), stateDigest: r.bytes(), replica: r.u32() };
    case "VIEW-CHANGE": {
      const newView = r.u64();
      const stableSeq = r.u64();
      const checkpointProof: CheckpointMsg[] = readList(r, "CHECKPOINT");
      const count = r.varint();
      if (count > r.remaining) throw new RangeError(`pbft decode: ${count} certificates exceed remaining bytes`);
      const prepared: PreparedCertificate[] = [];
      for (let i = 0; i < count; i++) prepared.push(readCertificate(r));
      return { type, newView, stableSeq, checkpointProof, prepared, replica: r.u32() };
    }
    case "NEW-VIEW": {
      const newView = r.u64();
      const viewChanges: ViewChangeMsg[] = readList(r, "VIEW-CHANGE");
      return { type, newView, viewChanges, prePrepares: readList(r, "PRE-PREPARE") };
    }
    case "FETCH":
      return { type, fromSeq: r.u64(), replica: r.u32() };
    case "FETCH-REPLY": {
      const view = r.u64();
      const lastExecuted = r.u64();
      const stableSeq = r.u64();
      const checkpointProof: CheckpointMsg[] = readList(r, "CHECKPOINT");
      return { type, view, lastExecuted, stableSeq, checkpointProof, entries: readEntries(r), replica: r.u32() };
    }
  }
}

function readMessage(r: ByteReader): PbftMessage {
  const tag = r.u8();
  const type = TYPE_BY_TAG.get(tag);
  if (type === undefined) throw new RangeError(`pbft decode: unknown message tag ${tag}`);
  const body = readBody(r, type);
  return { ...body, sig: r.bytes() } as PbftMessage;
}

/** The bytes a message's signature covers: its encoding without the signature. */
export function signingBytes(msg: Unsigned<PbftMessage>): Uint8Array {
  const w = new ByteWriter();
  writeBody(w, msg);
  return w.finish();
}

export function encodePbftMessage(msg: PbftMessage): Uint8Array {
  const w = new ByteWriter(estimateSize(msg));
  writeMessage(w, msg);
  return w.finish();
}

export function decodePbftMessage(bytes: Uint8Array): PbftMessage {
  const r = new ByteReader(bytes);
  const msg = readMessage(r);
  r.end();
  return msg;
}

function estimateSize(msg: PbftMessage): number {
  if (msg.type === "PRE-PREPARE") return 128 + msg.batch.reduce((sum, tx) => sum + tx.payload.length + 96, 0);
  return 256;
}

/** The bytes a batch digest d is computed over: view-independent (seq, proposer, the batch itself). */
export function batchDigestInput(seq: number, proposer: NodeId, batch: readonly SignedTx[]): Uint8Array {
  const w = new ByteWriter();
  w.string(BATCH_DOMAIN).u64(seq).u32(proposer);
  writeTxs(w, batch);
  return w.finish();
}

/** Encoded size of a batch of transactions (the block size reported with a commit). */
export function batchSizeBytes(batch: readonly SignedTx[]): number {
  return writeTxs(new ByteWriter(), batch).length;
}

/** The codec the simulator uses: real bytes on the wire, message type names for metrics. */
export const pbftCodec: MessageCodec<PbftMessage> = {
  encode: encodePbftMessage,
  decode: decodePbftMessage,
  typeOf: (msg) => msg.type,
};
