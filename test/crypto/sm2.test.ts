/**
 * SM2 signatures against the GB/T 32918 example on sm2p256v1 (public key, ZA, e, and (r, s) from the
 * published k), plus the properties the simulator relies on: determinism, round trips, rejection of every
 * corruption, strict DER, and verify never throwing.
 */
import { describe, expect, it } from "vitest";
import { decodeDerSignature, encodeDerSignature } from "../../src/crypto/der.js";
import {
  SM2_CURVE,
  signWithK,
  sm2KeyPairFromSeed,
  sm2MessageDigest,
  sm2PublicKey,
  sm2Sign,
  sm2Verify,
  sm2Za,
} from "../../src/crypto/sm2.js";
import { fromHex, hex, SeededBytes, utf8 } from "./helpers.js";

const dA = fromHex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");
const xA = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020".toLowerCase();
const yA = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13".toLowerCase();
const MESSAGE = utf8("message digest");
const K = 0x59276e27d506861a16680f3ad9c02dccef3cc1fa3cdbe4ce6d54b80deac1bc21n;
const N = SM2_CURVE.n;

describe("sm2 GB/T 32918 example (sm2p256v1, ID 1234567812345678, 'message digest')", () => {
  const publicKey = sm2PublicKey(dA);

  it("derives PA = dA·G = (xA, yA)", () => {
    expect(hex(publicKey)).toBe(`04${xA}${yA}`);
  });

  it("computes ZA", () => {
    expect(hex(sm2Za(publicKey))).toBe("b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3");
  });

  it("computes e = SM3(ZA || M)", () => {
    expect(sm2MessageDigest(sm2Za(publicKey), MESSAGE).toString(16)).toBe(
      "f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640",
    );
  });

  it("signs with the published k to the published (r, s), which verifies", () => {
    const { r, s } = signWithK(dA, MESSAGE, K);
    expect(r.toString(16)).toBe("f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3");
    expect(s.toString(16)).toBe("b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa");
    expect(sm2Verify(publicKey, MESSAGE, encodeDerSignature(r, s))).toBe(true);
  });

  it("rejects k outside [1, n−1] naming signWithK", () => {
    expect(() => signWithK(dA, MESSAGE, 0n)).toThrow(/signWithK/);
    expect(() => signWithK(dA, MESSAGE, N)).toThrow(/signWithK/);
  });
});

