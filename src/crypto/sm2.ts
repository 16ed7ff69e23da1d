/**
 * SM2 digital signatures (GB/T 32918.2) on the recommended curve sm2p256v1 (GB/T 32918.5). Points are decoded
 * and validated by @noble/curves; scalar multiplication uses the fixed-window tables of a3-curve.ts
 * (the base point's is built once, a public key's on its second verification, in a bounded cache).
 *
 *   ZA = SM3(ENTL || ID || a || b || xG || yG || xA || yA),  e = SM3(ZA || M)
 *   sign:   (x1, y1) = kG, r = (e + x1) mod n, s = (1 + d)^-1 (k − r·d) mod n
 *   verify: t = (r + s) mod n, (x1, y1) = sG + tP, accept iff (e + x1) mod n = r
 *
 * Signing is deterministic: k comes from RFC 6979 §3.2 instantiated with HMAC-SM3 over (d, e), so a
 * simulation signs byte-identical messages with byte-identical signatures. Signatures are DER
 * SEQUENCE { INTEGER r, INTEGER s } as OpenSSL and GmSSL write them; public keys are 0x04 || x || y.
 */
import { weierstrass, type WeierstrassOpts } from "@noble/curves/abstract/weierstrass.js";
import { bigIntToBytes, bytesKey, bytesToBigInt, concatBytes, isBytes } from "./bytes.js";
import { decodeDerSignature, encodeDerSignature } from "./der.js";
import { LruMap } from "./lru.js";
import {
  A3Curve,
  JACOBIAN_INFINITY,
  type AffinePoint,
  type FixedWindowTable,
} from "./a3-curve.js";
import { rfc6979Nonces } from "./rfc6979.js";
import { hmacSm3, sm3 } from "./sm3.js";

/** sm2p256v1 domain parameters (GB/T 32918.5; identical to `openssl ecparam -name SM2 -param_enc explicit`). */
export const SM2_CURVE: WeierstrassOpts<bigint> = Object.freeze({
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  h: 1n,
  Gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  Gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
});

/** The default signer ID of GB/T 35276 / GM/T 0009 ("1234567812345678"), used by OpenSSL and GmSSL. */
export const SM2_DEFAULT_ID: Uint8Array = new TextEncoder().encode("1234567812345678");

/** noble Point constructor for sm2p256v1: decoding, validation, and the reference arithmetic in tests. */
export const Sm2Point = weierstrass(SM2_CURVE);
/** Fast variable-time arithmetic on sm2p256v1 (a = p − 3). */
export const SM2_MATH = new A3Curve(SM2_CURVE.p);

const N = SM2_CURVE.n;
const FIELD_BYTES = 32;
/** Window of the base-point table: W=8 is 33 × 128 affine points (~0.5 MB), built once in ~25 ms. */
const BASE_TABLE_WINDOW = 8;
/** Window of cached public-key tables: W=6 is 44 × 32 points (~0.17 MB) per key, built in ~6 ms. */
const PUBLIC_KEY_TABLE_WINDOW = 6;
/**
 * A key gets its table on its 4th verification: building one (~8 ms) costs about what it saves over ten
 * verifications, so keys seen a few times (e.g. client keys) never pay for it; node keys are warm at once.
 */
const PRECOMPUTE_AFTER_USES = 4;
/** Bound on cached public keys (each with its ZA and, when warm, its table): ≤ ~45 MB worst case. */
const PUBLIC_KEY_CACHE_ENTRIES = 256;
/** Bound on cached private keys (d, 1/(1+d) and ZA). */
const PRIVATE_KEY_CACHE_ENTRIES = 1024;
/** Nonces tried before giving up; each retry has probability ~2^-255, so more than one never happens. */
const MAX_NONCE_ATTEMPTS = 64;

const mod = (value: bigint): bigint => {
  const r = value % N;
  return r < 0n ? r + N : r;
};

/** GB/T 32918.2 §5.5: ZA = SM3(ENTL || ID || a || b || xG || yG || xA || yA). */
export function sm2Za(publicKey: Uint8Array, id: Uint8Array = SM2_DEFAULT_ID): Uint8Array {
  if (publicKey.length !== 1 + 2 * FIELD_BYTES || publicKey[0] !== 0x04) {
    throw new Error("sm2Za: public key must be 65 bytes 0x04 || x || y");
  }
  const entlBits = id.length * 8;
  if (entlBits > 0xffff) throw new RangeError("sm2Za: ID longer than 8191 bytes");
  const entl = Uint8Array.of(entlBits >> 8, entlBits & 0xff);
  const w = (v: bigint): Uint8Array => bigIntToBytes(v, FIELD_BYTES);
  const { a, b, Gx, Gy } = SM2_CURVE;
  return sm3(entl, id, w(a), w(b), w(Gx), w(Gy), publicKey.subarray(1));
}

