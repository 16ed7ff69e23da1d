/**
 * Named, seeded random streams. Every random draw in a simulation comes from a stream derived from the
 * scenario seed and the stream's own name (ARCHITECTURE §1), so adding a stream never shifts another and the
 * order in which streams are created or threads run never matters.
 */
import seedrandom from "seedrandom";

export interface Rng {
  /** The stream's name, e.g. "net/send/3" or "workload". */
  readonly name: string;
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number;
  /** Standard normal N(0, 1) (Box–Muller, one value per call). */
  normal(): number;
  /** Fills `out` with uniform bytes. */
  bytes(out: Uint8Array): Uint8Array;
  /** Fisher–Yates shuffle of a copy of `items`. */
  shuffle<T>(items: readonly T[]): T[];
}

/** Creates a stream from `(seed, name)`; the same pair always gives the same sequence. */
export function createRng(seed: number | string, name: string): Rng {
  // Seeded on the first draw: a run creates a stream per node and link, and many are never drawn from (a
  // worker of the parallel engine holds every node but runs few). The sequence is the same either way.
  let generator: seedrandom.PRNG | undefined;
  const prng = (): seedrandom.PRNG => (generator ??= seedrandom.alea(`ledgersim:${seed}:${name}`));
  const next = (): number => prng()();
  return {
    name,
    next,
    int(n: number): number {
      if (!(n >= 1)) throw new RangeError(`Rng.int: n must be >= 1, got ${n}`);
      return Math.floor(next() * n);
    },
    exponential(mean: number): number {
      // 1 - u is in (0, 1], so the log is finite.
      return -Math.log(1 - next()) * mean;
    },
    normal(): number {
      const u1 = 1 - next();
      const u2 = next();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    bytes(out: Uint8Array): Uint8Array {
      for (let i = 0; i < out.length; i += 4) {
        const word = prng().int32();
        for (let j = 0; j < 4 && i + j < out.length; j++) out[i + j] = (word >>> (8 * j)) & 0xff;
      }
      return out;
    },
    shuffle<T>(items: readonly T[]): T[] {
      const copy = items.slice();
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = copy[i] as T;
        copy[i] = copy[j] as T;
        copy[j] = tmp;
      }
      return copy;
    },
  };
}

/** A factory of named streams for one run: `streams.get("workload")`. Streams are cached by name. */
export class RngStreams {
  private readonly cache = new Map<string, Rng>();
  constructor(readonly seed: number) {}

  get(name: string): Rng {
    let rng = this.cache.get(name);
    if (rng === undefined) {
      rng = createRng(this.seed, name);
      this.cache.set(name, rng);
    }
    return rng;
  }
}
