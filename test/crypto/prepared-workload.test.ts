/**
 * The pieces behind simulateAsync: VerifyMemo.prime (a result computed elsewhere replaces the computation and
 * is counted as it, so counters and memo contents match an unprimed run) and PreparedWorkload (the same
 * transactions as TransactionFactory.make, in order, whether the pool answered in time or not).
 */
import { describe, expect, it } from "vitest";
import { getSuite } from "../../src/crypto/suites.js";
import type { SignatureSuite } from "../../src/crypto/types.js";
import { VerifyMemo } from "../../src/crypto/verify-memo.js";
import { createRng } from "../../src/engine/rng.js";
import type { ArrivalSpec } from "../../src/scenario/types.js";
import { ArrivalProcess } from "../../src/workload/arrivals.js";
import { PreparedWorkload, type WorkloadSigner } from "../../src/workload/prepared.js";
import { TransactionFactory } from "../../src/workload/transactions.js";
import { utf8 } from "./helpers.js";

const sm = getSuite("sm");

function counting(suite: SignatureSuite): { suite: SignatureSuite; calls: () => number } {
  let calls = 0;
  return { suite: { ...suite, verify: (pk, m, s) => (calls++, suite.verify(pk, m, s)) }, calls: () => calls };
}

describe("VerifyMemo.prime", () => {
  const keys = sm.generateKeyPair(utf8("prime"));
  const message = utf8("tx 1");
  const signature = sm.sign(keys.privateKey, message);

  it("a primed answer is used instead of computing, and counted exactly as the computation would be", () => {
    const primed = new VerifyMemo();
    const plain = new VerifyMemo();
    const { suite, calls } = counting(sm);
    primed.prime(sm, keys.publicKey, message, signature, true);
    for (let i = 0; i < 3; i++) {
      expect(primed.verify(suite, keys.publicKey, message, signature)).toBe(true);
      plain.verify(sm, keys.publicKey, message, signature);
    }
    expect(calls()).toBe(0);
    expect(primed.primedUsed).toBe(1);
    expect(primed.stats()).toEqual(plain.stats());
    expect(primed.stats()).toEqual({ sm2: { charged: 3, executed: 1 } });
  });

  it("is keyed by the exact input: a primed answer never leaks to another message or signature", () => {
    const memo = new VerifyMemo();
    memo.prime(sm, keys.publicKey, message, signature, true);
    expect(memo.verify(sm, keys.publicKey, utf8("tx 2"), signature)).toBe(false);
    expect(memo.primedUsed).toBe(0);
  });

  it("is bounded: beyond the capacity old primed answers are forgotten (and simply computed)", () => {
    const memo = new VerifyMemo(4); // two generations of 2
    memo.prime(sm, keys.publicKey, message, signature, true);
    for (let i = 0; i < 4; i++) memo.prime(sm, keys.publicKey, utf8(`m${i}`), signature, false);
    const { suite, calls } = counting(sm);
    expect(memo.verify(suite, keys.publicKey, message, signature)).toBe(true);
    expect(calls()).toBe(1);
    expect(memo.primedUsed).toBe(0);
    memo.prime(sm, keys.publicKey, utf8("m9"), signature, false);
    memo.reset();
    expect(memo.verify(suite, keys.publicKey, utf8("m9"), signature)).toBe(false);
    expect(calls()).toBe(2); // reset forgot the primed answer too
  });
});

describe("PreparedWorkload", () => {
  const spec: ArrivalSpec = { kind: "poisson", rate: 2000 };
  const durationUs = 100_000;
  const clientKeys = [0, 1, 2].map((i) => sm.generateKeyPair(utf8(`client/${i}`)));
  const sources = () => ({
    arrivals: new ArrivalProcess(spec, durationUs, createRng(3, "workload/arrival")),
    factory: new TransactionFactory(sm, clientKeys, 128, createRng(3, "workload/payload")),
  });

  /** What the event loop would submit without preparation. */
  function expected(): { atUs: number; tx: ReturnType<TransactionFactory["make"]> }[] {
    const { arrivals, factory } = sources();
    const out = [];
    for (let atUs = arrivals.peekUs(); atUs <= durationUs; atUs = arrivals.peekUs()) {
      out.push({ atUs, tx: factory.make(atUs) });
      arrivals.advance();
    }
    return out;
  }

  it("hands out make()'s transactions in order, signed by the pool when it answered, here when it did not", async () => {
    const want = expected();
    expect(want.length).toBeGreaterThan(100);
    const never: WorkloadSigner = { signAndVerify: () => new Promise(() => undefined) };
    const instant: WorkloadSigner = {
      signAndVerify: async (requests) => ({
        signatures: requests.map((r) => sm.sign(r.privateKey, r.message)),
        valid: requests.map(() => true),
      }),
    };
    for (const signer of [instant, never]) {
      const { arrivals, factory } = sources();
      const memo = new VerifyMemo();
      const prepared = new PreparedWorkload(arrivals, factory, sm, memo, signer, durationUs);
      const window = prepared.prepare(40_000); // half the run prepared; the rest built on demand
      if (signer === instant) await window;
      const got = want.map(({ atUs }) => prepared.take(atUs));
      expect(got).toEqual(want.map((w) => w.tx));
      if (signer === instant) expect(prepared.taken.pool).toBeGreaterThan(0);
      else expect(prepared.taken.pool).toBe(0);
      expect(prepared.taken.pool + prepared.taken.local).toBe(want.length);
    }
  });

  it("refuses to hand out a transaction for a time at which nothing arrives", () => {
    const { arrivals, factory } = sources();
    const prepared = new PreparedWorkload(arrivals, factory, sm, new VerifyMemo(), { signAndVerify: async () => ({ signatures: [], valid: [] }) }, durationUs);
    expect(() => prepared.take(expected()[0]!.atUs + 1)).toThrow(/no arrival/);
  });
});
