/**
 * Per-message propagation delay. Every distribution is parameterised by its mean (µs) and, where it has one,
 * a coefficient of variation `sigma`, and is shaped so that its expectation equals the mean: changing the
 * distribution changes the spread of delays, never the average latency a scenario was calibrated to.
 *
 * Samples are integer microseconds ≥ 1 (SimTime is integral, and a zero delay would let a message arrive in
 * the same instant it was sent, which the parallel engine's lookahead forbids). Rounding to the nearest
 * microsecond is unbiased; the 1 µs floor only matters for means of a few µs or very wide normals.
 *
 * All randomness comes from the `Rng` passed in (a named stream, ARCHITECTURE §1).
 */
import type { Rng } from "../engine/rng.js";
import type { DelayDistributionKind, Scenario } from "../scenario/types.js";

/** Smallest delay a sample may take, µs. */
export const MIN_DELAY_US = 1;

const SQRT3 = Math.sqrt(3);

/**
 * Normal and lognormal draws use a standard normal Z clamped at −TAIL_Z, so every delay has a positive floor
 * (mean·(1 − 6σ), exp(μ − 6σ)) that the parallel engine can use as lookahead. P(Z < −6) ≈ 1e-9: no draw of
 * the shipped scenarios reaches the clamp, so their results did not change.
 */
export const TAIL_Z = 6;

function clampedNormal(rng: Rng): number {
  const z = rng.normal();
  return z < -TAIL_Z ? -TAIL_Z : z;
}

/**
 * Pareto shape for a given mean, after SimBlock (dsg-titech/simblock, `getLatency`): α = 0.2 · mean in ms.
 * Clamped to α ≥ 3 so that small means (LAN, intra-region) keep a finite variance; below α = 2 the variance
 * is infinite and sample means converge too slowly to be trusted.
 */
export function paretoShape(meanUs: number): number {
  return Math.max(3, (0.2 * meanUs) / 1_000);
}

/**
 * Pareto scale x_m for a given mean and shape: E[X] = α·x_m/(α−1), so x_m = mean·(α−1)/α makes the mean
 * exact. (SimBlock uses x_m = mean − 5 ms, which only approximates the mean; for α = 0.2·mean_ms the two agree
 * exactly, since mean·(α−1)/α = mean − 5 ms — but not once α is clamped, so we use the exact form.)
 */
export function paretoScaleUs(meanUs: number, shape: number): number {
  return (meanUs * (shape - 1)) / shape;
}

/** Location μ of a lognormal with the given mean and σ: E[X] = exp(μ + σ²/2) = mean. */
export function lognormalMu(meanUs: number, sigma: number): number {
  return Math.log(meanUs) - (sigma * sigma) / 2;
}

function toDelayUs(x: number): number {
  const us = Math.round(x);
  return us >= MIN_DELAY_US ? us : MIN_DELAY_US;
}

/**
 * One delay in integer µs (≥ 1) whose expectation is `meanUs`.
 *
 * - `constant`: the mean itself; `sigma` is ignored.
 * - `uniform`: mean·[1 − σ√3, 1 + σ√3], so σ is the coefficient of variation (σ ≤ 1/√3 keeps it positive).
 * - `normal`: mean·(1 + σZ), truncated at 1 µs (the truncation bias is < 0.5% for σ ≤ 0.5); Z ≥ −TAIL_Z.
 * - `lognormal`: exp(μ + σZ) with μ = ln(mean) − σ²/2; σ is the log-scale deviation; Z ≥ −TAIL_Z.
 * - `pareto`: SimBlock-style; the shape is fixed by the mean (see `paretoShape`), `sigma` is ignored.
 */
export function sampleDelayUs(kind: DelayDistributionKind, meanUs: number, sigma: number, rng: Rng): number {
  switch (kind) {
    case "constant":
      return toDelayUs(meanUs);
    case "uniform":
      return toDelayUs(meanUs * (1 + sigma * SQRT3 * (2 * rng.next() - 1)));
    case "normal":
      return toDelayUs(meanUs * (1 + sigma * clampedNormal(rng)));
    case "lognormal":
      return toDelayUs(Math.exp(lognormalMu(meanUs, sigma) + sigma * clampedNormal(rng)));
    case "pareto": {
      const shape = paretoShape(meanUs);
      return toDelayUs(samplePareto(paretoScaleUs(meanUs, shape), 1 / shape, rng));
    }
  }
}

/** x_m / U^(1/α) with U in (0, 1], so the result is finite. */
function samplePareto(scaleUs: number, inverseShape: number, rng: Rng): number {
  return scaleUs / Math.pow(1 - rng.next(), inverseShape);
}

/**
 * A guaranteed lower bound on `sampleDelayUs(kind, meanUs, sigma, ·)`: what the parallel engine may use as
 * lookahead. Normal and lognormal draws are clamped at Z = −TAIL_Z (see TAIL_Z).
 */
export function minDelayUs(kind: DelayDistributionKind, meanUs: number, sigma: number): number {
  switch (kind) {
    case "constant":
      return toDelayUs(meanUs);
    case "uniform":
      return toDelayUs(meanUs * (1 - sigma * SQRT3));
    case "normal":
      return toDelayUs(meanUs * (1 - sigma * TAIL_Z));
    case "lognormal":
      return toDelayUs(Math.exp(lognormalMu(meanUs, sigma) - sigma * TAIL_Z));
    case "pareto":
      return toDelayUs(paretoScaleUs(meanUs, paretoShape(meanUs)));
  }
}

