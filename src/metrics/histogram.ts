/**
 * An HdrHistogram-style histogram of non-negative integers (ARCHITECTURE §5): percentiles with ≤ 1% relative
 * error in memory that grows with the logarithm of the largest value, not with the number of samples.
 *
 * Layout (log-linear): values below 2·SUB_BUCKETS get one exact bucket each; above that, every power-of-two
 * range [2^k, 2^(k+1)) is split into SUB_BUCKETS equal buckets of width 2^(k−7). A bucket is therefore at most
 * 1/128 ≈ 0.78% of its lower bound wide, and reporting a bucket's highest value is within 1% of any sample in it.
 * min, max, count and the sum (hence the mean) are kept exactly.
 */

/** Sub-buckets per power of two (2^SUB_BUCKET_BITS). */
const SUB_BUCKET_BITS = 7;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
/** Values below this have an exact bucket each. */
const LINEAR_LIMIT = 2 * SUB_BUCKETS;
/** log2(LINEAR_LIMIT): the first power of two that is split into sub-buckets. */
const FIRST_LOG_EXPONENT = SUB_BUCKET_BITS + 1;
const TWO_POW_32 = 2 ** 32;

/** floor(log2(v)) for an integer 1 ≤ v ≤ 2^53 (Math.log2 can round up just below a power of two). */
function floorLog2(v: number): number {
  if (v >= TWO_POW_32) return 32 + floorLog2(Math.floor(v / TWO_POW_32));
  return 31 - Math.clz32(v);
}

/** The bucket a value falls in. */
export function bucketIndexOf(value: number): number {
  if (value < LINEAR_LIMIT) return value;
  const exponent = floorLog2(value);
  const shift = exponent - SUB_BUCKET_BITS;
  const subBucket = Math.floor(value / 2 ** shift); // in [SUB_BUCKETS, 2·SUB_BUCKETS)
  return LINEAR_LIMIT + (exponent - FIRST_LOG_EXPONENT) * SUB_BUCKETS + (subBucket - SUB_BUCKETS);
}

/** The highest value that falls in bucket `index` (its upper-bound equivalent). */
export function bucketHighestValue(index: number): number {
  if (index < LINEAR_LIMIT) return index;
  const offset = index - LINEAR_LIMIT;
  const exponent = FIRST_LOG_EXPONENT + Math.floor(offset / SUB_BUCKETS);
  const subBucket = SUB_BUCKETS + (offset % SUB_BUCKETS);
  const width = 2 ** (exponent - SUB_BUCKET_BITS);
  return subBucket * width + width - 1;
}

export class Histogram {
  /** counts[i] = samples in bucket i; grows to the highest bucket used. */
  private counts: number[] = [];
  private total = 0;
  private sum = 0;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = Number.NEGATIVE_INFINITY;

  /** Adds `count` samples of `value` (a non-negative integer, e.g. microseconds). */
  record(value: number, count = 1): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`Histogram.record: value must be a non-negative safe integer, got ${value}`);
    }
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new RangeError(`Histogram.record: count must be a non-negative integer, got ${count}`);
    }
    if (count === 0) return;
    const index = bucketIndexOf(value);
    while (this.counts.length <= index) this.counts.push(0);
    this.counts[index] = (this.counts[index] ?? 0) + count;
    this.total += count;
    this.sum += value * count;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
  }

  /** Number of samples recorded. */
  get count(): number {
    return this.total;
  }

  /** Exact smallest sample (0 when empty). */
  get min(): number {
    return this.total === 0 ? 0 : this.minValue;
  }

  /** Exact largest sample (0 when empty). */
  get max(): number {
    return this.total === 0 ? 0 : this.maxValue;
  }

  /** Exact mean, from the running sum (0 when empty). */
  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  /**
   * The value at percentile `p` (0..100): the sample of rank ⌈p/100 · count⌉ (at least 1) in sorted order,
   * reported as its bucket's highest value, clamped to [min, max]. 0 when empty.
   */
  percentile(p: number): number {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`Histogram.percentile: p must be in [0, 100], got ${p}`);
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(Math.max(bucketHighestValue(i), this.minValue), this.maxValue);
    }
    return this.maxValue;
  }

  /** Adds every sample of `other` into this histogram. */
  merge(other: Histogram): void {
    if (other.total === 0) return;
    while (this.counts.length < other.counts.length) this.counts.push(0);
    for (let i = 0; i < other.counts.length; i++) {
      const c = other.counts[i] ?? 0;
      if (c !== 0) this.counts[i] = (this.counts[i] ?? 0) + c;
    }
    this.total += other.total;
    this.sum += other.sum;
    if (other.minValue < this.minValue) this.minValue = other.minValue;
    if (other.maxValue > this.maxValue) this.maxValue = other.maxValue;
  }

  /** Forgets every sample (keeps the allocated buckets for reuse). */
  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.sum = 0;
    this.minValue = Number.POSITIVE_INFINITY;
    this.maxValue = Number.NEGATIVE_INFINITY;
  }
}