/** e = SM3(ZA || M) as an integer (GB/T 32918.2 §6.1 steps A1–A2). */
export function sm2MessageDigest(za: Uint8Array, message: Uint8Array): bigint {
  return bytesToBigInt(sm3(za, message));
}

interface SignerKey {
  readonly d: bigint;
  readonly dBytes: Uint8Array;
  /** (1 + d)^-1 mod n. */
  readonly invOnePlusD: bigint;
  readonly publicKey: Uint8Array;
  readonly za: Uint8Array;
}

interface VerifierKey {
  readonly point: AffinePoint;
  readonly za: Uint8Array;
  uses: number;
  table: FixedWindowTable | null;
}

let baseTable: FixedWindowTable | undefined;
/** The base point's table, built on first use (so importing the module costs nothing). */
function baseWindowTable(): FixedWindowTable {
  baseTable ??= SM2_MATH.buildTable({ x: SM2_CURVE.Gx, y: SM2_CURVE.Gy }, BASE_TABLE_WINDOW);
  return baseTable;
}

/** k·G as affine bytes-ready coordinates, for k in [1, n−1]. */
function baseMultiply(k: bigint): AffinePoint {
  const product = SM2_MATH.addTableMultiples(JACOBIAN_INFINITY, [{ table: baseWindowTable(), scalar: k }]);
  return SM2_MATH.toAffineBatch([product])[0] as AffinePoint;
}

const signerCache = new LruMap<string, SignerKey>(PRIVATE_KEY_CACHE_ENTRIES);
const verifierCache = new LruMap<string, VerifierKey>(PUBLIC_KEY_CACHE_ENTRIES);

/** The scalar d of a 32-byte private key; throws (naming `caller`) unless 1 ≤ d ≤ n − 2. */
function privateScalar(privateKey: Uint8Array, caller: string): bigint {
  if (!isBytes(privateKey) || privateKey.length !== FIELD_BYTES) {
    throw new Error(`${caller}: SM2 private key must be ${FIELD_BYTES} bytes`);
  }
  const d = bytesToBigInt(privateKey);
  if (d < 1n || d > N - 2n) throw new RangeError(`${caller}: SM2 private key out of range [1, n-2]`);
  return d;
}

/** The 65-byte public key 0x04 || x || y of a 32-byte private key. */
export function sm2PublicKey(privateKey: Uint8Array): Uint8Array {
  const d = privateScalar(privateKey, "sm2PublicKey");
  return encodePoint(baseMultiply(d));
}

function encodePoint(point: AffinePoint): Uint8Array {
  return concatBytes(Uint8Array.of(0x04), bigIntToBytes(point.x, FIELD_BYTES), bigIntToBytes(point.y, FIELD_BYTES));
}

function signerKey(privateKey: Uint8Array, id: Uint8Array, caller: string): SignerKey {
  const cacheKey = `${bytesKey(id)}\u0000${bytesKey(privateKey)}`;
  const cached = signerCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const d = privateScalar(privateKey, caller);
  const publicKey = encodePoint(baseMultiply(d));
  const key: SignerKey = {
    d,
    dBytes: bigIntToBytes(d, FIELD_BYTES),
    invOnePlusD: Sm2Point.Fn.inv(d + 1n),
    publicKey,
    za: sm2Za(publicKey, id),
  };
  signerCache.set(cacheKey, key);
  return key;
}

/** One signing attempt with nonce k (GB/T 32918.2 §6.1 A4–A6); null when a check rejects k. */
function trySign(key: SignerKey, e: bigint, k: bigint): { r: bigint; s: bigint } | null {
  const x1 = baseMultiply(k).x;
  const r = mod(e + x1);
  if (r === 0n || r + k === N) return null;
  const s = mod(key.invOnePlusD * mod(k - r * key.d));
  return s === 0n ? null : { r, s };
}

/**
 * Signs with an explicit nonce k — for reproducing published vectors (GB/T 32918 annex) only.
 * Throws when k is out of [1, n−1] or rejected by the r/s checks.
 */
