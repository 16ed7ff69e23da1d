/**
 * The chained normal case (Yin et al., PODC 2019, Algorithm 3): the one-, two- and three-chain steps, the
 * commit of every uncommitted ancestor in height order, the O(n) message pattern per view with a correct
 * leader, batching and dedupe, and no empty blocks when there is nothing to commit.
 */
import { describe, expect, it } from "vitest";
import { makeTx, safetyViolations } from "../../support/harness.js";
import type { ProposalMsg } from "../../../src/protocols/hotstuff/index.js";
import { toHex } from "../../../src/protocols/codec.js";
import { committedSorted, hashOf, hotstuffHarness, load, range, snapshot } from "./helpers.js";

function proposals(h: ReturnType<typeof hotstuffHarness>): ProposalMsg[] {
  const byView = new Map<number, ProposalMsg>();
  for (const r of h.sent) if (r.type === "PROPOSAL") byView.set((r.msg as ProposalMsg).block.view, r.msg as ProposalMsg);
  return [...byView.values()].sort((a, b) => a.block.view - b.block.view);
}

describe("HotStuff chained normal case (Alg. 3)", () => {
  it("HotStuff Alg. 3: a block is committed only after a three-chain with consecutive views; the lock is the two-chain's head", () => {
    const h = hotstuffHarness(4); // 1 ms per message
    h.submit(1, makeTx(0), 1_000); // leader of view 1 is replica 1
    // Replica 3 does not receive the proposal of view 4, the one carrying the QC that completes the three-chain.
    h.addFilter((_from, to, msg) => !(to === 3 && msg.type === "PROPOSAL" && msg.block.view === 4));
    const seen: { view: number; atUs: number; locked: number; committed: number }[] = [];
    for (let t = 1_000; t <= 20_000; t += 500) {
      h.runUntil(t);
      const s = snapshot(h, 3);
      if (seen.at(-1)?.view !== s.view) seen.push({ view: s.view, atUs: t, locked: s.lockedQCView, committed: s.committedHeight });
    }
    const ps = proposals(h);
    expect(ps.slice(0, 4).map((p) => [p.block.view, p.block.height, p.block.justify.view, p.block.txs.length])).toEqual([
      [1, 1, 0, 1], // b: the transaction
      [2, 2, 1, 0], // b' (empty: drives the chain), justified by QC(b)
      [3, 3, 2, 0], // b'': its justify QC(b') completes the two-chain b ← b': replicas lock on b
      [4, 4, 3, 0], // b''': QC(b'') completes b ← b' ← b'' with views 1, 2, 3: b commits
    ]);
    // Replica 3 after b'' (view 3): locked on b (the head of the two-chain b ← b'), nothing committed.
    const afterB2 = seen.find((x) => x.view === 4)!;
    expect(afterB2).toMatchObject({ locked: 1, committed: 0 });
    expect(snapshot(h, 3).lockedHash).toBe(toHex(hashOf(ps[0]!.block)));
    // The others received b''' and committed b; replica 3, missing it, has not (a two-chain never commits).
    for (const node of [0, 1, 2]) expect(h.commits[node]![0]!.block).toMatchObject({ height: 1, txIds: [0] });
    expect(h.height(3)).toBe(0);
    // It catches up after its view timer fires: the leader answers its NEW-VIEW with the missing chain.
    h.runUntil(400_000);
    expect(h.commits[3]![0]!.block).toMatchObject({ height: 1, txIds: [0] });
    expect(safetyViolations(h)).toEqual([]);
  });

  for (const n of [4, 7, 16]) {
    it(`messages per view with a correct leader are O(n): proposal n−1 + votes n−1 (n=${n})`, () => {
      const h = hotstuffHarness(n, { batch: { maxTxs: 5, maxWaitUs: 1_000 } });
      load(h, { count: 60, startUs: 1_000, everyUs: 700, nodes: [0] });
      h.runUntil(400_000);
      expect(committedSorted(h, n - 1)).toEqual(range(0, 60));
      const views = proposals(h).length;
      expect(views).toBeGreaterThan(10);
      expect(h.countSent((r) => r.type === "PROPOSAL")).toBe(views * (n - 1));
      expect(h.countSent((r) => r.type === "VOTE")).toBe(views * (n - 1));
      expect(h.countSent((r) => r.type === "NEW-VIEW" || r.type.startsWith("BLOCK-"))).toBe(0);
      // Every committed block cost one proposal broadcast and one round of votes: 2(n−1) messages.
      const heights = h.height(0);
      expect(views - heights).toBeLessThanOrEqual(3); // the last blocks of the chain are not committed yet
    });
  }

  it("commits every uncommitted ancestor in height order, heights contiguous from 1 (genesis is not reported)", () => {
    const h = hotstuffHarness(4);
    load(h, { count: 80, startUs: 1_000, everyUs: 300 });
    h.runUntil(300_000);
    for (const node of h.nodes) {
      const heights = h.commits[node]!.map((c) => c.block.height);
      expect(heights).toEqual(range(1, heights.length + 1));
      expect(committedSorted(h, node)).toEqual(range(0, 80));
    }
    expect(safetyViolations(h)).toEqual([]);
  });

  it("batches up to maxTxs pending transactions per block; never proposes a transaction twice (dedupe by id)", () => {
    const h = hotstuffHarness(4, { batch: { maxTxs: 4, maxWaitUs: 1_000 } });
    for (let i = 0; i < 10; i++) for (const node of h.nodes) h.submit(node, makeTx(i), 1_000 + i * 50);
    h.runUntil(100_000);
    for (const node of h.nodes) h.submit(node, makeTx(3)); // after it committed
    h.runUntil(300_000);
    const sizes = proposals(h).map((p) => p.block.txs.length);
    expect(Math.max(...sizes)).toBe(4);
    const proposed = proposals(h).flatMap((p) => p.block.txs.map((tx) => tx.id));
    expect(proposed.sort((a, b) => a - b)).toEqual(range(0, 10));
    for (const node of h.nodes) expect(committedSorted(h, node)).toEqual(range(0, 10));
  });

  it("proposes empty blocks only while transactions wait to commit; an idle network sends nothing", () => {
    const h = hotstuffHarness(4);
    load(h, { count: 5, startUs: 1_000, everyUs: 100 });
    h.runUntil(100_000);
    const sentWhenIdle = h.sent.length;
    expect(committedSorted(h, 0)).toEqual(range(0, 5));
    h.runUntil(2_000_000);
    expect(h.sent.length).toBe(sentWhenIdle);
    for (const node of h.nodes) expect(snapshot(h, node).stats.timeouts).toBe(0);
    // A new transaction resumes the chain, then it goes quiet again.
    h.submit(2, makeTx(99));
    h.runUntil(2_100_000);
    expect(committedSorted(h, 0)).toEqual([...range(0, 5), 99]);
    expect(proposals(h).filter((p) => p.block.txs.length === 0).length).toBeLessThanOrEqual(2 * 3);
  });
});
