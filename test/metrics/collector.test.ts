/**
 * RunMetrics specification (ARCHITECTURE §5, §6): throughput and latency over the measurement window, the
 * all-honest node set, block, message, node and time-series sections, and a deterministic report.
 */
import { describe, expect, it } from "vitest";
import type { RunMetrics } from "../../src/metrics/collector.js";
import { S, block, commitAll, metrics, range } from "./helpers.js";

describe("measurement window", () => {
  it("excludes transactions submitted during warm-up from latency and confirmed during it from throughput", () => {
    const m = metrics({ nodeCount: 4, durationUs: 20 * S, warmupUs: 5 * S });
    m.txSubmitted(0, 1 * S); // warm-up: latency 1 s, not counted
    m.txSubmitted(1, 6 * S); // window: latency 2 s
    commitAll(m, range(4), block(1, [0]), 2 * S);
    commitAll(m, range(4), block(2, [1]), 8 * S);
    const { latency, throughput } = m.finish(20 * S);
    expect(latency.p50Ms).toBe(2_000);
    expect(latency.maxMs).toBe(2_000);
    expect(latency.meanMs).toBe(2_000);
    expect([latency.confirmed, latency.unconfirmed]).toEqual([1, 0]);
    expect([throughput.submitted, throughput.committed]).toEqual([1, 1]);
  });

  it("throughput = confirmed in [warmup, duration − cooldown] / window seconds; offered = submitted there / window seconds", () => {
    const m = metrics({ nodeCount: 4, durationUs: 10 * S, warmupUs: 2 * S, cooldownUs: 2 * S });
    m.txSubmitted(0, 1 * S); // before the window
    for (let i = 0; i < 30; i++) m.txSubmitted(1 + i, 2 * S + i * 200_000); // 30 in the 6 s window
    m.txSubmitted(31, 9 * S); // after it
    commitAll(m, range(4), block(1, [0]), 1.5 * S); // confirmed before the window
    commitAll(m, range(4), block(2, range(5).map((i) => 1 + i)), 3 * S); // 5
    commitAll(m, range(4), block(3, range(10).map((i) => 6 + i)), 5 * S); // 10
    commitAll(m, range(4), block(4, range(9).map((i) => 16 + i)), 7.9 * S); // 9
    commitAll(m, range(4), block(5, range(7).map((i) => 25 + i)), 9.5 * S); // after the window
    const { throughput, latency } = m.finish(10 * S);
    expect(throughput).toEqual({ tps: 4, offeredTps: 5, submitted: 30, committed: 24 });
    expect([latency.confirmed, latency.unconfirmed]).toEqual([30, 0]);
  });

  it("counts window transactions that never reached the threshold as unconfirmed", () => {
    const m = metrics({ nodeCount: 4, durationUs: 10 * S });
    m.txSubmitted(0, 1 * S);
    m.txSubmitted(1, 2 * S);
    commitAll(m, [0, 1, 2, 3], block(1, [0]), 3 * S);
    commitAll(m, [0, 1], block(2, [1]), 4 * S); // two nodes short of all-honest
    const { latency, throughput } = m.finish(10 * S);
    expect([latency.confirmed, latency.unconfirmed]).toEqual([1, 1]);
    expect(latency.firstCommit.p99Ms).toBe(2_000); // both reached a first node
    expect(throughput.committed).toBe(1);
  });
});

describe("all-honest node set", () => {
  it("excludes a node that crashed and is still down at the end", () => {
    const m = metrics({ nodeCount: 4 });
    m.txSubmitted(0, 0);
    m.nodeDown(3, 1 * S);
    commitAll(m, [0, 1, 2], block(1, [0]), 2 * S);
    const { latency, blocks } = m.finish(10 * S);
    expect([latency.confirmed, latency.unconfirmed]).toEqual([1, 0]);
    expect(latency.p50Ms).toBe(2_000);
    expect(blocks.committed).toBe(1);
  });

  it("waits for a node that crashed and recovered before the end", () => {
    const m = metrics({ nodeCount: 4 });
    m.txSubmitted(0, 0);
    m.nodeDown(3, 1 * S);
    commitAll(m, [0, 1, 2], block(1, [0]), 2 * S);
    m.nodeUp(3, 5 * S);
    expect(m.finish(10 * S).latency.unconfirmed).toBe(1);
  });

  it("ignores Byzantine nodes", () => {
    const m = metrics({ nodeCount: 4, honest: [true, true, true, false] });
    m.txSubmitted(0, 0);
    commitAll(m, [0, 1, 2], block(1, [0]), 3 * S);
    expect(m.finish(10 * S).latency.p50Ms).toBe(3_000);
  });

  it("keeps a node's first commit time when it re-reports a height after recovery", () => {
    const m = metrics({ nodeCount: 2 });
    m.txSubmitted(0, 0);
    commitAll(m, [0, 1], block(1, [0]), 1 * S);
    m.blockCommitted(1, block(1, [0]), 5 * S);
    expect(m.finish(10 * S).latency.maxMs).toBe(1_000);
  });
});

