/**
 * Safety and liveness checker specification (ARCHITECTURE §5): agreement, no gaps or regression, no duplicate
 * transaction, validity — for honest nodes only — and progress within a bound once the last fault has healed.
 */
import { describe, expect, it } from "vitest";
import { LivenessObserver, MAX_REPORTED, SafetyObserver } from "../../src/metrics/safety.js";
import { S, block, range } from "./helpers.js";

function safety(nodeCount: number, byzantine: number[] = [], submitted = 10): SafetyObserver {
  const observer = new SafetyObserver({ honest: range(nodeCount).map((n) => !byzantine.includes(n)) });
  for (let id = 0; id < submitted; id++) observer.txSubmitted(id);
  return observer;
}

describe("SafetyObserver", () => {
  it("is ok when every honest node commits the same chain, re-reports included", () => {
    const s = safety(4);
    for (const node of range(4)) {
      s.blockCommitted(node, block(1, [0, 1]), 1 * S);
      s.blockCommitted(node, block(2, [2]), 2 * S);
    }
    s.blockCommitted(3, block(2, [2]), 5 * S); // same hash after recovery: ignored
    expect(s.report()).toEqual({ ok: true, violations: [], count: 0 });
  });

  it("detects an agreement violation: two honest nodes commit different hashes at one height (first per height)", () => {
    const s = safety(4);
    s.blockCommitted(0, block(1, [0], "aaaa"), 1 * S);
    s.blockCommitted(1, block(1, [1], "bbbb"), 1.5 * S);
    s.blockCommitted(2, block(1, [1], "bbbb"), 2 * S);
    const report = s.report();
    expect(report.ok).toBe(false);
    expect(report.violations).toEqual([
      { kind: "agreement", height: 1, nodes: [0, 1], atMs: 1_500, detail: expect.stringMatching(/aaaa.*bbbb/) },
    ]);
    expect(Object.keys(report.violations[0] ?? {})).toEqual(["kind", "height", "nodes", "atMs", "detail"]);
  });

  it("does not hold a Byzantine node to agreement", () => {
    const s = safety(4, [3]);
    s.blockCommitted(0, block(1, [0], "aaaa"), 1 * S);
    s.blockCommitted(3, block(1, [0, 99, 0], "evil"), 1 * S);
    s.blockCommitted(3, block(7, [1], "evil"), 1 * S);
    expect(s.report().ok).toBe(true);
  });

  it("detects a duplicate transaction in one node's chain, across heights and within a block", () => {
    const s = safety(2);
    s.blockCommitted(0, block(1, [0, 1]), 1 * S);
    s.blockCommitted(0, block(2, [1, 2]), 2 * S);
    s.blockCommitted(0, block(3, [3, 3]), 3 * S);
    const { violations } = s.report();
    expect(violations.map((v) => [v.kind, v.height, v.nodes])).toEqual([
      ["duplicate-tx", 2, [0]],
      ["duplicate-tx", 3, [0]],
    ]);
    expect(violations[0]?.detail).toMatch(/1 at heights 1 and 2/);
    expect(violations[1]?.detail).toMatch(/3 twice at height 3/);
  });

  it("detects regression: a different hash at or below a node's last height", () => {
    const s = safety(2);
    s.blockCommitted(0, block(1, [0]), 1 * S);
    s.blockCommitted(0, block(2, [1]), 2 * S);
    s.blockCommitted(0, block(1, [0], "other"), 3 * S);
    expect(s.report().violations).toEqual([
      { kind: "regression", height: 1, nodes: [0], atMs: 3_000, detail: expect.stringMatching(/after reaching height 2/) },
    ]);
  });

  it("detects a gap in a node's heights", () => {
    const s = safety(2);
    s.blockCommitted(1, block(1, [0]), 1 * S);
    s.blockCommitted(1, block(3, [1]), 2 * S);
    const { violations } = s.report();
    expect(violations.map((v) => [v.kind, v.height, v.nodes])).toEqual([["regression", 3, [1]]]);
    expect(violations[0]?.detail).toMatch(/gap/);
  });

  it("detects a violation of validity: a committed transaction that was never submitted", () => {
    const s = safety(2, [], 2);
    s.blockCommitted(0, block(1, [0, 1, 5, 6]), 1 * S);
    const { violations } = s.report();
    expect(violations.map((v) => [v.kind, v.height, v.nodes])).toEqual([["validity", 1, [0]]]);
    expect(violations[0]?.detail).toMatch(/2 never-submitted transaction\(s\), first id 5/);
  });

  it(`caps the list at ${MAX_REPORTED} entries and counts the rest`, () => {
    const s = safety(2, [], 0);
    for (let h = 1; h <= 150; h++) s.blockCommitted(0, block(h, [1000 + h]), h * S);
    const report = s.report();
    expect(report.violations).toHaveLength(MAX_REPORTED);
    expect(report.count).toBe(150);
    expect(report.ok).toBe(false);
  });
});

