/**
 * PbftReplica: the sans-IO Protocol for one PBFT replica. It checks every message's signature on receipt,
 * hands it to the rule for its type, then "settles": replays buffered messages for a view just entered,
 * executes what committed, lets the primary propose, and (re)arms the view-change and catch-up timers.
 * Like etcd-io/raft's Step: one input in, effects out through the context; no clocks, no I/O.
 */
import type { NodeId, SignedTx, TimerTag } from "../types.js";
import { SettlingReplica } from "../replica.js";
import { proposeIfReady } from "./batching.js";
import { onCatchUpTimer, onFetch, onFetchReply, scheduleCatchUp, sendFetch } from "./catch-up.js";
import { onCheckpoint } from "./checkpoint.js";
import type { Ctx } from "./effects.js";
import { dropInvalid, firedNow, verifySignature } from "./effects.js";
import { executeReady } from "./execution.js";
import type { PbftMessage } from "./messages.js";
import { primaryOf } from "./messages.js";
import { bufferedDisposition, onCommit, onPrePrepare, onPrepare, retransmitCurrentView } from "./normal-case.js";
import { onClientTransaction, onRelayTimer, onRequest, scheduleRelay } from "./requests.js";
import type { PbftConfig, PbftStats, ResolvedConfig } from "./state.js";
import { ReplicaState, resolveConfig, restoreState } from "./state.js";
import { onNewView, onViewChange, onViewChangeTimer, refreshViewChangeTimer, retransmitViewChange } from "./view-change.js";
import { checkMembers } from "../members.js";

/** A read-only summary of a replica's state, for tests and debugging. */
export interface PbftSnapshot {
  readonly id: NodeId;
  readonly view: number;
  readonly active: boolean;
  readonly lowWatermark: number;
  readonly highWatermark: number;
  readonly lastExecuted: number;
  readonly nextSeq: number;
  /** Sequence numbers with a log entry, ascending. */
  readonly logSeqs: readonly number[];
  /** Sequence numbers with checkpoint messages kept, ascending. */
  readonly checkpointSeqs: readonly number[];
  readonly outstanding: number;
  readonly inFlight: number;
  readonly stats: Readonly<PbftStats>;
}

export class PbftReplica extends SettlingReplica<PbftMessage, ReplicaState> {
  readonly name = "pbft";
  private readonly cfg: ResolvedConfig;
  /** (view, active, low watermark) at the last scan of the future-message buffer. */
  private lastReplayKey = "";

  constructor(config: PbftConfig) {
    super();
    this.cfg = resolveConfig(config);
  }

  /** Starts fresh at time 0, or — after a crash — from what was persisted, then asks peers what it missed. */
  start(ctx: Ctx): void {
    checkMembers(ctx.nodes, "pbft", 4);
    const s = new ReplicaState(ctx.id, ctx.nodes, this.cfg);
    this.state = s;
    this.lastReplayKey = "";
    if (restoreState(ctx, s)) {
      s.catchUp.recovering = true;
      ctx.log("pbft.recover", { view: s.view, lastExecuted: s.lastExecuted, stable: s.lowWatermark });
      sendFetch(ctx, s);
    }
    this.settle(ctx, s);
  }

  protected transaction(ctx: Ctx, s: ReplicaState, tx: SignedTx): void {
    onClientTransaction(ctx, s, tx);
  }

  protected receive(ctx: Ctx, s: ReplicaState, from: NodeId, msg: PbftMessage): boolean {
    if (!verifySignature(ctx, s.n, msg)) {
      dropInvalid(s);
      return false;
    }
    this.handle(ctx, s, from, msg);
    return true;
  }

  protected timer(ctx: Ctx, s: ReplicaState, tag: TimerTag): void {
    if (firedNow(s.timers.viewChange, tag)) onViewChangeTimer(ctx, s);
    else if (firedNow(s.timers.catchUp, tag)) onCatchUpTimer(ctx, s);
    else if (firedNow(s.timers.relay, tag)) onRelayTimer(ctx, s);
    else if (firedNow(s.timers.probe, tag)) this.onProbeTimer(ctx, s);
    else firedNow(s.timers.batch, tag); // proposeIfReady in settle cuts the due batch
  }

