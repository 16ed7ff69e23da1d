/**
 * The crypto pool's worker (piscina task handler): runs one batch of real signature work with the same
 * suites the main thread uses, and answers in input order. Each worker keeps its own key caches (SM2
 * base and public-key tables), so the first batches warm it up.
 *
 * Loaded as dist/crypto/pool-worker.js when running from the build, or as this .ts file through tsx when
 * running from sources (tests, benches) — see pool.ts.
 */
import { forEachItem, packSignatures, type PoolTask, type PoolTaskResult } from "./pool-codec.js";
import { getSuite } from "./suites.js";

/** Runs a batch: verify, sign, or sign then verify each produced signature for real. */
export default function runPoolTask(task: PoolTask): PoolTaskResult {
  const count = task.suites.length;
  if (task.op === "verify") {
    const valid = new Uint8Array(count);
    forEachItem(task, (i, suite, [publicKey, message, signature]) => {
      valid[i] = getSuite(suite).verify(publicKey as Uint8Array, message as Uint8Array, signature as Uint8Array) ? 1 : 0;
    });
    return { valid };
  }
  const signatures: Uint8Array[] = [];
  const valid = new Uint8Array(count);
  forEachItem(task, (i, suite, fields) => {
    const impl = getSuite(suite);
    const privateKey = fields[0] as Uint8Array;
    if (task.op === "sign") {
      signatures.push(impl.sign(privateKey, fields[1] as Uint8Array));
      return;
    }
    const [, publicKey, message] = fields as [Uint8Array, Uint8Array, Uint8Array];
    const signature = impl.sign(privateKey, message);
    signatures.push(signature);
    valid[i] = impl.verify(publicKey, message, signature) ? 1 : 0;
  });
  const packed = packSignatures(signatures);
  return {
    signatureLengths: packed.lengths,
    signatureBlob: packed.blob,
    ...(task.op === "sign-verify" ? { valid } : {}),
  };
}
