/**
 * The wire format: every message type survives encode ∘ decode unchanged (nil votes and validRound −1
 * included), the signature covers exactly the bytes before it, and malformed input is rejected.
 */
import { describe, expect, it } from "vitest";
import {
  decodeTendermintMessage,
  encodeTendermintMessage,
  GENESIS_ID,
  signingBytes,
  tendermintCodec,
  type TendermintMessage,
} from "../../../src/protocols/tendermint/index.js";
import { makeTx } from "../../support/harness.js";
import { block, proposal, tmHarness, vote } from "./helpers.js";

function samples(): TendermintMessage[] {
  const h = tmHarness(4);
  const b = block([1, 2, 3]);
  const sig = new Uint8Array([9, 8, 7]);
  return [
    { type: "REQUEST", sender: 2, txs: [makeTx(5), makeTx(6, { sizeBytes: 300 })], sig },
    proposal(h, 0, 0, b),
    proposal(h, 1, 3, block([4], { height: 7, proposer: 3, parentId: new Uint8Array(32).fill(5) }), 2),
    vote(h, "PREVOTE", 1, 0, b),
    vote(h, "PREVOTE", 2, 4, undefined),
    vote(h, "PRECOMMIT", 3, 1, b, 9),
    vote(h, "PRECOMMIT", 3, 1, undefined),
    { type: "COMMIT", sender: 1, entries: [{ block: b, round: 2, precommits: [vote(h, "PRECOMMIT", 0, 2, b), vote(h, "PRECOMMIT", 2, 2, b)] }], sig },
    { type: "COMMIT", sender: 1, entries: [], sig },
    { type: "FETCH", sender: 3, fromHeight: 12, sig },
  ];
}

describe("Tendermint wire format", () => {
  it("encode ∘ decode is the identity for every message type", () => {
    for (const msg of samples()) {
      const bytes = encodeTendermintMessage(msg);
      expect(decodeTendermintMessage(bytes)).toEqual(msg);
      expect(encodeTendermintMessage(decodeTendermintMessage(bytes))).toEqual(bytes);
    }
  });

  it("typeOf names the message types for the metrics", () => {
    expect(samples().map((m) => tendermintCodec.typeOf(m))).toEqual([
      "REQUEST", "PROPOSAL", "PROPOSAL", "PREVOTE", "PREVOTE", "PRECOMMIT", "PRECOMMIT", "COMMIT", "COMMIT", "FETCH",
    ]);
  });

  it("the signature covers exactly the encoding that precedes it", () => {
    for (const msg of samples()) {
      const { sig, ...unsigned } = msg;
      const body = signingBytes(unsigned as never);
      const bytes = encodeTendermintMessage(msg);
      expect(bytes.subarray(0, body.length)).toEqual(body);
      expect(bytes.length).toBe(body.length + 1 + sig.length);
    }
  });

  it("a nil vote is smaller than a vote for a value, and a proposal's size grows with its block", () => {
    const h = tmHarness(4);
    const nil = encodeTendermintMessage(vote(h, "PREVOTE", 1, 0, undefined)).length;
    const forValue = encodeTendermintMessage(vote(h, "PREVOTE", 1, 0, block([1]))).length;
    expect(forValue - nil).toBe(32);
    const small = encodeTendermintMessage(proposal(h, 0, 0, block([1]))).length;
    const big = encodeTendermintMessage(proposal(h, 0, 0, block([1, 2, 3, 4]))).length;
    expect(big).toBeGreaterThan(small + 3 * 64);
  });

  it("rejects unknown tags, truncation, trailing bytes and bad id lengths", () => {
    const bytes = encodeTendermintMessage(samples()[3] as TendermintMessage);
    expect(() => decodeTendermintMessage(Uint8Array.of(99, ...bytes.subarray(1)))).toThrow(/unknown message tag/);
    expect(() => decodeTendermintMessage(bytes.subarray(0, bytes.length - 2))).toThrow(RangeError);
    expect(() => decodeTendermintMessage(Uint8Array.of(...bytes, 0))).toThrow(/trailing/);
    const badParent = encodeTendermintMessage({ ...(samples()[1] as Extract<TendermintMessage, { type: "PROPOSAL" }>), block: { ...block([1]), parentId: GENESIS_ID.subarray(0, 5) } });
    expect(() => decodeTendermintMessage(badParent)).toThrow(/parent id/);
  });
});
