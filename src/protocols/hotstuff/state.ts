/**
 * A chained HotStuff replica's state: configuration, the block tree, the three pieces of Algorithm 3's state
 * (highQC = qc_high, lockedQC = b_lock's certificate, lastVotedView = vheight), the pacemaker's view and
 * back-off, the transaction pool and the catch-up bookkeeping. Plain data; the rule files mutate it.
 * What survives a crash (`persistVote`, `persistLock`, `persistCommit`, `restoreSafety`): the last voted view,
 * the locked QC, the view and the committed height with its hash — enough never to vote twice in a view, never to unlock, and never to
 * report a height twice.
 */
import { fromHex, toHex } from "../codec.js";
import type { NodeContext, NodeId, SignedTx } from "../types.js";
import type { Block, CarriedVote, HotStuffMessage, ProposalMsg, QuorumCert } from "./messages.js";
import { maxFaulty, quorumSize } from "./rules.js";

/** The scenario's `protocol` block for HotStuff (durations already in µs; HotStuffSpec in scenario/types). */
export interface HotStuffConfig {
  readonly name: string;
  readonly batch: { readonly maxTxs: number; readonly maxWaitUs: number };
  /** Pacemaker base view timeout; doubles with each consecutive timeout up to maxViewTimeoutUs. */
  readonly viewTimeoutUs: number;
  readonly maxViewTimeoutUs: number;
  /** How long before a missing block is (re)requested from another peer. Default viewTimeoutUs / 4. */
  readonly fetchRetryUs?: number;
  /** Most blocks in one BLOCK-RESPONSE. Default 16. */
  readonly fetchBlockLimit?: number;
  /** UNSAFE research knob (scenario `protocol.quorumOverride`): replaces the quorum size when set. */
  readonly quorumOverride?: number;
}

export interface ResolvedConfig {
  readonly maxTxs: number;
  readonly maxWaitUs: number;
  readonly viewTimeoutUs: number;
  readonly maxViewTimeoutUs: number;
  readonly fetchRetryUs: number;
  readonly fetchBlockLimit: number;
  readonly quorumOverride?: number;
}

function positiveInt(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`hotstuff config: ${field} must be a positive integer, found ${String(value)}`);
  }
  return value;
}

export function resolveConfig(config: HotStuffConfig): ResolvedConfig {
  const viewTimeoutUs = positiveInt(config.viewTimeoutUs, "viewTimeoutUs");
  const maxViewTimeoutUs = positiveInt(config.maxViewTimeoutUs, "maxViewTimeoutUs");
  if (maxViewTimeoutUs < viewTimeoutUs) {
    throw new RangeError(`hotstuff config: maxViewTimeoutUs (${maxViewTimeoutUs}) must be >= viewTimeoutUs (${viewTimeoutUs})`);
  }
  return {
    maxTxs: positiveInt(config.batch?.maxTxs, "batch.maxTxs"),
    maxWaitUs: positiveInt(config.batch?.maxWaitUs, "batch.maxWaitUs"),
    viewTimeoutUs,
    maxViewTimeoutUs,
    fetchRetryUs: positiveInt(config.fetchRetryUs ?? Math.max(1, Math.floor(viewTimeoutUs / 4)), "fetchRetryUs"),
    fetchBlockLimit: positiveInt(config.fetchBlockLimit ?? 16, "fetchBlockLimit"),
    ...(config.quorumOverride === undefined ? {} : { quorumOverride: positiveInt(config.quorumOverride, "quorumOverride") }),
  };
}

/** A block in the tree with its computed hash. `recoveredRoot` marks the committed root a recovered replica restarts from. */
export interface StoredBlock {
  readonly hashHex: string;
  readonly hash: Uint8Array;
  readonly parentHex: string;
  readonly block: Block;
  readonly recoveredRoot: boolean;
}

import type { TimerSlot } from "../timers.js";
export type { TimerSlot };

export interface HotStuffStats {
  proposals: number;
  votesSent: number;
  qcsFormed: number;
  timeouts: number;
  droppedInvalid: number;
  rejectedProposals: number;
  unsafeProposals: number;
  rejectedTransactions: number;
  blockRequests: number;
  blocksFetched: number;
}

