/**
 * Normal-case operation (§4.2): three-phase agreement, execution in sequence order, the exact message
 * pattern per batch, and the acceptance rules for signatures, transactions and watermarks.
 */
import { describe, expect, it } from "vitest";
import { corruptTx, makeTx, safetyViolations, committedTxIds } from "../../support/harness.js";
import {
  batchDigest,
  signPbftMessage,
  type PbftMessage,
  type PrePrepareMsg,
  type PrepareMsg,
} from "../../../src/protocols/pbft/index.js";
import { pbftHarness, snapshot } from "./helpers.js";

function perSeqCounts(sent: readonly { type: string; msg: PbftMessage; dropped: boolean }[], type: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of sent) {
    if (r.type !== type || r.dropped) continue;
    const seq = (r.msg as { seq: number }).seq;
    counts.set(seq, (counts.get(seq) ?? 0) + 1);
  }
  return counts;
}

describe("PBFT normal case (§4.2)", () => {
  it("commits client requests in sequence order on every replica", () => {
    const h = pbftHarness(4);
    for (let i = 0; i < 35; i++) h.submit(i % 4, makeTx(i), 1000 + i * 300);
    h.runUntil(200_000);
    expect(safetyViolations(h)).toEqual([]);
    for (const node of h.nodes) {
      const heights = h.commits[node]!.map((c) => c.block.height);
      expect(heights.length).toBeGreaterThan(0);
      expect(heights).toEqual(heights.map((_, i) => i + 1));
      expect([...committedTxIds(h, node)].sort((a, b) => a - b)).toEqual(Array.from({ length: 35 }, (_, i) => i));
    }
  });

  it("batches maxTxs requests into one pre-prepare, or fewer after maxWaitUs", () => {
    const h = pbftHarness(4, { batch: { maxTxs: 5, maxWaitUs: 10_000 } });
    for (let i = 0; i < 7; i++) h.submit(0, makeTx(i), 1000);
    h.runUntil(100_000);
    const sizes = h.commits[1]!.map((c) => c.block.txIds.length);
    expect(sizes).toEqual([5, 2]);
    const second = h.sent.find((r) => r.type === "PRE-PREPARE" && (r.msg as PrePrepareMsg).seq === 2);
    expect(second?.atUs).toBe(11_000); // cut maxWaitUs after the oldest pending request
  });

  for (const n of [4, 7]) {
    it(`message pattern per sequence number with no faults (n=${n}): pre-prepare n−1, prepare (n−1)², commit n(n−1)`, () => {
      const h = pbftHarness(n, { batch: { maxTxs: 1, maxWaitUs: 1_000 } });
      for (let i = 0; i < 12; i++) h.submit(0, makeTx(i), 1000 + i * 5_000);
      h.runUntil(300_000);
      expect(h.height(n - 1)).toBe(12);
      const pp = perSeqCounts(h.sent, "PRE-PREPARE");
      const prep = perSeqCounts(h.sent, "PREPARE");
      const com = perSeqCounts(h.sent, "COMMIT");
      for (let seq = 1; seq <= 12; seq++) {
        expect(pp.get(seq)).toBe(n - 1);
        expect(prep.get(seq)).toBe((n - 1) * (n - 1));
        expect(com.get(seq)).toBe(n * (n - 1));
      }
      expect(h.countSent((r) => r.type === "VIEW-CHANGE" || r.type === "FETCH" || r.type === "REQUEST")).toBe(0);
    });
  }

  it("a backup forwards a request it receives to the primary (§4.1)", () => {
    const h = pbftHarness(4, { batch: { maxTxs: 1, maxWaitUs: 1_000 } });
    h.submit(2, makeTx(7), 1000);
    h.runUntil(50_000);
    const requests = h.sent.filter((r) => r.type === "REQUEST");
    expect(requests.map((r) => [r.from, r.to])).toEqual([[2, 0]]);
    expect(h.commits.map((c) => c.map((x) => x.block.txIds))).toEqual([[[7]], [[7]], [[7]], [[7]]]);
  });

  it("a request lost on its way to the primary is relayed to every replica and commits without a view change", () => {
    const T = 100_000;
    const h = pbftHarness(4, { batch: { maxTxs: 1, maxWaitUs: 1_000 }, viewChangeTimeoutUs: T });
    let dropped = false;
    h.addFilter((_f, _t, msg) => {
      if (msg.type !== "REQUEST" || dropped) return true;
      dropped = true;
      return false;
    });
    h.submit(2, makeTx(5), 1000);
    h.runUntil(1000 + T);
    expect(committedTxIds(h, 0)).toEqual([5]);
    expect(h.commits[2]![0]!.atUs).toBeLessThan(1000 + T);
    expect(h.countSent((r) => r.type === "VIEW-CHANGE")).toBe(0);
    expect(snapshot(h, 2).stats.requestsRelayed).toBe(1);
  });

  it("does not propose a request twice (dedupe by tx id)", () => {
    const h = pbftHarness(4, { batch: { maxTxs: 2, maxWaitUs: 1_000 } });
    for (const node of [0, 1, 2, 3]) h.submit(node, makeTx(1), 1000);
    h.submit(0, makeTx(1), 60_000); // after it committed
    h.runUntil(120_000);
    expect(committedTxIds(h, 3)).toEqual([1]);
    expect(h.countSent((r) => r.type === "PRE-PREPARE")).toBe(3);
  });

  it("drops a message with an invalid signature and counts it", () => {
    const h = pbftHarness(4);
    const prepare = signPbftMessage<PrepareMsg>(h.ctx(2), { type: "PREPARE", view: 0, seq: 1, digest: new Uint8Array(32), replica: 2 });
    const forged: PrepareMsg = { ...prepare, replica: 3 }; // claims to be from 3, signed by 2
    const flipped: PrepareMsg = { ...prepare, sig: prepare.sig.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    h.inject(3, 1, forged, 10);
    h.inject(2, 1, flipped, 10);
    h.runUntil(1_000);
    expect(snapshot(h, 1).stats.droppedInvalidSignature).toBe(2);
    expect(snapshot(h, 1).logSeqs).toEqual([]);
  });

  it("a backup rejects a pre-prepare carrying an invalid transaction (§4.2: signatures in the request are correct)", () => {
    const h = pbftHarness(4);
    const batch = [makeTx(1), corruptTx(makeTx(2))];
    const primary = h.ctx(0);
    const pp = signPbftMessage<PrePrepareMsg>(primary, {
      type: "PRE-PREPARE",
      view: 0,
      seq: 1,
      digest: batchDigest(primary, 1, 0, batch),
      proposer: 0,
      batch,
    });
    for (const to of [1, 2, 3]) h.inject(0, to, pp, 10);
    h.runUntil(50_000);
    for (const node of [1, 2, 3]) expect(snapshot(h, node).stats.rejectedPrePrepares).toBe(1);
    expect(h.countSent((r) => r.type === "PREPARE")).toBe(0);
    expect(h.height(1)).toBe(0);
  });

  it("a backup rejects a pre-prepare whose digest does not match its batch, or outside [h, H]", () => {
    const h = pbftHarness(4, { checkpointInterval: 5, watermarkWindow: 10 });
    const primary = h.ctx(0);
    const batch = [makeTx(1)];
    const wrongDigest = signPbftMessage<PrePrepareMsg>(primary, {
      type: "PRE-PREPARE", view: 0, seq: 1, digest: batchDigest(primary, 2, 0, batch), proposer: 0, batch,
    });
    const beyond = signPbftMessage<PrePrepareMsg>(primary, {
      type: "PRE-PREPARE", view: 0, seq: 21, digest: batchDigest(primary, 21, 0, batch), proposer: 0, batch,
    });
    h.inject(0, 1, wrongDigest, 10);
    h.inject(0, 1, beyond, 10);
    h.runUntil(1_000);
    const stats = snapshot(h, 1).stats;
    expect(stats.rejectedPrePrepares).toBe(1);
    expect(stats.droppedOutOfWindow).toBe(1);
    expect(h.countSent((r) => r.type === "PREPARE")).toBe(0);
  });

  it("watermarks bound the in-flight window: the primary never assigns n > h + L", () => {
    const h = pbftHarness(4, { batch: { maxTxs: 1, maxWaitUs: 1_000 }, checkpointInterval: 2, watermarkWindow: 4 });
    const removeFilter = h.addFilter((_from, _to, msg) => msg.type !== "COMMIT");
    for (let i = 0; i < 20; i++) h.submit(0, makeTx(i), 1000);
    h.runUntil(50_000);
    const seqs = h.sent.filter((r) => r.type === "PRE-PREPARE").map((r) => (r.msg as PrePrepareMsg).seq);
    expect(Math.max(...seqs)).toBe(4);
    expect(snapshot(h, 0).nextSeq).toBe(5);
    // Once commits flow again (after a view change restores the lost ones), the window slides and all commit.
    removeFilter();
    h.runUntil(2_000_000);
    expect(safetyViolations(h)).toEqual([]);
    expect(committedTxIds(h, 2).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
