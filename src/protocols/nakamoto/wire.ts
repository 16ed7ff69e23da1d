/**
 * The binary encoding of Nakamoto messages (built on ../codec.ts): a one-byte tag, then the fields. Digests
 * are 32 raw bytes; a block is its header, its transactions and its padding as real zero bytes, so a 1 MB block
 * really is 1 MB on the wire. Compact blocks carry 6-byte short ids (BIP 152), one per transaction and one
 * per background transaction the padding stands for. Decoding is strict: unknown tags, malformed digests,
 * non-zero padding and trailing bytes are errors.
 *
 * Short ids are the low 48 bits of the transaction's id rather than SipHash of its wtxid: ids are unique in a
 * run, so reconstruction never collides, and the size on the wire is BIP 152's.
 */
import { ByteReader, ByteWriter, readTxs, writeTxs } from "../codec.js";
import type { MessageCodec } from "../types.js";
import { BACKGROUND_TX_BYTES } from "./config.js";
import {
  blockBytes, digestHex, DIGEST_BYTES, freezeBlock, HEADER_BYTES, varintBytes, writeDigest, writeHeader, type Block,
  type BlockHeader, type Digest,
} from "./block.js";
import type { NakamotoMessage, NakamotoMessageType } from "./messages.js";

const TAGS: Record<NakamotoMessageType, number> = {
  INV: 1, GETDATA: 2, BLOCK: 3, CMPCTBLOCK: 4, GETBLOCKTXN: 5, BLOCKTXN: 6, TXINV: 7, GETTX: 8, TX: 9,
};
const TYPE_BY_TAG = new Map<number, NakamotoMessageType>(
  (Object.keys(TAGS) as NakamotoMessageType[]).map((type) => [TAGS[type], type]),
);
const SHORT_ID_BYTES = 6;
const SHORT_ID_LIMIT = 2 ** 48;

/** Background transactions a compact block lists for `paddingBytes` of padding. */
export function backgroundTxCount(paddingBytes: number): number {
  return Math.ceil(paddingBytes / BACKGROUND_TX_BYTES);
}

/** Encoded size of the CMPCTBLOCK message for `block` (tag, header, short ids, background short ids). */
export function compactBlockBytes(block: Block): number {
  const background = backgroundTxCount(block.paddingBytes);
  return 1 + HEADER_BYTES + varintBytes(block.txs.length) + SHORT_ID_BYTES * block.txs.length +
    varintBytes(block.paddingBytes) + SHORT_ID_BYTES * background;
}

function readDigest(r: ByteReader): Digest {
  return digestHex(r.raw(DIGEST_BYTES));
}

function readHeader(r: ByteReader): BlockHeader {
  const version = r.u32();
  const height = r.u32();
  const parent = readDigest(r);
  const merkleRoot = readDigest(r);
  return { version, height, parent, merkleRoot, timeUs: r.u64(), difficulty: r.u64(), miner: r.u32(), nonce: r.u32() };
}

function writeBlock(w: ByteWriter, block: Block): void {
  writeHeader(w, block.header);
  writeTxs(w, block.txs);
  w.varint(block.paddingBytes).raw(new Uint8Array(block.paddingBytes));
}

function readBlock(r: ByteReader): Block {
  const header = readHeader(r);
  const txs = readTxs(r);
  const padding = r.raw(r.varint());
  if (padding.some((byte) => byte !== 0)) throw new RangeError("nakamoto decode: block padding must be zero bytes");
  return freezeBlock({ header, txs, paddingBytes: padding.length });
}

function writeShortId(w: ByteWriter, id: number): void {
  if (!Number.isSafeInteger(id) || id < 0 || id >= SHORT_ID_LIMIT) throw new RangeError(`nakamoto encode: tx id ${id} does not fit a short id`);
  w.u32(Math.floor(id / 0x10000)).u8((id >>> 8) & 0xff).u8(id & 0xff);
}

function readShortId(r: ByteReader): number {
  return r.u32() * 0x10000 + r.u8() * 0x100 + r.u8();
}

function writeIds(w: ByteWriter, ids: readonly number[]): void {
  w.varint(ids.length);
  for (const id of ids) w.u64(id);
}

function readIds(r: ByteReader): number[] {
  const count = r.varint();
  if (count * 8 > r.remaining) throw new RangeError(`nakamoto decode: ${count} ids exceed the message`);
  return Array.from({ length: count }, () => r.u64());
}

