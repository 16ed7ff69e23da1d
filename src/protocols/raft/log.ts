/**
 * The replicated log (Figure 2: "log[]: log entries; each entry contains command for state machine, and term
 * when entry was received by leader (first index is 1)") and its durable copy. Entries are persisted one key
 * per index plus the last index, so an append writes only the new entries and a truncation writes one number
 * (§5.1: persistent state is updated on stable storage before responding to RPCs). Also indexes which log
 * position holds each transaction, so a leader never appends a transaction that is already in its log.
 */
import type { NodeContext } from "../types.js";
import type { LogEntry, RaftMessage } from "./messages.js";

type Ctx = NodeContext<RaftMessage>;

export const LOG_ENTRY_KEY = (index: number): string => `raft/log/${index}`;
export const LOG_LAST_INDEX_KEY = "raft/log/last";

export class RaftLog {
  /** entries[i] holds log index i + 1. */
  private readonly entries: LogEntry[] = [];
  /** Transaction id → log index of the entry that carries it. */
  private readonly txIndex = new Map<number, number>();

  get lastIndex(): number {
    return this.entries.length;
  }

  get lastTerm(): number {
    return this.termAt(this.entries.length) ?? 0;
  }

  /** Term of the entry at `index`; 0 for index 0 (the empty prefix); undefined beyond the end. */
  termAt(index: number): number | undefined {
    if (index === 0) return 0;
    return this.entries[index - 1]?.term;
  }

  entry(index: number): LogEntry {
    const entry = this.entries[index - 1];
    if (entry === undefined) throw new RangeError(`RaftLog.entry: no entry at index ${index} (last ${this.lastIndex})`);
    return entry;
  }

  /** Up to `maxCount` entries from `from` on. */
  slice(from: number, maxCount: number): LogEntry[] {
    return this.entries.slice(from - 1, from - 1 + maxCount);
  }

  /** The log index of the entry that carries transaction `txId`, if any. */
  indexOfTx(txId: number): number | undefined {
    return this.txIndex.get(txId);
  }

  /** Appends `entry` at lastIndex + 1 and persists it; returns its index. */
  append(ctx: Ctx, entry: LogEntry): number {
    this.entries.push(entry);
    const index = this.entries.length;
    for (const tx of entry.txs) this.txIndex.set(tx.id, index);
    ctx.persist(LOG_ENTRY_KEY(index), entry);
    ctx.persist(LOG_LAST_INDEX_KEY, index);
    return index;
  }

  /** Deletes the entry at `index` and all that follow it (§5.3); stale per-index keys are simply ignored. */
  truncateFrom(ctx: Ctx, index: number): void {
    if (index < 1 || index > this.lastIndex) throw new RangeError(`RaftLog.truncateFrom: bad index ${index}`);
    for (const entry of this.entries.slice(index - 1)) {
      for (const tx of entry.txs) if ((this.txIndex.get(tx.id) ?? 0) >= index) this.txIndex.delete(tx.id);
    }
    this.entries.length = index - 1;
    ctx.persist(LOG_LAST_INDEX_KEY, this.lastIndex);
  }

  /** The highest index whose entry has `term` (0 if none): the leader's side of the §5.3 back-off. */
  lastIndexOfTerm(term: number): number {
    for (let i = this.entries.length; i >= 1; i--) {
      const t = this.entries[i - 1]?.term ?? 0;
      if (t === term) return i;
      if (t < term) return 0;
    }
    return 0;
  }

  /** The first index of the run of entries with the same term as `index` (the follower's §5.3 hint). */
  firstIndexOfTermAt(index: number): number {
    const term = this.termAt(index);
    let first = index;
    while (first > 1 && this.termAt(first - 1) === term) first--;
    return first;
  }

  /** Reads the log back from durable storage (after a crash); an empty log if nothing was stored. */
  static restore(ctx: Ctx): RaftLog {
    const log = new RaftLog();
    const last = ctx.restore(LOG_LAST_INDEX_KEY);
    const lastIndex = typeof last === "number" ? last : 0;
    for (let index = 1; index <= lastIndex; index++) {
      const entry = ctx.restore(LOG_ENTRY_KEY(index)) as LogEntry | undefined;
      if (entry === undefined) throw new Error(`RaftLog.restore: entry ${index} of ${lastIndex} missing from storage`);
      log.entries.push(entry);
      for (const tx of entry.txs) log.txIndex.set(tx.id, index);
    }
    return log;
  }
}

/** Writes a whole log to durable storage (tests build the paper's figures with it). */
export function persistLog(ctx: Ctx, entries: readonly LogEntry[]): void {
  entries.forEach((entry, i) => ctx.persist(LOG_ENTRY_KEY(i + 1), entry));
  ctx.persist(LOG_LAST_INDEX_KEY, entries.length);
}