describe("blocks, messages, nodes", () => {
  it("reports block interval, size and transactions per confirmed height", () => {
    const m = metrics({ nodeCount: 2 });
    range(6).forEach((id) => m.txSubmitted(id, 0));
    commitAll(m, [0, 1], block(1, [0], "a", 1000), 1 * S);
    commitAll(m, [0, 1], block(2, [1, 2], "b", 2000), 3 * S);
    commitAll(m, [0, 1], block(3, [3, 4, 5], "c", 3000), 4 * S);
    m.blockCommitted(0, block(4, [], "d", 500), 5 * S); // not confirmed
    const { blocks } = m.finish(10 * S);
    // p50 is a histogram bucket's representative value: within 1% (HdrHistogram-style, ARCHITECTURE §5).
    expect(blocks.intervalMs.p50).toBeGreaterThanOrEqual(1_000);
    expect(blocks.intervalMs.p50).toBeLessThanOrEqual(1_010);
    expect(blocks.sizeBytes.p50).toBeGreaterThanOrEqual(2_000);
    expect(blocks.sizeBytes.p50).toBeLessThanOrEqual(2_020);
    expect(blocks).toEqual({
      committed: 3,
      intervalMs: { p50: blocks.intervalMs.p50, mean: 1_500, max: 2_000 },
      sizeBytes: { p50: blocks.sizeBytes.p50, mean: 2000, max: 3000 },
      txsPerBlock: { mean: 2, max: 3 },
      stale: 0,
      staleRate: 0,
    });
  });

  it("counts messages by type and per node, CPU by category, and committed heights", () => {
    const m = metrics({ nodeCount: 2 });
    m.messageSent("PREPARE", 100, 0, 1);
    m.messageSent("PREPARE", 100, 0, 1);
    m.messageSent("COMMIT", 50, 1, 0);
    m.messageReceived(200, 1);
    m.cpuBusy(0, 2 * S, "sm2");
    m.cpuBusy(0, 1 * S);
    m.blockCommitted(1, block(1, []), 1 * S);
    const report = m.finish(10 * S);
    expect(report.messages).toEqual({
      total: 3,
      bytes: 250,
      byType: { COMMIT: { count: 1, bytes: 50 }, PREPARE: { count: 2, bytes: 200 } },
    });
    expect(report.nodes[0]).toEqual({
      id: 0, cpuUtilization: 0.3, cpuBusyMs: 3_000, cpuByCategoryMs: { sm2: 2_000 },
      sentBytes: 200, receivedBytes: 0, sentMessages: 2, committedHeight: 0,
    });
    expect(report.nodes[1]).toMatchObject({ receivedBytes: 200, sentMessages: 1, committedHeight: 1 });
  });

  it("reports view changes as the most any honest node saw", () => {
    const m = metrics({ nodeCount: 3, honest: [true, true, false] });
    m.viewChange(0, 1 * S);
    m.viewChange(1, 1 * S);
    m.viewChange(1, 2 * S);
    for (let i = 0; i < 5; i++) m.viewChange(2, 2 * S);
    expect(m.finish(10 * S).viewChanges).toBe(2);
  });
});

