/**
 * HotStuffReplica: the sans-IO Protocol for one chained HotStuff replica. It checks every message's signature
 * on receipt, hands it to the rule for its type, then "settles": forwards stale transactions again, lets the
 * leader propose, and (re)arms the pacemaker and catch-up timers. Like etcd-io/raft's Step: one input in,
 * effects out through the context; no clocks, no I/O.
 */
import type { NodeId, SignedTx, TimerTag } from "../types.js";
import { SettlingReplica } from "../replica.js";
import { nextPeer, onBlockRequest, onBlockResponse, onFetchTimer, requestTip, scheduleFetch } from "./catch-up.js";
import type { Ctx } from "./effects.js";
import { firedNow, storedBlockOf, verifySignature } from "./effects.js";
import type { HotStuffMessage } from "./messages.js";
import { leaderOf } from "./messages.js";
import { currentTimeoutUs, onNewView, onViewTimeout, refreshViewTimer } from "./pacemaker.js";
import { onProposal, proposeIfReady } from "./proposal.js";
import { onClientTransaction, onRequest, reforwardStale } from "./requests.js";
import type { HotStuffConfig, HotStuffStats, ResolvedConfig } from "./state.js";
import { genesisBlock, hexOf, ReplicaState, resolveConfig, restoreSafety } from "./state.js";
import { onVote } from "./votes.js";
import { checkMembers } from "../members.js";

/** A read-only summary of a replica's state, for tests and debugging. */
export interface HotStuffSnapshot {
  readonly id: NodeId;
  readonly view: number;
  readonly leader: NodeId;
  readonly highQCView: number;
  readonly lockedQCView: number;
  readonly lockedHash: string;
  readonly lastVotedView: number;
  readonly committedHeight: number;
  readonly consecutiveTimeouts: number;
  /** The timeout the pacemaker would arm for the current view now. */
  readonly viewTimeoutUs: number;
  readonly poolSize: number;
  readonly storedBlocks: number;
  readonly stats: Readonly<HotStuffStats>;
}

export class HotStuffReplica extends SettlingReplica<HotStuffMessage, ReplicaState> {
  readonly name = "hotstuff";
  private readonly cfg: ResolvedConfig;

  constructor(config: HotStuffConfig) {
    super();
    this.cfg = resolveConfig(config);
  }

  /** Starts fresh at time 0, or — after a crash — from what was persisted, then asks a peer for the chain. */
  start(ctx: Ctx): void {
    checkMembers(ctx.nodes, "hotstuff", 4);
    const s = new ReplicaState(ctx.id, ctx.nodes, this.cfg, storedBlockOf(ctx, genesisBlock()));
    this.state = s;
    if (restoreSafety(ctx, s)) {
      s.syncing = true;
      ctx.log("hotstuff.recover", { view: s.curView, committedHeight: s.committedHeight, lockedView: s.lockedQC.view });
      requestTip(ctx, s, nextPeer(s));
    }
    this.settle(ctx, s);
  }

  protected transaction(ctx: Ctx, s: ReplicaState, tx: SignedTx): void {
    onClientTransaction(ctx, s, tx, true);
  }

  /** An invalid message is counted and dropped, but the replica still settles. */
  protected receive(ctx: Ctx, s: ReplicaState, from: NodeId, msg: HotStuffMessage): boolean {
    if (!this.handle(ctx, s, from, msg)) s.stats.droppedInvalid++;
    return true;
  }

  protected timer(ctx: Ctx, s: ReplicaState, tag: TimerTag): void {
    if (firedNow(s.timers.view, tag)) onViewTimeout(ctx, s);
    else if (firedNow(s.timers.fetch, tag)) onFetchTimer(ctx, s);
    else firedNow(s.timers.batch, tag); // proposeIfReady in settle cuts the due batch
  }

  /** The leader of this replica's current view (workload `target: leader`). */
  leader(): NodeId | undefined {
    const s = this.state;
    return s === undefined ? undefined : leaderOf(s.curView, s.n);
  }

  /** Read-only view of the replica's state (undefined before start). */
  snapshot(): HotStuffSnapshot | undefined {
    const s = this.state;
    if (s === undefined) return undefined;
    return {
      id: s.id,
      view: s.curView,
      leader: leaderOf(s.curView, s.n),
      highQCView: s.highQC.view,
      lockedQCView: s.lockedQC.view,
      lockedHash: hexOf(s.lockedQC.blockHash),
      lastVotedView: s.lastVotedView,
      committedHeight: s.committedHeight,
      consecutiveTimeouts: s.consecutiveTimeouts,
      viewTimeoutUs: currentTimeoutUs(s),
      poolSize: s.pool.size,
      storedBlocks: s.blocks.size,
      stats: { ...s.stats },
    };
  }

  /** Returns false for an invalid message (bad signature, malformed certificate). */
  private handle(ctx: Ctx, s: ReplicaState, from: NodeId, msg: HotStuffMessage): boolean {
    if (msg.type === "PROPOSAL") return onProposal(ctx, s, from, msg); // signature over (view, computed hash)
    if (!verifySignature(ctx, s.n, msg)) return false;
    switch (msg.type) {
      case "REQUEST":
        onRequest(ctx, s, msg);
        return true;
      case "VOTE":
        onVote(ctx, s, msg);
        return true;
      case "NEW-VIEW":
        return onNewView(ctx, s, msg);
      case "BLOCK-REQUEST":
        onBlockRequest(ctx, s, msg);
        return true;
      case "BLOCK-RESPONSE":
        return onBlockResponse(ctx, s, msg);
    }
  }

  /** Derived actions after any input: re-forward, propose, then timers. */
  protected settle(ctx: Ctx, s: ReplicaState): void {
    reforwardStale(ctx, s);
    proposeIfReady(ctx, s);
    refreshViewTimer(ctx, s);
    scheduleFetch(ctx, s);
  }
}
