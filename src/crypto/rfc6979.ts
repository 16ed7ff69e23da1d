/**
 * Deterministic nonces per RFC 6979 §3.2, for 256-bit group orders and 256-bit HMACs (qlen = hlen = 256,
 * so bits2int is plain big-endian conversion). SM2 instantiates it with HMAC-SM3, ECDSA P-256 with
 * HMAC-SHA-256 (where it reproduces the RFC's own A.2.5 vectors).
 */
import { bigIntToBytes, bytesToBigInt } from "./bytes.js";

/** HMAC of the concatenation of `parts` under `key` (32-byte output). */
export type Hmac256 = (key: Uint8Array, ...parts: readonly Uint8Array[]) => Uint8Array;

/**
 * Candidate nonces k in [1, n−1] for private scalar bytes `x` (32 bytes) and message hash integer `e`;
 * the caller draws the next one when its scheme rejects a k (RFC 6979 §3.2 step h.3).
 */
export function* rfc6979Nonces(hmac: Hmac256, n: bigint, x: Uint8Array, e: bigint): Generator<bigint, void, void> {
  const h1 = bigIntToBytes(e % n, 32); // bits2octets(H(m)) = int2octets(bits2int(H(m)) mod n)
  let v: Uint8Array = new Uint8Array(32).fill(1);
  let k: Uint8Array = new Uint8Array(32);
  k = hmac(k, v, Uint8Array.of(0), x, h1);
  v = hmac(k, v);
  k = hmac(k, v, Uint8Array.of(1), x, h1);
  v = hmac(k, v);
  for (;;) {
    v = hmac(k, v);
    const candidate = bytesToBigInt(v);
    if (candidate >= 1n && candidate < n) yield candidate;
    k = hmac(k, v, Uint8Array.of(0));
    v = hmac(k, v);
  }
}
