/**
 * A Tendermint node's state: Algorithm 1's variables (h_p, round_p, step_p, lockedValue/Round,
 * validValue/Round), the message logs of the current and next height, the decided blocks kept for catch-up,
 * the transaction pool, timers and counters. Plain data; the rule files mutate it.
 *
 * What survives a crash (`persist*` / `restoreState`, the role of CometBFT's WAL): the height, round and step,
 * the locked and valid values and rounds, the last proposal and votes this node signed (so after a restart it
 * re-sends them rather than ever signing a different one for the same round), and the decided blocks with
 * their certificates (to serve catch-up and to know which transactions already committed).
 */
import type { NodeContext, NodeId, SignedTx } from "../types.js";
import type { ResolvedConfig } from "./config.js";
import { HeightLog } from "./log.js";
import type { Block, DecidedEntry, ProposalMsg, TendermintMessage, VoteMsg } from "./messages.js";
import { GENESIS_ID } from "./messages.js";
import { ValidatorSet } from "./validators.js";

/** step_p (l.4); ordered: propose < prevote < precommit. */
export type Step = "propose" | "prevote" | "precommit";
export const STEP_RANK: Readonly<Record<Step, number>> = { propose: 0, prevote: 1, precommit: 2 };

/** A timer the node owns; a fired tag that does not match `tag` is stale and ignored. */
import type { TimerSlot } from "../timers.js";
export type { TimerSlot };

export interface TendermintStats {
  droppedInvalidSignature: number;
  droppedMalformed: number;
  droppedStale: number;
  rejectedProposals: number;
  rejectedTransactions: number;
  roundsStarted: number;
  decisions: number;
  blocksCaughtUp: number;
  catchUpFetches: number;
  commitRepliesSent: number;
}

export interface PoolEntry {
  readonly tx: SignedTx;
  readonly atUs: number;
  /** For a transaction this node received from a client: the proposers it was forwarded to. */
  readonly sentTo: Set<NodeId> | undefined;
}

/** What this node last signed in the consensus (never re-signed differently for the same height and round). */
export interface SignedRecord {
  proposal?: ProposalMsg;
  prevote?: VoteMsg;
  precommit?: VoteMsg;
}

export class NodeState {
  readonly n: number;
  readonly validators: ValidatorSet;
  height = 1;
  round = 0;
  step: Step = "propose";
  lockedValue: Block | null = null;
  lockedId: string | null = null;
  lockedRound = -1;
  validValue: Block | null = null;
  validId: string | null = null;
  validRound = -1;
  lastBlockId: Uint8Array = GENESIS_ID;
  log: HeightLog = new HeightLog(1);
  /** Messages for height + 1, kept so a node a little behind loses nothing. */
  next: HeightLog = new HeightLog(2);
  readonly signed: SignedRecord = {};
  /** Decided blocks with their certificates, by height (the last `retainHeights`). */
  readonly decided = new Map<number, DecidedEntry>();
  readonly decidedAtUs = new Map<number, number>();
  readonly committedTxIds = new Set<number>();
  /** Pending client transactions (the mempool), in arrival order. */
  readonly pool = new Map<number, PoolEntry>();
  /** Client transactions received since the last forwarding. */
  unforwarded = 0;
  /** "h/r" the pending transactions were last forwarded for (mempool.ts). */
  forwardKey = "";
  /** "h/r" of the last OnTimeoutPropose scheduled (once per round, l.21). */
  proposeTimerKey = "";
  /** Highest height each peer was seen at (catch-up). */
  readonly peerHeights = new Map<NodeId, number>();
  maxPeerHeight = 0;
  /** Catch-up entries above the current height, applied in order. */
  readonly pendingEntries = new Map<number, DecidedEntry>();
  /** When this node last sent a COMMIT to each peer that looked stuck. */
  readonly helpedAtUs = new Map<NodeId, number>();
  /** Set from a restart until a catch-up reply arrives. */
  recovering = false;
  catchUpHeight = 0;
  /** A peer that just helped this node catch up, asked once more later (catch-up.ts). */
  catchUpProbe: NodeId | undefined;
  catchUpTries = 0;
  timerSeq = 0;
  readonly timers = { forward: {} as TimerSlot, batch: {} as TimerSlot, catchUp: {} as TimerSlot };
  readonly stats: TendermintStats = {
    droppedInvalidSignature: 0,
    droppedMalformed: 0,
    droppedStale: 0,
    rejectedProposals: 0,
    rejectedTransactions: 0,
    roundsStarted: 0,
    decisions: 0,
    blocksCaughtUp: 0,
    catchUpFetches: 0,
    commitRepliesSent: 0,
  };

