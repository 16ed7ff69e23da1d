/**
 * Saturation search (`ledgersim capacity`): the highest value of a key — the offered rate by default, or a
 * node count with `integer` — at which a service-level objective still holds. Bracketing, then bisection:
 *
 * 1. probe the start value; while it passes, double (up to `max`); while it fails, halve (down to `min`);
 * 2. bisect between the highest passing value `lo` and the lowest failing value `hi` above it until
 *    hi − lo ≤ precision (integers: hi = lo + 1);
 * 3. never more than `maxProbes` probes: at the cap the answer is `lo` with the precision actually reached.
 *
 * The answer always passed and `hi` (its next step up) always failed — by construction, whatever the noise.
 * A probe (one value, every seed) is supplied by the caller, so this module is pure and testable.
 */

export interface ProbeOutcome {
  pass: boolean;
  /** Values shown on the curve, by SLO path (mean across seeds). */
  metrics: Record<string, number | boolean | null>;
  /** Why a probe could not run (a value the scenario refuses, e.g. 3 PBFT nodes): counts as a failure. */
  invalid?: string;
  /** Why a probe failed besides its SLOs (e.g. nothing was confirmed, so latency percentiles are empty). */
  note?: string;
}

export interface SearchOptions {
  start: number;
  min: number;
  max: number;
  /** Absolute precision, in the key's unit (integer search: 1)... */
  precision: number;
  /** ...or relative to the answer (0.02: stop when hi − lo ≤ 2% of lo); wins over `precision` when set. */
  relativePrecision?: number;
  integer: boolean;
  maxProbes: number;
  probe: (value: number) => Promise<ProbeOutcome>;
  onProbe?: (value: number, outcome: ProbeOutcome) => void;
}

export interface CapacityAnswer {
  /** Highest value that passed; undefined when even `min` failed. */
  value?: number;
  /** Lowest value above it that failed; undefined when `max` passed (the answer is then "at least max"). */
  nextFailing?: number;
  /** hi − lo at the end (undefined unless both exist). */
  precision?: number;
  probes: number;
  /** Why the search stopped. */
  stoppedBy: "precision" | "max-passed" | "min-failed" | "probe-cap";
  curve: { value: number; outcome: ProbeOutcome }[];
}

class Prober {
  readonly seen = new Map<number, ProbeOutcome>();
  constructor(private readonly options: SearchOptions) {}

  get count(): number {
    return this.seen.size;
  }

  get exhausted(): boolean {
    return this.seen.size >= this.options.maxProbes;
  }

  async pass(value: number): Promise<boolean> {
    const known = this.seen.get(value);
    if (known !== undefined) return known.pass;
    const outcome = await this.options.probe(value);
    this.seen.set(value, outcome);
    this.options.onProbe?.(value, outcome);
    return outcome.pass;
  }
}

/** The bisection stops when hi − lo is at most this. */
function tolerance(options: SearchOptions, lo: number): number {
  if (options.integer) return 1;
  return options.relativePrecision === undefined ? options.precision : Math.max(0.001, options.relativePrecision * lo);
}

function step(value: number, integer: boolean): number {
  return integer ? Math.round(value) : Math.round(value * 1000) / 1000;
}

/** Finds a passing lo and a failing hi (or hits a bound / the cap). */
async function bracket(options: SearchOptions, prober: Prober): Promise<{ lo?: number; hi?: number }> {
  const { min, max, integer } = options;
  let value = step(Math.min(max, Math.max(min, options.start)), integer);
  if (await prober.pass(value)) {
    let lo = value;
    while (lo < max && !prober.exhausted) {
      const next = step(Math.min(max, Math.max(lo * 2, lo + tolerance(options, lo))), integer);
      if (!(await prober.pass(next))) return { lo, hi: next };
      lo = next;
    }
    return { lo };
  }
  let hi = value;
  while (hi > min && !prober.exhausted) {
    value = step(Math.max(min, hi / 2), integer);
    if (value >= hi) value = step(hi - tolerance(options, hi), integer);
    if (value < min) break;
    if (await prober.pass(value)) return { lo: value, hi };
    hi = value;
  }
  return { hi };
}

export async function searchCapacity(options: SearchOptions): Promise<CapacityAnswer> {
  if (!(options.min <= options.max)) throw new Error(`searchCapacity: min ${options.min} > max ${options.max}`);
  const precisionOk = options.relativePrecision === undefined ? options.precision > 0 : options.relativePrecision > 0;
  if (!precisionOk || !(options.maxProbes >= 1)) throw new Error("searchCapacity: precision and maxProbes must be positive");
  const prober = new Prober(options);
  let { lo, hi } = await bracket(options, prober);
  const finish = (stoppedBy: CapacityAnswer["stoppedBy"]): CapacityAnswer => ({
    ...(lo === undefined ? {} : { value: lo }),
    ...(hi === undefined || lo === undefined ? (hi === undefined ? {} : { nextFailing: hi }) : { nextFailing: hi, precision: step(hi - lo, options.integer) }),
    probes: prober.count,
    stoppedBy,
    curve: [...prober.seen.entries()].sort((a, b) => a[0] - b[0]).map(([value, outcome]) => ({ value, outcome })),
  });
  if (lo === undefined) return finish(prober.exhausted && hi !== undefined && hi > options.min ? "probe-cap" : "min-failed");
  if (hi === undefined) return finish(prober.exhausted && lo < options.max ? "probe-cap" : "max-passed");
  while (hi - lo > tolerance(options, lo)) {
    if (prober.exhausted) return finish("probe-cap");
    const mid = step(lo + (hi - lo) / 2, options.integer);
    if (mid <= lo || mid >= hi) break;
    if (await prober.pass(mid)) lo = mid;
    else hi = mid;
  }
  return finish("precision");
}
