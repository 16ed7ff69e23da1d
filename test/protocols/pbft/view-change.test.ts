/**
 * Faults and the view-change protocol (§4.4, §4.5.2): progress with f crashed replicas, primary failure and
 * recovery of liveness in view v+1, prepared certificates carried into the new view, and the f+1 rule.
 */
import { describe, expect, it } from "vitest";
import { makeTx, safetyViolations, committedTxIds } from "../../support/harness.js";
import type { NewViewMsg, PrePrepareMsg } from "../../../src/protocols/pbft/index.js";
import { toHex } from "../../../src/protocols/codec.js";
import { pbftHarness, snapshot } from "./helpers.js";

describe("PBFT with f crashed replicas", () => {
  for (const [n, f] of [
    [4, 1],
    [16, 5],
  ] as const) {
    it(`n=${n}: commits continue with f=${f} backups crashed`, () => {
      const h = pbftHarness(n, { batch: { maxTxs: 5, maxWaitUs: 2_000 } });
      for (let i = 1; i <= f; i++) h.crash(n - i);
      for (let i = 0; i < 40; i++) h.submit(i % (n - f), makeTx(i), 1000 + i * 500);
      h.runUntil(300_000);
      expect(safetyViolations(h)).toEqual([]);
      for (let node = 0; node < n - f; node++) {
        expect(committedTxIds(h, node).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      }
      expect(h.countSent((r) => r.type === "VIEW-CHANGE")).toBe(0);
    });
  }
});

describe("PBFT view change (§4.4)", () => {
  it("primary crash → view change → commits resume within 2× the view-change timeout; new primary is v+1 mod n", () => {
    const timeoutUs = 100_000;
    const h = pbftHarness(4, { viewChangeTimeoutUs: timeoutUs });
    for (let i = 0; i < 10; i++) h.submit(i % 4, makeTx(i), 1000 + i * 1000);
    h.runUntil(50_000);
    expect(h.height(1)).toBeGreaterThan(0);
    const before = h.height(1);
    const crashAt = 60_000;
    h.at(crashAt, () => h.crash(0));
    for (let i = 10; i < 30; i++) h.submit(1 + (i % 3), makeTx(i), crashAt + 1000 + (i - 10) * 2000);
    h.runUntil(crashAt + 2 * timeoutUs);
    for (const node of [1, 2, 3]) {
      const snap = snapshot(h, node);
      expect(snap.view).toBe(1);
      expect(snap.active).toBe(true);
      expect(h.height(node)).toBeGreaterThan(before);
    }
    const nv = h.sent.filter((r) => r.type === "NEW-VIEW");
    expect(new Set(nv.map((r) => r.from))).toEqual(new Set([1]));
    expect(h.viewChanges.map((v) => [v.node, v.view])).toEqual(expect.arrayContaining([[1, 1], [2, 1], [3, 1]]));
    expect(h.protocol(2).leader?.()).toBe(1);
    const firstAfter = h.commits[2]!.find((c) => c.atUs > crashAt && c.block.txIds.length > 0);
    expect(firstAfter).toBeDefined();
    expect(firstAfter!.atUs - (crashAt + 1000)).toBeLessThanOrEqual(2 * timeoutUs);
    expect(firstAfter!.block.proposer).toBe(1);
    h.runUntil(1_000_000);
    expect(safetyViolations(h)).toEqual([]);
    expect(committedTxIds(h, 3).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it("a request prepared at 2f+1 replicas before the view change commits in the new view with the same n and d", () => {
    const h = pbftHarness(4, { batch: { maxTxs: 1, maxWaitUs: 1_000 } });
    // No COMMIT of view 0 is ever delivered (retransmissions included).
    h.addFilter((_f, _t, msg) => !(msg.type === "COMMIT" && msg.view === 0));
    h.submit(0, makeTx(42), 1000);
    h.runUntil(10_000);
    // Every backup prepared (pre-prepare + 2f prepares) but no one committed.
    const pp = h.sent.find((r) => r.type === "PRE-PREPARE")!.msg as PrePrepareMsg;
    expect(h.countSent((r) => r.type === "COMMIT")).toBe(4 * 3); // each replica's COMMIT to 3 others, dropped
    expect(h.height(1)).toBe(0);
    h.crash(0);
    h.runUntil(400_000);
    const nv = h.sent.find((r) => r.type === "NEW-VIEW")!.msg as NewViewMsg;
    expect(nv.newView).toBe(1);
    expect(nv.prePrepares.map((p) => [p.seq, toHex(p.digest)])).toEqual([[1, toHex(pp.digest)]]);
    for (const node of [1, 2, 3]) {
      const block = h.commits[node]![0]!.block;
      expect(block.height).toBe(pp.seq);
      expect(block.hash).toBe(toHex(pp.digest));
      expect(block.txIds).toEqual([42]);
      expect(block.proposer).toBe(0); // the batch keeps its original proposer
    }
    expect(safetyViolations(h)).toEqual([]);
  });

  it("null requests fill gaps in O and commit as empty blocks, keeping heights contiguous", () => {
    const h = pbftHarness(4, { batch: { maxTxs: 1, maxWaitUs: 1_000 } });
    // Seq 1 reaches only replica 1 (not prepared anywhere); seq 2 prepares everywhere; no commits.
    const drop = h.addFilter((_f, to, msg) => {
      if (msg.type === "COMMIT") return false;
      if (msg.type === "PRE-PREPARE" && msg.seq === 1) return to === 1;
      return true;
    });
    h.submit(0, makeTx(1), 1000);
    h.submit(0, makeTx(2), 3000);
    h.runUntil(20_000);
    h.crash(0);
    drop();
    h.runUntil(600_000);
    const nv = h.sent.find((r) => r.type === "NEW-VIEW")!.msg as NewViewMsg;
    expect(nv.prePrepares.map((p) => [p.seq, p.batch.length])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    for (const node of [1, 2, 3]) {
      const blocks = h.commits[node]!.map((c) => c.block);
      expect(blocks[0]!.txIds).toEqual([]);
      expect(blocks[1]!.txIds).toEqual([2]);
      expect(blocks.map((b) => b.height)).toEqual(blocks.map((_, i) => i + 1));
    }
    // Tx 1 was only ever in the discarded pre-prepare (no backup received it as a request), so it is not
    // re-proposed; a client would resubmit it.
    expect(safetyViolations(h)).toEqual([]);
  });

  it("the view-change timeout doubles for consecutive view changes without progress (§4.5.2)", () => {
    const T = 50_000;
    const h = pbftHarness(7, { viewChangeTimeoutUs: T });
    // Primaries of views 0 and 1 are down and the primary of view 2 cannot get its NEW-VIEW out: the
    // replicas wait T in view 1 and 2T in view 2 before moving on; view 3 (primary 3) finally starts.
    h.crash(0);
    h.crash(1);
    h.addFilter((from, _to, msg) => !(from === 2 && msg.type === "NEW-VIEW"));
    for (const node of [2, 3, 4, 5, 6]) h.submit(node, makeTx(node), 1000);
    h.runUntil(2_000_000);
    const firstByView = new Map<number, number>();
    for (const r of h.sent) {
      if (r.type !== "VIEW-CHANGE" || r.from !== 4) continue;
      const v = (r.msg as { newView: number }).newView;
      if (!firstByView.has(v)) firstByView.set(v, r.atUs);
    }
    expect([...firstByView.keys()]).toEqual([1, 2, 3]);
    expect(firstByView.get(1)).toBe(1000 + T);
    // Each timer starts once 2f+1 VIEW-CHANGEs are in (one message delay, 1 ms, after they were sent).
    expect(firstByView.get(2)! - firstByView.get(1)!).toBe(T + 1000);
    expect(firstByView.get(3)! - firstByView.get(2)!).toBe(2 * T + 1000);
    expect(snapshot(h, 4).view).toBe(3);
    expect(committedTxIds(h, 4).sort()).toEqual([2, 3, 4, 5, 6]);
    expect(safetyViolations(h)).toEqual([]);
  });

  it("f+1 view-change messages for a higher view make a replica join it (§4.5.2)", () => {
    const h = pbftHarness(4);
    h.crash(0);
    // Only replicas 1 and 2 have a pending request; replica 3 never times out but joins on f+1 = 2.
    h.submit(1, makeTx(1), 1000);
    h.submit(2, makeTx(2), 1000);
    h.runUntil(400_000);
    expect(h.sent.some((r) => r.type === "VIEW-CHANGE" && r.from === 3)).toBe(true);
    expect(snapshot(h, 3).view).toBe(1);
    expect(committedTxIds(h, 3).sort()).toEqual([1, 2]);
  });
});
