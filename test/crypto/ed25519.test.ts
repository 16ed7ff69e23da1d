/**
 * Ed25519: RFC 8032 §7.1 test 1, seeded keys, determinism, node:crypto against @noble/curves both ways,
 * and verify returning false, never throwing, on malformed input.
 */
import { ed25519 as noble } from "@noble/curves/ed25519.js";
import { describe, expect, it } from "vitest";
import { ed25519KeyPairFromSeed, ed25519PublicKey, ed25519Sign, ed25519Verify } from "../../src/crypto/ed25519.js";
import { fromHex, hex, SeededBytes, utf8 } from "./helpers.js";

describe("ed25519 RFC 8032 §7.1 TEST 1", () => {
  it("derives the public key and signs the empty message to the published signature", () => {
    const secret = fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    const publicKey = ed25519PublicKey(secret);
    expect(hex(publicKey)).toBe("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    const signature = ed25519Sign(secret, new Uint8Array(0));
    expect(hex(signature)).toBe(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    );
    expect(ed25519Verify(publicKey, new Uint8Array(0), signature)).toBe(true);
  });
});

describe("ed25519", () => {
  it("agrees with @noble/curves on keys and signatures for 20 seeded keys, both ways", () => {
    const random = new SeededBytes("ed25519");
    for (let i = 0; i < 20; i++) {
      const { privateKey, publicKey } = ed25519KeyPairFromSeed(random.next(16));
      const message = random.next(i * 31);
      expect(hex(noble.getPublicKey(privateKey))).toBe(hex(publicKey));
      const signature = ed25519Sign(privateKey, message);
      expect(hex(noble.sign(message, privateKey))).toBe(hex(signature));
      expect(noble.verify(signature, message, publicKey)).toBe(true);
      expect(ed25519Verify(publicKey, message, noble.sign(message, privateKey))).toBe(true);
      expect(ed25519Verify(publicKey, utf8("tampered"), signature)).toBe(false);
    }
  });

  it("derives keys deterministically from seeds", () => {
    expect(hex(ed25519KeyPairFromSeed(utf8("a")).publicKey)).toBe(hex(ed25519KeyPairFromSeed(utf8("a")).publicKey));
    expect(hex(ed25519KeyPairFromSeed(utf8("a")).publicKey)).not.toBe(hex(ed25519KeyPairFromSeed(utf8("b")).publicKey));
  });

  it("rejects flipped bits, non-canonical S, bad keys; never throws on random input", () => {
    const { privateKey, publicKey } = ed25519KeyPairFromSeed(utf8("reject"));
    const message = utf8("m");
    const signature = ed25519Sign(privateKey, message);
    for (let bit = 0; bit < 512; bit += 5) {
      const corrupted = signature.slice();
      corrupted[bit >> 3] = (corrupted[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      expect(ed25519Verify(publicKey, message, corrupted)).toBe(false);
    }
    // S + L (non-canonical, malleated) must be rejected per RFC 8032 §5.1.7.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    const sLe = BigInt(`0x${hex(signature.slice(32).reverse())}`) + L;
    const malleated = signature.slice();
    malleated.set(fromHex(sLe.toString(16).padStart(64, "0")).reverse(), 32);
    expect(ed25519Verify(publicKey, message, malleated)).toBe(false);
    const random = new SeededBytes("ed25519-fuzz");
    for (let i = 0; i < 500; i++) {
      const key = i % 2 === 0 ? publicKey : random.next(random.int(40));
      expect(ed25519Verify(key, random.next(10), random.next(i % 3 === 0 ? 64 : random.int(80)))).toBe(false);
    }
    expect(ed25519Verify(publicKey, message, undefined as unknown as Uint8Array)).toBe(false);
  });

  it("throws naming ed25519Sign on a malformed private key", () => {
    expect(() => ed25519Sign(new Uint8Array(31), utf8("m"))).toThrow(/ed25519Sign/);
  });
});
