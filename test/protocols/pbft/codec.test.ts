/**
 * The binary encoding: the shared ByteWriter/ByteReader, and encode ∘ decode = identity for every PBFT
 * message type (nested certificates included); signatures cover the encoding without the signature.
 */
import { describe, expect, it } from "vitest";
import { ByteReader, ByteWriter, fromHex, toHex } from "../../../src/protocols/codec.js";
import {
  pbftCodec,
  signingBytes,
  type CheckpointMsg,
  type PbftMessage,
  type PrePrepareMsg,
  type PrepareMsg,
  type ViewChangeMsg,
} from "../../../src/protocols/pbft/index.js";
import { makeTx } from "../../support/harness.js";

const sig = (k: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + k) & 0xff);
const digest = (k: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i + k) & 0xff);

const prePrepare: PrePrepareMsg = {
  type: "PRE-PREPARE", view: 3, seq: 17, digest: digest(1), proposer: 3, batch: [makeTx(1), makeTx(2, { sizeBytes: 300 })], sig: sig(1),
};
const prepare = (replica: number): PrepareMsg => ({ type: "PREPARE", view: 3, seq: 17, digest: digest(1), replica, sig: sig(replica) });
const checkpoint = (replica: number): CheckpointMsg => ({ type: "CHECKPOINT", seq: 10, stateDigest: digest(9), replica, sig: sig(replica) });
const viewChange: ViewChangeMsg = {
  type: "VIEW-CHANGE",
  newView: 4,
  stableSeq: 10,
  checkpointProof: [checkpoint(0), checkpoint(1), checkpoint(2)],
  prepared: [{ prePrepare, prepares: [prepare(0), prepare(1)] }],
  replica: 2,
  sig: sig(5),
};

const EXAMPLES: PbftMessage[] = [
  { type: "REQUEST", replica: 2, tx: makeTx(99, { submitUs: 123_456_789 }), sig: sig(2) },
  prePrepare,
  { ...prePrepare, batch: [] },
  prepare(1),
  { type: "COMMIT", view: 2 ** 40, seq: Number.MAX_SAFE_INTEGER, digest: digest(2), replica: 1, sig: sig(3) },
  checkpoint(3),
  viewChange,
  { ...viewChange, stableSeq: 0, checkpointProof: [], prepared: [] },
  { type: "NEW-VIEW", newView: 4, viewChanges: [viewChange, { ...viewChange, replica: 3 }], prePrepares: [{ ...prePrepare, view: 4 }], sig: sig(7) },
  { type: "FETCH", fromSeq: 11, replica: 3, sig: sig(8) },
  { type: "FETCH-REPLY", view: 4, lastExecuted: 12, stableSeq: 10, checkpointProof: [checkpoint(0), checkpoint(2), checkpoint(3)], entries: [
    { seq: 11, proposer: 3, batch: [makeTx(5)], commitProof: [{ type: "COMMIT", view: 4, seq: 11, digest: digest(3), replica: 0, sig: sig(0) }] },
    { seq: 12, proposer: 0, batch: [], commitProof: [] },
  ], replica: 1, sig: sig(9) },
];

describe("ByteWriter / ByteReader", () => {
  it("round-trips u8, u32, u64, varint, bytes, string, bool", () => {
    const w = new ByteWriter(1);
    w.u8(255).u32(0xffffffff).u64(Number.MAX_SAFE_INTEGER).varint(0).varint(127).varint(128).varint(2 ** 50);
    w.bytes(Uint8Array.of(1, 2, 3)).string("héllo").bool(true);
    const r = new ByteReader(w.finish());
    expect([r.u8(), r.u32(), r.u64(), r.varint(), r.varint(), r.varint(), r.varint()]).toEqual([
      255, 0xffffffff, Number.MAX_SAFE_INTEGER, 0, 127, 128, 2 ** 50,
    ]);
    expect(r.bytes()).toEqual(Uint8Array.of(1, 2, 3));
    expect(r.string()).toBe("héllo");
    expect(r.bool()).toBe(true);
    r.end();
  });

  it("varint uses one byte below 128", () => {
    expect(new ByteWriter().varint(127).length).toBe(1);
    expect(new ByteWriter().varint(128).length).toBe(2);
  });

  it("rejects out-of-range values and truncated input, naming the method", () => {
    expect(() => new ByteWriter().u32(-1)).toThrow(/ByteWriter.u32/);
    expect(() => new ByteWriter().u64(2 ** 53)).toThrow(/ByteWriter.u64/);
    expect(() => new ByteReader(Uint8Array.of(1, 2)).u32()).toThrow(/ByteReader.u32/);
    expect(() => new ByteReader(Uint8Array.of(5, 1)).bytes()).toThrow(/ByteReader.raw/);
    expect(() => new ByteReader(Uint8Array.of(1)).end()).toThrow(/trailing/);
  });

  it("hex helpers are inverse", () => {
    expect(toHex(Uint8Array.of(0, 15, 255))).toBe("000fff");
    expect(fromHex("000fff")).toEqual(Uint8Array.of(0, 15, 255));
  });
});

describe("PBFT message codec", () => {
  for (const msg of EXAMPLES) {
    it(`encode ∘ decode = identity for ${msg.type}`, () => {
      const bytes = pbftCodec.encode(msg);
      const back = pbftCodec.decode(bytes);
      expect(back).toEqual(msg);
      expect(pbftCodec.encode(back)).toEqual(bytes);
      expect(pbftCodec.typeOf(back)).toBe(msg.type);
    });
  }

  it("covers every message type", () => {
    expect(new Set(EXAMPLES.map((m) => m.type)).size).toBe(9);
  });

  it("the signature covers exactly the encoding before it", () => {
    const { sig: s, ...unsigned } = prepare(2);
    const bytes = pbftCodec.encode(prepare(2));
    const body = signingBytes(unsigned);
    expect(bytes.subarray(0, body.length)).toEqual(body);
    expect(bytes.length).toBe(body.length + 1 + s.length);
  });

  it("a pre-prepare's size grows with its batch (the batch travels in full)", () => {
    const small = pbftCodec.encode({ ...prePrepare, batch: [makeTx(1, { sizeBytes: 100 })] }).length;
    const big = pbftCodec.encode({ ...prePrepare, batch: [makeTx(1, { sizeBytes: 1100 })] }).length;
    expect(big - small).toBe(1001); // 1000 payload bytes + one more byte of length prefix
  });

  it("rejects unknown tags, truncation and trailing bytes", () => {
    const bytes = pbftCodec.encode(prepare(1));
    expect(() => pbftCodec.decode(Uint8Array.of(200))).toThrow(/unknown message tag/);
    expect(() => pbftCodec.decode(bytes.subarray(0, bytes.length - 3))).toThrow(RangeError);
    expect(() => pbftCodec.decode(Uint8Array.of(...bytes, 0))).toThrow(/trailing/);
  });
});