function liveness(boundS: number, lastHealS = 0): LivenessObserver {
  return new LivenessObserver({ livenessBoundUs: boundS * S, lastHealUs: lastHealS * S, honest: [true, true, true, false] });
}

describe("LivenessObserver", () => {
  it("is ok when blocks keep committing while transactions are pending", () => {
    const l = liveness(5);
    for (let i = 0; i < 20; i++) {
      l.txSubmitted(i, i * S);
      l.blockCommitted(0, block(i + 1, [i]), i * S + 500_000);
    }
    l.finish(20 * S);
    expect(l.report()).toEqual({ ok: true, stalls: [], count: 0 });
  });

  it("detects a stall: no commit for longer than the bound while transactions are pending", () => {
    const l = liveness(5);
    l.txSubmitted(0, 0);
    l.txSubmitted(1, 0);
    l.txSubmitted(2, 0);
    l.blockCommitted(0, block(1, [0]), 1 * S);
    l.blockCommitted(1, block(2, [1]), 2 * S);
    l.blockCommitted(0, block(3, [2]), 10 * S);
    l.finish(12 * S);
    expect(l.report()).toEqual({ ok: false, stalls: [{ fromMs: 2_000, toMs: 10_000 }], count: 1 });
  });

  it("does not count an idle network as stalled", () => {
    const l = liveness(5);
    l.txSubmitted(0, 0);
    l.blockCommitted(0, block(1, [0]), 1 * S);
    l.txSubmitted(1, 20 * S);
    l.blockCommitted(0, block(2, [1]), 21 * S);
    l.finish(60 * S);
    expect(l.report().ok).toBe(true);
  });

  it("requires a commit within the bound of the last heal, not during the fault", () => {
    const stalled = liveness(10, 30);
    stalled.txSubmitted(0, 0);
    stalled.txSubmitted(1, 0);
    stalled.blockCommitted(0, block(1, [0]), 1 * S);
    stalled.blockCommitted(0, block(2, [1]), 45 * S); // 44 s without progress, 15 s of it after the heal
    stalled.finish(60 * S);
    expect(stalled.report().stalls).toEqual([{ fromMs: 30_000, toMs: 45_000 }]);

    const recovered = liveness(10, 30);
    recovered.txSubmitted(0, 0);
    recovered.txSubmitted(1, 0);
    recovered.blockCommitted(0, block(1, [0]), 1 * S);
    recovered.blockCommitted(0, block(2, [1]), 35 * S);
    recovered.finish(60 * S);
    expect(recovered.report().ok).toBe(true);
  });

  it("reports a stall still open at the end of the run", () => {
    const l = liveness(5);
    l.txSubmitted(0, 0);
    l.blockCommitted(0, block(1, [0]), 1 * S);
    l.txSubmitted(1, 40 * S);
    l.finish(60 * S);
    l.finish(60 * S); // idempotent
    expect(l.report().stalls).toEqual([{ fromMs: 40_000, toMs: 60_000 }]);
  });

  it("counts progress only from honest nodes raising the committed height", () => {
    const l = liveness(5);
    l.txSubmitted(0, 0);
    l.blockCommitted(3, block(1, [0]), 1 * S); // Byzantine: not progress
    l.blockCommitted(0, block(1, [0]), 9 * S);
    l.finish(9 * S);
    expect(l.report().stalls).toEqual([{ fromMs: 0, toMs: 9_000 }]);
  });
});
