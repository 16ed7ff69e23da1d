/**
 * The wire format: encode∘decode is the identity for every message type, decoding is strict, and the
 * signature inputs are what the paper's authenticators cover (a vote signs (view, block hash) only).
 */
import { describe, expect, it } from "vitest";
import { makeTx } from "../../support/harness.js";
import {
  decodeHotStuffMessage,
  encodeHotStuffMessage,
  hotstuffCodec,
  signingBytes,
  voteBytes,
  type Block,
  type HotStuffMessage,
} from "../../../src/protocols/hotstuff/index.js";
import { GENESIS_HASH, GENESIS_QC, hashOf, proposalOf, qcOf, signedBy } from "./helpers.js";

const block: Block = { view: 5, height: 3, parent: GENESIS_HASH, proposer: 1, justify: qcOf(4, GENESIS_HASH, [0, 1, 2]), txs: [makeTx(7), makeTx(8, { sizeBytes: 300 })] };

function samples(): HotStuffMessage[] {
  const h = hashOf(block);
  return [
    signedBy(2, { type: "REQUEST", sender: 2, tx: makeTx(42, { submitUs: 123 }) }),
    proposalOf({ ...block, proposer: 5 % 4 }),
    proposalOf({ ...block, txs: [], justify: GENESIS_QC }),
    signedBy(3, { type: "VOTE", view: 5, blockHash: h, voter: 3 }),
    signedBy(0, { type: "NEW-VIEW", view: 9, highQC: qcOf(7, h, [1, 2, 3]), lastVote: { view: 8, blockHash: h, sig: new Uint8Array([1, 2, 3]) }, sender: 0 }),
    signedBy(0, { type: "NEW-VIEW", view: 1, highQC: GENESIS_QC, lastVote: null, sender: 0 }),
    signedBy(1, { type: "BLOCK-REQUEST", hash: h, maxBlocks: 16, sender: 1 }),
    signedBy(1, { type: "BLOCK-REQUEST", hash: new Uint8Array(0), maxBlocks: 1, sender: 1 }),
    signedBy(2, { type: "BLOCK-RESPONSE", blocks: [block, { ...block, height: 4 }], tipQC: qcOf(6, h, [0, 2, 3]), sender: 2 }),
    signedBy(2, { type: "BLOCK-RESPONSE", blocks: [], tipQC: null, sender: 2 }),
  ];
}

describe("HotStuff wire format", () => {
  it("encode∘decode is the identity for every message type", () => {
    const types = new Set<string>();
    for (const msg of samples()) {
      const bytes = encodeHotStuffMessage(msg);
      expect(decodeHotStuffMessage(bytes)).toEqual(msg);
      expect(encodeHotStuffMessage(decodeHotStuffMessage(bytes))).toEqual(bytes);
      types.add(hotstuffCodec.typeOf(msg));
    }
    expect([...types].sort()).toEqual(["BLOCK-REQUEST", "BLOCK-RESPONSE", "NEW-VIEW", "PROPOSAL", "REQUEST", "VOTE"]);
  });

  it("decoding is strict: trailing bytes, unknown tags and truncation are rejected", () => {
    for (const msg of samples()) {
      const bytes = encodeHotStuffMessage(msg);
      expect(() => decodeHotStuffMessage(new Uint8Array([...bytes, 0]))).toThrow(RangeError);
      expect(() => decodeHotStuffMessage(bytes.subarray(0, bytes.length - 1))).toThrow(RangeError);
    }
    expect(() => decodeHotStuffMessage(new Uint8Array([99, 0, 0]))).toThrow(/unknown message tag/);
  });

  it("a QC's size grows by one authenticator per vote (n−f signatures on the wire)", () => {
    const h = hashOf(block);
    const small = encodeHotStuffMessage(signedBy(0, { type: "NEW-VIEW", view: 9, highQC: qcOf(7, h, [1, 2, 3]), lastVote: null, sender: 0 }));
    const large = encodeHotStuffMessage(signedBy(0, { type: "NEW-VIEW", view: 9, highQC: qcOf(7, h, [1, 2, 3, 4, 5]), lastVote: null, sender: 0 }));
    expect(large.length - small.length).toBe(2 * (4 + 1 + 32)); // voter u32 + length prefix + HMAC-SHA256 test signature
  });

  it("a VOTE signs (view, block hash), so its signature can be carried inside a QC", () => {
    const h = hashOf(block);
    expect(signingBytes({ type: "VOTE", view: 5, blockHash: h, voter: 3 })).toEqual(voteBytes(5, h));
    expect(voteBytes(5, h)).not.toEqual(voteBytes(6, h));
  });
});
