/**
 * Public crypto API of ledgersim (ARCHITECTURE §8): suites, the primitives behind them, the per-run
 * verification memo, the worker pool for batch signing/verification, the CPU cost model and its calibration.
 */
export type { KeyPair, SignatureSuite, SuiteName } from "./types.js";
export { getSuite, isSuiteName, listSuites, type SmSuite } from "./suites.js";
export { sm3, hmacSm3, SM3_DIGEST_BYTES } from "./sm3.js";
export {
  SM2_CURVE,
  SM2_DEFAULT_ID,
  sm2KeyPairFromSeed,
  sm2MessageDigest,
  sm2PublicKey,
  sm2Sign,
  sm2Verify,
  sm2Za,
} from "./sm2.js";
export {
  createSm4BlockEncryptor,
  sm4Decrypt,
  sm4Encrypt,
  sm4GcmSupported,
  type Sm4Mode,
  type Sm4Options,
} from "./sm4.js";
export { p256KeyPairFromSeed, p256PublicKey, p256Sign, p256Verify, sha256 } from "./intl.js";
export { ed25519KeyPairFromSeed, ed25519PublicKey, ed25519Sign, ed25519Verify } from "./ed25519.js";
export { decodeDerSignature, encodeDerSignature } from "./der.js";
export { VerifyMemo, VERIFY_MEMO_DEFAULT_CAPACITY, type VerifyCounts } from "./verify-memo.js";
export {
  CryptoPool,
  defaultCryptoWorkers,
  POOL_MAX_BATCH,
  POOL_MIN_BATCH,
  type CryptoPoolOptions,
  type SignRequest,
  type SignVerifyRequest,
  type VerifyRequest,
} from "./pool.js";
export { calibrate, costProfileJson, type Calibration, type CalibrateOptions } from "./calibrate.js";
export {
  DEFAULT_COST_PROFILE,
  REQUIRED_COST_KEYS,
  getCostProfile,
  hashCostUs,
  resolveCostProfilePath,
  signCostUs,
  validateCostProfile,
  verifyCostUs,
  type CostedHash,
  type CostedSignatureScheme,
  type CostProfile,
} from "./cost-profile.js";
