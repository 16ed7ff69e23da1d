/**
 * Per-run memo of signature verifications (ARCHITECTURE §4). A broadcast is verified by n−1 receivers with
 * the same answer, so each receiver is *charged* the full simulated cost while the real arithmetic runs
 * once per distinct (scheme, public key, message digest, signature). The message digest is part of the
 * key: a forged message that reuses a valid signature is a new key and gets verified for real.
 *
 * Memory is bounded by generation clearing: entries live in a current and a previous map of at most
 * `capacity / 2` entries each; when the current one fills, the previous one is dropped. A dropped entry
 * only costs a re-verification — results never depend on the cap.
 *
 * Priming: results computed ahead elsewhere (the crypto pool, for client transactions) are handed in with
 * `prime()` and held apart from the memo. A later `verify()` that misses the memo takes a primed answer
 * instead of computing it and counts it as executed — the real computation was done, in a worker — so the
 * memo's contents and counters evolve exactly as without priming, and results stay identical.
 * The parallel engine's answers (`primeKey()`) were counted where they were computed (`countComputed()`, in
 * the signer's partition), so taking one counts nothing: each verification is counted once per run, however
 * many partitions use it.
 */
import { createHash } from "node:crypto";
import type { SignatureSuite } from "./types.js";

/** Default bound on memoised verifications (each entry ~250 bytes of key: ≤ ~35 MB). */
export const VERIFY_MEMO_DEFAULT_CAPACITY = 131_072;

export interface VerifyCounts {
  /** Verifications requested (each one charged simulated CPU time). */
  charged: number;
  /** Verifications actually computed (memo misses). */
  executed: number;
}

interface Primed {
  valid: boolean;
  countOnUse: boolean;
}

/** The last verification of one signature object (see VerifyMemo.bySignature). */
interface SeenSignature {
  scheme: string;
  publicKey: Uint8Array;
  message: Uint8Array;
  valid: boolean;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a === b || (a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b));
}

export class VerifyMemo {
  /**
   * Fast path: a broadcast hands one signature object to every receiver, so the last verification of each
   * signature object is kept beside it, and a verification of the same object with byte-equal key and message
   * is answered without hashing the message into a memo key. A different message with a reused signature
   * object compares unequal and takes the full path (a forgery is still verified for real).
   */
  private readonly bySignature = new WeakMap<Uint8Array, SeenSignature>();
  private current = new Map<string, boolean>();
  private previous = new Map<string, boolean>();
  private readonly generationSize: number;
  private readonly counts = new Map<string, VerifyCounts>();
  /** Primed answers: valid, and whether taking one counts as an execution (prime()) or not (primeKey()). */
  private primedCurrent = new Map<string, Primed>();
  private primedPrevious = new Map<string, Primed>();
  private primedTaken = 0;

  /** @param capacity - most memoised results kept (≥ 2); older ones are forgotten a generation at a time. */
  constructor(readonly capacity: number = VERIFY_MEMO_DEFAULT_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new RangeError(`VerifyMemo: capacity must be an integer ≥ 2, got ${capacity}`);
    }
    this.generationSize = Math.floor(capacity / 2);
  }

  /** suite.verify(publicKey, message, signature), computed at most once per distinct input while remembered. */
  verify(suite: SignatureSuite, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
    const counts = this.countsFor(suite.signatureName);
    counts.charged += 1;
    if (!(publicKey instanceof Uint8Array && message instanceof Uint8Array && signature instanceof Uint8Array)) {
      counts.executed += 1;
      return suite.verify(publicKey, message, signature); // malformed: the suite answers false, never throws
    }
    const seen = this.bySignature.get(signature);
    if (seen !== undefined && seen.scheme === suite.signatureName && sameBytes(seen.publicKey, publicKey) && sameBytes(seen.message, message)) {
      return seen.valid;
    }
    const key = memoKey(suite.signatureName, publicKey, message, signature);
    let valid = this.lookup(key);
    if (valid === undefined) {
      const primed = this.takePrimed(key);
      if (primed === undefined || primed.countOnUse) counts.executed += 1;
      valid = primed?.valid ?? suite.verify(publicKey, message, signature);
      this.remember(key, valid);
    }
    this.bySignature.set(signature, { scheme: suite.signatureName, publicKey, message, valid });
    return valid;
  }

  /**
   * Hands in a verification computed elsewhere, for a later verify() of the same input to use. Charges and
   * counts nothing itself; bounded like the memo (a forgotten answer is just computed again).
   */
  prime(suite: SignatureSuite, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, valid: boolean): void {
    this.primeEntry(memoKey(suite.signatureName, publicKey, message, signature), { valid, countOnUse: true });
  }

  /**
   * prime(), with the key already made by memoKey(), for an answer already counted with countComputed()
   * (answers handed between the parallel engine's partitions): taking it counts nothing.
   */
  primeKey(key: string, valid: boolean): void {
    this.primeEntry(key, { valid, countOnUse: false });
  }

  /** Counts a verification computed outside verify() (the parallel engine's signer-side check). */
  countComputed(suite: SignatureSuite): void {
    this.countsFor(suite.signatureName).executed += 1;
  }

  private primeEntry(key: string, primed: Primed): void {
    if (this.primedCurrent.size >= this.generationSize) {
      this.primedPrevious = this.primedCurrent;
      this.primedCurrent = new Map();
    }
    this.primedCurrent.set(key, primed);
  }

  /** How many verifications used a primed answer instead of computing (diagnostics; never in results). */
  get primedUsed(): number {
    return this.primedTaken;
  }

  /** Counters per signature scheme, keys in sorted order (so they serialise deterministically). */
  stats(): Record<string, VerifyCounts> {
    const out: Record<string, VerifyCounts> = {};
    for (const scheme of [...this.counts.keys()].sort()) {
      const counts = this.counts.get(scheme);
      if (counts !== undefined) out[scheme] = { charged: counts.charged, executed: counts.executed };
    }
    return out;
  }

  /** Number of memoised results currently held (≤ capacity). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  /** Forgets every result and zeroes the counters (start of a new run). */
  reset(): void {
    this.current.clear();
    this.previous.clear();
    this.counts.clear();
    this.primedCurrent.clear();
    this.primedPrevious.clear();
    this.primedTaken = 0;
  }

  private takePrimed(key: string): Primed | undefined {
    const primed = this.primedCurrent.get(key) ?? this.primedPrevious.get(key);
    if (primed === undefined) return undefined;
    this.primedCurrent.delete(key);
    this.primedPrevious.delete(key);
    this.primedTaken++;
    return primed;
  }

  private countsFor(scheme: string): VerifyCounts {
    let counts = this.counts.get(scheme);
    if (counts === undefined) {
      counts = { charged: 0, executed: 0 };
      this.counts.set(scheme, counts);
    }
    return counts;
  }

  private lookup(key: string): boolean | undefined {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const old = this.previous.get(key);
    if (old !== undefined) this.remember(key, old); // promote, so hot entries survive generations
    return old;
  }

  private remember(key: string, valid: boolean): void {
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    this.current.set(key, valid);
  }
}

/** scheme, public key, SHA-256(message) and signature, length-prefixed so fields cannot run together. */
export function memoKey(scheme: string, publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): string {
  const digest = createHash("sha256").update(message).digest();
  const latin1 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  return `${scheme}|${publicKey.length}:${latin1(publicKey)}|${latin1(digest)}|${latin1(signature)}`;
}
