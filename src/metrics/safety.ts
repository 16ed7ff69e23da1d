/**
 * Safety and liveness verdicts (ARCHITECTURE §5), checked by observers outside the protocols — the global
 * checker that holds the canonical chain, in the manner of TigerBeetle's VOPR. Only honest nodes are held to the
 * properties: a Byzantine node may report anything.
 *
 * Safety:
 * - agreement: no two honest nodes commit different hashes at one height (first violation per height kept);
 * - no gaps or regression: each node commits heights 1, 2, 3, …; re-reporting a height with the same hash
 *   (after crash-recovery) is ignored, anything else at or below the last height is a violation;
 * - no duplicate transaction in one node's chain;
 * - validity: every committed transaction id was submitted.
 *
 * Cost: hashes are interned per height (usually one variant), each node keeps one small integer per height, each
 * transaction two numbers. A block's transaction list is checked once per (height, hash), not once per node, so
 * a commit costs O(1) once some honest node has committed the same block.
 */
import type { CommittedBlock, NodeId } from "../protocols/types.js";
import type { SimTime } from "../engine/time.js";
import { GrowableFloat64 } from "./growable.js";
import { usToMs3 } from "./report.js";

export type SafetyViolationKind = "agreement" | "regression" | "duplicate-tx" | "validity";

export interface SafetyViolation {
  kind: SafetyViolationKind;
  height?: number;
  nodes: number[];
  atMs: number;
  detail: string;
}

export interface SafetyReport {
  ok: boolean;
  /** The first MAX_REPORTED violations, in the order they happened. */
  violations: SafetyViolation[];
  /** Every violation found, including those left out of the list. */
  count: number;
}

export interface Stall {
  fromMs: number;
  toMs: number;
}

export interface LivenessReport {
  ok: boolean;
  /** The first MAX_REPORTED stalls, in time order. */
  stalls: Stall[];
  /** Every stall found. */
  count: number;
}

/** Lists in a report are capped; the count says how many there were. */
export const MAX_REPORTED = 100;

const NONE = -1;

interface HeightVariants {
  /** Distinct hashes honest nodes committed at this height; a node's variant is an index into it. */
  readonly hashes: string[];
  /** Whether the transactions of hashes[i] have been checked. */
  readonly checked: boolean[];
  readonly firstNode: NodeId;
  agreementReported: boolean;
}

export class SafetyObserver {
  private readonly submitted = new GrowableFloat64(0);
  private readonly heights = new Map<number, HeightVariants>();
  /** Per node: last height committed, and the hash variant committed at each height (NONE if none). */
  private readonly lastHeight: number[];
  private readonly variantAt: number[][];
  /** Per transaction: height and hash variant of the block it was first committed in. */
  private readonly txFirstHeight = new GrowableFloat64(NONE);
  private readonly txFirstVariant = new GrowableFloat64(NONE);
  private readonly violations: SafetyViolation[] = [];
  private violationCount = 0;

  constructor(private readonly opts: { honest: boolean[] }) {
    this.lastHeight = opts.honest.map(() => 0);
    this.variantAt = opts.honest.map(() => []);
  }

  txSubmitted(txId: number): void {
    if (!Number.isSafeInteger(txId) || txId < 0) {
      throw new RangeError(`SafetyObserver.txSubmitted: tx ids are non-negative integers, got ${txId}`);
    }
    this.submitted.set(txId, 1);
  }

  blockCommitted(node: NodeId, block: CommittedBlock, atUs: SimTime): void {
    if (node < 0 || node >= this.opts.honest.length) {
      throw new RangeError(`SafetyObserver.blockCommitted: unknown node ${node}`);
    }
    if (this.opts.honest[node] !== true) return;
    const record = this.heightRecord(block.height, node);
    let variant = record.hashes.indexOf(block.hash);
    if (variant === NONE) {
      variant = record.hashes.length;
      record.hashes.push(block.hash);
      record.checked.push(false);
    }
    if (!this.advanceChain(node, block, variant, atUs)) return;
    if (variant !== 0 && !record.agreementReported) {
      record.agreementReported = true;
      this.violation({
        kind: "agreement", height: block.height, nodes: [record.firstNode, node], atMs: usToMs3(atUs),
        detail: `node ${record.firstNode} committed ${record.hashes[0]} but node ${node} committed ${block.hash}`,
      });
    }
    if (!record.checked[variant]) {
      record.checked[variant] = true;
      this.checkTransactions(node, block, variant, atUs);
    }
  }

  report(): SafetyReport {
    return { ok: this.violationCount === 0, violations: this.violations.slice(), count: this.violationCount };
  }

  private heightRecord(height: number, node: NodeId): HeightVariants {
    let record = this.heights.get(height);
    if (record === undefined) {
      record = { hashes: [], checked: [], firstNode: node, agreementReported: false };
      this.heights.set(height, record);
    }
    return record;
  }

  /**
   * Extends `node`'s chain with `block`. Returns false when the commit is to be ignored: a same-hash re-report
   * (after recovery) or a regression, which is recorded.
   */
  private advanceChain(node: NodeId, block: CommittedBlock, variant: number, atUs: SimTime): boolean {
    const last = this.lastHeight[node] as number;
    const chain = this.variantAt[node] as number[];
    const height = block.height;
    if (height <= last) {
      if (chain[height] === variant) return false;
      this.violation({
        kind: "regression", height, nodes: [node], atMs: usToMs3(atUs),
        detail: `node ${node} committed ${block.hash} at height ${height} after reaching height ${last}`,
      });
      return false;
    }
    if (height !== last + 1) {
      this.violation({
        kind: "regression", height, nodes: [node], atMs: usToMs3(atUs),
        detail: `node ${node} skipped from height ${last} to ${height} (gap)`,
      });
    }
    this.lastHeight[node] = height;
    chain[height] = variant;
    return true;
  }

