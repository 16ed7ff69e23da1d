/**
 * A node's inventory: every block it has heard of, whether it holds it, and which peers are known to hold it
 * (so an `inv` is never sent to a peer that announced, sent or asked for the block — Bitcoin Core's
 * per-peer known-inventory filter).
 *
 * Laid out for 10,000-node runs: one map from digest to a slot number, and one byte array per node with a row
 * of (peers + 1) bytes per slot — rather than an object and a typed array per (node, block), which would cost
 * hundreds of bytes each and keep the garbage collector busy. The table also keeps the first string it saw
 * for each digest, so nodes pass the same string object along instead of each holding its own copy.
 */
import type { Digest } from "./block.js";

export class InventoryTable {
  private readonly slots = new Map<Digest, number>();
  private readonly digests: Digest[] = [];
  /** Row r: bytes [r·stride, r·stride + peers) are the peer flags, byte r·stride + peers is "have". */
  private rows: Uint8Array;
  private readonly stride: number;

  constructor(private readonly peerCount: number) {
    this.stride = peerCount + 1;
    this.rows = new Uint8Array(this.stride * 4);
  }

  get size(): number {
    return this.digests.length;
  }

  /** The slot of `hash`, or −1 if never heard of. */
  find(hash: Digest): number {
    return this.slots.get(hash) ?? -1;
  }

  /** The slot of `hash`, created on first mention. */
  slot(hash: Digest): number {
    const found = this.slots.get(hash);
    if (found !== undefined) return found;
    const slot = this.digests.length;
    if ((slot + 1) * this.stride > this.rows.length) {
      const grown = new Uint8Array(this.rows.length * 2);
      grown.set(this.rows);
      this.rows = grown;
    }
    this.slots.set(hash, slot);
    this.digests.push(hash);
    return slot;
  }

  /** The string first recorded for `hash` (the same object every node passes along), or `hash` itself. */
  canonical(hash: Digest): Digest {
    const slot = this.slots.get(hash);
    return slot === undefined ? hash : (this.digests[slot] as Digest);
  }

  markPeer(slot: number, peerIndex: number): void {
    if (peerIndex >= 0 && peerIndex < this.peerCount) this.rows[slot * this.stride + peerIndex] = 1;
  }

  peerKnows(slot: number, peerIndex: number): boolean {
    return this.rows[slot * this.stride + peerIndex] === 1;
  }

  setHave(slot: number): void {
    this.rows[slot * this.stride + this.peerCount] = 1;
  }

  have(slot: number): boolean {
    return this.rows[slot * this.stride + this.peerCount] === 1;
  }
}
