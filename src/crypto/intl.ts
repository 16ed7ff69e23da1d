/**
 * ECDSA over NIST P-256 with SHA-256 (FIPS 186-4). Signing is deterministic (RFC 6979 with HMAC-SHA-256;
 * node:crypto's ECDSA signing is randomised, which would break run reproducibility) on the fixed-window
 * tables of a3-curve.ts, byte-identical to @noble/curves' p256.sign and ~4× faster; verification is
 * node:crypto/OpenSSL with a bounded cache of public KeyObjects. Signatures are DER SEQUENCE { r, s }
 * without low-S normalisation, as OpenSSL writes them.
 */
import { createHash, createHmac, createPublicKey, verify as nodeVerify, type KeyObject } from "node:crypto";
import { invert } from "@noble/curves/abstract/modular.js";
import { p256 } from "@noble/curves/nist.js";
import { A3Curve, JACOBIAN_INFINITY, type AffinePoint, type FixedWindowTable } from "./a3-curve.js";
import { bigIntToBytes, bytesKey, bytesToBigInt, concatBytes, isBytes } from "./bytes.js";
import { decodeDerSignature, encodeDerSignature } from "./der.js";
import { LruMap } from "./lru.js";
import { rfc6979Nonces } from "./rfc6979.js";

const CURVE = p256.Point.CURVE();
const N = CURVE.n;
/** Fast variable-time arithmetic on P-256 (a = p − 3). */
const P256_MATH = new A3Curve(CURVE.p);
/** Window of the base-point table: W=8 is 33 × 128 affine points, built once on first use (~25 ms). */
const BASE_TABLE_WINDOW = 8;
/** Nonces tried before giving up; a retry has probability ~2^-224, so more than one never happens. */
const MAX_NONCE_ATTEMPTS = 64;
let baseTable: FixedWindowTable | undefined;
const FIELD_BYTES = 32;
/** Bound on cached public KeyObjects (a few hundred bytes each). */
const PUBLIC_KEY_CACHE_ENTRIES = 4096;
const publicKeyCache = new LruMap<string, KeyObject | null>(PUBLIC_KEY_CACHE_ENTRIES);

/** SHA-256 digest of the concatenation of `parts`. */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const hasher = createHash("sha256");
  for (const part of parts) hasher.update(part);
  return new Uint8Array(hasher.digest());
}

function checkPrivateKey(privateKey: Uint8Array, caller: string): void {
  if (!isBytes(privateKey) || privateKey.length !== FIELD_BYTES) {
    throw new Error(`${caller}: P-256 private key must be ${FIELD_BYTES} bytes`);
  }
  const d = bytesToBigInt(privateKey);
  if (d < 1n || d >= N) throw new RangeError(`${caller}: P-256 private key out of range [1, n-1]`);
}

/** HMAC-SHA-256 of the concatenation of `parts` (the RFC 6979 HMAC for P-256). */
function hmacSha256(key: Uint8Array, ...parts: readonly Uint8Array[]): Uint8Array {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return new Uint8Array(mac.digest());
}

/** k·G in affine coordinates for k in [1, n−1]. */
function baseMultiply(k: bigint): AffinePoint {
  baseTable ??= P256_MATH.buildTable({ x: CURVE.Gx, y: CURVE.Gy }, BASE_TABLE_WINDOW);
  const product = P256_MATH.addTableMultiples(JACOBIAN_INFINITY, [{ table: baseTable, scalar: k }]);
  return P256_MATH.toAffineBatch([product])[0] as AffinePoint;
}

/** The 65-byte uncompressed public key 0x04 || x || y of a P-256 private key. */
export function p256PublicKey(privateKey: Uint8Array): Uint8Array {
  checkPrivateKey(privateKey, "p256PublicKey");
  const { x, y } = baseMultiply(bytesToBigInt(privateKey));
  return concatBytes(Uint8Array.of(0x04), bigIntToBytes(x, FIELD_BYTES), bigIntToBytes(y, FIELD_BYTES));
}

