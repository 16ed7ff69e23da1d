/**
 * The proof-of-work observer: turns the nodes' `ctx.observe` events into PoW metrics, outside the protocol.
 *
 * - Propagation (Decker & Wattenhofer 2013's measure): for each block that ended on the main chain, the time
 *   from its mining until 50%, 90% and 100% of nodes had validated it; per block and as a distribution.
 * - Stale blocks: every block mined that is not on the main chain at the end (the most-work chain; ties go to
 *   the tip more nodes hold, then the earlier one). staleRate = stale / produced.
 * - Forks: for each stale branch, its length (1 = a single stale block); reorganisations as nodes saw them.
 * - Bandwidth: block bytes each node served to its peers.
 *
 * Memory is one Float64Array of receive times per block (O(blocks × nodes): 21 blocks × 10,000 nodes is 1.7 MB).
 */
import type { NodeId, ObserverOptions, ProtocolObservation, ProtocolObserver } from "../types.js";
import { percentile, round3, summarise, type Summary } from "./stats.js";

interface BlockRecord {
  readonly hash: string;
  readonly parent: string;
  readonly height: number;
  readonly miner: number;
  readonly minedUs: number;
  readonly sizeBytes: number;
  /** Per node, when it first validated the block (−1: never). */
  readonly receivedUs: Float64Array;
  received: number;
}

const NEVER = -1;
/** Propagation thresholds reported, as fractions of all nodes. */
export const PROPAGATION_FRACTIONS = [0.5, 0.9, 1] as const;
/** Per-block propagation rows kept in the result (the distribution covers every block). */
export const MAX_BLOCK_ROWS = 200;

export class NakamotoObserver implements ProtocolObserver {
  private readonly blocks: BlockRecord[] = [];
  private readonly byHash = new Map<string, BlockRecord>();
  private readonly reorgDepths = new Map<number, number>();
  private readonly servedBytes: Float64Array;

  constructor(private readonly options: ObserverOptions) {
    this.servedBytes = new Float64Array(options.nodeCount);
  }

  onEvent(node: NodeId, atUs: number, event: string, detail: Readonly<Record<string, number | string>>): void {
    switch (event) {
      case "block-mined":
        return this.mined(node, atUs, detail);
      case "block-received": {
        const record = this.byHash.get(String(detail.hash));
        if (record !== undefined && record.receivedUs[node] === NEVER) {
          record.receivedUs[node] = atUs;
          record.received++;
        }
        return;
      }
      case "reorg": {
        const depth = Number(detail.depth);
        this.reorgDepths.set(depth, (this.reorgDepths.get(depth) ?? 0) + 1);
        return;
      }
      case "block-sent":
        this.servedBytes[node] = (this.servedBytes[node] as number) + Number(detail.bytes);
        return;
    }
  }

  private mined(node: NodeId, atUs: number, detail: Readonly<Record<string, number | string>>): void {
    const record: BlockRecord = {
      hash: String(detail.hash), parent: String(detail.parent), height: Number(detail.height), miner: node,
      minedUs: atUs, sizeBytes: Number(detail.sizeBytes), receivedUs: new Float64Array(this.options.nodeCount).fill(NEVER),
      received: 1,
    };
    record.receivedUs[node] = atUs;
    this.blocks.push(record);
    this.byHash.set(record.hash, record);
  }

  finish(endUs: number): ProtocolObservation {
    const main = this.mainChain();
    const stale = this.blocks.filter((b) => !main.has(b));
    const mainBlocks = this.blocks.filter((b) => main.has(b));
    return {
      blocksProduced: this.blocks.length,
      staleBlocks: stale.length,
      sections: {
        mining: this.miningSection(mainBlocks, stale.length),
        propagation: this.propagationSection(mainBlocks),
        forks: { ...this.forkSection(stale, main), reorgs: depthHistogram(this.reorgDepths) },
        bandwidth: this.bandwidthSection(endUs),
      },
    };
  }

  /** Blocks on the chain ending at the best tip (most height; then most holders; then mined first). */
  private mainChain(): Set<BlockRecord> {
    let best: BlockRecord | undefined;
    for (const b of this.blocks) {
      if (best === undefined || b.height > best.height || (b.height === best.height && b.received > best.received)) best = b;
    }
    const main = new Set<BlockRecord>();
    for (let at = best; at !== undefined; at = this.byHash.get(at.parent)) main.add(at);
    return main;
  }

