/**
 * The crypto suite contract (ARCHITECTURE §8): one shape for the SM suite (SM2/SM3/SM4) and the international
 * ones, so scenarios can pick a suite per node.
 */
export type SuiteName = "sm" | "intl" | "ed25519";

export interface KeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

export interface SignatureSuite {
  readonly name: SuiteName;
  /** Name of the hash, for cost accounting: "sm3" or "sha256". */
  readonly hashName: "sm3" | "sha256";
  /** Name of the signature scheme, for cost accounting: "sm2", "ecdsa-p256" or "ed25519". */
  readonly signatureName: "sm2" | "ecdsa-p256" | "ed25519";
  hash(bytes: Uint8Array): Uint8Array;
  /** Deterministic when a seed is given (every key in a simulation is derived from the scenario seed). */
  generateKeyPair(seed?: Uint8Array): KeyPair;
  /** Deterministic signatures (the same key and message give the same bytes). */
  sign(privateKey: Uint8Array, message: Uint8Array): Uint8Array;
  /** Never throws on malformed input: returns false. */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}