  /** Validity and duplicates for one (height, hash), as committed by `node`. */
  private checkTransactions(node: NodeId, block: CommittedBlock, variant: number, atUs: SimTime): void {
    const chain = this.variantAt[node] as number[];
    const inBlock = new Set<number>();
    const unsubmitted: number[] = [];
    const duplicates: string[] = [];
    for (const id of block.txIds) {
      if (!Number.isSafeInteger(id) || id < 0 || this.submitted.get(id) !== 1) {
        unsubmitted.push(id);
        continue;
      }
      if (inBlock.has(id)) {
        duplicates.push(`${id} twice at height ${block.height}`);
        continue;
      }
      inBlock.add(id);
      const firstHeight = this.txFirstHeight.get(id);
      if (firstHeight === NONE) {
        this.txFirstHeight.set(id, block.height);
        this.txFirstVariant.set(id, variant);
      } else if (firstHeight !== block.height && chain[firstHeight] === this.txFirstVariant.get(id)) {
        duplicates.push(`${id} at heights ${firstHeight} and ${block.height}`);
      }
    }
    const base = { height: block.height, nodes: [node], atMs: usToMs3(atUs) };
    if (unsubmitted.length > 0) {
      this.violation({
        ...base, kind: "validity",
        detail:
          `node ${node} committed ${unsubmitted.length} never-submitted transaction(s), first id ${unsubmitted[0]}`,
      });
    }
    if (duplicates.length > 0) {
      this.violation({
        ...base, kind: "duplicate-tx",
        detail: `node ${node} committed ${duplicates.length} duplicate transaction(s): ${duplicates[0]}`,
      });
    }
  }

  private violation(v: SafetyViolation): void {
    this.violationCount += 1;
    if (this.violations.length < MAX_REPORTED) {
      // Fixed key order for the canonical JSON.
      const { kind, height, nodes, atMs, detail } = v;
      this.violations.push(
        height === undefined ? { kind, nodes, atMs, detail } : { kind, height, nodes, atMs, detail },
      );
    }
  }
}

/**
 * Liveness: progress within a bound once the last fault has healed. Progress is an honest node committing a
 * height above every height committed so far. From `lastHealUs` (0 when there are no faults) on, whenever
 * transactions are pending (submitted, not yet in a committed block), the next progress must come within
 * `livenessBoundUs` of the later of the last progress, the moment transactions became pending and the heal;
 * every longer wait is a stall. So with work pending at the heal, some block must commit within the bound of
 * it. An idle network (nothing pending) is never stalled.
 */
export class LivenessObserver {
  /** Per transaction: 0 unknown, 1 pending, 2 committed. */
  private readonly txState = new GrowableFloat64(0);
  private pending = 0;
  private pendingSinceUs = 0;
  private lastProgressUs = 0;
  private maxHeight = 0;
  private finished = false;
  private readonly anyHonest: boolean;
  private readonly stalls: Stall[] = [];
  private stallCount = 0;

  constructor(
    private readonly opts: { livenessBoundUs: SimTime; lastHealUs: SimTime; honest: boolean[] },
  ) {
    if (!(opts.livenessBoundUs > 0)) {
      throw new RangeError(`LivenessObserver: livenessBoundUs must be positive, got ${opts.livenessBoundUs}`);
    }
    this.anyHonest = opts.honest.some((h) => h);
  }

  txSubmitted(txId: number, atUs: SimTime): void {
    if (!Number.isSafeInteger(txId) || txId < 0) {
      throw new RangeError(`LivenessObserver.txSubmitted: tx ids are non-negative integers, got ${txId}`);
    }
    if (this.txState.get(txId) !== 0) return;
    this.txState.set(txId, 1);
    if (this.pending === 0) this.pendingSinceUs = atUs;
    this.pending += 1;
  }

  blockCommitted(node: NodeId, block: CommittedBlock, atUs: SimTime): void {
    if (this.anyHonest && this.opts.honest[node] !== true) return;
    if (block.height <= this.maxHeight) return;
    this.maxHeight = block.height;
    this.checkWait(atUs);
    for (const id of block.txIds) {
      if (!Number.isSafeInteger(id) || id < 0) continue;
      if (this.txState.get(id) !== 1) continue; // unknown ids are validity's business, not liveness's
      this.txState.set(id, 2);
      this.pending -= 1;
    }
    this.lastProgressUs = atUs;
  }

  /** Closes the run: a wait still open at `endUs` longer than the bound is a stall. Idempotent. */
  finish(endUs: SimTime): void {
    if (this.finished) return;
    this.finished = true;
    this.checkWait(endUs);
  }

  report(): LivenessReport {
    return { ok: this.stallCount === 0, stalls: this.stalls.slice(), count: this.stallCount };
  }

  /** Records a stall if work has been pending, without progress, for longer than the bound at `nowUs`. */
  private checkWait(nowUs: SimTime): void {
    if (this.pending === 0) return;
    const fromUs = Math.max(this.lastProgressUs, this.pendingSinceUs, this.opts.lastHealUs);
    if (nowUs - fromUs <= this.opts.livenessBoundUs) return;
    this.stallCount += 1;
    if (this.stalls.length < MAX_REPORTED) this.stalls.push({ fromMs: usToMs3(fromUs), toMs: usToMs3(nowUs) });
  }
}