describe("sm2 signing", () => {
  const random = new SeededBytes("sm2-sign");

  it("is deterministic: same key and message give the same bytes; other messages give others", () => {
    const { privateKey } = sm2KeyPairFromSeed(utf8("node/0"));
    const first = sm2Sign(privateKey, utf8("block 1"));
    expect(hex(sm2Sign(privateKey, utf8("block 1")))).toBe(hex(first));
    expect(hex(sm2Sign(privateKey, utf8("block 2")))).not.toBe(hex(first));
  });

  it("keeps key derivation and nonces stable (pinned bytes: result hashes of every run depend on them)", () => {
    const { privateKey } = sm2KeyPairFromSeed(utf8("golden"));
    expect(hex(privateKey)).toBe("e30fabd98ecdb1a921773e61716ca34c4de54059014d50db3ae5b766c47ce656");
    expect(hex(sm2Sign(privateKey, utf8("block 1")))).toBe(
      "304502210088addb4487722c834fba920689ad59750c20e324e14af36ca7c5d4e0ae68f658" +
        "02204dec4c99c4023dbafc6db023b6afa05e04bd622ed574dc971869e9bf3252d431",
    );
  });

  it("derives keys deterministically from seeds, distinct per seed, in [1, n−2]", () => {
    const a = sm2KeyPairFromSeed(utf8("seed-a"));
    expect(hex(sm2KeyPairFromSeed(utf8("seed-a")).privateKey)).toBe(hex(a.privateKey));
    expect(hex(sm2KeyPairFromSeed(utf8("seed-b")).privateKey)).not.toBe(hex(a.privateKey));
    expect(hex(a.publicKey)).toBe(hex(sm2PublicKey(a.privateKey)));
    expect(a.publicKey).toHaveLength(65);
    expect(a.privateKey).toHaveLength(32);
  });

  it("round-trips 30 seeded keys × messages of varied length", () => {
    for (let i = 0; i < 30; i++) {
      const { privateKey, publicKey } = sm2KeyPairFromSeed(random.next(16));
      const message = random.next(i * 37);
      const signature = sm2Sign(privateKey, message);
      expect(sm2Verify(publicKey, message, signature)).toBe(true);
      const parsed = decodeDerSignature(signature);
      expect(parsed).not.toBeNull();
    }
  });

  it("throws naming sm2Sign on a malformed private key", () => {
    expect(() => sm2Sign(new Uint8Array(31), MESSAGE)).toThrow(/sm2Sign/);
    expect(() => sm2Sign(new Uint8Array(32), MESSAGE)).toThrow(/sm2Sign: SM2 private key out of range/);
    const nMinus1 = fromHex((N - 1n).toString(16));
    expect(() => sm2Sign(nMinus1, MESSAGE)).toThrow(/sm2Sign/);
  });

  it("honours a non-default signer ID (signatures do not cross IDs)", () => {
    const { privateKey, publicKey } = sm2KeyPairFromSeed(utf8("id-test"));
    const alice = utf8("ALICE123@YAHOO.COM");
    const signature = sm2Sign(privateKey, MESSAGE, alice);
    expect(sm2Verify(publicKey, MESSAGE, signature, alice)).toBe(true);
    expect(sm2Verify(publicKey, MESSAGE, signature)).toBe(false);
  });
});

describe("sm2 verification with cached key tables", () => {
  it("gives the same answers before and after a key's table is built (4th use)", () => {
    const { privateKey, publicKey } = sm2KeyPairFromSeed(utf8("warm-key"));
    for (let i = 0; i < 12; i++) {
      const message = utf8(`block ${i}`);
      const signature = sm2Sign(privateKey, message);
      expect(sm2Verify(publicKey, message, signature)).toBe(true);
      expect(sm2Verify(publicKey, utf8(`block ${i + 1}`), signature)).toBe(false);
    }
  });

  it("stays correct when more keys are used than the cache holds (eviction)", () => {
    const random = new SeededBytes("sm2-evict");
    const pairs = Array.from({ length: 300 }, () => sm2KeyPairFromSeed(random.next(8)));
    const message = utf8("evict");
    const signatures = pairs.map((pair) => sm2Sign(pair.privateKey, message));
    for (let round = 0; round < 2; round++) {
      pairs.forEach((pair, i) => expect(sm2Verify(pair.publicKey, message, signatures[i] ?? new Uint8Array())).toBe(true));
    }
  });
});