/** A proposal or fetched block waiting for its parent. */
export interface ParkedBlock {
  readonly stored: StoredBlock;
  readonly from: NodeId;
  /** A proposal (its transactions still need checking before a vote) rather than a fetched, certified block. */
  readonly proposal: ProposalMsg | undefined;
}

/** A block wanted from peers: whom to ask next, how many ancestors with it, and when it was last asked for. */
export interface MissingBlock {
  peer: NodeId;
  maxBlocks: number;
  /** −1: ask at once. */
  requestedAtUs: number;
  tries: number;
}

export class ReplicaState {
  readonly n: number;
  readonly f: number;
  readonly quorum: number;
  readonly blocks = new Map<string, StoredBlock>();
  /** Hashes of stored blocks above the committed height (pruned when a height commits). */
  readonly uncommitted = new Set<string>();
  /** Committed block hash by height (for catch-up answers). */
  readonly committedByHeight = new Map<number, string>();
  committedHeight = 0;
  committedHex: string;
  /** Highest committed height holding transactions. */
  lastTxCommitHeight = 0;
  /** Highest height decided by the justify QC of a proposal seen here (so decided on every receiver too). */
  announcedHeight = 0;
  curView = 1;
  lastVotedView = 0;
  lastVote: CarriedVote | null = null;
  highQC: QuorumCert;
  lockedQC: QuorumCert;
  proposedView = 0;
  consecutiveTimeouts = 0;
  /** The view the armed view timer belongs to. */
  timerView = 0;
  /** Votes gathered as a leader: `${view}/${hashHex}` → voter → signature. */
  readonly votes = new Map<string, Map<NodeId, Uint8Array>>();
  /** NEW-VIEWs gathered as the leader of a view: view → sender → that sender's highQC view. */
  readonly newViews = new Map<number, Map<NodeId, number>>();
  /** QCs already verified here, by `${view}/${hashHex}` (a QC is checked once per replica). */
  readonly certified = new Set<string>();
  /** Known, valid, uncommitted transactions (received, forwarded, or seen in a proposal) with arrival times. */
  readonly pool = new Map<number, { tx: SignedTx; atUs: number }>();
  /** Transactions this replica received from clients and has not seen in any block yet: when and to whom forwarded. */
  readonly forwarded = new Map<number, { view: number; to: NodeId }>();
  readonly relayed = new Set<number>();
  readonly committedTxIds = new Set<number>();
  /** Certified QCs whose block is not here yet, by block hash. */
  readonly awaitingQCs = new Map<string, QuorumCert>();
  /** Blocks whose parent is not here yet, by parent hash; and the set of their own hashes. */
  readonly parked = new Map<string, ParkedBlock[]>();
  readonly parkedHashes = new Set<string>();
  readonly missing = new Map<string, MissingBlock>();
  /** A recovered replica asks a peer for its highest certified block until one answers. */
  syncing = false;
  fetchPeerCursor: number;
  lastReforwardView = 0;
  readonly timers = { view: emptySlot(), batch: emptySlot(), fetch: emptySlot() };
  timerSeq = 0;
  readonly stats: HotStuffStats = {
    proposals: 0, votesSent: 0, qcsFormed: 0, timeouts: 0, droppedInvalid: 0, rejectedProposals: 0,
    unsafeProposals: 0, rejectedTransactions: 0, blockRequests: 0, blocksFetched: 0,
  };

  constructor(
    readonly id: NodeId,
    readonly nodes: readonly NodeId[],
    readonly cfg: ResolvedConfig,
    readonly genesis: StoredBlock,
  ) {
    this.n = nodes.length;
    this.f = maxFaulty(this.n);
    this.quorum = cfg.quorumOverride ?? quorumSize(this.n); // quorumOverride: UNSAFE research knob
    this.committedHex = genesis.hashHex;
    this.highQC = genesisQC(genesis);
    this.lockedQC = this.highQC;
    this.fetchPeerCursor = id;
    this.blocks.set(genesis.hashHex, genesis);
    this.committedByHeight.set(0, genesis.hashHex);
  }
}

function emptySlot(): TimerSlot {
  return { id: undefined, tag: undefined };
}

/** The genesis block: view 0, height 0, no parent, justified by the empty genesis QC. */
export function genesisBlock(): Block {
  return { view: 0, height: 0, parent: new Uint8Array(0), proposer: 0, justify: { view: 0, blockHash: new Uint8Array(0), votes: [] }, txs: [] };
}

