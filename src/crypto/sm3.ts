/**
 * SM3 (GB/T 32905) hashing and HMAC-SM3, backed by node:crypto's OpenSSL "sm3" digest.
 * Node's sm3 is the standard one (REFERENCE.md); only its SM2 *signing* is non-standard, which sm2.ts avoids.
 */
import { createHash, createHmac } from "node:crypto";

/** Length of an SM3 digest in bytes. */
export const SM3_DIGEST_BYTES = 32;

/** SM3 digest of the concatenation of `parts` (32 bytes). */
export function sm3(...parts: readonly Uint8Array[]): Uint8Array {
  const hasher = createHash("sm3");
  for (const part of parts) hasher.update(part);
  return new Uint8Array(hasher.digest());
}

/** HMAC-SM3 of the concatenation of `parts` under `key` (32 bytes). Used for deterministic SM2 nonces. */
export function hmacSm3(key: Uint8Array, ...parts: readonly Uint8Array[]): Uint8Array {
  const mac = createHmac("sm3", key);
  for (const part of parts) mac.update(part);
  return new Uint8Array(mac.digest());
}