describe("sm2 verification rejects", () => {
  const { privateKey, publicKey } = sm2KeyPairFromSeed(utf8("reject"));
  const message = utf8("transfer 10 to bob");
  const signature = sm2Sign(privateKey, message);
  const other = sm2KeyPairFromSeed(utf8("reject-other"));

  it("a changed message, another key, or any single flipped signature bit", () => {
    expect(sm2Verify(publicKey, utf8("transfer 99 to bob"), signature)).toBe(false);
    expect(sm2Verify(other.publicKey, message, signature)).toBe(false);
    for (let bit = 0; bit < signature.length * 8; bit++) {
      const corrupted = signature.slice();
      corrupted[bit >> 3] = (corrupted[bit >> 3] ?? 0) ^ (1 << (bit & 7));
      expect(sm2Verify(publicKey, message, corrupted)).toBe(false);
    }
  });

  it("a corrupted public key (off-curve, wrong prefix, wrong length, infinity)", () => {
    const offCurve = publicKey.slice();
    offCurve[64] = (offCurve[64] ?? 0) ^ 1;
    const compressedPrefix = publicKey.slice();
    compressedPrefix[0] = 0x02;
    for (const key of [offCurve, compressedPrefix, publicKey.subarray(0, 64), new Uint8Array(65), new Uint8Array(0)]) {
      expect(sm2Verify(key, message, signature)).toBe(false);
    }
  });

  it("r or s out of [1, n−1], and (r, s) with r + s = n", () => {
    const { r, s } = decodeDerSignature(signature) ?? { r: 0n, s: 0n };
    for (const [rr, ss] of [[0n, s], [r, 0n], [r + N, s], [r, s + N], [N - s, s]] as const) {
      expect(sm2Verify(publicKey, message, encodeDerSignature(rr, ss))).toBe(false);
    }
  });

  it("non-strict DER: padding, trailing bytes, long-form length, negative integers, wrong tags", () => {
    const { r, s } = decodeDerSignature(signature) ?? { r: 0n, s: 0n };
    const body = signature.subarray(2);
    const cases: Uint8Array[] = [
      Uint8Array.from([...signature, 0]), // trailing byte
      Uint8Array.from([0x30, 0x81, body.length, ...body]), // long-form length
      Uint8Array.from([0x31, ...signature.subarray(1)]), // SET, not SEQUENCE
      Uint8Array.from([0x30, body.length + 1, ...body]), // length mismatch
    ];
    const padded = (value: bigint): number[] => {
      const bytes = [...Buffer.from(value.toString(16).padStart(64, "0"), "hex")];
      return [0x02, bytes.length + 1, 0x00, ...bytes];
    };
    const minimal = (value: bigint): number[] => [...encodeDerSignature(value, 1n).subarray(2, 4 + Number(encodeDerSignature(value, 1n)[3]))];
    const seq = (...parts: number[][]): Uint8Array => Uint8Array.from([0x30, parts.flat().length, ...parts.flat()]);
    if ((r >> 255n) === 0n) cases.push(seq(padded(r), minimal(s))); // redundant 0x00 before a low top bit
    cases.push(seq([0x02, 0x01, 0x80], minimal(s))); // negative r
    cases.push(seq(minimal(r), [0x02, 0x00])); // empty integer
    for (const encoded of cases) {
      expect(decodeDerSignature(encoded)).toBeNull();
      expect(sm2Verify(publicKey, message, encoded)).toBe(false);
    }
  });
});

describe("sm2Verify never throws", () => {
  it("on 2,000 seeded random inputs (random lengths, DER-shaped and raw)", () => {
    const random = new SeededBytes("sm2-fuzz");
    const { publicKey } = sm2KeyPairFromSeed(utf8("fuzz"));
    for (let i = 0; i < 2000; i++) {
      const key = i % 3 === 0 ? publicKey : random.next(random.int(70));
      let signature = random.next(random.int(80));
      if (i % 2 === 0 && signature.length > 8) {
        signature[0] = 0x30;
        signature[1] = signature.length - 2;
        signature[2] = 0x02;
      }
      if (i % 5 === 0) signature = encodeDerSignature(BigInt(`0x${hex(random.next(32))}`), BigInt(`0x${hex(random.next(32))}`));
      expect(sm2Verify(key, random.next(random.int(64)), signature)).toBe(false);
    }
  });

  it("on values that are not byte arrays", () => {
    const junk = [undefined, null, 42, "04ab", {}, [4, 1, 2]] as unknown as Uint8Array[];
    for (const value of junk) {
      expect(sm2Verify(value, MESSAGE, new Uint8Array(70))).toBe(false);
      expect(sm2Verify(new Uint8Array(65), value, new Uint8Array(70))).toBe(false);
      expect(sm2Verify(new Uint8Array(65), MESSAGE, value)).toBe(false);
    }
  });
});
