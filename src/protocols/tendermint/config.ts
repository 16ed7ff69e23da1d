/**
 * The scenario's `protocol` block for Tendermint (scenario/types.ts `TendermintSpec`, durations in µs) and its
 * resolution into checked numbers with the optional knobs filled in.
 */

export interface TendermintConfig {
  readonly name: string;
  readonly batch: { readonly maxTxs: number; readonly maxWaitUs: number };
  /** timeoutPropose(0): how long a non-proposer waits for a proposal in round 0 (l.21). */
  readonly timeoutProposeUs: number;
  /** timeoutPrevote(0): wait after 2f+1 prevotes for anything (l.34–35). */
  readonly timeoutPrevoteUs: number;
  /** timeoutPrecommit(0): wait after 2f+1 precommits for anything (l.47–48). */
  readonly timeoutPrecommitUs: number;
  /** Added to each timeout per round: timeout(r) = base + r·Δ. */
  readonly timeoutDeltaUs: number;
  /** Voting power per node, in id order (absent: 1 each). */
  readonly votingPower?: readonly number[];
  /** How long transactions from clients wait to be forwarded together. Default maxWaitUs / 5 (0: at once). */
  readonly forwardDelayUs?: number;
  /** How long a node that looks behind waits before fetching decided blocks. Default timeoutPrecommitUs. */
  readonly catchUpDelayUs?: number;
  /** Most decided blocks in one COMMIT reply. Default 16. */
  readonly catchUpBatchLimit?: number;
  /** Decided blocks (with certificates) kept to serve catch-up. Default 256. */
  readonly retainHeights?: number;
  /** UNSAFE research knob (scenario `protocol.quorumOverride`): the voting power that makes "2f+1" when set. */
  readonly quorumOverride?: number;
}

export interface ResolvedConfig {
  readonly maxTxs: number;
  readonly maxWaitUs: number;
  readonly timeoutProposeUs: number;
  readonly timeoutPrevoteUs: number;
  readonly timeoutPrecommitUs: number;
  readonly timeoutDeltaUs: number;
  readonly votingPower: readonly number[] | undefined;
  readonly forwardDelayUs: number;
  readonly catchUpDelayUs: number;
  readonly catchUpBatchLimit: number;
  readonly retainHeights: number;
  readonly quorumOverride?: number;
}

function integer(value: unknown, field: string, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`tendermint config: ${field} must be an integer >= ${min}, found ${String(value)}`);
  }
  return value;
}

export function resolveConfig(config: TendermintConfig): ResolvedConfig {
  const maxTxs = integer(config.batch?.maxTxs, "batch.maxTxs", 1);
  const maxWaitUs = integer(config.batch?.maxWaitUs, "batch.maxWaitUs", 0);
  const timeoutPrecommitUs = integer(config.timeoutPrecommitUs, "timeoutPrecommitUs", 1);
  const votingPower = config.votingPower?.map((p, i) => integer(p, `votingPower[${i}]`, 1));
  return {
    maxTxs,
    maxWaitUs,
    timeoutProposeUs: integer(config.timeoutProposeUs, "timeoutProposeUs", 1),
    timeoutPrevoteUs: integer(config.timeoutPrevoteUs, "timeoutPrevoteUs", 1),
    timeoutPrecommitUs,
    timeoutDeltaUs: integer(config.timeoutDeltaUs, "timeoutDeltaUs", 0),
    votingPower,
    forwardDelayUs: integer(config.forwardDelayUs ?? Math.floor(maxWaitUs / 5), "forwardDelayUs", 0),
    catchUpDelayUs: integer(config.catchUpDelayUs ?? timeoutPrecommitUs, "catchUpDelayUs", 1),
    catchUpBatchLimit: integer(config.catchUpBatchLimit ?? 16, "catchUpBatchLimit", 1),
    retainHeights: integer(config.retainHeights ?? 256, "retainHeights", 1),
    ...(config.quorumOverride === undefined ? {} : { quorumOverride: integer(config.quorumOverride, "quorumOverride", 1) }),
  };
}
