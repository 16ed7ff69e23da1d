/**
 * The binary encoding: encode ∘ decode = identity for every Raft message type, real sizes (whole transactions
 * travel inside AppendEntries), strict decoding, and signatures that cover exactly the encoding without the
 * signature.
 */
import { describe, expect, it } from "vitest";
import { ByteWriter } from "../../../src/protocols/codec.js";
import { raftCodec, raftModule, signingBytes, signRaftMessage, type RaftMessage, type VoteMsg } from "../../../src/protocols/raft/index.js";
import { makeTx, testSign, testVerify } from "../../support/harness.js";
import { entry, raftHarness } from "./helpers.js";

const sig = (k: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + k) & 0xff);

const EXAMPLES: RaftMessage[] = [
  { type: "REQUEST", sender: 2, txs: [makeTx(99, { submitUs: 123_456_789 })], sig: sig(1) },
  { type: "REQUEST", sender: 1, txs: [makeTx(1), makeTx(2, { sizeBytes: 300 })], sig: sig(2) },
  { type: "REQUEST-VOTE", sender: 4, term: 2 ** 40, lastLogIndex: 17, lastLogTerm: 3, sig: sig(3) },
  { type: "VOTE", sender: 0, term: 9, granted: true, sig: sig(4) },
  { type: "VOTE", sender: 3, term: 9, granted: false, sig: sig(5) },
  {
    type: "APPEND-ENTRIES", sender: 1, term: 5, prevLogIndex: 10, prevLogTerm: 4, leaderCommit: 9, sig: sig(6),
    entries: [entry(4, 1, [7, 8, 9]), entry(5, 1, []), entry(5, 1, [10])],
  },
  { type: "APPEND-ENTRIES", sender: 1, term: 5, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0, entries: [], sig: sig(7) },
  {
    type: "APPEND-RESPONSE", sender: 2, term: 5, success: false, matchIndex: 0, rejectIndex: 10, hintIndex: 7, hintTerm: 3,
    lastLogIndex: 11, sig: sig(8),
  },
  {
    type: "APPEND-RESPONSE", sender: 2, term: 5, success: true, matchIndex: 13, rejectIndex: 0, hintIndex: 0, hintTerm: 0,
    lastLogIndex: 13, sig: sig(9),
  },
];

describe("Raft wire codec", () => {
  it("round-trips every message type", () => {
    for (const msg of EXAMPLES) {
      const bytes = raftCodec.encode(msg);
      expect(raftCodec.decode(bytes)).toEqual(msg);
      expect(raftCodec.encode(raftCodec.decode(bytes))).toEqual(bytes);
      expect(raftCodec.typeOf(msg)).toBe(msg.type);
    }
    expect(new Set(EXAMPLES.map((m) => m.type))).toEqual(new Set(["REQUEST", "REQUEST-VOTE", "VOTE", "APPEND-ENTRIES", "APPEND-RESPONSE"]));
  });

  it("AppendEntries sizes are real: every transaction travels whole", () => {
    const small = raftCodec.encode({ ...(EXAMPLES[6] as RaftMessage) });
    const big = { type: "APPEND-ENTRIES", sender: 1, term: 5, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0, sig: sig(7), entries: [entry(5, 1, [])] } as const;
    const withTxs = { ...big, entries: [{ term: 5, leader: 1, txs: Array.from({ length: 10 }, (_, i) => makeTx(i, { sizeBytes: 512 })) }] };
    const txBytes = withTxs.entries[0]?.txs.reduce((sum, tx) => sum + tx.payload.length + tx.signature.length, 0) ?? 0;
    expect(raftCodec.encode(withTxs).length - raftCodec.encode(big).length).toBeGreaterThan(txBytes);
    expect(small.length).toBeLessThan(100);
  });

  it("decoding is strict: unknown tags, truncation and trailing bytes are errors", () => {
    const bytes = raftCodec.encode(EXAMPLES[5] as RaftMessage);
    expect(() => raftCodec.decode(Uint8Array.of(77, ...bytes.subarray(1)))).toThrow(/unknown message tag 77/);
    expect(() => raftCodec.decode(bytes.subarray(0, bytes.length - 3))).toThrow(RangeError);
    expect(() => raftCodec.decode(Uint8Array.of(...bytes, 0))).toThrow(/trailing/);
    expect(() => raftCodec.decode(new ByteWriter().u8(4).u32(0).finish())).toThrow(RangeError);
  });

  it("a signature covers exactly the encoding without the signature", () => {
    const h = raftHarness(3);
    const signed = signRaftMessage<VoteMsg>(h.ctx(1), { type: "VOTE", sender: 1, term: 3, granted: true });
    const body = signingBytes(signed);
    expect(testVerify(1, body, signed.sig)).toBe(true);
    expect(signed.sig).toEqual(testSign(1, body));
    const bytes = raftCodec.encode(signed);
    expect(bytes.subarray(0, body.length)).toEqual(body);
    const decoded = raftCodec.decode(bytes) as VoteMsg;
    expect(signingBytes(decoded)).toEqual(body);
    expect(signingBytes({ ...decoded, granted: false })).not.toEqual(body); // any field change changes the bytes
  });

  it("the module declares n ≥ 3 and f = ⌊(n−1)/2⌋", () => {
    expect(raftModule.name).toBe("raft");
    expect(raftModule.minNodes).toBe(3);
    expect([3, 4, 5, 7, 10].map((n) => raftModule.faultsTolerated(n))).toEqual([1, 1, 2, 3, 4]);
    expect(() => raftModule.create({ name: "raft", batch: { maxTxs: 1, maxWaitUs: 1 }, electionTimeoutUs: 100, heartbeatIntervalUs: 100, maxEntriesPerAppend: 1 })).toThrow(/heartbeatInterval/);
  });
});
