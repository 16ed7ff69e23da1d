/**
 * timeseries.csv rows (ARCHITECTURE §6): one per simulated second [s, s + 1), from per-transaction submit and
 * confirmation times. Transactions are grouped by the second they were confirmed with a counting sort (O(txs)
 * memory, no per-second arrays of objects), and each second's latency percentiles come from one reused
 * histogram.
 */
import { US_PER_SEC, type SimTime } from "../engine/time.js";
import { Histogram } from "./histogram.js";
import { NOT_COMMITTED } from "./confirmation.js";
import { usToMs3, type TimeseriesRow } from "./report.js";

export interface TimeseriesInput {
  endUs: SimTime;
  txCount: number;
  submitUs(txId: number): SimTime;
  /** NOT_COMMITTED when the transaction never reached the threshold. */
  confirmUs(txId: number): SimTime;
  /** Confirmation time of every confirmed height. */
  blockConfirmUs: readonly SimTime[];
}

/** Rows for seconds 0 … ⌈endUs / 1 s⌉ − 1; an event at exactly endUs falls in the last row. */
export function buildTimeseries(input: TimeseriesInput): TimeseriesRow[] {
  const rowCount = Math.ceil(input.endUs / US_PER_SEC);
  if (rowCount <= 0) return [];
  const secondOf = (t: SimTime): number => Math.min(rowCount - 1, Math.floor(t / US_PER_SEC));
  const offered = new Float64Array(rowCount);
  const confirmedPerSecond = new Float64Array(rowCount);
  const blocks = new Float64Array(rowCount);
  for (let id = 0; id < input.txCount; id++) {
    const submit = input.submitUs(id);
    if (submit >= 0 && submit <= input.endUs) offered[secondOf(submit)] += 1;
    const confirm = input.confirmUs(id);
    if (confirm !== NOT_COMMITTED && confirm <= input.endUs) confirmedPerSecond[secondOf(confirm)] += 1;
  }
  for (const t of input.blockConfirmUs) if (t <= input.endUs) blocks[secondOf(t)] += 1;
  const [p50, p99] = latencyPercentilesPerSecond(input, rowCount, confirmedPerSecond, secondOf);
  const rows: TimeseriesRow[] = [];
  for (let s = 0; s < rowCount; s++) {
    rows.push({
      time_s: s,
      offered_tps: offered[s] as number,
      committed_tps: confirmedPerSecond[s] as number,
      p50_ms: p50[s] as number,
      p99_ms: p99[s] as number,
      blocks: blocks[s] as number,
    });
  }
  return rows;
}

/** p50 and p99 latency (ms) of the transactions confirmed in each second. */
function latencyPercentilesPerSecond(
  input: TimeseriesInput,
  rowCount: number,
  confirmedPerSecond: Float64Array,
  secondOf: (t: SimTime) => number,
): [Float64Array, Float64Array] {
  // Counting sort of confirmed transaction ids by confirmation second.
  const start = new Float64Array(rowCount + 1);
  for (let s = 0; s < rowCount; s++) start[s + 1] = (start[s] as number) + (confirmedPerSecond[s] as number);
  const cursor = start.slice(0, rowCount);
  const ordered = new Float64Array(start[rowCount] as number);
  for (let id = 0; id < input.txCount; id++) {
    const confirm = input.confirmUs(id);
    if (confirm === NOT_COMMITTED || confirm > input.endUs) continue;
    const s = secondOf(confirm);
    ordered[cursor[s] as number] = id;
    cursor[s] = (cursor[s] as number) + 1;
  }
  const p50 = new Float64Array(rowCount);
  const p99 = new Float64Array(rowCount);
  const h = new Histogram();
  for (let s = 0; s < rowCount; s++) {
    const from = start[s] as number;
    const to = start[s + 1] as number;
    if (from === to) continue;
    h.reset();
    for (let i = from; i < to; i++) {
      const id = ordered[i] as number;
      h.record(Math.max(0, input.confirmUs(id) - input.submitUs(id)));
    }
    p50[s] = usToMs3(h.percentile(50));
    p99[s] = usToMs3(h.percentile(99));
  }
  return [p50, p99];
}
