/**
 * Blocks and headers (Nakamoto 2008 §2–§4; Bitcoin's block format, simplified): a header commits to its parent
 * by hash and to its transactions by a Merkle root, and a block's identity is the hash of its header — the
 * chain suite's real hash (SM3 or SHA-256) through `ctx.crypto.hash`.
 *
 * Digests are carried in memory as lower-case hex strings (map keys, comparisons) and on the wire as 32 raw
 * bytes. Blocks are not signed: proof of work needs no signature, and the miner is named in the header (as the
 * coinbase would name it) only for the metrics.
 *
 * Padding: when the workload does not fill a block, the block may be filled to its configured size with
 * zero bytes standing for background transactions (as SimBlock's blocks are all of one size). The padding is
 * real bytes on the wire and is committed to by the Merkle root through its length.
 */
import { ByteWriter, writeTx } from "../codec.js";
import type { SignedTx } from "../types.js";

/** Hex of a 32-byte digest. */
export type Digest = string;

export const DIGEST_BYTES = 32;
export const ZERO_DIGEST: Digest = "0".repeat(2 * DIGEST_BYTES);
export const BLOCK_VERSION = 1;
/** version u32, height u32, parent 32, merkleRoot 32, timeUs u64, difficulty u64, miner u32, nonce u32. */
export const HEADER_BYTES = 4 + 4 + DIGEST_BYTES + DIGEST_BYTES + 8 + 8 + 4 + 4;

export interface BlockHeader {
  readonly version: number;
  /** Height in the chain (genesis 0); BIP 34 puts it in the coinbase, we keep it in the header. */
  readonly height: number;
  readonly parent: Digest;
  readonly merkleRoot: Digest;
  /** When the block was mined (simulated µs). */
  readonly timeUs: number;
  /** Expected hashes per block at the run's difficulty (config.difficultyFor). */
  readonly difficulty: number;
  /** The node that mined it (the coinbase's recipient). */
  readonly miner: number;
  readonly nonce: number;
}

export interface Block {
  readonly header: BlockHeader;
  readonly txs: readonly SignedTx[];
  /** Bytes of background padding after the transactions (0 when unpadded). */
  readonly paddingBytes: number;
}

/** The hash function a node has (ctx.crypto.hash). */
export type HashFn = (bytes: Uint8Array) => Uint8Array;

/** 24 bytes, so that with the u64 length the padding leaf is exactly one digest long. */
const PADDING_DOMAIN = new TextEncoder().encode("ledgersim/nakamoto/pad/1");

export function varintBytes(value: number): number {
  let n = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) n++;
  return n;
}

/** Serialised size of one transaction (codec.writeTx). */
export function txBytes(tx: SignedTx): number {
  return 8 + 4 + 8 + varintBytes(tx.payload.length) + tx.payload.length + varintBytes(tx.signature.length) + tx.signature.length;
}

/** Serialised size of a block: header, transactions, padding. */
export function blockBytes(block: Block): number {
  let total = HEADER_BYTES + varintBytes(block.txs.length) + varintBytes(block.paddingBytes) + block.paddingBytes;
  for (const tx of block.txs) total += txBytes(tx);
  return total;
}

/** Lower-case hex of a digest (Node's native encoder: digests are made on every block a node receives). */
export function digestHex(bytes: Uint8Array): Digest {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

function hexNibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  throw new RangeError(`writeDigest: '${String.fromCharCode(code)}' is not a lower-case hex digit`);
}

/** The 32 bytes of a hex digest. */
export function digestBytes(digest: Digest): Uint8Array {
  if (digest.length !== 2 * DIGEST_BYTES) throw new RangeError(`digestBytes: not a 32-byte hex digest: '${digest}'`);
  const out = new Uint8Array(DIGEST_BYTES);
  for (let i = 0; i < DIGEST_BYTES; i++) {
    out[i] = (hexNibble(digest.charCodeAt(2 * i)) << 4) | hexNibble(digest.charCodeAt(2 * i + 1));
  }
  return out;
}

export function writeDigest(w: ByteWriter, digest: Digest): ByteWriter {
  return w.raw(digestBytes(digest));
}

export function writeHeader(w: ByteWriter, h: BlockHeader): ByteWriter {
  w.u32(h.version).u32(h.height);
  writeDigest(w, h.parent);
  writeDigest(w, h.merkleRoot);
  return w.u64(h.timeUs).u64(h.difficulty).u32(h.miner).u32(h.nonce);
}

