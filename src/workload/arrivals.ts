/**
 * Open-loop arrival processes: constant, Poisson, ramp (start → end rate over the run) and steps.
 *
 * The next arrival is found by integrating the rate: it comes when ∫rate·dt since the last arrival reaches one
 * unit of "work" (exactly 1 for the deterministic kinds, an Exp(1) draw for Poisson). Integrating across rate
 * changes — rather than taking a gap from the rate at the last arrival — keeps a step's arrivals inside the
 * step and makes the count over a run equal ∫rate·dt. The time is kept as an exact float and rounded only when
 * scheduled, so rounding to whole microseconds never biases the rate (3,000 tx/s stays 3,000, not 3,003).
 * Deterministic kinds start at t = 0; Poisson starts with a draw.
 */
import type { Rng } from "../engine/rng.js";
import type { SimTime } from "../engine/time.js";
import { US_PER_SEC } from "../engine/time.js";
import type { ArrivalSpec } from "../scenario/types.js";

/** A ramp is integrated as this many constant pieces, each at its midpoint rate (exact for a linear ramp). */
const RAMP_PIECES = 1000;

export class ArrivalProcess {
  private nextExactUs = 0;

  constructor(
    private readonly spec: ArrivalSpec,
    private readonly durationUs: SimTime,
    private readonly rng: Rng,
  ) {
    this.nextExactUs = this.integrateFrom(0, spec.kind === "poisson" ? rng.exponential(1) : 0);
  }

  /** Offered rate (tx/s) at time t. */
  rateAt(timeUs: number): number {
    const spec = this.spec;
    switch (spec.kind) {
      case "constant":
      case "poisson":
        return spec.rate;
      case "ramp": {
        const start = spec.startRate ?? 0;
        const end = spec.endRate ?? spec.rate;
        return start + ((end - start) * Math.min(Math.max(timeUs, 0), this.durationUs)) / this.durationUs;
      }
      case "steps": {
        let rate = 0;
        for (const step of spec.steps ?? []) if (step.atUs <= timeUs) rate = step.rate;
        return rate;
      }
    }
  }

  /** Time of the next arrival in whole µs, or Infinity when no more arrivals come before the end. */
  peekUs(): number {
    return this.nextExactUs >= this.durationUs ? Infinity : Math.round(this.nextExactUs);
  }

  /** Consumes the pending arrival and finds the one after it. */
  advance(): void {
    const work = this.spec.kind === "poisson" ? this.rng.exponential(1) : 1;
    this.nextExactUs = this.integrateFrom(this.nextExactUs, work);
  }

  /** The time at which ∫rate·dt from `fromUs` reaches `work` arrivals (Infinity if never before the end). */
  private integrateFrom(fromUs: number, work: number): number {
    let t = fromUs;
    let remaining = work;
    while (t < this.durationUs) {
      const boundary = Math.min(this.nextBoundaryUs(t), this.durationUs);
      const rate = this.pieceRate(t);
      if (rate > 0) {
        const needUs = (remaining * US_PER_SEC) / rate;
        // Strictly before the boundary: an arrival exactly at a rate change belongs to the next piece.
        if (t + needUs < boundary) return t + needUs;
        remaining = Math.max(0, remaining - ((boundary - t) * rate) / US_PER_SEC);
      }
      t = boundary;
    }
    return Infinity;
  }

  /** The next time after t at which the rate changes (the end of the run if it never does). */
  private nextBoundaryUs(t: number): number {
    if (this.spec.kind === "steps") {
      for (const step of this.spec.steps ?? []) if (step.atUs > t) return step.atUs;
    }
    if (this.spec.kind === "ramp") {
      const piece = this.durationUs / RAMP_PIECES;
      return (Math.floor(t / piece) + 1) * piece;
    }
    return Infinity;
  }

  /** The rate used over [t, boundary): constant within a piece; a ramp piece uses its midpoint. */
  private pieceRate(t: number): number {
    if (this.spec.kind !== "ramp") return this.rateAt(t);
    const piece = this.durationUs / RAMP_PIECES;
    return this.rateAt(Math.floor(t / piece) * piece + piece / 2);
  }
}
