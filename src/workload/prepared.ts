/**
 * The workload generated ahead of the event loop, for `simulateAsync`. Transactions are a pure function of the
 * seed and their arrival times, so a window's arrivals can be built before the loop reaches them, with their
 * own copies of the arrival and payload streams (fresh streams of the same names: the same draws in the same
 * order). Client signing is not simulated-node CPU, so it happens in the crypto pool; each signature is also
 * verified there for real and the answer primes the run's VerifyMemo, so a replica's later verifyTx takes it
 * instead of computing. Charged costs and every result are unchanged: a test compares resultHashes.
 *
 * Whatever the pool has not delivered when the loop needs it is built and signed here, on the spot, so the
 * transactions are the same whether or not (and whenever) the pool answers.
 */
import type { SimTime } from "../engine/time.js";
import type { KeyPair, SignatureSuite } from "../crypto/types.js";
import type { VerifyMemo } from "../crypto/verify-memo.js";
import type { SignedTx } from "../protocols/types.js";
import type { ArrivalProcess } from "./arrivals.js";
import type { TransactionFactory, UnsignedTx } from "./transactions.js";

/** What the workload needs of the crypto pool (src/crypto/pool.ts CryptoPool has this shape). */
export interface WorkloadSigner {
  signAndVerify(requests: readonly { suite: SignatureSuite["name"]; privateKey: Uint8Array; publicKey: Uint8Array; message: Uint8Array }[]): Promise<{ signatures: Uint8Array[]; valid: boolean[] }>;
}

interface Slot {
  tx: UnsignedTx;
  signature: Uint8Array | null;
}

/** Drop consumed slots from the front once this many have piled up. */
const COMPACT_AFTER = 4096;

export class PreparedWorkload {
  private readonly slots: Slot[] = [];
  private head = 0;
  /** Transactions handed out, by kind: signed in the pool, or here because the pool had not answered. */
  readonly taken = { pool: 0, local: 0 };

  constructor(
    private readonly arrivals: ArrivalProcess,
    private readonly factory: TransactionFactory,
    private readonly suite: SignatureSuite,
    private readonly memo: VerifyMemo,
    private readonly signer: WorkloadSigner,
    private readonly durationUs: SimTime,
  ) {}

  /**
   * Builds every arrival before `untilUs` not built yet and sends them to the pool; resolves once their
   * signatures are in and their verifications primed. Calls must not overlap out of order (each builds the
   * window after the previous one, synchronously, before its first await).
   */
  prepare(untilUs: SimTime): Promise<void> {
    const fresh: Slot[] = [];
    for (let atUs = this.arrivals.peekUs(); atUs < untilUs && atUs <= this.durationUs; atUs = this.arrivals.peekUs()) {
      fresh.push({ tx: this.factory.build(atUs), signature: null });
      this.arrivals.advance();
    }
    this.slots.push(...fresh);
    if (fresh.length === 0) return Promise.resolve();
    const requests = fresh.map((slot) => {
      const key = this.keyOf(slot.tx);
      return { suite: this.suite.name, privateKey: key.privateKey, publicKey: key.publicKey, message: slot.tx.payload };
    });
    return this.signer.signAndVerify(requests).then(({ signatures, valid }) => {
      fresh.forEach((slot, i) => {
        const signature = signatures[i];
        if (signature === undefined || slot.signature !== null) return; // already signed here: keep that one
        slot.signature = signature;
        this.memo.prime(this.suite, this.keyOf(slot.tx).publicKey, slot.tx.payload, signature, valid[i] === true);
      });
    });
  }

  /** The transaction that arrives at `timeUs` — the next one in arrival order. */
  take(timeUs: SimTime): SignedTx {
    if (this.head === this.slots.length) {
      // Beyond what was prepared: build it here (the arrival copy stays in step with the loop's).
      if (this.arrivals.peekUs() !== timeUs) throw new Error(`PreparedWorkload.take: no arrival at ${timeUs} µs`);
      this.slots.push({ tx: this.factory.build(timeUs), signature: null });
      this.arrivals.advance();
    }
    const slot = this.slots[this.head] as Slot;
    if (slot.tx.submitUs !== timeUs) {
      throw new Error(`PreparedWorkload.take: the next prepared transaction arrives at ${slot.tx.submitUs} µs, not ${timeUs} µs`);
    }
    this.slots[this.head++] = undefined as unknown as Slot;
    if (this.head >= COMPACT_AFTER) {
      this.slots.splice(0, this.head);
      this.head = 0;
    }
    if (slot.signature === null) {
      slot.signature = this.suite.sign(this.keyOf(slot.tx).privateKey, slot.tx.payload);
      this.taken.local++;
    } else {
      this.taken.pool++;
    }
    return { ...slot.tx, signature: slot.signature };
  }

  private keyOf(tx: UnsignedTx): KeyPair {
    return this.factory.clientKey(tx.clientId);
  }
}
