/**
 * RunMetrics: the observer the simulation feeds while it runs, and the PSWG metrics it reports at the end
 * (ARCHITECTURE §5; Hyperledger PSWG "Blockchain Performance Metrics" v1.01).
 *
 * Memory is O(transactions + nodes × heights), never O(transactions × nodes): per transaction it keeps two
 * numbers (submit time, height of first inclusion); per height, one commit time per node. A block's transaction
 * list is walked once, on the first commit of that height by an honest node, so the per-commit cost is O(1)
 * after that. Everything that depends on the confirmation threshold (which nodes are still up at the end) is
 * computed in `finish`.
 */
import type { CommittedBlock, NodeId } from "../protocols/types.js";
import type { ConfirmationSpec } from "../scenario/types.js";
import { US_PER_SEC, type SimTime } from "../engine/time.js";
import { Histogram } from "./histogram.js";
import type { AdditiveCounters } from "./counters.js";
import { GrowableFloat64 } from "./growable.js";
import { NOT_COMMITTED, confirmationRule, requiredNodes } from "./confirmation.js";
import { buildTimeseries } from "./timeseries.js";
import {
  latencyReport,
  round3,
  sortedRecord,
  summary,
  usToMs3,
  type BlocksReport,
  type MessagesReport,
  type MetricsReport,
  type NodeReport,
  type ThroughputReport,
  type LatencyReport,
} from "./report.js";

export interface RunMetricsOptions {
  nodeCount: number;
  durationUs: SimTime;
  /** Start of the measurement window. */
  warmupUs: SimTime;
  /** The window ends this long before durationUs. */
  cooldownUs: SimTime;
  confirmation: ConfirmationSpec;
  /** Per node: false for Byzantine nodes. */
  honest: boolean[];
}

interface HeightRecord {
  /** Per node, the first time it reported this height (NOT_COMMITTED if never). */
  readonly commitUs: Float64Array;
  firstCommitUs: SimTime;
  sizeBytes: number;
  txCount: number;
  /** Whether the transactions of this height have been mapped to it (done once, from an honest commit). */
  txsIndexed: boolean;
  /** Set by finish(): when the height reached the threshold, or NOT_COMMITTED. */
  confirmUs: SimTime;
}

interface NodeCounters {
  up: boolean;
  busyUs: number;
  readonly busyByCategoryUs: Map<string, number>;
  sentBytes: number;
  receivedBytes: number;
  sentMessages: number;
  committedHeight: number;
  viewChanges: number;
}

/** One transaction as transactions.csv (--tx-log) writes it; NOT_COMMITTED (−1) where it never happened. */
export interface TransactionTimes {
  id: number;
  submitUs: SimTime;
  firstCommitUs: SimTime;
  confirmUs: SimTime;
  /** The node the client submitted it to (−1: none was up, or not recorded). */
  node: number;
}

/**
 * Every submitted transaction's times, column by column (index = transaction id), for transactions.csv:
 * typed arrays rather than an object per transaction, so a log of millions stays compact and can be passed
 * between threads. NOT_COMMITTED (−1) where a time or the node is missing.
 */
export interface TransactionLog {
  submitUs: Float64Array;
  firstCommitUs: Float64Array;
  confirmUs: Float64Array;
  node: Float64Array;
}

function assertTime(fn: string, atUs: number): void {
  if (!Number.isSafeInteger(atUs) || atUs < 0) {
    throw new RangeError(`RunMetrics.${fn}: time must be a non-negative integer of µs, got ${atUs}`);
  }
}

export class RunMetrics {
  private readonly nodes: NodeCounters[] = [];
  private readonly submitUs = new GrowableFloat64(NOT_COMMITTED);
  /** Lowest height whose block (as first committed by an honest node) includes the transaction. */
  private readonly inclusionHeight = new GrowableFloat64(NOT_COMMITTED);
  /** The node each transaction was submitted to (for --tx-log). */
  private readonly targetNode = new GrowableFloat64(NOT_COMMITTED);
  private readonly heights = new Map<number, HeightRecord>();
  private readonly messageTypes = new Map<string, { count: number; bytes: number }>();
  private messageCount = 0;
  private messageBytes = 0;
  private readonly anyHonest: boolean;

