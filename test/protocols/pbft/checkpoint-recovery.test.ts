/**
 * Checkpoints and garbage collection (§4.3), and crash-recovery with state transfer: a recovered or lagging
 * replica obtains the batches it missed (f+1 matching replies), never reports a height twice and never
 * regresses.
 */
import { describe, expect, it } from "vitest";
import { makeTx, safetyViolations, committedTxIds } from "../../support/harness.js";
import { pbftHarness, snapshot } from "./helpers.js";

describe("PBFT checkpoints (§4.3)", () => {
  it("a checkpoint becomes stable with 2f+1 matching CHECKPOINTs; the log at and below it is discarded", () => {
    const h = pbftHarness(4, { batch: { maxTxs: 1, maxWaitUs: 1_000 }, checkpointInterval: 4, watermarkWindow: 8 });
    for (let i = 0; i < 18; i++) h.submit(0, makeTx(i), 1000 + i * 2000);
    h.runUntil(200_000);
    expect(h.height(3)).toBe(18);
    for (const node of h.nodes) {
      const snap = snapshot(h, node);
      expect(snap.lowWatermark).toBe(16);
      expect(snap.highWatermark).toBe(24);
      expect(snap.logSeqs.every((seq) => seq > 16)).toBe(true);
      expect(snap.logSeqs).toEqual([17, 18]);
      expect(snap.checkpointSeqs.every((seq) => seq > 16)).toBe(true);
      expect(snap.stats.stableCheckpoints).toBe(4);
    }
    // Replicas agree on the state digest at each checkpoint.
    const digests = new Map<number, Set<string>>();
    for (const r of h.sent) {
      if (r.type !== "CHECKPOINT") continue;
      const m = r.msg as { seq: number; stateDigest: Uint8Array };
      const set = digests.get(m.seq) ?? new Set<string>();
      set.add(Buffer.from(m.stateDigest).toString("hex"));
      digests.set(m.seq, set);
    }
    expect([...digests.keys()].sort((a, b) => a - b)).toEqual([4, 8, 12, 16]);
    for (const set of digests.values()) expect(set.size).toBe(1);
  });

  it("stable checkpoints advance the watermarks, so more than L batches commit in total", () => {
    const h = pbftHarness(4, { batch: { maxTxs: 1, maxWaitUs: 1_000 }, checkpointInterval: 2, watermarkWindow: 4 });
    for (let i = 0; i < 30; i++) h.submit(0, makeTx(i), 1000);
    h.runUntil(500_000);
    expect(h.height(2)).toBe(30);
    expect(h.countSent((r) => r.type === "VIEW-CHANGE")).toBe(0);
  });
});

describe("PBFT crash-recovery and state transfer", () => {
  it("a recovered replica catches up on the batches it missed and never regresses", () => {
    const h = pbftHarness(4, { batch: { maxTxs: 3, maxWaitUs: 1_000 }, checkpointInterval: 5, watermarkWindow: 20 });
    for (let i = 0; i < 120; i++) h.submit(i % 3, makeTx(i), 1000 + i * 1000);
    h.at(20_000, () => h.crash(3));
    h.at(80_000, () => h.recover(3));
    h.runUntil(20_000);
    const beforeCrash = h.height(3);
    expect(beforeCrash).toBeGreaterThan(0);
    h.runUntil(80_000);
    expect(h.height(3)).toBe(beforeCrash);
    h.runUntil(600_000);
    expect(safetyViolations(h)).toEqual([]);
    expect(h.height(3)).toBe(h.height(0));
    expect(committedTxIds(h, 3)).toEqual(committedTxIds(h, 0));
    const heights = h.commits[3]!.map((c) => c.block.height);
    expect(heights).toEqual(heights.map((_, i) => i + 1)); // no height twice, none skipped
    expect(snapshot(h, 3).stats.batchesCaughtUp).toBeGreaterThan(0);
  });

  it("a replica cut off from the normal case keeps up by state transfer alone (f+1 matching replies)", () => {
    const h = pbftHarness(4, { batch: { maxTxs: 2, maxWaitUs: 1_000 }, checkpointInterval: 4, watermarkWindow: 8 });
    // Replica 3 never receives a PRE-PREPARE, PREPARE or COMMIT; it only sees checkpoints and fetch replies.
    h.addFilter((_f, to, msg) => !(to === 3 && ["PRE-PREPARE", "PREPARE", "COMMIT"].includes(msg.type)));
    for (let i = 0; i < 40; i++) h.submit(0, makeTx(i), 1000 + i * 1000);
    h.runUntil(400_000);
    expect(safetyViolations(h)).toEqual([]);
    expect(h.height(0)).toBe(20);
    expect(h.height(3)).toBe(h.height(0));
    const stats = snapshot(h, 3).stats;
    expect(stats.catchUpFetches).toBeGreaterThan(0);
    expect(stats.batchesCaughtUp).toBe(20);
  });

  it("a recovered replica rejoins the view the others moved to while it was down", () => {
    const h = pbftHarness(4, { batch: { maxTxs: 2, maxWaitUs: 1_000 }, viewChangeTimeoutUs: 50_000 });
    for (let i = 0; i < 10; i++) h.submit(1 + (i % 3), makeTx(i), 1000 + i * 1000);
    h.runUntil(15_000);
    h.crash(0); // the primary
    for (let i = 10; i < 20; i++) h.submit(1 + (i % 3), makeTx(i), 20_000 + i * 1000);
    h.runUntil(200_000);
    expect(snapshot(h, 1).view).toBe(1);
    h.recover(0);
    for (let i = 20; i < 40; i++) h.submit(i % 4, makeTx(i), 250_000 + i * 1000);
    h.runUntil(800_000);
    expect(snapshot(h, 0).view).toBe(1);
    expect(safetyViolations(h)).toEqual([]);
    expect(committedTxIds(h, 0).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
});
