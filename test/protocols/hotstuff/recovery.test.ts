/**
 * Catch-up and crash recovery (not in the paper's pseudocode; the paper assumes every proposal eventually
 * arrives). A replica that missed blocks fetches them, verifying each block's justify QC and hash links; a
 * replica that crashed restarts from what it persisted — locked QC, last voted view, committed height — and
 * neither votes twice in a view nor reports a height twice.
 */
import { describe, expect, it } from "vitest";
import { safetyViolations } from "../../support/harness.js";
import type { VoteMsg } from "../../../src/protocols/hotstuff/index.js";
import { committedSorted, hotstuffHarness, load, range, snapshot } from "./helpers.js";

describe("HotStuff catch-up and recovery", () => {
  it("a replica that missed proposals fetches the blocks (BLOCK-REQUEST) and commits the same chain", () => {
    const h = hotstuffHarness(4);
    // Replica 2 loses every proposal between 20 ms and 60 ms.
    h.addFilter((_from, to, msg, atUs) => !(to === 2 && msg.type === "PROPOSAL" && atUs > 20_000 && atUs < 60_000));
    load(h, { count: 150, startUs: 1_000, everyUs: 700 });
    h.runUntil(600_000);
    expect(snapshot(h, 2).stats.blockRequests).toBeGreaterThan(0);
    expect(snapshot(h, 2).stats.blocksFetched).toBeGreaterThan(0);
    for (const node of h.nodes) expect(committedSorted(h, node)).toEqual(range(0, 150));
    expect(safetyViolations(h)).toEqual([]);
  });

  it("a crash-recovered replica catches up without regression (lock, vote and height survive the crash)", () => {
    const h = hotstuffHarness(4);
    load(h, { count: 300, startUs: 1_000, everyUs: 1_000, nodes: [0, 1, 3] });
    let before = snapshot(h, 2);
    h.at(100_000, () => {
      before = snapshot(h, 2);
      h.crash(2);
    });
    h.at(250_000, () => h.recover(2));
    h.runUntil(250_000);
    const restarted = snapshot(h, 2);
    expect(restarted.lockedQCView).toBe(before.lockedQCView);
    expect(restarted.lockedHash).toBe(before.lockedHash);
    expect(restarted.lastVotedView).toBe(before.lastVotedView);
    expect(restarted.committedHeight).toBe(before.committedHeight);
    expect(restarted.view).toBeGreaterThan(before.lastVotedView);
    h.runUntil(800_000);
    // Heights stay contiguous across the crash (checked by safetyViolations) and it reaches the others.
    expect(safetyViolations(h)).toEqual([]);
    expect(h.height(2)).toBe(h.height(0));
    expect(committedSorted(h, 0)).toEqual(range(0, 300));
    const all = committedSorted(h, 2);
    expect(all).toEqual(range(0, 300));
    // Never two votes in one view, across the crash.
    const views = h.sent.filter((r) => r.from === 2 && r.type === "VOTE").map((r) => (r.msg as VoteMsg).view);
    expect(new Set(views).size).toBe(views.length);
  });

  it("a replica that recovers into an idle network learns the chain from a peer's highQC", () => {
    const h = hotstuffHarness(4);
    load(h, { count: 30, startUs: 1_000, everyUs: 1_000, nodes: [0, 1] });
    h.at(5_000, () => h.crash(3));
    h.at(200_000, () => h.recover(3));
    h.runUntil(400_000);
    expect(h.height(0)).toBeGreaterThan(0);
    expect(h.height(3)).toBeGreaterThanOrEqual(h.height(0) - 3); // the last two-chain may stay uncommitted while idle
    expect(committedSorted(h, 3)).toEqual(range(0, 30));
    expect(safetyViolations(h)).toEqual([]);
  });
});