  private miningSection(mainBlocks: BlockRecord[], stale: number): Record<string, number> {
    const produced = this.blocks.length;
    const first = mainBlocks[0];
    const last = mainBlocks[mainBlocks.length - 1];
    const spanUs = first !== undefined && last !== undefined ? last.minedUs - first.minedUs : 0;
    return {
      blocksProduced: produced,
      mainChainBlocks: mainBlocks.length,
      staleBlocks: stale,
      staleRate: produced > 0 ? Math.round((stale / produced) * 1e6) / 1e6 : 0,
      mainChainHeight: last?.height ?? 0,
      meanIntervalS: mainBlocks.length > 1 ? round3(spanUs / 1e6 / (mainBlocks.length - 1)) : 0,
    };
  }

  /** Time from mining to the k-th node holding the block, µs, or undefined if fewer than k ever did. */
  private reachUs(b: BlockRecord, sortedUs: Float64Array, fraction: number): number | undefined {
    const k = Math.min(this.options.nodeCount, Math.max(1, Math.ceil(fraction * this.options.nodeCount - 1e-9)));
    return sortedUs.length < k ? undefined : (sortedUs[k - 1] as number) - b.minedUs;
  }

  private propagationSection(mainBlocks: BlockRecord[]): Record<string, unknown> {
    const perFraction = PROPAGATION_FRACTIONS.map(() => [] as number[]);
    const rows: Record<string, number | null>[] = [];
    for (const b of mainBlocks) {
      const row: Record<string, number | null> = { height: b.height, miner: b.miner, minedS: round3(b.minedUs / 1e6), sizeBytes: b.sizeBytes };
      const sortedUs = b.receivedUs.filter((t) => t !== NEVER).sort();
      PROPAGATION_FRACTIONS.forEach((fraction, i) => {
        const us = this.reachUs(b, sortedUs, fraction);
        if (us !== undefined) (perFraction[i] as number[]).push(us);
        row[`p${Math.round(fraction * 100)}Ms`] = us === undefined ? null : round3(us / 1000);
      });
      if (rows.length < MAX_BLOCK_ROWS) rows.push(row);
    }
    const out: Record<string, unknown> = {};
    PROPAGATION_FRACTIONS.forEach((fraction, i) => {
      out[`to${Math.round(fraction * 100)}PercentMs`] = summarise(perFraction[i] as number[], 1 / 1000);
    });
    out.blocks = rows;
    return out;
  }

  /** Stale branches: each stale block whose parent is on the main chain roots one; its depth is its length. */
  private forkSection(stale: BlockRecord[], main: Set<BlockRecord>): Record<string, unknown> {
    const depthOf = new Map<BlockRecord, { root: BlockRecord; depth: number }>();
    const branchDepth = new Map<BlockRecord, number>();
    for (const b of [...stale].sort((x, y) => x.height - y.height || x.minedUs - y.minedUs)) {
      const parent = this.byHash.get(b.parent);
      const above = parent === undefined || main.has(parent) ? undefined : depthOf.get(parent);
      const mine = above === undefined ? { root: b, depth: 1 } : { root: above.root, depth: above.depth + 1 };
      depthOf.set(b, mine);
      branchDepth.set(mine.root, Math.max(branchDepth.get(mine.root) ?? 0, mine.depth));
    }
    const histogram = new Map<number, number>();
    for (const depth of branchDepth.values()) histogram.set(depth, (histogram.get(depth) ?? 0) + 1);
    return { staleBranches: depthHistogram(histogram) };
  }

  private bandwidthSection(endUs: number): Record<string, unknown> {
    const served = Array.from(this.servedBytes);
    const seconds = endUs / 1e6;
    const perNodeBps = (bytes: number): number => (seconds > 0 ? round3((bytes * 8) / seconds) : 0);
    const bytes: Summary = summarise(served, 1);
    return {
      blockBytesServedPerNode: bytes,
      meanBlockUploadBps: perNodeBps(bytes.mean),
      p99BlockUploadBps: perNodeBps(percentile(served.sort((a, b) => a - b), 0.99)),
    };
  }
}

/** {count, maxDepth, byDepth: {"1": n, …}} with depths in ascending order. */
function depthHistogram(counts: Map<number, number>): { count: number; maxDepth: number; byDepth: Record<string, number> } {
  const depths = [...counts.keys()].sort((a, b) => a - b);
  const byDepth: Record<string, number> = {};
  let count = 0;
  for (const depth of depths) {
    byDepth[String(depth)] = counts.get(depth) as number;
    count += counts.get(depth) as number;
  }
  return { count, maxDepth: depths[depths.length - 1] ?? 0, byDepth };
}
