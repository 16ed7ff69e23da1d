/**
 * Nakamoto configuration: the scenario's resolved `protocol` block (durations in µs, sizes in bytes) and the
 * hash-power shares derived from it.
 *
 * Hash power never turns into ground hashes (ARCHITECTURE: the simulator runs real code, but grinding SHA-256d
 * for minutes of simulated work is pointless). Mining is modelled as it behaves statistically: node i finds
 * blocks as a Poisson process of rate share_i / T, so the network finds one block per T on average. The header
 * records the difficulty that rate implies (see `difficultyFor`).
 */
import type { ProtocolSpec } from "../../scenario/types.js";

/** `hashPower` as written in the scenario. */
export type HashPowerSpec =
  | "equal"
  /** Shares follow a Pareto(α) law: node i gets the ((i + ½)/n)-quantile, so node 0 is the largest miner. */
  | { kind: "pareto"; alpha: number }
  /** Explicit relative shares, in node-id order; nodes beyond the list have no hash power (they only relay). */
  | { kind: "shares"; shares: number[] };

export interface NakamotoConfig extends ProtocolSpec {
  name: "nakamoto";
  /** Mean time between blocks over the whole network, µs. */
  blockIntervalUs: number;
  /** Largest block (its full serialisation), bytes. */
  blockSizeBytes: number;
  /** A node reports height h as committed once its best chain reaches h + confirmations. */
  confirmations: number;
  hashPower?: HashPowerSpec;
  /** Miners stop once their best chain reaches this height (0 = mine until the end); SimBlock's END_BLOCK_HEIGHT. */
  maxHeight?: number;
  /** BIP 152 compact-block relay (low-bandwidth mode) instead of full blocks. */
  compactBlocks?: boolean;
  /** Fill each block up to blockSizeBytes with background transactions the workload did not supply. */
  padBlocks?: boolean;
  /** Block validation cost charged on the receiver's CPU per transaction (background ones included), µs. */
  validationPerTxUs?: number;
  /** Block validation cost per KiB of block, µs. */
  validationPerKiBUs?: number;
  /** How often a node announces new transactions to its peers (Bitcoin's trickle), µs. */
  txRelayIntervalUs?: number;
}

/** The configuration with every optional key filled in (what the replica uses). */
export interface ResolvedConfig {
  readonly blockIntervalUs: number;
  readonly blockSizeBytes: number;
  readonly confirmations: number;
  readonly hashPower: HashPowerSpec;
  readonly maxHeight: number;
  readonly compactBlocks: boolean;
  readonly padBlocks: boolean;
  readonly validationPerTxUs: number;
  readonly validationPerKiBUs: number;
  readonly txRelayIntervalUs: number;
}

/** Defaults, matching the scenario schema's. */
export const DEFAULTS = {
  hashPower: "equal",
  maxHeight: 0,
  compactBlocks: false,
  padBlocks: true,
  validationPerTxUs: 10,
  validationPerKiBUs: 1,
  txRelayIntervalUs: 2_000_000,
} as const;

/**
 * Size of one background transaction, bytes: padding stands for transactions of this size when validation is
 * charged per transaction and when a compact block lists short ids. 250 B is about Bitcoin's median
 * transaction (one input, two outputs).
 */
export const BACKGROUND_TX_BYTES = 250;

export function resolveConfig(config: NakamotoConfig): ResolvedConfig {
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new RangeError(`nakamoto config: ${what}`);
  };
  check(Number.isFinite(config.blockIntervalUs) && config.blockIntervalUs > 0, `blockIntervalUs must be > 0, got ${config.blockIntervalUs}`);
  check(Number.isInteger(config.blockSizeBytes) && config.blockSizeBytes > 0, `blockSizeBytes must be > 0, got ${config.blockSizeBytes}`);
  check(Number.isInteger(config.confirmations) && config.confirmations >= 1, `confirmations must be >= 1, got ${config.confirmations}`);
  return {
    blockIntervalUs: config.blockIntervalUs,
    blockSizeBytes: config.blockSizeBytes,
    confirmations: config.confirmations,
    hashPower: config.hashPower ?? DEFAULTS.hashPower,
    maxHeight: config.maxHeight ?? DEFAULTS.maxHeight,
    compactBlocks: config.compactBlocks ?? DEFAULTS.compactBlocks,
    padBlocks: config.padBlocks ?? DEFAULTS.padBlocks,
    validationPerTxUs: config.validationPerTxUs ?? DEFAULTS.validationPerTxUs,
    validationPerKiBUs: config.validationPerKiBUs ?? DEFAULTS.validationPerKiBUs,
    txRelayIntervalUs: config.txRelayIntervalUs ?? DEFAULTS.txRelayIntervalUs,
  };
}

/** Relative weights before normalisation. */
function weights(spec: HashPowerSpec, n: number): Float64Array {
  const w = new Float64Array(n);
  if (spec === "equal") return w.fill(1);
  if (spec.kind === "pareto") {
    if (!(spec.alpha > 0)) throw new RangeError(`hashPower: pareto alpha must be > 0, got ${spec.alpha}`);
    // Quantile function of Pareto(x_m = 1, α) at 1 − (i + ½)/n: deterministic, largest for node 0.
    for (let i = 0; i < n; i++) w[i] = Math.pow((i + 0.5) / n, -1 / spec.alpha);
    return w;
  }
  if (spec.shares.length > n) throw new RangeError(`hashPower: ${spec.shares.length} shares for ${n} nodes`);
  spec.shares.forEach((share, i) => {
    if (!(share >= 0 && Number.isFinite(share))) throw new RangeError(`hashPower: share ${i} must be >= 0, got ${share}`);
    w[i] = share;
  });
  return w;
}

/** Normalised shares are computed once per (spec, n) and shared by every replica of a run. */
const sharesCache = new WeakMap<object, Map<number, Float64Array>>();

/** Hash-power share of every node (sums to 1). Pure function of the spec and n. */
export function hashShares(spec: HashPowerSpec, n: number): Float64Array {
  const key = typeof spec === "string" ? EQUAL_KEY : spec;
  let byN = sharesCache.get(key);
  if (byN === undefined) {
    byN = new Map();
    sharesCache.set(key, byN);
  }
  const cached = byN.get(n);
  if (cached !== undefined) return cached;
  const w = weights(spec, n);
  let total = 0;
  for (let i = 0; i < n; i++) total += w[i] as number;
  // Explicit all-zero shares mean nobody mines (a relay-only network, for tests); otherwise normalise.
  if (total > 0) for (let i = 0; i < n; i++) w[i] = (w[i] as number) / total;
  byN.set(n, w);
  return w;
}
const EQUAL_KEY = {};

/**
 * Difficulty recorded in every header: the expected number of hashes per block when the whole network
 * hashes at one hash per µs, i.e. the block interval in µs. All blocks of a run share it, so "most work"
 * equals "longest", but fork choice sums it (as Bitcoin sums 2^256 / (target + 1)).
 */
export function difficultyFor(config: ResolvedConfig): number {
  return Math.max(1, Math.round(config.blockIntervalUs));
}