/**
 * Deterministic (RFC 6979) ECDSA P-256/SHA-256 signature of `message`, DER-encoded:
 * e = SHA-256(M), (x1, y1) = kG, r = x1 mod n, s = k^-1 (e + r·d) mod n, retrying k when r or s is 0.
 */
export function p256Sign(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  checkPrivateKey(privateKey, "p256Sign");
  const d = bytesToBigInt(privateKey);
  const e = bytesToBigInt(sha256(message)); // bits2int: the hash is exactly qlen = 256 bits
  let attempts = 0;
  for (const k of rfc6979Nonces(hmacSha256, N, privateKey, e)) {
    const r = baseMultiply(k).x % N;
    const s = r === 0n ? 0n : (invert(k, N) * ((e + r * d) % N)) % N;
    if (s !== 0n) return encodeDerSignature(r, s);
    if (++attempts >= MAX_NONCE_ATTEMPTS) break;
  }
  throw new Error("p256Sign: no acceptable nonce found");
}

/** The reference signer (@noble/curves p256.sign, same RFC 6979 nonces): the cross-check for p256Sign. */
export function p256SignNoble(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  checkPrivateKey(privateKey, "p256SignNoble");
  return p256.sign(message, privateKey, { prehash: true, lowS: false, format: "der", extraEntropy: false });
}

/** node:crypto KeyObject for a 65-byte uncompressed P-256 public key; null when it is not a curve point. */
function publicKeyObject(publicKey: Uint8Array): KeyObject | null {
  const cacheKey = bytesKey(publicKey);
  const cached = publicKeyCache.get(cacheKey);
  if (cached !== undefined) return cached;
  let keyObject: KeyObject | null = null;
  try {
    p256.Point.fromBytes(publicKey).assertValidity(); // OpenSSL would accept some encodings we do not
    const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64url");
    keyObject = createPublicKey({
      key: { kty: "EC", crv: "P-256", x: b64(publicKey.subarray(1, 33)), y: b64(publicKey.subarray(33, 65)) },
      format: "jwk",
    });
  } catch {
    keyObject = null;
  }
  publicKeyCache.set(cacheKey, keyObject);
  return keyObject;
}

/** Verifies a DER ECDSA P-256/SHA-256 signature with node:crypto. Never throws: malformed input gives false. */
export function p256Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (!isBytes(publicKey) || !isBytes(message) || !isBytes(signature)) return false;
    if (publicKey.length !== 1 + 2 * FIELD_BYTES || publicKey[0] !== 0x04) return false;
    const parsed = decodeDerSignature(signature); // strict DER and range checks before OpenSSL sees it
    if (parsed === null || parsed.r < 1n || parsed.r >= N || parsed.s < 1n || parsed.s >= N) return false;
    const keyObject = publicKeyObject(publicKey);
    if (keyObject === null) return false;
    return nodeVerify("sha256", message, { key: keyObject, dsaEncoding: "der" }, signature);
  } catch {
    return false;
  }
}

/** Verifies with @noble/curves only (no OpenSSL): the cross-check for p256Verify. Never throws. */
export function p256VerifyNoble(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    const parsed = decodeDerSignature(signature);
    if (parsed === null) return false;
    return p256.verify(signature, message, publicKey, { prehash: true, lowS: false, format: "der" });
  } catch {
    return false;
  }
}

/**
 * Derives a key pair from a seed: d = 1 + (SHA-256("ledgersim/p256/d/0" || seed) || SHA-256("…/1" || seed))
 * mod (n − 1), uniform on [1, n − 1] up to a 2^-256 bias.
 */
export function p256KeyPairFromSeed(seed: Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array } {
  if (!isBytes(seed)) throw new TypeError("p256KeyPairFromSeed: seed must be a Uint8Array");
  const label = (i: number): Uint8Array => new TextEncoder().encode(`ledgersim/p256/d/${i}`);
  const wide = bytesToBigInt(concatBytes(sha256(label(0), seed), sha256(label(1), seed)));
  const privateKey = bigIntToBytes(1n + (wide % (N - 1n)), FIELD_BYTES);
  return { privateKey, publicKey: p256PublicKey(privateKey) };
}
