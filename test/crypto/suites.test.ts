/** The suite registry (ARCHITECTURE §8): every suite honours the SignatureSuite contract the same way. */
import { describe, expect, it } from "vitest";
import { getSuite, isSuiteName, listSuites } from "../../src/crypto/suites.js";
import type { SuiteName } from "../../src/crypto/types.js";
import { hex, utf8 } from "./helpers.js";

const EXPECTED = {
  sm: { hashName: "sm3", signatureName: "sm2", publicKeyBytes: 65 },
  intl: { hashName: "sha256", signatureName: "ecdsa-p256", publicKeyBytes: 65 },
  ed25519: { hashName: "sha256", signatureName: "ed25519", publicKeyBytes: 32 },
} as const;

describe("getSuite", () => {
  it("lists sm, intl and ed25519", () => {
    expect(listSuites()).toEqual(["sm", "intl", "ed25519"]);
    expect(isSuiteName("sm")).toBe(true);
    expect(isSuiteName("toString")).toBe(false);
  });

  for (const name of listSuites()) {
    it(`'${name}' signs deterministically, verifies, rejects tampering and hashes to 32 bytes`, () => {
      const suite = getSuite(name);
      expect(suite.name).toBe(name);
      expect(suite.hashName).toBe(EXPECTED[name].hashName);
      expect(suite.signatureName).toBe(EXPECTED[name].signatureName);
      const keys = suite.generateKeyPair(utf8(`suite-test/${name}`));
      expect(hex(suite.generateKeyPair(utf8(`suite-test/${name}`)).privateKey)).toBe(hex(keys.privateKey));
      expect(keys.publicKey).toHaveLength(EXPECTED[name].publicKeyBytes);
      expect(keys.privateKey).toHaveLength(32);
      const message = utf8("PREPARE view=1 seq=7");
      const signature = suite.sign(keys.privateKey, message);
      expect(hex(suite.sign(keys.privateKey, message))).toBe(hex(signature));
      expect(suite.verify(keys.publicKey, message, signature)).toBe(true);
      expect(suite.verify(keys.publicKey, utf8("PREPARE view=1 seq=8"), signature)).toBe(false);
      expect(suite.verify(keys.publicKey, message, signature.subarray(1))).toBe(false);
      expect(suite.hash(message)).toHaveLength(32);
    });
  }

  it("'sm' hashes with SM3 and exposes SM4", () => {
    const sm = getSuite("sm");
    expect(hex(sm.hash(utf8("abc")))).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    const key = new Uint8Array(16).fill(1);
    const iv = new Uint8Array(16).fill(2);
    expect(hex(sm.decrypt(key, iv, sm.encrypt(key, iv, utf8("secret"), "cbc"), "cbc"))).toBe(hex(utf8("secret")));
  });

  it("throws naming getSuite and the valid names for an unknown suite", () => {
    expect(() => getSuite("sm9" as SuiteName)).toThrow(/getSuite: unknown crypto suite 'sm9'.*sm, intl, ed25519.*did you mean 'sm'/);
    expect(() => getSuite("rsa" as SuiteName)).toThrow(/getSuite: unknown crypto suite 'rsa'/);
  });

  it("requires a seed for key generation, naming the suite", () => {
    expect(() => getSuite("intl").generateKeyPair()).toThrow(/getSuite\("intl"\)\.generateKeyPair: a seed is required/);
  });
});
