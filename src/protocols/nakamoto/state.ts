/**
 * The volatile state of one Nakamoto node, and the small helpers every handler shares: which peers are known
 * to hold a block (so an `inv` is never sent to a peer that announced or sent the block), block downloads in
 * flight, partially reconstructed compact blocks, and the transaction-announcement queue.
 */
import type { NodeContext, NodeId, SignedTx, TimerId } from "../types.js";
import type { BlockHeader, Digest } from "./block.js";
import { BlockTree } from "./chain.js";
import { InventoryTable } from "./inventory.js";
import type { ResolvedConfig } from "./config.js";
import { Mempool } from "./mempool.js";
import type { NakamotoMessage } from "./messages.js";

export type Ctx = NodeContext<NakamotoMessage>;

/** A block requested from a peer and not yet received. */
export interface Download {
  peer: NodeId;
  timer: TimerId;
  /** Other peers that announced it, tried in order if `peer` does not deliver in time. */
  readonly candidates: NodeId[];
}

/** A compact block waiting for the transactions its receiver lacked. */
export interface PendingCompact {
  readonly header: BlockHeader;
  readonly txs: (SignedTx | undefined)[];
  readonly paddingBytes: number;
  readonly missing: readonly number[];
  readonly from: NodeId;
}

/** Counters a test or a debugger can read (the metrics come from the observer). */
export interface NakamotoStats {
  blocksMined: number;
  blocksAccepted: number;
  invalidBlocks: number;
  orphansSeen: number;
  reorgs: number;
  deepestReorg: number;
  duplicateBlocks: number;
  fetchTimeouts: number;
}

export interface NodeState {
  readonly id: NodeId;
  readonly peers: readonly NodeId[];
  readonly config: ResolvedConfig;
  /** This node's share of the network's hash power (0: relays only). */
  readonly share: number;
  readonly difficulty: number;
  readonly tree: BlockTree;
  readonly mempool: Mempool;
  /** Blocks heard of, held, and known to each peer (one map lookup per `inv`). */
  readonly inventory: InventoryTable;
  readonly downloads: Map<Digest, Download>;
  readonly compact: Map<Digest, PendingCompact>;
  /** Heights 1..committedHeight have been reported through ctx.commit. */
  committedHeight: number;
  mineTimer: TimerId | undefined;
  /** Transactions to announce at the next trickle, with the peers known to have each (Bitcoin's known-inventory filter). */
  readonly txToAnnounce: Map<number, NodeId[]>;
  trickleArmed: boolean;
  readonly txRequested: Set<number>;
  readonly stats: NakamotoStats;
}

export function newNodeState(
  ctx: Ctx, config: ResolvedConfig, share: number, difficulty: number, genesisHash: Digest, genesis: BlockHeader,
): NodeState {
  return {
    id: ctx.id, peers: ctx.peers, config, share, difficulty,
    tree: new BlockTree(genesisHash, genesis),
    mempool: new Mempool(),
    inventory: new InventoryTable(ctx.peers.length), downloads: new Map(), compact: new Map(),
    committedHeight: 0, mineTimer: undefined,
    txToAnnounce: new Map(), trickleArmed: false, txRequested: new Set(),
    stats: {
      blocksMined: 0, blocksAccepted: 0, invalidBlocks: 0, orphansSeen: 0, reorgs: 0, deepestReorg: 0,
      duplicateBlocks: 0, fetchTimeouts: 0,
    },
  };
}

/** Index of `peer` in the sorted peer list, or −1. */
export function peerIndex(peers: readonly NodeId[], peer: NodeId): number {
  let lo = 0;
  let hi = peers.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = peers[mid] as number;
    if (at === peer) return mid;
    if (at < peer) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Records that `peer` holds block `hash` (it announced, sent or requested it); returns the block's slot. */
export function markKnown(s: NodeState, hash: Digest, peer: NodeId): number {
  const slot = s.inventory.slot(hash);
  s.inventory.markPeer(slot, peerIndex(s.peers, peer));
  return slot;
}

/** Peers not known to hold `hash`; marks them as holding it (they are about to be told). */
export function peersToTell(s: NodeState, hash: Digest): NodeId[] {
  const slot = s.inventory.slot(hash);
  const out: NodeId[] = [];
  for (let i = 0; i < s.peers.length; i++) {
    if (!s.inventory.peerKnows(slot, i)) {
      s.inventory.markPeer(slot, i);
      out.push(s.peers[i] as NodeId);
    }
  }
  return out;
}