  constructor(private readonly opts: RunMetricsOptions) {
    if (!Number.isSafeInteger(opts.nodeCount) || opts.nodeCount < 1) {
      throw new RangeError(`RunMetrics: nodeCount must be a positive integer, got ${opts.nodeCount}`);
    }
    if (opts.honest.length !== opts.nodeCount) {
      throw new RangeError(`RunMetrics: honest has ${opts.honest.length} entries for ${opts.nodeCount} nodes`);
    }
    for (let i = 0; i < opts.nodeCount; i++) {
      this.nodes.push({
        up: true, busyUs: 0, busyByCategoryUs: new Map(), sentBytes: 0, receivedBytes: 0,
        sentMessages: 0, committedHeight: 0, viewChanges: 0,
      });
    }
    this.anyHonest = opts.honest.some((h) => h);
  }

  /** A client submitted transaction `txId` (ids are dense: 0, 1, 2, …). */
  txSubmitted(txId: number, atUs: SimTime): void {
    assertTime("txSubmitted", atUs);
    this.submitUs.set(txId, atUs);
  }

  /** The client of transaction `txId` submitted it to `node`. */
  txTargeted(txId: number, node: NodeId): void {
    this.node(node, "txTargeted");
    this.targetNode.set(txId, node);
  }

  /** Node `node` reported a decision. Re-reports of a height (after recovery) keep the first time. */
  blockCommitted(node: NodeId, block: CommittedBlock, atUs: SimTime): void {
    assertTime("blockCommitted", atUs);
    if (!Number.isSafeInteger(block.height) || block.height < 1) {
      throw new RangeError(`RunMetrics.blockCommitted: heights start at 1, node ${node} reported ${block.height}`);
    }
    const counters = this.node(node, "blockCommitted");
    if (block.height > counters.committedHeight) counters.committedHeight = block.height;
    let record = this.heights.get(block.height);
    if (record === undefined) {
      record = {
        commitUs: new Float64Array(this.opts.nodeCount).fill(NOT_COMMITTED), firstCommitUs: atUs,
        sizeBytes: block.sizeBytes, txCount: block.txIds.length, txsIndexed: false, confirmUs: NOT_COMMITTED,
      };
      this.heights.set(block.height, record);
    }
    if (record.commitUs[node] === NOT_COMMITTED) record.commitUs[node] = atUs;
    if (atUs < record.firstCommitUs) record.firstCommitUs = atUs;
    if (!record.txsIndexed && (this.opts.honest[node] === true || !this.anyHonest)) {
      this.indexTransactions(block, record);
    }
  }

  messageSent(type: string, bytes: number, from: NodeId, to: NodeId): void {
    const counters = this.node(from, "messageSent");
    this.node(to, "messageSent");
    let entry = this.messageTypes.get(type);
    if (entry === undefined) {
      entry = { count: 0, bytes: 0 };
      this.messageTypes.set(type, entry);
    }
    entry.count += 1;
    entry.bytes += bytes;
    this.messageCount += 1;
    this.messageBytes += bytes;
    counters.sentBytes += bytes;
    counters.sentMessages += 1;
  }

  messageReceived(bytes: number, to: NodeId): void {
    this.node(to, "messageReceived").receivedBytes += bytes;
  }

  /** Node `node` spent `us` of simulated CPU time; `category` ("sm2", "ecdsa-p256", …) splits it by cause. */
  cpuBusy(node: NodeId, us: SimTime, category?: string): void {
    const counters = this.node(node, "cpuBusy");
    counters.busyUs += us;
    if (category !== undefined) {
      counters.busyByCategoryUs.set(category, (counters.busyByCategoryUs.get(category) ?? 0) + us);
    }
  }

  nodeDown(node: NodeId, atUs: SimTime): void {
    this.node(node, "nodeDown").up = false;
  }

  nodeUp(node: NodeId, atUs: SimTime): void {
    this.node(node, "nodeUp").up = true;
  }

  /** Node `node` saw a leader / view change. */
  viewChange(node: NodeId, atUs: SimTime): void {
    this.node(node, "viewChange").viewChanges += 1;
  }

  /** The additive counters (messages, bytes, CPU, view changes) as plain data (metrics/counters.ts). */
  additiveCounters(): AdditiveCounters {
    return {
      messageCount: this.messageCount, messageBytes: this.messageBytes,
      messageTypes: [...this.messageTypes].map(([type, e]) => [type, e.count, e.bytes]),
      nodes: this.nodes.map((n) => ({
        busyUs: n.busyUs, busyByCategoryUs: [...n.busyByCategoryUs], sentBytes: n.sentBytes,
        receivedBytes: n.receivedBytes, sentMessages: n.sentMessages, viewChanges: n.viewChanges,
      })),
    };
  }