/** The `network` block of a compiled scenario, as far as delays are concerned. */
export type DelayNetworkSpec = Pick<Scenario["network"], "regionNames" | "meanDelayUs" | "jitter">;

/**
 * Delays between nodes: each node belongs to a region, each ordered region pair has a mean one-way delay,
 * and every message draws its own delay from the scenario's distribution around that mean.
 *
 * Per-pair parameters (mean, lognormal μ, Pareto scale and 1/shape) are precomputed into flat typed arrays
 * indexed by `fromRegion · R + toRegion`, so `sampleUs` does two array reads and one draw and allocates
 * nothing. Memory is O(regions² + nodes), not O(nodes²).
 */
export class DelayModel {
  readonly kind: DelayDistributionKind;
  readonly sigma: number;
  readonly regionCount: number;
  /** Region index of each node. */
  private readonly regionOfNode: Int32Array;
  private readonly meanUs: Float64Array;
  /** Lognormal μ per region pair. */
  private readonly logMu: Float64Array;
  /** Pareto x_m (µs) and 1/α per region pair. */
  private readonly paretoScaleUs: Float64Array;
  private readonly paretoInverseShape: Float64Array;

  constructor(network: DelayNetworkSpec, nodeRegions: readonly string[]) {
    const names = network.regionNames;
    const r = names.length;
    if (network.meanDelayUs.length !== r || network.meanDelayUs.some((row) => row.length !== r)) {
      throw new RangeError(`DelayModel: meanDelayUs must be a ${r}×${r} matrix (one row and column per region)`);
    }
    const { distribution, sigma } = network.jitter;
    if (!(sigma >= 0) || !Number.isFinite(sigma)) {
      throw new RangeError(`DelayModel: jitter.sigma must be a finite number >= 0, got ${sigma}`);
    }
    this.kind = distribution;
    this.sigma = sigma;
    this.regionCount = r;

    const indexOfRegion = new Map<string, number>();
    names.forEach((name, i) => indexOfRegion.set(name, i));
    this.regionOfNode = new Int32Array(nodeRegions.length);
    nodeRegions.forEach((name, node) => {
      const index = indexOfRegion.get(name);
      if (index === undefined) {
        throw new RangeError(`DelayModel: node ${node} is in region '${name}', which is not one of [${names.join(", ")}]`);
      }
      this.regionOfNode[node] = index;
    });

    this.meanUs = new Float64Array(r * r);
    this.logMu = new Float64Array(r * r);
    this.paretoScaleUs = new Float64Array(r * r);
    this.paretoInverseShape = new Float64Array(r * r);
    for (let from = 0; from < r; from++) {
      for (let to = 0; to < r; to++) {
        const mean = network.meanDelayUs[from]![to]!;
        if (!(mean > 0) || !Number.isFinite(mean)) {
          throw new RangeError(
            `DelayModel: mean delay ${names[from]} -> ${names[to]} must be a finite number > 0 µs, got ${mean}`,
          );
        }
        const pair = from * r + to;
        const shape = paretoShape(mean);
        this.meanUs[pair] = mean;
        this.logMu[pair] = lognormalMu(mean, sigma);
        this.paretoScaleUs[pair] = paretoScaleUs(mean, shape);
        this.paretoInverseShape[pair] = 1 / shape;
      }
    }
  }

  /** The model for a compiled scenario: its `network` block and the region of each node. */
  static fromScenario(scenario: Pick<Scenario, "network" | "nodes">): DelayModel {
    return new DelayModel(scenario.network, scenario.nodes.regions);
  }

  get nodeCount(): number {
    return this.regionOfNode.length;
  }

  private pairIndex(from: number, to: number): number {
    const fromRegion = this.regionOfNode[from];
    const toRegion = this.regionOfNode[to];
    if (fromRegion === undefined || toRegion === undefined) {
      throw new RangeError(`DelayModel: no such node in ${from} -> ${to} (nodes are 0..${this.nodeCount - 1})`);
    }
    return fromRegion * this.regionCount + toRegion;
  }

  /** Mean one-way delay from node `from` to node `to`, µs. */
  meanDelayUs(from: number, to: number): number {
    return this.meanUs[this.pairIndex(from, to)]!;
  }

  /** One propagation delay from `from` to `to`, integer µs ≥ 1. Allocation-free. */
  sampleUs(from: number, to: number, rng: Rng): number {
    const pair = this.pairIndex(from, to);
    const mean = this.meanUs[pair]!;
    switch (this.kind) {
      case "constant":
        return toDelayUs(mean);
      case "uniform":
        return toDelayUs(mean * (1 + this.sigma * SQRT3 * (2 * rng.next() - 1)));
      case "normal":
        return toDelayUs(mean * (1 + this.sigma * clampedNormal(rng)));
      case "lognormal":
        return toDelayUs(Math.exp(this.logMu[pair]! + this.sigma * clampedNormal(rng)));
      case "pareto":
        return toDelayUs(samplePareto(this.paretoScaleUs[pair]!, this.paretoInverseShape[pair]!, rng));
    }
  }

  /** A lower bound on every delay `sampleUs(from, to, ·)` can return, µs (see `minDelayUs`). */
  minDelayUs(from: number, to: number): number {
    return minDelayUs(this.kind, this.meanUs[this.pairIndex(from, to)]!, this.sigma);
  }
}
