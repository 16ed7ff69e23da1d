/**
 * The wire format between the crypto pool (pool.ts) and its workers (pool-worker.ts). A batch of N items is
 * three typed arrays — a suite code per item, the length of each item's byte fields, and all those fields
 * concatenated — so one postMessage carries hundreds of operations and the buffers are *transferred*, not
 * copied. Results come back the same way (a validity byte per item; signatures as lengths + one blob).
 */
import type { SuiteName } from "./types.js";

/** The suites by wire code (the index in this list). */
export const POOL_SUITES: readonly SuiteName[] = Object.freeze(["sm", "intl", "ed25519"]);

/**
 * - verify: fields (publicKey, message, signature) → valid[]
 * - sign: fields (privateKey, message) → signatures
 * - sign-verify: fields (privateKey, publicKey, message) → signatures, then each verified for real → valid[]
 */
export type PoolOp = "verify" | "sign" | "sign-verify";

/** Byte fields per item for each operation. */
export const FIELDS_PER_ITEM: Readonly<Record<PoolOp, number>> = Object.freeze({ verify: 3, sign: 2, "sign-verify": 3 });

/** One batch on the wire. */
export interface PoolTask {
  op: PoolOp;
  /** Suite code (index into POOL_SUITES) per item. */
  suites: Uint8Array;
  /** Length of every field of every item, item-major (count × FIELDS_PER_ITEM[op]). */
  lengths: Uint32Array;
  /** The fields, concatenated in the order of `lengths`. */
  blob: Uint8Array;
}

/** One batch's answer: validity per item (verify, sign-verify) and signatures (sign, sign-verify). */
export interface PoolTaskResult {
  valid?: Uint8Array;
  signatureLengths?: Uint32Array;
  signatureBlob?: Uint8Array;
}

/** Wire code of a suite name; throws for an unknown name. */
export function suiteCode(name: SuiteName): number {
  const code = POOL_SUITES.indexOf(name);
  if (code < 0) throw new Error(`suiteCode: unknown suite '${String(name)}'`);
  return code;
}

/** Packs `items` (each `fields` byte arrays, all of them Uint8Array) into a task. */
export function packTask(op: PoolOp, suites: readonly SuiteName[], items: readonly (readonly Uint8Array[])[]): PoolTask {
  const fields = FIELDS_PER_ITEM[op];
  if (suites.length !== items.length) throw new Error("packTask: one suite per item is required");
  const lengths = new Uint32Array(items.length * fields);
  let total = 0;
  items.forEach((item, i) => {
    if (item.length !== fields) throw new Error(`packTask: ${op} items have ${fields} fields, item ${i} has ${item.length}`);
    item.forEach((field, f) => {
      lengths[i * fields + f] = field.length;
      total += field.length;
    });
  });
  const blob = new Uint8Array(total);
  let offset = 0;
  for (const item of items) {
    for (const field of item) {
      blob.set(field, offset);
      offset += field.length;
    }
  }
  return { op, suites: Uint8Array.from(suites, suiteCode), lengths, blob };
}

/** Calls `visit(i, suite, fields)` for each item of a task; fields are views into the task's blob. */
export function forEachItem(task: PoolTask, visit: (index: number, suite: SuiteName, fields: Uint8Array[]) => void): void {
  const fields = FIELDS_PER_ITEM[task.op];
  let offset = 0;
  for (let i = 0; i < task.suites.length; i++) {
    const suite = POOL_SUITES[task.suites[i] as number];
    if (suite === undefined) throw new Error(`forEachItem: bad suite code ${String(task.suites[i])} at item ${i}`);
    const views: Uint8Array[] = [];
    for (let f = 0; f < fields; f++) {
      const length = task.lengths[i * fields + f] as number;
      views.push(task.blob.subarray(offset, offset + length));
      offset += length;
    }
    visit(i, suite, views);
  }
}

/** Packs signatures as lengths + one blob. */
export function packSignatures(signatures: readonly Uint8Array[]): { lengths: Uint32Array; blob: Uint8Array } {
  const lengths = Uint32Array.from(signatures, (s) => s.length);
  const blob = new Uint8Array(lengths.reduce((sum, n) => sum + n, 0));
  let offset = 0;
  for (const signature of signatures) {
    blob.set(signature, offset);
    offset += signature.length;
  }
  return { lengths, blob };
}

/** Splits a signature blob back into one fresh Uint8Array per item. */
export function unpackSignatures(lengths: Uint32Array, blob: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let offset = 0;
  for (const length of lengths) {
    out.push(blob.slice(offset, offset + length));
    offset += length;
  }
  return out;
}