  /** Adds another collector's additive counters to these (the parallel engine's workers). */
  addCounters(other: AdditiveCounters): void {
    this.messageCount += other.messageCount;
    this.messageBytes += other.messageBytes;
    for (const [type, count, bytes] of other.messageTypes) {
      const entry = this.messageTypes.get(type) ?? { count: 0, bytes: 0 };
      this.messageTypes.set(type, { count: entry.count + count, bytes: entry.bytes + bytes });
    }
    other.nodes.forEach((o, id) => {
      const n = this.node(id, "addCounters");
      n.busyUs += o.busyUs;
      for (const [category, us] of o.busyByCategoryUs) n.busyByCategoryUs.set(category, (n.busyByCategoryUs.get(category) ?? 0) + us);
      n.sentBytes += o.sentBytes;
      n.receivedBytes += o.receivedBytes;
      n.sentMessages += o.sentMessages;
      n.viewChanges += o.viewChanges;
    });
  }

  /** Computes every metrics section at the end of the run (simulated time `endUs`). */
  finish(endUs: SimTime): MetricsReport {
    assertTime("finish", endUs);
    const blockConfirmUs = this.confirmHeights();
    const windowStartUs = this.opts.warmupUs;
    const windowEndUs = Math.min(this.opts.durationUs - this.opts.cooldownUs, endUs);
    const { throughput, latency } = this.transactionSections(windowStartUs, windowEndUs);
    const timeseries = buildTimeseries({
      endUs,
      txCount: this.submitUs.length,
      submitUs: (id) => this.submitUs.get(id),
      confirmUs: (id) => this.confirmUsOf(id),
      blockConfirmUs,
    });
    return {
      throughput,
      latency,
      blocks: this.blocksSection(),
      messages: this.messagesSection(),
      nodes: this.nodesSection(endUs),
      viewChanges: this.viewChangesSeen(),
      timeseries,
    };
  }

  /**
   * Visits every submitted transaction in id order with its times (valid after `finish`), for
   * transactions.csv. Costs O(1) memory.
   */
  forEachTransaction(visit: (tx: TransactionTimes) => void): void {
    for (let id = 0; id < this.submitUs.length; id++) {
      const record = this.heights.get(this.inclusionHeight.get(id));
      visit({
        id,
        submitUs: this.submitUs.get(id),
        firstCommitUs: record === undefined ? NOT_COMMITTED : record.firstCommitUs,
        confirmUs: record === undefined ? NOT_COMMITTED : record.confirmUs,
        node: this.targetNode.get(id),
      });
    }
  }

  /** The same as forEachTransaction, as columns (valid after `finish`). */
  transactionLog(): TransactionLog {
    const count = this.submitUs.length;
    const log: TransactionLog = {
      submitUs: new Float64Array(count), firstCommitUs: new Float64Array(count),
      confirmUs: new Float64Array(count), node: new Float64Array(count),
    };
    this.forEachTransaction((tx) => {
      log.submitUs[tx.id] = tx.submitUs;
      log.firstCommitUs[tx.id] = tx.firstCommitUs;
      log.confirmUs[tx.id] = tx.confirmUs;
      log.node[tx.id] = tx.node;
    });
    return log;
  }

  private node(node: NodeId, fn: string): NodeCounters {
    const counters = this.nodes[node];
    if (counters === undefined) {
      throw new RangeError(`RunMetrics.${fn}: unknown node ${node} (nodeCount ${this.opts.nodeCount})`);
    }
    return counters;
  }

  /** Maps each submitted transaction of `block` to its height, unless an earlier height already holds it. */
  private indexTransactions(block: CommittedBlock, record: HeightRecord): void {
    record.txsIndexed = true;
    record.sizeBytes = block.sizeBytes;
    record.txCount = block.txIds.length;
    for (const id of block.txIds) {
      if (!Number.isSafeInteger(id) || id < 0 || id >= this.submitUs.length) continue; // never submitted
      if (this.submitUs.get(id) === NOT_COMMITTED) continue;
      const current = this.inclusionHeight.get(id);
      if (current === NOT_COMMITTED || block.height < current) this.inclusionHeight.set(id, block.height);
    }
  }

  /** Sets every height's confirmUs under the threshold; returns the confirmed heights' times by height. */
  private confirmHeights(): SimTime[] {
    const upAtEnd = this.nodes.map((n) => n.up);
    const rule = confirmationRule(
      this.opts.confirmation, this.opts.nodeCount, requiredNodes(this.opts.honest, upAtEnd),
    );
    const confirmed: SimTime[] = [];
    for (const height of this.sortedHeights()) {
      const record = this.heights.get(height) as HeightRecord;
      record.confirmUs = rule.confirmationUs(record.commitUs);
      if (record.confirmUs !== NOT_COMMITTED) confirmed.push(record.confirmUs);
    }
    return confirmed;
  }