export function signWithK(
  privateKey: Uint8Array,
  message: Uint8Array,
  k: bigint,
  id: Uint8Array = SM2_DEFAULT_ID,
): { r: bigint; s: bigint } {
  if (k < 1n || k >= N) throw new RangeError("signWithK: k out of range [1, n-1]");
  const key = signerKey(privateKey, id, "signWithK");
  const signature = trySign(key, sm2MessageDigest(key.za, message), k);
  if (signature === null) throw new Error("signWithK: k rejected (r = 0, r + k = n or s = 0)");
  return signature;
}

/** Deterministic SM2 signature of `message`, DER-encoded. Throws on a malformed private key. */
export function sm2Sign(privateKey: Uint8Array, message: Uint8Array, id: Uint8Array = SM2_DEFAULT_ID): Uint8Array {
  const key = signerKey(privateKey, id, "sm2Sign");
  const e = sm2MessageDigest(key.za, message);
  let attempts = 0;
  for (const k of rfc6979Nonces(hmacSm3, N, key.dBytes, e)) {
    const signature = trySign(key, e, k);
    if (signature !== null) return encodeDerSignature(signature.r, signature.s);
    if (++attempts >= MAX_NONCE_ATTEMPTS) break;
  }
  throw new Error("sm2Sign: no acceptable nonce found");
}

/** The cached point and ZA of a public key, or null when it is not a valid curve point. */
function verifierKey(publicKey: Uint8Array, id: Uint8Array): VerifierKey | null {
  if (!isBytes(publicKey) || publicKey.length !== 1 + 2 * FIELD_BYTES || publicKey[0] !== 0x04) return null;
  const cacheKey = `${bytesKey(id)}\u0000${bytesKey(publicKey)}`;
  let key = verifierCache.get(cacheKey);
  if (key === undefined) {
    let point: AffinePoint;
    try {
      const decoded = Sm2Point.fromBytes(publicKey); // checks the curve equation; rejects infinity
      point = { x: decoded.x, y: decoded.y };
    } catch {
      return null;
    }
    key = { point, za: sm2Za(publicKey, id), uses: 0, table: null };
    verifierCache.set(cacheKey, key);
  }
  key.uses += 1;
  if (key.uses === PRECOMPUTE_AFTER_USES) key.table = SM2_MATH.buildTable(key.point, PUBLIC_KEY_TABLE_WINDOW);
  return key;
}

/** Verifies a DER SM2 signature. Never throws: any malformed key, signature or DER gives false. */
export function sm2Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  id: Uint8Array = SM2_DEFAULT_ID,
): boolean {
  try {
    if (!isBytes(message) || !isBytes(signature) || !isBytes(id)) return false;
    const parsed = decodeDerSignature(signature);
    if (parsed === null) return false;
    const { r, s } = parsed;
    if (r < 1n || r >= N || s < 1n || s >= N) return false;
    const key = verifierKey(publicKey, id);
    if (key === null) return false;
    const t = mod(r + s);
    if (t === 0n) return false;
    // (x1, y1) = s·G + t·P, from the two tables (warm key) or the base table plus a one-off wNAF.
    const sum =
      key.table !== null
        ? SM2_MATH.addTableMultiples(JACOBIAN_INFINITY, [
            { table: baseWindowTable(), scalar: s },
            { table: key.table, scalar: t },
          ])
        : SM2_MATH.addTableMultiples(SM2_MATH.multiplyOnce(key.point, t), [{ table: baseWindowTable(), scalar: s }]);
    if (sum.Z === 0n) return false;
    // (e + x1) mod n = r  ⇔  x1 ≡ r − e (mod n); as x1 < p < 2n, x1 is r − e mod n or that plus n.
    const target = mod(r - sm2MessageDigest(key.za, message));
    return SM2_MATH.xEquals(sum, target) || (target + N < SM2_CURVE.p && SM2_MATH.xEquals(sum, target + N));
  } catch {
    return false;
  }
}

/**
 * Derives a key pair from a seed: d = 1 + (SM3("ledgersim/sm2/d/0" || seed) || SM3("…/1" || seed)) mod (n − 2),
 * uniform on [1, n − 2] up to a 2^-256 bias.
 */
export function sm2KeyPairFromSeed(seed: Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array } {
  if (!isBytes(seed)) throw new TypeError("sm2KeyPairFromSeed: seed must be a Uint8Array");
  const label = (i: number): Uint8Array => new TextEncoder().encode(`ledgersim/sm2/d/${i}`);
  const wide = bytesToBigInt(concatBytes(sm3(label(0), seed), sm3(label(1), seed)));
  const privateKey = bigIntToBytes(1n + (wide % (N - 2n)), FIELD_BYTES);
  return { privateKey, publicKey: sm2PublicKey(privateKey) };
}