/** Header bytes are a pure function of a (frozen) header, so they are kept per header object. */
const headerBytesCache = new WeakMap<BlockHeader, Uint8Array>();

export function headerBytes(h: BlockHeader): Uint8Array {
  let bytes = headerBytesCache.get(h);
  if (bytes === undefined) {
    bytes = writeHeader(new ByteWriter(HEADER_BYTES), h).finish();
    headerBytesCache.set(h, bytes);
  }
  return bytes;
}

/** A block's identity: the hash of its header. */
export function blockHash(h: BlockHeader, hash: HashFn): Digest {
  return digestHex(hash(headerBytes(h)));
}

/** Transaction id in the Merkle tree: the hash of its serialisation. */
export function txHash(tx: SignedTx, hash: HashFn): Uint8Array {
  return hash(writeTx(new ByteWriter(txBytes(tx)), tx).finish());
}

const paddingLeaves = new Map<number, Uint8Array>();

/**
 * The Merkle leaf standing for the padding: a domain tag and the padding's length, 32 bytes, not hashed — the
 * padding is zeros by rule, so its length is all there is to commit to, and the header hash covers the root.
 */
function paddingLeaf(paddingBytes: number): Uint8Array {
  let leaf = paddingLeaves.get(paddingBytes);
  if (leaf === undefined) {
    leaf = new ByteWriter(DIGEST_BYTES).raw(PADDING_DOMAIN).u64(paddingBytes).finish();
    if (paddingLeaves.size < 64) paddingLeaves.set(paddingBytes, leaf);
  }
  return leaf;
}

/**
 * Bitcoin's Merkle root: leaves are the transaction hashes (then one leaf for the padding, see `paddingLeaf`);
 * each level hashes pairs, duplicating the last node of an odd level. No leaves: the zero digest.
 */
export function merkleRoot(txs: readonly SignedTx[], paddingBytes: number, hash: HashFn): Digest {
  let level: Uint8Array[] = txs.map((tx) => txHash(tx, hash));
  if (paddingBytes > 0) level.push(paddingLeaf(paddingBytes));
  if (level.length === 0) return ZERO_DIGEST;
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as Uint8Array;
      const right = level[i + 1] ?? left;
      const pair = new Uint8Array(2 * DIGEST_BYTES);
      pair.set(left, 0);
      pair.set(right, DIGEST_BYTES);
      next.push(hash(pair));
    }
    level = next;
  }
  return digestHex(level[0] as Uint8Array);
}

/** The genesis header every node starts from (its hash is computed by each node with the chain hash). */
export const GENESIS_HEADER: BlockHeader = Object.freeze({
  version: BLOCK_VERSION, height: 0, parent: ZERO_DIGEST, merkleRoot: ZERO_DIGEST,
  timeUs: 0, difficulty: 0, miner: 0, nonce: 0,
});

/**
 * Chooses a block's contents: transactions in the order given while they fit under `maxBytes`, then (when
 * `pad`) as much padding as fills the block exactly to `maxBytes`.
 */
export function fillBlock(candidates: Iterable<SignedTx>, maxBytes: number, pad: boolean): { txs: SignedTx[]; paddingBytes: number } {
  const txs: SignedTx[] = [];
  // Header, a tx-count varint (≤ 3 bytes below 2^21 txs) and a one-byte padding length at least.
  let used = HEADER_BYTES + 3 + 1;
  for (const tx of candidates) {
    const size = txBytes(tx);
    if (used + size > maxBytes) break;
    txs.push(tx);
    used += size;
  }
  if (!pad) return { txs, paddingBytes: 0 };
  const room = maxBytes - (HEADER_BYTES + varintBytes(txs.length) + txs.reduce((sum, tx) => sum + txBytes(tx), 0));
  let paddingBytes = Math.max(0, room - 1);
  while (paddingBytes > 0 && varintBytes(paddingBytes) + paddingBytes > room) paddingBytes--;
  return { txs, paddingBytes };
}

/** Freezes a block and its header so that caches keyed by object identity stay sound. */
export function freezeBlock(block: Block): Block {
  Object.freeze(block.header);
  Object.freeze(block.txs);
  return Object.freeze(block);
}
