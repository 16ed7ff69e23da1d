/** SM4 against the GB/T 32907 single-block example, plus ECB/CBC round trips and argument errors. */
import { describe, expect, it } from "vitest";
import { sm4Decrypt, sm4Encrypt, sm4GcmSupported } from "../../src/crypto/sm4.js";
import { getSuite } from "../../src/crypto/suites.js";
import { fromHex, hex, SeededBytes } from "./helpers.js";

const KEY = fromHex("0123456789abcdeffedcba9876543210");

describe("sm4 (GB/T 32907 example 1)", () => {
  it("encrypts the example block to 681edf34d206965e86b3e94f536e4246", () => {
    const ciphertext = sm4Encrypt(KEY, new Uint8Array(0), KEY, "ecb", { padding: false });
    expect(hex(ciphertext)).toBe("681edf34d206965e86b3e94f536e4246");
    expect(hex(sm4Decrypt(KEY, new Uint8Array(0), ciphertext, "ecb", { padding: false }))).toBe(hex(KEY));
  });

  it("round-trips padded ECB and CBC for lengths 0..40 through the sm suite", () => {
    const sm = getSuite("sm");
    const random = new SeededBytes("sm4-roundtrip");
    const iv = random.next(16);
    for (let length = 0; length <= 40; length++) {
      const plaintext = random.next(length);
      for (const mode of ["ecb", "cbc"] as const) {
        const ivForMode = mode === "ecb" ? new Uint8Array(0) : iv;
        const ciphertext = sm.encrypt(KEY, ivForMode, plaintext, mode);
        expect(ciphertext.length).toBe((Math.floor(length / 16) + 1) * 16); // PKCS#7 always adds a block part
        expect(hex(sm.decrypt(KEY, ivForMode, ciphertext, mode))).toBe(hex(plaintext));
      }
    }
  });

  it("CBC chains blocks: equal plaintext blocks give different ciphertext blocks", () => {
    const plaintext = new Uint8Array(32).fill(7);
    const ciphertext = sm4Encrypt(KEY, new Uint8Array(16), plaintext, "cbc", { padding: false });
    expect(hex(ciphertext.subarray(0, 16))).not.toBe(hex(ciphertext.subarray(16)));
  });

  it("names the function, the mode and the problem in its errors", () => {
    expect(() => sm4Encrypt(new Uint8Array(15), new Uint8Array(0), KEY, "ecb")).toThrow(/sm4Encrypt: SM4 key/);
    expect(() => sm4Decrypt(KEY, new Uint8Array(8), KEY, "cbc")).toThrow(/sm4Decrypt: SM4-CBC IV/);
    expect(() => sm4Decrypt(KEY, new Uint8Array(0), new Uint8Array(16), "ecb")).toThrow(/sm4Decrypt:/);
    // @ts-expect-error -- an unknown mode from untyped callers
    expect(() => sm4Encrypt(KEY, new Uint8Array(0), KEY, "xts")).toThrow(/unknown SM4 mode 'xts'/);
  });

  it("supports GCM when OpenSSL has sm4-gcm, and otherwise throws naming the mode", () => {
    const iv = new Uint8Array(12);
    if (sm4GcmSupported()) {
      const sealed = sm4Encrypt(KEY, iv, KEY, "gcm");
      expect(hex(sm4Decrypt(KEY, iv, sealed, "gcm"))).toBe(hex(KEY));
    } else {
      expect(() => sm4Encrypt(KEY, iv, KEY, "gcm")).toThrow(/sm4Encrypt: mode 'gcm'/);
    }
  });
});
