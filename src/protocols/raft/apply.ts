/**
 * Applying committed entries to the state machine — here, reporting them as blocks. Figure 2, all servers: "If
 * commitIndex > lastApplied: increment lastApplied, apply log[lastApplied] to state machine (§5.3)". Each entry
 * becomes the block at height = its log index, so heights are contiguous from 1 and equal on every server (a
 * leader's no-op commits as an empty block). The block hash covers the whole entry (index, term, leader,
 * transactions), which the Log Matching Property makes identical wherever that index commits.
 */
import { toHex } from "../codec.js";
import { persistApplied } from "./durable.js";
import type { Ctx } from "./effects.js";
import type { RaftState } from "./state.js";
import { entryDigestInput, entrySizeBytes } from "./wire.js";

/** Applies log[lastApplied+1 .. commitIndex] in order; returns how many entries it applied. */
export function applyCommitted(ctx: Ctx, s: RaftState): number {
  const from = s.lastApplied;
  while (s.lastApplied < s.commitIndex) {
    const index = s.lastApplied + 1;
    const entry = s.log.entry(index);
    const txIds: number[] = [];
    for (const tx of entry.txs) {
      s.pending.delete(tx.id);
      s.queue.delete(tx.id);
      // The state machine rejects a transaction it already executed (a leader never appends one twice, so
      // this stays 0 — counted so the tests can check it).
      if (s.appliedTxIds.has(tx.id)) {
        s.stats.duplicateTxsSkipped++;
        continue;
      }
      s.appliedTxIds.add(tx.id);
      txIds.push(tx.id);
    }
    ctx.commit({
      height: index,
      hash: toHex(ctx.crypto.hash(entryDigestInput(index, entry))),
      proposer: entry.leader,
      txIds,
      sizeBytes: entrySizeBytes(entry),
    });
    s.lastApplied = index;
  }
  if (s.lastApplied > from) persistApplied(ctx, s);
  return s.lastApplied - from;
}
