/**
 * ECDSA P-256/SHA-256: the RFC 6979 A.2.5 vectors, signatures byte-identical to noble's, determinism, round
 * trips, node:crypto and noble agreeing
 * on every signature (valid or not), and verify returning false, never throwing, on malformed input.
 */
import { createPrivateKey, sign as nodeSign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeDerSignature, encodeDerSignature } from "../../src/crypto/der.js";
import {
  p256KeyPairFromSeed,
  p256PublicKey,
  p256Sign,
  p256SignNoble,
  p256Verify,
  p256VerifyNoble,
} from "../../src/crypto/intl.js";
import { p256 } from "@noble/curves/nist.js";
import { fromHex, SeededBytes, utf8 } from "./helpers.js";

const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

describe("ecdsa-p256 RFC 6979 A.2.5 (SHA-256, message 'sample')", () => {
  it("signs with the deterministic k to the published (r, s)", () => {
    const privateKey = fromHex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    const signature = decodeDerSignature(p256Sign(privateKey, utf8("sample")));
    expect(signature?.r.toString(16)).toBe("efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716");
    expect(signature?.s.toString(16)).toBe("f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8");
    expect(p256Verify(p256PublicKey(privateKey), utf8("sample"), p256Sign(privateKey, utf8("sample")))).toBe(true);
  });

  it("signs 'test' to the published (r, s)", () => {
    const privateKey = fromHex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    const signature = decodeDerSignature(p256Sign(privateKey, utf8("test")));
    expect(signature?.r.toString(16)).toBe("f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367");
    expect(signature?.s.toString(16)).toBe("19f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083");
  });

  it("derives the RFC 6979 A.2.5 public key", () => {
    const privateKey = fromHex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    expect(Buffer.from(p256PublicKey(privateKey)).toString("hex")).toBe(
      "04" +
        "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6" +
        "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299",
    );
  });
});

describe("ecdsa-p256", () => {
  const random = new SeededBytes("p256");

  it("produces the same public keys and signature bytes as @noble/curves for 20 seeded keys", () => {
    for (let i = 0; i < 20; i++) {
      const { privateKey, publicKey } = p256KeyPairFromSeed(random.next(16));
      expect(Buffer.from(p256.getPublicKey(privateKey, false)).equals(publicKey)).toBe(true);
      const message = random.next(i * 17);
      expect(Buffer.from(p256Sign(privateKey, message)).equals(p256SignNoble(privateKey, message))).toBe(true);
    }
  });

  it("round-trips 20 seeded keys, deterministically, and node and noble agree", () => {
    for (let i = 0; i < 20; i++) {
      const { privateKey, publicKey } = p256KeyPairFromSeed(random.next(16));
      const message = random.next(i * 29);
      const signature = p256Sign(privateKey, message);
      expect(Buffer.from(p256Sign(privateKey, message)).equals(signature)).toBe(true);
      expect(p256Verify(publicKey, message, signature)).toBe(true);
      expect(p256VerifyNoble(publicKey, message, signature)).toBe(true);
      const tampered = message.length > 0 ? message.slice(1) : utf8("x");
      expect(p256Verify(publicKey, tampered, signature)).toBe(false);
      expect(p256VerifyNoble(publicKey, tampered, signature)).toBe(false);
    }
  });

  it("verifies (randomised) node:crypto signatures over the same key", () => {
    const { privateKey, publicKey } = p256KeyPairFromSeed(utf8("node-signed"));
    const jwkD = Buffer.from(privateKey).toString("base64url");
    const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url");
    const keyObject = createPrivateKey({
      key: { kty: "EC", crv: "P-256", d: jwkD, x: b64(publicKey.subarray(1, 33)), y: b64(publicKey.subarray(33)) },
      format: "jwk",
    });
    const signature = new Uint8Array(nodeSign("sha256", utf8("hello"), keyObject));
    expect(p256Verify(publicKey, utf8("hello"), signature)).toBe(true);
    expect(p256VerifyNoble(publicKey, utf8("hello"), signature)).toBe(true);
  });

  it("rejects flipped bits, out-of-range (r, s), bad keys, and never throws on random input", () => {
    const { privateKey, publicKey } = p256KeyPairFromSeed(utf8("reject"));
    const message = utf8("m");
    const signature = p256Sign(privateKey, message);
    for (let bit = 0; bit < signature.length * 8; bit += 3) {
      const corrupted = signature.slice();
      corrupted[bit >> 3] = (corrupted[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      expect(p256Verify(publicKey, message, corrupted)).toBe(false);
      expect(p256VerifyNoble(publicKey, message, corrupted)).toBe(false);
    }
    const { r, s } = decodeDerSignature(signature) ?? { r: 0n, s: 0n };
    expect(p256Verify(publicKey, message, encodeDerSignature(r, s + N))).toBe(false);
    expect(p256Verify(publicKey, message, encodeDerSignature(0n, s))).toBe(false);
    const offCurve = publicKey.slice();
    offCurve[40] = (offCurve[40] ?? 0) ^ 1;
    expect(p256Verify(offCurve, message, signature)).toBe(false);
    expect(p256Verify(publicKey.subarray(1), message, signature)).toBe(false);
    const random = new SeededBytes("p256-fuzz");
    for (let i = 0; i < 500; i++) {
      const key = i % 2 === 0 ? publicKey : random.next(random.int(70));
      expect(p256Verify(key, random.next(10), random.next(random.int(80)))).toBe(false);
    }
    expect(p256Verify(null as unknown as Uint8Array, message, signature)).toBe(false);
  });

  it("throws naming p256Sign on a malformed private key", () => {
    expect(() => p256Sign(new Uint8Array(32), utf8("m"))).toThrow(/p256Sign/);
    expect(() => p256Sign(new Uint8Array(33), utf8("m"))).toThrow(/p256Sign/);
  });
});
