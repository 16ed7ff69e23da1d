/**
 * The Nakamoto wire format: every message survives encode → decode, blocks are as large on the wire as they
 * are configured to be (padding is real bytes), compact blocks are BIP 152-sized, and malformed input is refused.
 */
import { describe, expect, it } from "vitest";
import { makeTx, testHash } from "../../support/harness.js";
import {
  blockBytes, decodeNakamotoMessage, encodeNakamotoMessage, merkleRoot, type NakamotoMessage,
} from "../../../src/protocols/nakamoto/index.js";
import { fillBlock, freezeBlock, HEADER_BYTES, ZERO_DIGEST } from "../../../src/protocols/nakamoto/block.js";
import { blockMsg, cmpctBlock } from "../../../src/protocols/nakamoto/messages.js";
import { compactBlockBytes } from "../../../src/protocols/nakamoto/wire.js";
import { GENESIS_HASH, makeBlock } from "./helpers.js";

const txs = [makeTx(1, { sizeBytes: 120 }), makeTx(2, { sizeBytes: 200 }), makeTx(70_000, { sizeBytes: 64 })];
const { hash, block } = makeBlock(GENESIS_HASH, 1, { txs, miner: 3, nonce: 99 });

const messages: NakamotoMessage[] = [
  { type: "INV", blocks: [hash, GENESIS_HASH] },
  { type: "GETDATA", hash, compact: true },
  { type: "BLOCK", block },
  cmpctBlock(block),
  { type: "GETBLOCKTXN", hash, indexes: [0, 2, 300] },
  { type: "BLOCKTXN", hash, txs },
  { type: "TXINV", txIds: [1, 2, 2 ** 40] },
  { type: "GETTX", txIds: [5] },
  { type: "TX", txs },
];

describe("nakamoto codec", () => {
  it.each(messages.map((m) => [m.type, m] as const))("round-trips %s", (_type, msg) => {
    const bytes = encodeNakamotoMessage(msg);
    const back = decodeNakamotoMessage(bytes);
    expect(back).toEqual(msg);
    expect(encodeNakamotoMessage(back)).toEqual(bytes);
  });

  it("puts a padded block on the wire at its configured size", () => {
    const content = fillBlock(txs, 1_000_000, true);
    const padded = freezeBlock({
      header: { ...block.header, merkleRoot: merkleRoot(content.txs, content.paddingBytes, testHash) },
      txs: content.txs,
      paddingBytes: content.paddingBytes,
    });
    expect(blockBytes(padded)).toBe(1_000_000);
    const bytes = encodeNakamotoMessage(blockMsg(padded));
    expect(bytes.length).toBe(1_000_001); // one tag byte
    expect(decodeNakamotoMessage(bytes)).toEqual({ type: "BLOCK", block: padded });
  });

  it("sizes a compact block as BIP 152 does: header plus 6 bytes per transaction", () => {
    const small = encodeNakamotoMessage(cmpctBlock(block));
    expect(small.length).toBeLessThan(HEADER_BYTES + 8 + 6 * txs.length + 4);
    expect(small.length).toBe(compactBlockBytes(block));
    const paddedBlock = freezeBlock({ ...block, paddingBytes: 250_000 });
    const padded = encodeNakamotoMessage(cmpctBlock(paddedBlock));
    expect(padded.length - small.length).toBeGreaterThanOrEqual(6 * 1000); // 1,000 background short ids
    expect(padded.length).toBe(compactBlockBytes(paddedBlock));
  });

  it("commits to the transactions and the padding in the Merkle root", () => {
    expect(merkleRoot([], 0, testHash)).toBe(ZERO_DIGEST);
    const root = merkleRoot(txs, 0, testHash);
    expect(merkleRoot(txs.slice().reverse(), 0, testHash)).not.toBe(root);
    expect(merkleRoot(txs, 10, testHash)).not.toBe(root);
    expect(merkleRoot(txs, 10, testHash)).not.toBe(merkleRoot(txs, 11, testHash));
  });

  it("refuses malformed input", () => {
    const good = encodeNakamotoMessage({ type: "GETDATA", hash, compact: false });
    expect(() => decodeNakamotoMessage(new Uint8Array([42]))).toThrow(/unknown tag/);
    expect(() => decodeNakamotoMessage(good.subarray(0, good.length - 1))).toThrow(RangeError);
    expect(() => decodeNakamotoMessage(Uint8Array.from([...good, 0]))).toThrow(/trailing/);
    const bytes = encodeNakamotoMessage(blockMsg(freezeBlock({ ...block, paddingBytes: 3 })));
    bytes[bytes.length - 1] = 7;
    expect(() => decodeNakamotoMessage(bytes)).toThrow(/padding/);
    expect(() => encodeNakamotoMessage({ type: "INV", blocks: ["abc"] })).toThrow(RangeError);
  });
});