function writeBody(w: ByteWriter, msg: NakamotoMessage): void {
  w.u8(TAGS[msg.type]);
  switch (msg.type) {
    case "INV":
      w.varint(msg.blocks.length);
      for (const hash of msg.blocks) writeDigest(w, hash);
      return;
    case "GETDATA":
      writeDigest(w, msg.hash).bool(msg.compact);
      return;
    case "BLOCK":
      writeBlock(w, msg.block);
      return;
    case "CMPCTBLOCK":
      writeHeader(w, msg.header).varint(msg.txIds.length);
      for (const id of msg.txIds) writeShortId(w, id);
      w.varint(msg.paddingBytes).raw(new Uint8Array(SHORT_ID_BYTES * backgroundTxCount(msg.paddingBytes)));
      return;
    case "GETBLOCKTXN":
      writeDigest(w, msg.hash).varint(msg.indexes.length);
      for (const index of msg.indexes) w.varint(index);
      return;
    case "BLOCKTXN":
      writeTxs(writeDigest(w, msg.hash), msg.txs);
      return;
    case "TXINV":
    case "GETTX":
      writeIds(w, msg.txIds);
      return;
    case "TX":
      writeTxs(w, msg.txs);
      return;
  }
}

function readBody(r: ByteReader): NakamotoMessage {
  const tag = r.u8();
  const type = TYPE_BY_TAG.get(tag);
  switch (type) {
    case "INV": {
      const count = r.varint();
      if (count * DIGEST_BYTES > r.remaining) throw new RangeError(`nakamoto decode: INV of ${count} exceeds the message`);
      return { type, blocks: Array.from({ length: count }, () => readDigest(r)) };
    }
    case "GETDATA":
      return { type, hash: readDigest(r), compact: r.bool() };
    case "BLOCK":
      return { type, block: readBlock(r) };
    case "CMPCTBLOCK": {
      const header = readHeader(r);
      const count = r.varint();
      if (count * SHORT_ID_BYTES > r.remaining) throw new RangeError(`nakamoto decode: ${count} short ids exceed the message`);
      const txIds = Array.from({ length: count }, () => readShortId(r));
      const paddingBytes = r.varint();
      r.raw(SHORT_ID_BYTES * backgroundTxCount(paddingBytes));
      return { type, header, txIds, paddingBytes };
    }
    case "GETBLOCKTXN": {
      const hash = readDigest(r);
      const count = r.varint();
      if (count > r.remaining) throw new RangeError(`nakamoto decode: ${count} indexes exceed the message`);
      return { type, hash, indexes: Array.from({ length: count }, () => r.varint()) };
    }
    case "BLOCKTXN":
      return { type, hash: readDigest(r), txs: readTxs(r) };
    case "TXINV":
    case "GETTX":
      return { type, txIds: readIds(r) };
    case "TX":
      return { type, txs: readTxs(r) };
    case undefined:
      throw new RangeError(`nakamoto decode: unknown tag ${tag}`);
  }
}

/**
 * Encoded blocks of the last few blocks relayed. A block is served to many peers at different moments, and
 * re-serialising a megabyte per request would dominate a 10,000-node run; the cache is keyed by the (frozen)
 * block object and only saves work — the bytes are the same either way.
 */
const recentBlocks = new Map<Block, Uint8Array>();
const RECENT_BLOCKS_KEPT = 16;

function encodeBlockMsg(block: Block): Uint8Array {
  const cached = recentBlocks.get(block);
  if (cached !== undefined) return cached;
  const w = new ByteWriter(blockBytes(block) + 1);
  writeBody(w, { type: "BLOCK", block });
  const bytes = w.finish();
  if (recentBlocks.size >= RECENT_BLOCKS_KEPT) recentBlocks.delete(recentBlocks.keys().next().value as Block);
  recentBlocks.set(block, bytes);
  return bytes;
}

export function encodeNakamotoMessage(msg: NakamotoMessage): Uint8Array {
  if (msg.type === "BLOCK" && Object.isFrozen(msg.block)) return encodeBlockMsg(msg.block);
  const w = new ByteWriter(64);
  writeBody(w, msg);
  return w.finish();
}

export function decodeNakamotoMessage(bytes: Uint8Array): NakamotoMessage {
  const r = new ByteReader(bytes);
  const msg = readBody(r);
  r.end();
  return msg;
}

/** A header names its block: the Merkle root commits to the transactions and padding, the rest to the chain. */
function headerKey(h: BlockHeader): string {
  return `${h.height}:${h.parent}:${h.merkleRoot}:${h.timeUs}:${h.difficulty}:${h.miner}:${h.nonce}:${h.version}`;
}

const blockKeys = new WeakMap<object, string>();

/** BLOCK and CMPCTBLOCK messages are named by their block's header (see MessageCodec.contentKey). */
export function nakamotoContentKey(msg: NakamotoMessage): string | undefined {
  if (msg.type !== "BLOCK" && msg.type !== "CMPCTBLOCK") return undefined;
  const header = msg.type === "BLOCK" ? msg.block.header : msg.header;
  let key = blockKeys.get(header);
  if (key === undefined) {
    key = headerKey(header);
    blockKeys.set(header, key);
  }
  return msg.type === "BLOCK" ? `block:${key}` : `cmpct:${key}`;
}

export const nakamotoCodec: MessageCodec<NakamotoMessage> = {
  encode: encodeNakamotoMessage,
  decode: decodeNakamotoMessage,
  typeOf: (msg) => msg.type,
  contentKey: nakamotoContentKey,
};