  /**
   * Half a view-change timeout without progress: ask the peers how far they got (FETCH doubles as a status
   * query; the replies carry missing batches and the peers' views) and re-send what we sent for the current
   * view. While a view change is pending: re-send our VIEW-CHANGE instead, and ask the peers too.
   */
  private onProbeTimer(ctx: Ctx, s: ReplicaState): void {
    sendFetch(ctx, s);
    if (s.active) retransmitCurrentView(ctx, s);
    else retransmitViewChange(ctx, s);
  }

  /** The primary of the view this replica is active in (undefined during a view change or before start). */
  leader(): NodeId | undefined {
    const s = this.state;
    return s !== undefined && s.active ? primaryOf(s.view, s.n) : undefined;
  }

  /** Read-only view of the replica's state (undefined before start). */
  snapshot(): PbftSnapshot | undefined {
    const s = this.state;
    if (s === undefined) return undefined;
    return {
      id: s.id,
      view: s.view,
      active: s.active,
      lowWatermark: s.lowWatermark,
      highWatermark: s.highWatermark,
      lastExecuted: s.lastExecuted,
      nextSeq: s.nextSeq,
      logSeqs: [...s.log.keys()].sort((a, b) => a - b),
      checkpointSeqs: [...s.checkpoints.keys()].sort((a, b) => a - b),
      outstanding: s.outstanding.size,
      inFlight: s.inFlight.size,
      stats: { ...s.stats },
    };
  }

  private handle(ctx: Ctx, s: ReplicaState, from: NodeId, msg: PbftMessage): void {
    switch (msg.type) {
      case "REQUEST":
        return onRequest(ctx, s, msg);
      case "PRE-PREPARE":
        return onPrePrepare(ctx, s, from, msg);
      case "PREPARE":
        return onPrepare(ctx, s, from, msg);
      case "COMMIT":
        return onCommit(ctx, s, from, msg);
      case "CHECKPOINT":
        return onCheckpoint(ctx, s, msg);
      case "VIEW-CHANGE":
        return onViewChange(ctx, s, msg);
      case "NEW-VIEW":
        return onNewView(ctx, s, msg);
      case "FETCH":
        return onFetch(ctx, s, msg);
      case "FETCH-REPLY":
        return onFetchReply(ctx, s, msg);
    }
  }

  /** Derived actions after any input, in dependency order (replay → execute → propose → timers). */
  protected settle(ctx: Ctx, s: ReplicaState): void {
    for (let round = 0; round < 4 && this.replayFuture(ctx, s); round++);
    const executedRequests = executeReady(ctx, s);
    proposeIfReady(ctx, s);
    refreshViewChangeTimer(ctx, s, executedRequests > 0);
    scheduleRelay(ctx, s);
    scheduleCatchUp(ctx, s);
  }

  /**
   * Replays buffered messages that became admissible (a view was entered or the watermarks moved); drops
   * those that became stale. Scans only when the view or the window changed.
   */
  private replayFuture(ctx: Ctx, s: ReplicaState): boolean {
    const key = `${s.view}/${s.active}/${s.lowWatermark}`;
    if (s.futureMessages.length === 0 || key === this.lastReplayKey) return false;
    this.lastReplayKey = key;
    const now: { from: NodeId; msg: PbftMessage }[] = [];
    const later: { from: NodeId; msg: PbftMessage }[] = [];
    for (const item of s.futureMessages) {
      const disposition = bufferedDisposition(s, item.msg);
      if (disposition === "replay") now.push(item);
      else if (disposition === "keep") later.push(item);
    }
    s.futureMessages = later;
    for (const item of now) this.handle(ctx, s, item.from, item.msg);
    return now.length > 0;
  }
}
