/**
 * The binary encoding of Tendermint messages (built on ../codec.ts): a one-byte tag, the fields, then the
 * signature with a length prefix; the signature covers exactly the bytes before it (`signingBytes`). Rounds
 * are varints, validRound is written as validRound + 1 (so −1 fits), a nil vote is an empty id. Embedded votes
 * (commit certificates) are written whole, signature included, so a receiver can check each one. Decoding is
 * strict: unknown tags, bad lengths and trailing bytes are errors, so encode ∘ decode is the identity.
 */
import { ByteReader, ByteWriter, readTxs, writeTxs } from "../codec.js";
import type { MessageCodec } from "../types.js";
import type {
  Block,
  DecidedEntry,
  TendermintMessage,
  TendermintMessageType,
  Unsigned,
  VoteMsg,
} from "./messages.js";

const TAGS: Record<TendermintMessageType, number> = {
  REQUEST: 1,
  PROPOSAL: 2,
  PREVOTE: 3,
  PRECOMMIT: 4,
  COMMIT: 5,
  FETCH: 6,
};
const TYPE_BY_TAG = new Map<number, TendermintMessageType>(
  (Object.keys(TAGS) as TendermintMessageType[]).map((type) => [TAGS[type], type]),
);

/** Domain separator for block ids, so an id can never be confused with a message signature input. */
const BLOCK_DOMAIN = "ledgersim/tendermint/block/v1";
const ID_BYTES = 32;

function writeBlock(w: ByteWriter, block: Block): void {
  w.u64(block.height).u32(block.proposer).bytes(block.parentId);
  writeTxs(w, block.txs);
}

function readBlock(r: ByteReader): Block {
  const height = r.u64();
  const proposer = r.u32();
  const parentId = r.bytes();
  if (parentId.length !== ID_BYTES) throw new RangeError(`tendermint decode: parent id of ${parentId.length} bytes`);
  return { height, proposer, parentId, txs: readTxs(r) };
}

function writeBody(w: ByteWriter, msg: Unsigned<TendermintMessage>): void {
  w.u8(TAGS[msg.type]);
  switch (msg.type) {
    case "REQUEST":
      writeTxs(w.u32(msg.sender), msg.txs);
      return;
    case "PROPOSAL":
      w.u64(msg.height).varint(msg.round).varint(msg.validRound + 1).u32(msg.sender);
      writeBlock(w, msg.block);
      return;
    case "PREVOTE":
    case "PRECOMMIT":
      w.u64(msg.height).varint(msg.round).bytes(msg.blockId ?? new Uint8Array(0)).u32(msg.sender);
      return;
    case "COMMIT":
      w.u32(msg.sender).varint(msg.entries.length);
      for (const entry of msg.entries) writeEntry(w, entry);
      return;
    case "FETCH":
      w.u32(msg.sender).u64(msg.fromHeight);
      return;
  }
}

function writeEntry(w: ByteWriter, entry: DecidedEntry): void {
  writeBlock(w, entry.block);
  w.varint(entry.round).varint(entry.precommits.length);
  for (const vote of entry.precommits) writeMessage(w, vote);
}

function writeMessage(w: ByteWriter, msg: TendermintMessage): void {
  writeBody(w, msg);
  w.bytes(msg.sig);
}

function readCount(r: ByteReader, what: string): number {
  const count = r.varint();
  if (count > r.remaining) throw new RangeError(`tendermint decode: ${count} ${what} exceed remaining bytes`);
  return count;
}

function readEntry(r: ByteReader): DecidedEntry {
  const block = readBlock(r);
  const round = r.varint();
  const count = readCount(r, "precommits");
  const precommits: VoteMsg[] = [];
  for (let i = 0; i < count; i++) {
    const vote = readMessage(r);
    if (vote.type !== "PRECOMMIT") throw new RangeError(`tendermint decode: certificate holds a ${vote.type}`);
    precommits.push(vote);
  }
  return { block, round, precommits };
}

function readBlockId(r: ByteReader): Uint8Array | null {
  const id = r.bytes();
  if (id.length === 0) return null;
  if (id.length !== ID_BYTES) throw new RangeError(`tendermint decode: block id of ${id.length} bytes`);
  return id;
}

function readBody(r: ByteReader, type: TendermintMessageType): Unsigned<TendermintMessage> {
  switch (type) {
    case "REQUEST":
      return { type, sender: r.u32(), txs: readTxs(r) };
    case "PROPOSAL": {
      const height = r.u64();
      const round = r.varint();
      const validRound = r.varint() - 1;
      const sender = r.u32();
      return { type, height, round, validRound, sender, block: readBlock(r) };
    }
    case "PREVOTE":
    case "PRECOMMIT":
      return { type, height: r.u64(), round: r.varint(), blockId: readBlockId(r), sender: r.u32() };
    case "COMMIT": {
      const sender = r.u32();
      const count = readCount(r, "entries");
      const entries: DecidedEntry[] = [];
      for (let i = 0; i < count; i++) entries.push(readEntry(r));
      return { type, sender, entries };
    }
    case "FETCH":
      return { type, sender: r.u32(), fromHeight: r.u64() };
  }
}

function readMessage(r: ByteReader): TendermintMessage {
  const tag = r.u8();
  const type = TYPE_BY_TAG.get(tag);
  if (type === undefined) throw new RangeError(`tendermint decode: unknown message tag ${tag}`);
  const body = readBody(r, type);
  return { ...body, sig: r.bytes() } as TendermintMessage;
}

/** The bytes a message's signature covers: its encoding without the signature. */
export function signingBytes(msg: Unsigned<TendermintMessage>): Uint8Array {
  const w = new ByteWriter();
  writeBody(w, msg);
  return w.finish();
}

export function encodeTendermintMessage(msg: TendermintMessage): Uint8Array {
  const w = new ByteWriter(estimateSize(msg));
  writeMessage(w, msg);
  return w.finish();
}

export function decodeTendermintMessage(bytes: Uint8Array): TendermintMessage {
  const r = new ByteReader(bytes);
  const msg = readMessage(r);
  r.end();
  return msg;
}

function txBytes(txs: readonly { payload: Uint8Array }[]): number {
  return txs.reduce((sum, tx) => sum + tx.payload.length + 96, 0);
}

function estimateSize(msg: TendermintMessage): number {
  if (msg.type === "PROPOSAL") return 160 + txBytes(msg.block.txs);
  if (msg.type === "REQUEST") return 64 + txBytes(msg.txs);
  if (msg.type === "COMMIT") return 64 + msg.entries.reduce((sum, e) => sum + 160 * e.precommits.length + txBytes(e.block.txs), 0);
  return 160;
}

/** The bytes id(v) is the hash of: a domain separator, then the block. */
export function blockIdInput(block: Block): Uint8Array {
  const w = new ByteWriter(96 + txBytes(block.txs));
  w.string(BLOCK_DOMAIN);
  writeBlock(w, block);
  return w.finish();
}

/** Encoded size of a block (the size reported with a commit). */
export function blockSizeBytes(block: Block): number {
  const w = new ByteWriter(96 + txBytes(block.txs));
  writeBlock(w, block);
  return w.length;
}

/** The codec the simulator uses: real bytes on the wire, message type names for metrics. */
export const tendermintCodec: MessageCodec<TendermintMessage> = {
  encode: encodeTendermintMessage,
  decode: decodeTendermintMessage,
  typeOf: (msg) => msg.type,
};