  private sortedHeights(): number[] {
    return [...this.heights.keys()].sort((a, b) => a - b);
  }

  private confirmUsOf(txId: number): SimTime {
    const record = this.heights.get(this.inclusionHeight.get(txId));
    return record === undefined ? NOT_COMMITTED : record.confirmUs;
  }

  /** Throughput over the window, and latency of the transactions submitted in it. */
  private transactionSections(
    windowStartUs: SimTime,
    windowEndUs: SimTime,
  ): { throughput: ThroughputReport; latency: LatencyReport } {
    const inWindow = (t: SimTime): boolean => t >= windowStartUs && t <= windowEndUs;
    const confirmLatency = new Histogram();
    const firstCommitLatency = new Histogram();
    let submitted = 0;
    let committed = 0;
    let unconfirmed = 0;
    for (let id = 0; id < this.submitUs.length; id++) {
      const submit = this.submitUs.get(id);
      const record = this.heights.get(this.inclusionHeight.get(id));
      const confirm = record === undefined ? NOT_COMMITTED : record.confirmUs;
      if (confirm !== NOT_COMMITTED && inWindow(confirm)) committed += 1;
      if (submit === NOT_COMMITTED || !inWindow(submit)) continue;
      submitted += 1;
      if (record !== undefined) firstCommitLatency.record(Math.max(0, record.firstCommitUs - submit));
      if (confirm === NOT_COMMITTED) unconfirmed += 1;
      else confirmLatency.record(Math.max(0, confirm - submit));
    }
    const windowSec = Math.max(0, windowEndUs - windowStartUs) / US_PER_SEC;
    const perSecond = (n: number): number => (windowSec > 0 ? round3(n / windowSec) : 0);
    return {
      throughput: { tps: perSecond(committed), offeredTps: perSecond(submitted), submitted, committed },
      latency: latencyReport(confirmLatency, firstCommitLatency, confirmLatency.count, unconfirmed),
    };
  }

  /** Statistics of the heights that reached the threshold (valid after confirmHeights). */
  private blocksSection(): BlocksReport {
    const intervalUs = new Histogram();
    const sizeBytes = new Histogram();
    let confirmed = 0;
    let txs = 0;
    let maxTxs = 0;
    let previousUs = NOT_COMMITTED;
    for (const height of this.sortedHeights()) {
      const record = this.heights.get(height) as HeightRecord;
      if (record.confirmUs === NOT_COMMITTED) continue;
      confirmed += 1;
      if (previousUs !== NOT_COMMITTED) intervalUs.record(Math.max(0, record.confirmUs - previousUs));
      previousUs = record.confirmUs;
      sizeBytes.record(Math.max(0, Math.round(record.sizeBytes)));
      txs += record.txCount;
      if (record.txCount > maxTxs) maxTxs = record.txCount;
    }
    return {
      committed: confirmed,
      intervalMs: summary(intervalUs, 1 / 1000),
      sizeBytes: summary(sizeBytes),
      txsPerBlock: { mean: confirmed > 0 ? round3(txs / confirmed) : 0, max: maxTxs },
      stale: 0,
      staleRate: 0,
    };
  }

  private messagesSection(): MessagesReport {
    return {
      total: this.messageCount,
      bytes: this.messageBytes,
      byType: sortedRecord(this.messageTypes, (e) => ({ count: e.count, bytes: e.bytes })),
    };
  }

  private nodesSection(endUs: SimTime): NodeReport[] {
    return this.nodes.map((n, id) => ({
      id,
      cpuUtilization: endUs > 0 ? round3(Math.min(1, n.busyUs / endUs)) : 0,
      cpuBusyMs: usToMs3(n.busyUs),
      cpuByCategoryMs: sortedRecord(n.busyByCategoryUs, usToMs3),
      sentBytes: n.sentBytes,
      receivedBytes: n.receivedBytes,
      sentMessages: n.sentMessages,
      committedHeight: n.committedHeight,
    }));
  }

  /** The most view changes any honest node saw (each node reports the changes it sees, so summing overcounts). */
  private viewChangesSeen(): number {
    let most = 0;
    this.nodes.forEach((n, id) => {
      if ((this.opts.honest[id] === true || !this.anyHonest) && n.viewChanges > most) most = n.viewChanges;
    });
    return most;
  }
}
