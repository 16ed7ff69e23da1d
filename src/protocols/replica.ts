/**
 * The entry points PBFT, HotStuff, Tendermint and Raft share: input before `start` (a crashed node's replica
 * is rebuilt by start) is ignored; a transaction, an accepted message or a timer is handled and then the replica
 * *settles* — proposes what is due, re-arms its timers, applies what committed — so each protocol states those
 * follow-ups once, in `settle`, instead of at the end of every handler.
 */
import type { NodeContext, NodeId, Protocol, SignedTx, TimerTag } from "./types.js";

export abstract class SettlingReplica<Msg, State> implements Protocol<Msg> {
  abstract readonly name: string;
  /** The replica's state; undefined until `start`. */
  protected state: State | undefined;

  abstract start(ctx: NodeContext<Msg>): void;

  /** A client's transaction handed to this node. */
  protected abstract transaction(ctx: NodeContext<Msg>, s: State, tx: SignedTx): void;

  /** A message from `from`; false when it was dropped before handling (a bad signature): no settling then. */
  protected abstract receive(ctx: NodeContext<Msg>, s: State, from: NodeId, msg: Msg): boolean;

  /** A timer this replica armed (or a stale one it must ignore). */
  protected abstract timer(ctx: NodeContext<Msg>, s: State, tag: TimerTag): void;

  /** What every handled input is followed by. */
  protected abstract settle(ctx: NodeContext<Msg>, s: State): void;

  onTransaction(ctx: NodeContext<Msg>, tx: SignedTx): void {
    const s = this.state;
    if (s === undefined) return;
    this.transaction(ctx, s, tx);
    this.settle(ctx, s);
  }

  onMessage(ctx: NodeContext<Msg>, from: NodeId, msg: Msg): void {
    const s = this.state;
    if (s === undefined) return;
    if (this.receive(ctx, s, from, msg)) this.settle(ctx, s);
  }

  onTimer(ctx: NodeContext<Msg>, tag: TimerTag): void {
    const s = this.state;
    if (s === undefined) return;
    this.timer(ctx, s, tag);
    this.settle(ctx, s);
  }
}
