/**
 * Open-loop arrival processes: constant, Poisson, ramp (start → end rate over the run) and steps. The next
 * arrival time is kept as an exact float and rounded only when scheduled, so rounding to whole microseconds
 * never biases the offered rate (a constant 3,000 tx/s stays 3,000, not 3,003).
 */
import type { Rng } from "../engine/rng.js";
import type { SimTime } from "../engine/time.js";
import { US_PER_SEC } from "../engine/time.js";
import type { ArrivalSpec } from "../scenario/types.js";

export class ArrivalProcess {
  private nextExactUs: number;

  constructor(
    private readonly spec: ArrivalSpec,
    private readonly durationUs: SimTime,
    private readonly rng: Rng,
  ) {
    this.nextExactUs = 0;
    this.advance();
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
        return start + ((end - start) * Math.min(timeUs, this.durationUs)) / this.durationUs;
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

  /** Consumes the pending arrival and draws the one after it. */
  advance(): void {
    const rate = this.rateAt(this.nextExactUs);
    if (rate <= 0) {
      this.nextExactUs = this.nextRateChangeUs(this.nextExactUs);
      if (this.nextExactUs < this.durationUs) this.advance();
      return;
    }
    const meanGapUs = US_PER_SEC / rate;
    this.nextExactUs += this.spec.kind === "poisson" ? this.rng.exponential(meanGapUs) : meanGapUs;
  }

  private nextRateChangeUs(fromUs: number): number {
    if (this.spec.kind === "steps") {
      for (const step of this.spec.steps ?? []) if (step.atUs > fromUs && step.rate > 0) return step.atUs;
    }
    if (this.spec.kind === "ramp" && (this.spec.endRate ?? this.spec.rate) > 0) {
      return fromUs + this.durationUs / 1000;
    }
    return Infinity;
  }
}
