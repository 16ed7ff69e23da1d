/**
 * Durable state (§5.1; Figure 2, "Persistent state on all servers: currentTerm, votedFor, log[]") and catch-up:
 * what survives a crash, that it is written incrementally, and that a recovered server catches up without its
 * committed chain ever going back.
 */
import { describe, expect, it } from "vitest";
import { makeTx, safetyViolations } from "../../support/harness.js";
import { campaignAt, raftHarness, snapshot } from "./helpers.js";

describe("Figure 2 persistent state", () => {
  it("Figure 2: currentTerm, votedFor and log survive a crash", () => {
    const h = raftHarness(3);
    campaignAt(h, 0, 1_000);
    for (let i = 0; i < 6; i++) h.submit(i % 3, makeTx(i), 10_000 + i * 5_000);
    h.runUntil(100_000);
    const before = snapshot(h, 1);
    expect(before.log.length).toBeGreaterThan(2);
    h.crash(1);
    h.recover(1);
    const after = snapshot(h, 1);
    expect(after.term).toBe(before.term);
    expect(after.votedFor).toBe(0);
    expect(after.log).toEqual(before.log);
    expect(after.role).toBe("follower"); // "When servers start up, they begin as followers" (§5.2)
    expect(after.leader).toBeUndefined();
    // The ledger (what was applied and reported) is durable too, so commitIndex restarts there.
    expect(after.lastApplied).toBe(before.lastApplied);
    expect(after.commitIndex).toBe(before.lastApplied);
  });

  it("§5.1: state is persisted incrementally — an append writes only the new entries", () => {
    const h = raftHarness(3);
    campaignAt(h, 0, 1_000);
    h.submit(0, makeTx(1), 5_000);
    h.runUntil(50_000);
    const ctx = h.ctx(1);
    const original = ctx.persist.bind(ctx);
    const keys: string[] = [];
    ctx.persist = (key, value) => {
      keys.push(key);
      original(key, value);
    };
    h.submit(0, makeTx(2), 60_000);
    h.runUntil(100_000);
    expect(keys.filter((k) => k.startsWith("raft/log/") && k !== "raft/log/last")).toEqual(["raft/log/3"]);
    expect(keys).not.toContain("raft/hard-state"); // the term did not change, nor the vote
  });

  it("a recovered server catches up, and its committed chain never regresses", () => {
    const h = raftHarness(5, { maxEntriesPerAppend: 4 });
    campaignAt(h, 0, 1_000);
    for (let i = 0; i < 60; i++) h.submit(i % 5, makeTx(i), 10_000 + i * 3_000);
    h.at(60_000, () => h.crash(3));
    h.at(150_000, () => h.recover(3));
    h.runUntil(400_000);
    expect(safetyViolations(h)).toEqual([]); // includes: heights on each server grow by one, across its crash
    expect(h.height(3)).toBe(h.height(0));
    const heights = (h.commits[3] ?? []).map((c) => c.block.height);
    expect(heights).toEqual(Array.from({ length: heights.length }, (_, i) => i + 1));
    expect(snapshot(h, 3).log.length).toBe(snapshot(h, 0).log.length);
    // Transactions submitted to node 3 while it was down were lost with it (clients do not retry); the rest commit.
    const down = new Set(Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 5 === 3 && 10_000 + i * 3_000 >= 60_000 && 10_000 + i * 3_000 < 150_000));
    const committed = new Set((h.commits[3] ?? []).flatMap((c) => c.block.txIds));
    expect(Array.from({ length: 60 }, (_, i) => i).filter((i) => !down.has(i) && !committed.has(i))).toEqual([]);
  });
});
