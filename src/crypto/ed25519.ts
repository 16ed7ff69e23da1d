/**
 * Ed25519 (RFC 8032) through node:crypto/OpenSSL: signing is deterministic by construction, verification
 * is strict RFC 8032 (canonical S and point encodings). Private keys are the 32-byte RFC 8032 seeds,
 * public keys the 32-byte encodings; KeyObjects are cached in bounded LRU maps.
 */
import {
  createPrivateKey,
  createPublicKey,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from "node:crypto";
import { bytesKey, concatBytes, isBytes } from "./bytes.js";
import { LruMap } from "./lru.js";
import { sha256 } from "./intl.js";

const KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
/** DER prefixes wrapping a raw key into PKCS#8 / SubjectPublicKeyInfo (RFC 8410). */
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
/** Bounds on cached KeyObjects. */
const PUBLIC_KEY_CACHE_ENTRIES = 4096;
const PRIVATE_KEY_CACHE_ENTRIES = 1024;
const publicKeyCache = new LruMap<string, KeyObject | null>(PUBLIC_KEY_CACHE_ENTRIES);
const privateKeyCache = new LruMap<string, KeyObject>(PRIVATE_KEY_CACHE_ENTRIES);

function privateKeyObject(privateKey: Uint8Array, caller: string): KeyObject {
  if (!isBytes(privateKey) || privateKey.length !== KEY_BYTES) {
    throw new Error(`${caller}: Ed25519 private key must be ${KEY_BYTES} bytes`);
  }
  const cacheKey = bytesKey(privateKey);
  let keyObject = privateKeyCache.get(cacheKey);
  if (keyObject === undefined) {
    keyObject = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, privateKey]), format: "der", type: "pkcs8" });
    privateKeyCache.set(cacheKey, keyObject);
  }
  return keyObject;
}

/** The 32-byte public key of a 32-byte Ed25519 private key (seed). */
export function ed25519PublicKey(privateKey: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKeyObject(privateKey, "ed25519PublicKey")).export({ format: "der", type: "spki" });
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
}

/** Ed25519 signature (64 bytes) of `message`; deterministic per RFC 8032. */
export function ed25519Sign(privateKey: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(nodeSign(null, message, privateKeyObject(privateKey, "ed25519Sign")));
}

function publicKeyObject(publicKey: Uint8Array): KeyObject | null {
  const cacheKey = bytesKey(publicKey);
  const cached = publicKeyCache.get(cacheKey);
  if (cached !== undefined) return cached;
  let keyObject: KeyObject | null;
  try {
    keyObject = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: "der", type: "spki" });
  } catch {
    keyObject = null;
  }
  publicKeyCache.set(cacheKey, keyObject);
  return keyObject;
}

/** Verifies an Ed25519 signature. Never throws: malformed input gives false. */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (!isBytes(publicKey) || !isBytes(message) || !isBytes(signature)) return false;
    if (publicKey.length !== KEY_BYTES || signature.length !== SIGNATURE_BYTES) return false;
    const keyObject = publicKeyObject(publicKey);
    if (keyObject === null) return false;
    return nodeVerify(null, message, keyObject, signature);
  } catch {
    return false;
  }
}

/** Derives a key pair from a seed: privateKey = SHA-256("ledgersim/ed25519/seed" || seed). */
export function ed25519KeyPairFromSeed(seed: Uint8Array): { privateKey: Uint8Array; publicKey: Uint8Array } {
  if (!isBytes(seed)) throw new TypeError("ed25519KeyPairFromSeed: seed must be a Uint8Array");
  const privateKey = sha256(concatBytes(new TextEncoder().encode("ledgersim/ed25519/seed"), seed));
  return { privateKey, publicKey: ed25519PublicKey(privateKey) };
}
