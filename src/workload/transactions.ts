/**
 * Client transactions, really signed. A transaction's payload is a small header (magic, id, client, nonce,
 * submit time) padded with seeded random bytes to the configured size; its client signs exactly those bytes.
 */
import type { Rng } from "../engine/rng.js";
import type { SimTime } from "../engine/time.js";
import type { KeyPair, SignatureSuite } from "../crypto/types.js";
import type { SignedTx } from "../protocols/types.js";

export const TX_HEADER_BYTES = 32;

/** A transaction before its client signs it (signing may happen elsewhere: the crypto pool). */
export type UnsignedTx = Omit<SignedTx, "signature">;
const TX_MAGIC = 0x4c54; // "LT"

export class TransactionFactory {
  private nextId = 0;

  constructor(
    private readonly suite: SignatureSuite,
    private readonly clientKeys: readonly KeyPair[],
    private readonly sizeBytes: number,
    private readonly rng: Rng,
  ) {
    if (sizeBytes < TX_HEADER_BYTES) {
      throw new RangeError(`TransactionFactory: txSize must be at least ${TX_HEADER_BYTES} bytes, got ${sizeBytes}`);
    }
    if (clientKeys.length === 0) throw new RangeError("TransactionFactory: at least one client key is needed");
  }

  get created(): number {
    return this.nextId;
  }

  make(submitUs: SimTime): SignedTx {
    const tx = this.build(submitUs);
    return { ...tx, signature: this.suite.sign(this.clientKey(tx.clientId).privateKey, tx.payload) };
  }

  /** The key pair of client `clientId`. */
  clientKey(clientId: number): KeyPair {
    const key = this.clientKeys[clientId];
    if (key === undefined) throw new RangeError(`TransactionFactory: no client ${clientId}`);
    return key;
  }

  /** The next transaction, unsigned: draws exactly what make() draws, so build + sign elsewhere = make. */
  build(submitUs: SimTime): UnsignedTx {
    const id = this.nextId++;
    const clientId = id % this.clientKeys.length;
    const payload = new Uint8Array(this.sizeBytes);
    const view = new DataView(payload.buffer);
    view.setUint16(0, TX_MAGIC);
    view.setUint16(2, 1); // format version
    view.setBigUint64(4, BigInt(id));
    view.setUint32(12, clientId);
    view.setBigUint64(16, BigInt(Math.floor(id / this.clientKeys.length))); // per-client nonce
    view.setBigUint64(24, BigInt(submitUs));
    this.rng.bytes(payload.subarray(TX_HEADER_BYTES));
    return { id, clientId, submitUs, payload };
  }
}