describe("time series", () => {
  it("has one row per simulated second with offered and confirmed counts and their latency", () => {
    const m = metrics({ nodeCount: 2, durationUs: 3 * S });
    m.txSubmitted(0, 100_000);
    m.txSubmitted(1, 200_000);
    m.txSubmitted(2, 1_500_000);
    commitAll(m, [0, 1], block(1, [0, 1]), 1_300_000); // latencies 1200 ms and 1100 ms
    commitAll(m, [0, 1], block(2, [2]), 1_800_000); // 300 ms
    const rows = m.finish(3 * S).timeseries;
    const p50 = rows[1]?.p50_ms ?? 0; // a bucket's representative value: within 1% of 1100 ms
    expect(p50).toBeGreaterThanOrEqual(1_100);
    expect(p50).toBeLessThanOrEqual(1_111);
    expect(rows).toEqual([
      { time_s: 0, offered_tps: 2, committed_tps: 0, p50_ms: 0, p99_ms: 0, blocks: 0 },
      { time_s: 1, offered_tps: 1, committed_tps: 3, p50_ms: p50, p99_ms: 1_200, blocks: 2 },
      { time_s: 2, offered_tps: 0, committed_tps: 0, p50_ms: 0, p99_ms: 0, blocks: 0 },
    ]);
  });
});

describe("report determinism", () => {
  function feed(m: RunMetrics, typesInOrder: string[]): void {
    m.txSubmitted(0, 0);
    for (const t of typesInOrder) m.messageSent(t, 10, 0, 1);
    for (const c of typesInOrder.map((t) => t.toLowerCase())) m.cpuBusy(0, 7, c);
    commitAll(m, [0, 1], block(1, [0]), 1_234_567);
  }

  it("emits sections and map keys in a fixed order whatever the order of events", () => {
    const a = metrics({ nodeCount: 2 });
    const b = metrics({ nodeCount: 2 });
    feed(a, ["VIEW-CHANGE", "PREPARE", "COMMIT", "__proto__"]);
    feed(b, ["COMMIT", "__proto__", "PREPARE", "VIEW-CHANGE"]);
    const ra = a.finish(2 * S);
    const rb = b.finish(2 * S);
    expect(JSON.stringify(ra)).toBe(JSON.stringify(rb));
    expect(Object.keys(ra)).toEqual([
      "throughput", "latency", "blocks", "messages", "nodes", "viewChanges", "timeseries",
    ]);
    expect(Object.keys(ra.latency)).toEqual([
      "p50Ms", "p90Ms", "p95Ms", "p99Ms", "p999Ms", "maxMs", "meanMs", "firstCommit", "confirmed", "unconfirmed", "cdf",
    ]);
    expect(Object.keys(ra.messages.byType)).toEqual(["COMMIT", "PREPARE", "VIEW-CHANGE", "__proto__"]);
    expect(Object.keys(ra.nodes[0]?.cpuByCategoryMs ?? {})).toEqual(["__proto__", "commit", "prepare", "view-change"]);
    expect(Object.getPrototypeOf(ra.messages.byType)).toBe(Object.prototype);
  });

  it("rounds every time to 3 decimals of a millisecond", () => {
    const m = metrics({ nodeCount: 2 });
    feed(m, ["X"]);
    const r = m.finish(2 * S);
    expect(r.latency.p50Ms).toBe(1_234.567);
    expect(r.latency.meanMs).toBe(1_234.567);
    expect(r.nodes[0]?.cpuBusyMs).toBe(0.007);
  });
});

describe("input checks", () => {
  it("rejects unknown nodes, height 0 and fractional times with the method's name", () => {
    const m = metrics({ nodeCount: 2 });
    expect(() => m.blockCommitted(2, block(1, []), 0)).toThrow(/RunMetrics.blockCommitted/);
    expect(() => m.blockCommitted(0, block(0, []), 0)).toThrow(/heights start at 1/);
    expect(() => m.txSubmitted(0, 1.5)).toThrow(/RunMetrics.txSubmitted/);
    expect(() => metrics({ nodeCount: 2, honest: [true] })).toThrow(/honest has 1 entries/);
  });

  it("lists each transaction's submit, first-commit and confirmation times after finish", () => {
    const m = metrics({ nodeCount: 2 });
    m.txSubmitted(0, 10);
    m.txSubmitted(1, 20);
    m.blockCommitted(0, block(1, [0]), 100);
    m.blockCommitted(1, block(1, [0]), 150);
    m.finish(1000);
    const rows: unknown[] = [];
    m.forEachTransaction((tx) => rows.push(tx));
    expect(rows).toEqual([
      { id: 0, submitUs: 10, firstCommitUs: 100, confirmUs: 150, node: -1 },
      { id: 1, submitUs: 20, firstCommitUs: -1, confirmUs: -1, node: -1 },
    ]);
  });
});
