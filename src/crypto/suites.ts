/**
 * The signature suites of ARCHITECTURE §8 behind one shape (types.ts): "sm" (SM2/SM3, plus SM4),
 * "intl" (ECDSA P-256 + SHA-256) and "ed25519" (Ed25519 + SHA-256). Suites are stateless singletons;
 * their only state is bounded key caches, which never change results.
 */
import { sha256, p256KeyPairFromSeed, p256Sign, p256Verify } from "./intl.js";
import { ed25519KeyPairFromSeed, ed25519Sign, ed25519Verify } from "./ed25519.js";
import { sm2KeyPairFromSeed, sm2Sign, sm2Verify } from "./sm2.js";
import { sm3 } from "./sm3.js";
import { sm4Decrypt, sm4Encrypt, type Sm4Mode } from "./sm4.js";
import type { KeyPair, SignatureSuite, SuiteName } from "./types.js";

/** The SM suite also offers SM4 (PKCS#7-padded ECB/CBC; GCM where the backend allows). */
export interface SmSuite extends SignatureSuite {
  readonly name: "sm";
  encrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, mode: Sm4Mode): Uint8Array;
  decrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, mode: Sm4Mode): Uint8Array;
}

/** Keys are derived from seeds only: unseeded randomness would make a run irreproducible (ARCHITECTURE §1). */
function requireSeed(suite: SuiteName, seed: Uint8Array | undefined): Uint8Array {
  if (seed === undefined) {
    throw new Error(
      `getSuite("${suite}").generateKeyPair: a seed is required (ledgersim derives every key from the ` +
        `scenario seed, e.g. bytes from rng.stream("keys/<node>"))`,
    );
  }
  return seed;
}

const SM_SUITE: SmSuite = Object.freeze({
  name: "sm",
  hashName: "sm3",
  signatureName: "sm2",
  hash: (bytes: Uint8Array): Uint8Array => sm3(bytes),
  generateKeyPair: (seed?: Uint8Array): KeyPair => sm2KeyPairFromSeed(requireSeed("sm", seed)),
  // Wrapped so a caller's extra arguments can never reach sm2's optional signer-ID parameter.
  sign: (privateKey: Uint8Array, message: Uint8Array): Uint8Array => sm2Sign(privateKey, message),
  verify: (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean =>
    sm2Verify(publicKey, message, signature),
  encrypt: (key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, mode: Sm4Mode): Uint8Array =>
    sm4Encrypt(key, iv, plaintext, mode),
  decrypt: (key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, mode: Sm4Mode): Uint8Array =>
    sm4Decrypt(key, iv, ciphertext, mode),
} as const);

const INTL_SUITE: SignatureSuite = Object.freeze({
  name: "intl",
  hashName: "sha256",
  signatureName: "ecdsa-p256",
  hash: (bytes: Uint8Array): Uint8Array => sha256(bytes),
  generateKeyPair: (seed?: Uint8Array): KeyPair => p256KeyPairFromSeed(requireSeed("intl", seed)),
  sign: p256Sign,
  verify: p256Verify,
} as const);

const ED25519_SUITE: SignatureSuite = Object.freeze({
  name: "ed25519",
  hashName: "sha256",
  signatureName: "ed25519",
  hash: (bytes: Uint8Array): Uint8Array => sha256(bytes),
  generateKeyPair: (seed?: Uint8Array): KeyPair => ed25519KeyPairFromSeed(requireSeed("ed25519", seed)),
  sign: ed25519Sign,
  verify: ed25519Verify,
} as const);

const SUITES: Readonly<Record<SuiteName, SignatureSuite>> = Object.freeze({
  sm: SM_SUITE,
  intl: INTL_SUITE,
  ed25519: ED25519_SUITE,
});

/** The names getSuite accepts, in a fixed order. */
export function listSuites(): SuiteName[] {
  return ["sm", "intl", "ed25519"];
}

/** Whether `name` is a known suite name. */
export function isSuiteName(name: string): name is SuiteName {
  return Object.prototype.hasOwnProperty.call(SUITES, name);
}

/** The suite named `name`; throws an error listing the valid names for anything else. */
export function getSuite(name: "sm"): SmSuite;
export function getSuite(name: SuiteName): SignatureSuite;
export function getSuite(name: SuiteName): SignatureSuite {
  if (typeof name !== "string" || !isSuiteName(name)) {
    const lower = String(name).toLowerCase();
    const hint = listSuites().find((known) => lower.startsWith(known) || known.startsWith(lower));
    throw new Error(
      `getSuite: unknown crypto suite '${String(name)}' (expected one of ${listSuites().join(", ")})` +
        (hint !== undefined && lower.length > 0 ? ` — did you mean '${hint}'?` : ""),
    );
  }
  return SUITES[name];
}
