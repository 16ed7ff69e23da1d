/**
 * One node's view of the block tree: every valid block it holds, the tip of its best chain, and orphans
 * (blocks whose parent it has not got yet). Fork choice is Nakamoto's (Bitcoin whitepaper §4, "the longest
 * chain … has the greatest proof-of-work effort invested in it"): the tip with the most cumulative work wins,
 * and on equal work the block seen first stays (Bitcoin Core's first-seen rule), so an equal-work competitor
 * never causes a reorganisation.
 */
import type { Block, BlockHeader, Digest } from "./block.js";
import { blockBytes } from "./block.js";

export interface ChainEntry {
  readonly hash: Digest;
  /** Undefined for genesis. */
  readonly block: Block | undefined;
  readonly header: BlockHeader;
  readonly height: number;
  /** Cumulative difficulty from genesis to this block. */
  readonly work: number;
  readonly parent: ChainEntry | undefined;
  readonly txIds: readonly number[];
  readonly sizeBytes: number;
}

/** What switching the best chain to a new tip does: blocks taken off (tip first) and put on (lowest first). */
export interface Reorg {
  readonly disconnected: readonly ChainEntry[];
  readonly connected: readonly ChainEntry[];
}

/** A block waiting for its parent, with who sent it. */
export interface Orphan {
  readonly hash: Digest;
  readonly block: Block;
  readonly from: number;
}

const NO_TXS: readonly number[] = Object.freeze([]);

/** Most orphans a node keeps (Bitcoin Core kept 750); beyond it the oldest is dropped. */
export const MAX_ORPHANS = 256;

/** Nakamoto's fork-choice rule: switch only to strictly more cumulative work (first seen wins ties). */
export function hasMoreWork(candidate: ChainEntry, tip: ChainEntry): boolean {
  return candidate.work > tip.work;
}

/** The entry at `height` on the chain ending at `entry` (undefined above it). */
export function ancestorAt(entry: ChainEntry, height: number): ChainEntry | undefined {
  let at: ChainEntry | undefined = entry;
  while (at !== undefined && at.height > height) at = at.parent;
  return at !== undefined && at.height === height ? at : undefined;
}

/** The blocks to disconnect from `from` and connect up to `to` (their common ancestor is neither). */
export function reorgPath(from: ChainEntry, to: ChainEntry): Reorg {
  const disconnected: ChainEntry[] = [];
  const connected: ChainEntry[] = [];
  let a: ChainEntry | undefined = from;
  let b: ChainEntry | undefined = to;
  while (a !== undefined && b !== undefined && a !== b) {
    if (a.height >= b.height) {
      disconnected.push(a);
      a = a.parent;
    } else {
      connected.push(b);
      b = b.parent;
    }
  }
  connected.reverse();
  return { disconnected, connected };
}

export class BlockTree {
  private readonly entries = new Map<Digest, ChainEntry>();
  private readonly orphansByParent = new Map<Digest, Orphan[]>();
  /** Orphans by hash, oldest first (Map keeps insertion order). */
  private readonly orphans = new Map<Digest, Orphan>();
  readonly genesis: ChainEntry;
  tip: ChainEntry;

  constructor(genesisHash: Digest, genesisHeader: BlockHeader) {
    this.genesis = {
      hash: genesisHash, block: undefined, header: genesisHeader, height: 0, work: 0, parent: undefined, txIds: [], sizeBytes: 0,
    };
    this.entries.set(genesisHash, this.genesis);
    this.tip = this.genesis;
  }

  has(hash: Digest): boolean {
    return this.entries.has(hash);
  }

  get(hash: Digest): ChainEntry | undefined {
    return this.entries.get(hash);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds a validated block whose parent is in the tree; returns its entry. */
  add(hash: Digest, block: Block): ChainEntry {
    const parent = this.entries.get(block.header.parent);
    if (parent === undefined) throw new Error(`BlockTree.add: parent ${block.header.parent.slice(0, 12)} of ${hash.slice(0, 12)} unknown`);
    const entry: ChainEntry = {
      hash, block, header: block.header, height: parent.height + 1, work: parent.work + block.header.difficulty, parent,
      txIds: block.txs.length === 0 ? NO_TXS : block.txs.map((tx) => tx.id), sizeBytes: blockBytes(block),
    };
    this.entries.set(hash, entry);
    return entry;
  }

  /** Makes `entry` the best tip; returns what changed. */
  setTip(entry: ChainEntry): Reorg {
    const reorg = reorgPath(this.tip, entry);
    this.tip = entry;
    return reorg;
  }

  /** Whether `entry` is on the best chain. */
  onBestChain(entry: ChainEntry): boolean {
    return ancestorAt(this.tip, entry.height) === entry;
  }

  hasOrphan(hash: Digest): boolean {
    return this.orphans.has(hash);
  }

  /** Keeps a block whose parent is unknown (dropping the oldest orphan beyond MAX_ORPHANS). */
  addOrphan(orphan: Orphan): void {
    if (this.hasOrphan(orphan.hash)) return;
    if (this.orphans.size >= MAX_ORPHANS) this.removeOrphan(this.orphans.values().next().value as Orphan);
    this.orphans.set(orphan.hash, orphan);
    const waiting = this.orphansByParent.get(orphan.block.header.parent);
    if (waiting === undefined) this.orphansByParent.set(orphan.block.header.parent, [orphan]);
    else waiting.push(orphan);
  }

  /** Removes and returns the orphans waiting for `parent`, in arrival order. */
  takeOrphansOf(parent: Digest): Orphan[] {
    const waiting = [...(this.orphansByParent.get(parent) ?? [])];
    for (const orphan of waiting) this.removeOrphan(orphan);
    return waiting;
  }

  get orphanCount(): number {
    return this.orphans.size;
  }

  private removeOrphan(orphan: Orphan): void {
    this.orphans.delete(orphan.hash);
    const parent = orphan.block.header.parent;
    const waiting = this.orphansByParent.get(parent);
    if (waiting === undefined) return;
    const at = waiting.indexOf(orphan);
    if (at >= 0) waiting.splice(at, 1);
    if (waiting.length === 0) this.orphansByParent.delete(parent);
  }
}
