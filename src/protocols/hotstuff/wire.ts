/**
 * The binary encoding of chained HotStuff messages (built on ../codec.ts). A message is a one-byte tag, its
 * fields, then its signature with a length prefix. PROPOSAL and VOTE signatures cover (domain, view, block
 * hash) — `proposalBytes` / `voteBytes` — so a vote's signature can be carried inside a QC; every other
 * message's signature covers its encoding without the signature (`signingBytes`). A block's hash input
 * (`blockHashInput`) holds its content and its justify QC's (view, hash), not the QC's signatures. Decoding
 * is strict: unknown tags, bad flags and trailing bytes are errors.
 */
import { ByteReader, ByteWriter, readTxs, writeTxs } from "../codec.js";
import type { MessageCodec, SignedTx } from "../types.js";
import type {
  Block,
  CarriedVote,
  HotStuffMessage,
  HotStuffMessageType,
  QuorumCert,
  Unsigned,
  VoteSig,
} from "./messages.js";

const TAGS: Record<HotStuffMessageType, number> = {
  REQUEST: 1,
  PROPOSAL: 2,
  VOTE: 3,
  "NEW-VIEW": 4,
  "BLOCK-REQUEST": 5,
  "BLOCK-RESPONSE": 6,
};
const TYPE_BY_TAG = new Map<number, HotStuffMessageType>(
  (Object.keys(TAGS) as HotStuffMessageType[]).map((type) => [TAGS[type], type]),
);

/** Domain separators: a block hash, a vote and a proposal signature can never be confused. */
const BLOCK_DOMAIN = "ledgersim/hotstuff/block/v1";
const VOTE_DOMAIN = "ledgersim/hotstuff/vote/v1";
const PROPOSAL_DOMAIN = "ledgersim/hotstuff/proposal/v1";

export function writeQC(w: ByteWriter, qc: QuorumCert): void {
  w.u64(qc.view).bytes(qc.blockHash).varint(qc.votes.length);
  for (const v of qc.votes) w.u32(v.voter).bytes(v.sig);
}

export function readQC(r: ByteReader): QuorumCert {
  const view = r.u64();
  const blockHash = r.bytes();
  const count = r.varint();
  if (count > r.remaining) throw new RangeError(`hotstuff decode: QC of ${count} votes exceeds remaining bytes`);
  const votes: VoteSig[] = [];
  for (let i = 0; i < count; i++) votes.push({ voter: r.u32(), sig: r.bytes() });
  return { view, blockHash, votes };
}

export function writeBlock(w: ByteWriter, b: Block): void {
  w.u64(b.view).u64(b.height).bytes(b.parent).u32(b.proposer);
  writeQC(w, b.justify);
  writeTxs(w, b.txs);
}

export function readBlock(r: ByteReader): Block {
  const view = r.u64();
  const height = r.u64();
  const parent = r.bytes();
  const proposer = r.u32();
  const justify = readQC(r);
  return { view, height, parent, proposer, justify, txs: readTxs(r) };
}

function writeCarriedVote(w: ByteWriter, vote: CarriedVote | null): void {
  w.bool(vote !== null);
  if (vote !== null) w.u64(vote.view).bytes(vote.blockHash).bytes(vote.sig);
}

function readCarriedVote(r: ByteReader): CarriedVote | null {
  return r.bool() ? { view: r.u64(), blockHash: r.bytes(), sig: r.bytes() } : null;
}

function writeBody(w: ByteWriter, msg: Unsigned<HotStuffMessage>): void {
  w.u8(TAGS[msg.type]);
  switch (msg.type) {
    case "REQUEST":
      writeTxs(w.u32(msg.sender), [msg.tx]);
      return;
    case "PROPOSAL":
      writeBlock(w, msg.block);
      return;
    case "VOTE":
      w.u64(msg.view).bytes(msg.blockHash).u32(msg.voter);
      return;
    case "NEW-VIEW":
      w.u64(msg.view);
      writeQC(w, msg.highQC);
      writeCarriedVote(w, msg.lastVote);
      w.u32(msg.sender);
      return;
    case "BLOCK-REQUEST":
      w.bytes(msg.hash).varint(msg.maxBlocks).u32(msg.sender);
      return;
    case "BLOCK-RESPONSE":
      w.varint(msg.blocks.length);
      for (const b of msg.blocks) writeBlock(w, b);
      w.bool(msg.tipQC !== null);
      if (msg.tipQC !== null) writeQC(w, msg.tipQC);
      w.u32(msg.sender);
      return;
  }
}

