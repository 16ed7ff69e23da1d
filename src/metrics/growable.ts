/**
 * A dense, growable Float64Array indexed by a small non-negative integer (transaction ids are dense: 0, 1, 2, …).
 * The observers keep one number per transaction this way — 8 bytes each, no per-transaction objects — so
 * memory stays O(transactions) for runs with millions of them.
 */
export class GrowableFloat64 {
  private data: Float64Array;
  private used = 0;

  constructor(
    /** Value of slots never written. */
    private readonly fill: number,
    initialCapacity = 1024,
  ) {
    this.data = new Float64Array(Math.max(1, initialCapacity)).fill(fill);
  }

  /** One past the highest index written. */
  get length(): number {
    return this.used;
  }

  get(index: number): number {
    return index >= 0 && index < this.used ? (this.data[index] as number) : this.fill;
  }

  set(index: number, value: number): void {
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new RangeError(`GrowableFloat64.set: index must be a non-negative integer, got ${index}`);
    }
    if (index >= this.data.length) this.grow(index + 1);
    this.data[index] = value;
    if (index >= this.used) this.used = index + 1;
  }

  private grow(minCapacity: number): void {
    let capacity = this.data.length;
    while (capacity < minCapacity) capacity *= 2;
    const next = new Float64Array(capacity).fill(this.fill);
    next.set(this.data);
    this.data = next;
  }
}
