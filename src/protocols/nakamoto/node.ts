/**
 * One Nakamoto node: the sans-IO state machine that mines, relays blocks and transactions, chooses the chain
 * with the most work and reports blocks k deep as committed. Inputs are dispatched to small handlers
 * (relay.ts, txrelay.ts, mining.ts); state lives in state.ts.
 */
import type { NodeId, Protocol, SignedTx, TimerTag } from "../types.js";
import { blockHash, GENESIS_HEADER } from "./block.js";
import { difficultyFor, hashShares, resolveConfig, type NakamotoConfig } from "./config.js";
import type { NakamotoMessage } from "./messages.js";
import { MINE_TIMER, onMineTimer, scheduleMining } from "./mining.js";
import {
  FETCH_TIMER_PREFIX, onBlock, onBlockTxn, onCmpctBlock, onFetchTimeout, onGetBlockTxn, onGetData, onInv,
} from "./relay.js";
import { newNodeState, type Ctx, type NodeState } from "./state.js";
import { acceptTransaction, onGetTx, onTrickle, onTx, onTxInv, TRICKLE_TIMER } from "./txrelay.js";

export class NakamotoNode implements Protocol<NakamotoMessage> {
  readonly name = "nakamoto";
  private state: NodeState | undefined;

  constructor(private readonly config: NakamotoConfig) {}

  /**
   * Starts from genesis (after a crash too: the chain is volatile here and is fetched again from peers as
   * orphans resolve backwards), and arms the mining clock.
   */
  start(ctx: Ctx): void {
    const config = resolveConfig(this.config);
    const share = hashShares(config.hashPower, ctx.nodes.length)[ctx.id] ?? 0;
    const genesisHash = blockHash(GENESIS_HEADER, ctx.crypto.hash);
    this.state = newNodeState(ctx, config, share, difficultyFor(config), genesisHash, GENESIS_HEADER);
    scheduleMining(ctx, this.state);
  }

  onMessage(ctx: Ctx, from: NodeId, msg: NakamotoMessage): void {
    const s = this.state;
    if (s === undefined) return;
    switch (msg.type) {
      case "INV":
        return onInv(ctx, s, from, msg);
      case "GETDATA":
        return onGetData(ctx, s, from, msg);
      case "BLOCK":
        return onBlock(ctx, s, from, msg.block);
      case "CMPCTBLOCK":
        return onCmpctBlock(ctx, s, from, msg);
      case "GETBLOCKTXN":
        return onGetBlockTxn(ctx, s, from, msg);
      case "BLOCKTXN":
        return onBlockTxn(ctx, s, from, msg);
      case "TXINV":
        return onTxInv(ctx, s, from, msg);
      case "GETTX":
        return onGetTx(ctx, s, from, msg);
      case "TX":
        return onTx(ctx, s, from, msg);
    }
  }

  onTimer(ctx: Ctx, tag: TimerTag): void {
    const s = this.state;
    if (s === undefined) return;
    if (tag === MINE_TIMER) onMineTimer(ctx, s);
    else if (tag === TRICKLE_TIMER) onTrickle(ctx, s);
    else if (tag.startsWith(FETCH_TIMER_PREFIX)) onFetchTimeout(ctx, s, tag.slice(FETCH_TIMER_PREFIX.length));
  }

  onTransaction(ctx: Ctx, tx: SignedTx): void {
    const s = this.state;
    if (s !== undefined) acceptTransaction(ctx, s, tx, -1);
  }

  /** The node's state, for tests and debugging (undefined before start). */
  inspect(): Readonly<NodeState> | undefined {
    return this.state;
  }
}