/** The QC every replica starts with: view 0 for the genesis block, no votes (b_0 in the paper). */
export function genesisQC(genesis: StoredBlock): QuorumCert {
  return { view: 0, blockHash: genesis.hash, votes: [] };
}

const hexCache = new WeakMap<Uint8Array, string>();

/** Lower-case hex of a hash, memoised per byte array (hashes are never mutated once made). */
export function hexOf(bytes: Uint8Array): string {
  let hex = hexCache.get(bytes);
  if (hex === undefined) {
    hex = toHex(bytes);
    hexCache.set(bytes, hex);
  }
  return hex;
}

export function qcKey(view: number, hashHex: string): string {
  return `${view}/${hashHex}`;
}

/** A QC as plain data (hex strings for bytes). */
interface PersistedQC {
  readonly view: number;
  readonly hash: string;
  readonly votes: [NodeId, string][];
}

const persistedQCs = new WeakMap<QuorumCert, PersistedQC>();

function persistedQC(qc: QuorumCert): PersistedQC {
  let out = persistedQCs.get(qc);
  if (out === undefined) {
    out = { view: qc.view, hash: hexOf(qc.blockHash), votes: qc.votes.map((v) => [v.voter, toHex(v.sig)]) };
    persistedQCs.set(qc, out);
  }
  return out;
}

/** What survives a crash, as plain data, under three keys written as often as each part changes. */
interface PersistedVote {
  readonly view: number;
  readonly lastVotedView: number;
}

interface PersistedCommit {
  readonly height: number;
  readonly hashHex: string;
}

const VOTE_KEY = "hotstuff/vote";
const LOCK_KEY = "hotstuff/lock";
const COMMIT_KEY = "hotstuff/commit";

/** Before a vote is sent (and on a timeout): the view and the last voted view ("vheight"). */
export function persistVote(ctx: NodeContext<HotStuffMessage>, s: ReplicaState): void {
  const record: PersistedVote = { view: s.curView, lastVotedView: s.lastVotedView };
  ctx.persist(VOTE_KEY, record);
}

/** When the lock moves (Alg. 3: b_lock). */
export function persistLock(ctx: NodeContext<HotStuffMessage>, s: ReplicaState): void {
  ctx.persist(LOCK_KEY, persistedQC(s.lockedQC));
}

/** After commits: the committed height and its block hash. */
export function persistCommit(ctx: NodeContext<HotStuffMessage>, s: ReplicaState): void {
  const record: PersistedCommit = { height: s.committedHeight, hashHex: s.committedHex };
  ctx.persist(COMMIT_KEY, record);
}

/**
 * Restores what was persisted; returns false on a fresh start. The committed block becomes the root (`recoveredRoot`) of
 * the tree (its content is not needed again: everything above it is fetched from peers).
 */
export function restoreSafety(ctx: NodeContext<HotStuffMessage>, s: ReplicaState): boolean {
  const vote = ctx.restore(VOTE_KEY) as PersistedVote | undefined;
  const lock = ctx.restore(LOCK_KEY) as PersistedQC | undefined;
  const commit = ctx.restore(COMMIT_KEY) as PersistedCommit | undefined;
  if (vote === undefined && lock === undefined && commit === undefined) return false;
  if (lock !== undefined) {
    s.lockedQC = { view: lock.view, blockHash: fromHex(lock.hash), votes: lock.votes.map(([voter, sig]) => ({ voter, sig: fromHex(sig) })) };
  }
  s.lastVotedView = vote?.lastVotedView ?? 0;
  s.curView = Math.max(vote?.view ?? 1, s.lastVotedView + 1, s.lockedQC.view + 1);
  if (commit !== undefined && commit.height > 0) {
    const root: StoredBlock = {
      hashHex: commit.hashHex,
      hash: fromHex(commit.hashHex),
      parentHex: "",
      block: { ...genesisBlock(), height: commit.height },
      recoveredRoot: true,
    };
    s.blocks.set(root.hashHex, root);
    s.committedByHeight.set(commit.height, root.hashHex);
    s.committedHeight = commit.height;
    s.committedHex = commit.hashHex;
  }
  return true;
}
