/**
 * A node's transaction pool: verified transactions not yet in its best chain, in arrival order (the order a
 * miner takes them in), plus the ids it has ever accepted so an announcement of a known transaction is not
 * fetched again. A reorganisation returns the transactions of disconnected blocks to the pool.
 *
 * Memory: the set of seen ids grows with the transactions a node has heard of (Nakamoto runs are block-heavy
 * and transaction-light; a heavy load would want a rolling filter like Bitcoin's).
 */
import type { SignedTx } from "../types.js";

export class Mempool {
  private readonly pending = new Map<number, SignedTx>();
  /** Every transaction accepted, in the pool or in a block this node holds. */
  private readonly seen = new Map<number, SignedTx>();

  get size(): number {
    return this.pending.size;
  }

  /** Whether the transaction was ever accepted (pending, or seen in a block). */
  knows(id: number): boolean {
    return this.seen.has(id);
  }

  /** A transaction this node holds (pending or from a block), for compact-block reconstruction. */
  lookup(id: number): SignedTx | undefined {
    return this.seen.get(id);
  }

  isPending(id: number): boolean {
    return this.pending.has(id);
  }

  /** Adds a verified transaction; false if it was already known. */
  add(tx: SignedTx): boolean {
    if (this.seen.has(tx.id)) return false;
    this.seen.set(tx.id, tx);
    this.pending.set(tx.id, tx);
    return true;
  }

  /** Pending transactions in arrival order (a miner's candidates). */
  candidates(): IterableIterator<SignedTx> {
    return this.pending.values();
  }

  /** A block joined the best chain: its transactions leave the pool. */
  connect(txs: readonly SignedTx[]): void {
    for (const tx of txs) {
      if (!this.seen.has(tx.id)) this.seen.set(tx.id, tx);
      this.pending.delete(tx.id);
    }
  }

  /** A block left the best chain: its transactions return to the pool (at the end). */
  disconnect(txs: readonly SignedTx[]): void {
    for (const tx of txs) this.pending.set(tx.id, tx);
  }

  /** Pending transactions by id, for a peer's request (unknown ids are skipped). */
  pick(ids: readonly number[]): SignedTx[] {
    const out: SignedTx[] = [];
    for (const id of ids) {
      const tx = this.pending.get(id) ?? this.seen.get(id);
      if (tx !== undefined) out.push(tx);
    }
    return out;
  }
}