  constructor(
    readonly id: NodeId,
    nodes: readonly NodeId[],
    readonly cfg: ResolvedConfig,
  ) {
    this.n = nodes.length;
    const powers = cfg.votingPower ?? nodes.map(() => 1);
    if (powers.length !== this.n) {
      throw new RangeError(`tendermint: votingPower has ${powers.length} entries for ${this.n} nodes`);
    }
    this.validators = new ValidatorSet(powers, cfg.quorumOverride);
  }

  proposer(round = this.round): NodeId {
    return this.validators.proposer(this.height, round);
  }

  isProposer(round = this.round): boolean {
    return this.proposer(round) === this.id;
  }
}

type Ctx = NodeContext<TendermintMessage>;

const KEY_CONSENSUS = "tm/consensus";
const KEY_LOCKED = "tm/locked";
const KEY_VALID = "tm/valid";
const decidedKey = (height: number): string => `tm/decided/${height}`;

const KEY_PROPOSAL = "tm/proposal";

interface PersistedConsensus {
  height: number;
  round: number;
  step: Step;
  lockedRound: number;
  validRound: number;
  lastBlockId: Uint8Array;
  prevote: VoteMsg | undefined;
  precommit: VoteMsg | undefined;
}

/** Saves (h, round, step, the rounds, the last signed votes); call after each step change or vote. */
export function persistConsensus(ctx: Ctx, s: NodeState): void {
  const value: PersistedConsensus = {
    height: s.height,
    round: s.round,
    step: s.step,
    lockedRound: s.lockedRound,
    validRound: s.validRound,
    lastBlockId: s.lastBlockId,
    prevote: s.signed.prevote,
    precommit: s.signed.precommit,
  };
  ctx.persist(KEY_CONSENSUS, value);
}

/** Saves the last proposal signed (a block can be large, so apart from the small consensus record). */
export function persistProposal(ctx: Ctx, s: NodeState): void {
  ctx.persist(KEY_PROPOSAL, s.signed.proposal);
}

export function persistLocked(ctx: Ctx, s: NodeState): void {
  ctx.persist(KEY_LOCKED, s.lockedValue);
}

export function persistValid(ctx: Ctx, s: NodeState): void {
  ctx.persist(KEY_VALID, s.validValue);
}

/** Saves a decided block and forgets the one that fell out of the retention window. */
export function persistDecided(ctx: Ctx, s: NodeState, entry: DecidedEntry): void {
  ctx.persist(decidedKey(entry.block.height), entry);
  const old = entry.block.height - s.cfg.retainHeights;
  if (old >= 1) ctx.persist(decidedKey(old), undefined);
}

/** Loads what `persist*` saved; false when nothing was (a first start). */
export function restoreState(ctx: Ctx, s: NodeState, blockIdHex: (block: Block) => string): boolean {
  const saved = ctx.restore(KEY_CONSENSUS) as PersistedConsensus | undefined;
  if (saved === undefined) return false;
  s.height = saved.height;
  s.round = saved.round;
  s.step = saved.step;
  s.lockedRound = saved.lockedRound;
  s.validRound = saved.validRound;
  s.lastBlockId = saved.lastBlockId;
  s.signed.prevote = saved.prevote;
  s.signed.precommit = saved.precommit;
  s.signed.proposal = ctx.restore(KEY_PROPOSAL) as ProposalMsg | undefined;
  s.lockedValue = (ctx.restore(KEY_LOCKED) as Block | null | undefined) ?? null;
  s.lockedId = s.lockedValue === null ? null : blockIdHex(s.lockedValue);
  s.validValue = (ctx.restore(KEY_VALID) as Block | null | undefined) ?? null;
  s.validId = s.validValue === null ? null : blockIdHex(s.validValue);
  s.log = new HeightLog(s.height);
  s.next = new HeightLog(s.height + 1);
  for (let h = Math.max(1, s.height - s.cfg.retainHeights); h < s.height; h++) {
    const entry = ctx.restore(decidedKey(h)) as DecidedEntry | undefined;
    if (entry === undefined) continue;
    s.decided.set(h, entry);
    for (const tx of entry.block.txs) s.committedTxIds.add(tx.id);
  }
  return true;
}
