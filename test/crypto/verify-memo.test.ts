/** VerifyMemo (ARCHITECTURE §4): charges every call, computes each distinct verification once, bounded. */
import { describe, expect, it } from "vitest";
import { getSuite } from "../../src/crypto/suites.js";
import type { SignatureSuite } from "../../src/crypto/types.js";
import { memoKey, VerifyMemo } from "../../src/crypto/verify-memo.js";
import { utf8 } from "./helpers.js";

/** Wraps a suite so the test can count real verifications. */
function counting(suite: SignatureSuite): { suite: SignatureSuite; calls: () => number } {
  let calls = 0;
  return {
    suite: { ...suite, verify: (pk, m, s) => (calls++, suite.verify(pk, m, s)) },
    calls: () => calls,
  };
}

describe("VerifyMemo", () => {
  const sm = getSuite("sm");
  const keys = sm.generateKeyPair(utf8("memo"));
  const message = utf8("PRE-PREPARE v=0 n=1");
  const signature = sm.sign(keys.privateKey, message);

  it("charges every call and executes once for n−1 receivers of a broadcast", () => {
    const memo = new VerifyMemo();
    const { suite, calls } = counting(sm);
    for (let receiver = 1; receiver < 16; receiver++) {
      expect(memo.verify(suite, keys.publicKey, message, signature)).toBe(true);
    }
    expect(memo.stats()).toEqual({ sm2: { charged: 15, executed: 1 } });
    expect(calls()).toBe(1);
  });

  it("rejects a forged message reusing a valid signature (the digest is in the key)", () => {
    const memo = new VerifyMemo();
    expect(memo.verify(sm, keys.publicKey, message, signature)).toBe(true);
    expect(memo.verify(sm, keys.publicKey, utf8("PRE-PREPARE v=0 n=2"), signature)).toBe(false);
    const otherKey = sm.generateKeyPair(utf8("memo-other")).publicKey;
    expect(memo.verify(sm, otherKey, message, signature)).toBe(false);
    expect(memo.stats()).toEqual({ sm2: { charged: 3, executed: 3 } });
  });

  it("remembers failures too, and counts per scheme in sorted order", () => {
    const memo = new VerifyMemo();
    const intl = getSuite("intl");
    const intlKeys = intl.generateKeyPair(utf8("memo-intl"));
    const intlSignature = intl.sign(intlKeys.privateKey, message);
    const bad = signature.slice();
    bad[10] = (bad[10] ?? 0) ^ 1;
    for (let i = 0; i < 3; i++) {
      expect(memo.verify(sm, keys.publicKey, message, bad)).toBe(false);
      expect(memo.verify(intl, intlKeys.publicKey, message, intlSignature)).toBe(true);
    }
    const stats = memo.stats();
    expect(Object.keys(stats)).toEqual(["ecdsa-p256", "sm2"]);
    expect(stats).toEqual({ "ecdsa-p256": { charged: 3, executed: 1 }, sm2: { charged: 3, executed: 1 } });
  });

  it("answers a signature object it saw from the fast path, but never for another message or key", () => {
    const memo = new VerifyMemo(8);
    const sm = getSuite("sm");
    const keys = sm.generateKeyPair(utf8("memo-fast"));
    const other = sm.generateKeyPair(utf8("memo-fast-other"));
    const message = utf8("broadcast");
    const signature = sm.sign(keys.privateKey, message);
    for (let receiver = 0; receiver < 5; receiver++) expect(memo.verify(sm, keys.publicKey, message.slice(), signature)).toBe(true);
    expect(memo.stats().sm2).toEqual({ charged: 5, executed: 1 });
    // The same signature object over a forged message, or claimed by another key: verified for real, false.
    expect(memo.verify(sm, keys.publicKey, utf8("forged"), signature)).toBe(false);
    expect(memo.verify(sm, other.publicKey, message, signature)).toBe(false);
    expect(memo.stats().sm2).toEqual({ charged: 7, executed: 3 });
    // And the original is still answered correctly afterwards.
    expect(memo.verify(sm, keys.publicKey, message, signature)).toBe(true);
  });

  it("stays within its capacity and still answers correctly after forgetting", () => {
    const memo = new VerifyMemo(8);
    const ed = getSuite("ed25519");
    const edKeys = ed.generateKeyPair(utf8("memo-ed"));
    const messages = Array.from({ length: 20 }, (_, i) => utf8(`m${i}`));
    const signatures = messages.map((m) => ed.sign(edKeys.privateKey, m));
    for (let round = 0; round < 2; round++) {
      // Fresh copies of the signatures: the same object would be answered by the per-object fast path.
      messages.forEach((m, i) => expect(memo.verify(ed, edKeys.publicKey, m, (signatures[i] ?? new Uint8Array()).slice())).toBe(true));
      expect(memo.size).toBeLessThanOrEqual(8);
    }
    expect(memo.stats().ed25519).toEqual({ charged: 40, executed: 40 });
    memo.reset();
    expect(memo.stats()).toEqual({});
    expect(() => new VerifyMemo(1)).toThrow(/VerifyMemo: capacity/);
  });

  it("never throws on junk input", () => {
    const memo = new VerifyMemo();
    expect(memo.verify(sm, null as unknown as Uint8Array, message, signature)).toBe(false);
    expect(memo.stats()).toEqual({ sm2: { charged: 1, executed: 1 } });
  });

  it("takes an answer handed over by another partition without computing or counting it again", () => {
    const memo = new VerifyMemo();
    const { suite, calls } = counting(sm);
    // The signer's partition computed and counted it; this one is handed the answer.
    memo.primeKey(memoKey(sm.signatureName, keys.publicKey, message, signature), true);
    const forged = utf8("PRE-PREPARE v=0 n=9");
    memo.primeKey(memoKey(sm.signatureName, keys.publicKey, forged, signature), false);
    expect(memo.verify(suite, keys.publicKey, message, signature)).toBe(true);
    expect(memo.verify(suite, keys.publicKey, forged, signature)).toBe(false);
    expect(calls()).toBe(0);
    expect(memo.stats()).toEqual({ sm2: { charged: 2, executed: 0 } });
    memo.countComputed(sm);
    expect(memo.stats()).toEqual({ sm2: { charged: 2, executed: 1 } });
    // An answer primed by the crypto pool (prime()) still counts when used: nobody counted it before.
    const other = utf8("COMMIT v=0 n=1");
    const otherSignature = sm.sign(keys.privateKey, other);
    memo.prime(sm, keys.publicKey, other, otherSignature, true);
    expect(memo.verify(suite, keys.publicKey, other, otherSignature)).toBe(true);
    expect(calls()).toBe(0);
    expect(memo.stats()).toEqual({ sm2: { charged: 3, executed: 2 } });
  });
});