function readBody(r: ByteReader, type: HotStuffMessageType): Unsigned<HotStuffMessage> {
  switch (type) {
    case "REQUEST": {
      const sender = r.u32();
      const txs = readTxs(r);
      if (txs.length !== 1) throw new RangeError("hotstuff decode: REQUEST must carry exactly one transaction");
      return { type, sender, tx: txs[0] as SignedTx };
    }
    case "PROPOSAL":
      return { type, block: readBlock(r) };
    case "VOTE":
      return { type, view: r.u64(), blockHash: r.bytes(), voter: r.u32() };
    case "NEW-VIEW": {
      const view = r.u64();
      const highQC = readQC(r);
      return { type, view, highQC, lastVote: readCarriedVote(r), sender: r.u32() };
    }
    case "BLOCK-REQUEST":
      return { type, hash: r.bytes(), maxBlocks: r.varint(), sender: r.u32() };
    case "BLOCK-RESPONSE": {
      const count = r.varint();
      if (count > r.remaining) throw new RangeError(`hotstuff decode: ${count} blocks exceed remaining bytes`);
      const blocks: Block[] = [];
      for (let i = 0; i < count; i++) blocks.push(readBlock(r));
      const tipQC = r.bool() ? readQC(r) : null;
      return { type, blocks, tipQC, sender: r.u32() };
    }
  }
}

/** The bytes a message's signature covers (see the module comment). */
export function signingBytes(msg: Unsigned<HotStuffMessage>): Uint8Array {
  if (msg.type === "VOTE") return voteBytes(msg.view, msg.blockHash);
  const w = new ByteWriter();
  writeBody(w, msg);
  return w.finish();
}

/** What a vote (and so each authenticator of a QC) signs: ⟨vote, view, block hash⟩. */
export function voteBytes(view: number, blockHash: Uint8Array): Uint8Array {
  return new ByteWriter(96).string(VOTE_DOMAIN).u64(view).bytes(blockHash).finish();
}

/** What a leader signs for its proposal: ⟨proposal, view, block hash⟩ (the hash covers the block's content). */
export function proposalBytes(view: number, blockHash: Uint8Array): Uint8Array {
  return new ByteWriter(96).string(PROPOSAL_DOMAIN).u64(view).bytes(blockHash).finish();
}

/** The bytes a block's hash is computed over: its content and its justify's (view, hash). */
export function blockHashInput(b: Block): Uint8Array {
  const w = new ByteWriter(128 + b.txs.reduce((sum, tx) => sum + tx.payload.length + 96, 0));
  w.string(BLOCK_DOMAIN).u64(b.view).u64(b.height).bytes(b.parent).u32(b.proposer);
  w.u64(b.justify.view).bytes(b.justify.blockHash);
  writeTxs(w, b.txs);
  return w.finish();
}

/** A block's encoded size in bytes (reported with each commit). */
export function blockSizeBytes(b: Block): number {
  const w = new ByteWriter(256 + b.txs.reduce((sum, tx) => sum + tx.payload.length + 96, 0));
  writeBlock(w, b);
  return w.length;
}

export function encodeHotStuffMessage(msg: HotStuffMessage): Uint8Array {
  const w = new ByteWriter(msg.type === "PROPOSAL" ? blockSizeBytes(msg.block) + 96 : 256);
  writeBody(w, msg);
  w.bytes(msg.sig);
  return w.finish();
}

export function decodeHotStuffMessage(bytes: Uint8Array): HotStuffMessage {
  const r = new ByteReader(bytes);
  const tag = r.u8();
  const type = TYPE_BY_TAG.get(tag);
  if (type === undefined) throw new RangeError(`hotstuff decode: unknown message tag ${tag}`);
  const body = readBody(r, type);
  const msg = { ...body, sig: r.bytes() } as HotStuffMessage;
  r.end();
  return msg;
}

/** The codec the simulator uses: real bytes on the wire, message type names for metrics. */
export const hotstuffCodec: MessageCodec<HotStuffMessage> = {
  encode: encodeHotStuffMessage,
  decode: decodeHotStuffMessage,
  typeOf: (msg) => msg.type,
};
