/**
 * Whole networks in the harness: the normal case (every transaction commits everywhere, O(n²) votes per
 * height, nothing sent when idle), f crashed validators, a crashed proposer (commits resume within a stated
 * bound), weighted proposer rotation over real heights, and crash-recovery with catch-up.
 */
import { describe, expect, it } from "vitest";
import { committedTxIds, makeTx, safetyViolations } from "../../support/harness.js";
import type { ProposalMsg, VoteMsg } from "../../../src/protocols/tendermint/index.js";
import { BASE_CONFIG, snapshot, tmHarness, type TmHarness } from "./helpers.js";

const ONE_WAY_US = 1_000; // the harness's default link delay

function perHeight(h: TmHarness, type: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const r of h.sent) {
    if (r.type !== type || r.dropped) continue;
    const height = (r.msg as VoteMsg | ProposalMsg).height;
    counts.set(height, (counts.get(height) ?? 0) + 1);
  }
  return counts;
}

function expectAllCommitted(h: TmHarness, nodes: readonly number[], count: number): void {
  expect(safetyViolations(h)).toEqual([]);
  const all = Array.from({ length: count }, (_, i) => i);
  for (const node of nodes) expect([...committedTxIds(h, node)].sort((a, b) => a - b), `node ${node}`).toEqual(all);
}

describe("Tendermint networks in the harness", () => {
  it("commits every transaction on every node, in the same blocks, heights contiguous from 1", () => {
    const h = tmHarness(4);
    for (let i = 0; i < 60; i++) h.submit(i % 4, makeTx(i), 1_000 + i * 400);
    h.runUntil(500_000);
    expectAllCommitted(h, h.nodes, 60);
    expect(h.height(0)).toBeGreaterThan(3);
    expect(h.countSent((r) => r.type === "FETCH" || r.type === "COMMIT")).toBe(0);
  });

  for (const n of [4, 7]) {
    it(`messages per height are O(n²) (n=${n}): proposal n−1, prevotes n(n−1), precommits n(n−1)`, () => {
      const h = tmHarness(n, { batch: { maxTxs: 1, maxWaitUs: 1_000 } });
      for (let i = 0; i < 10; i++) h.submit(i % n, makeTx(i), 1_000 + i * 20_000);
      h.runUntil(400_000);
      expect(h.height(n - 1)).toBe(10);
      const [proposals, prevotes, precommits] = ["PROPOSAL", "PREVOTE", "PRECOMMIT"].map((t) => perHeight(h, t));
      for (let height = 1; height <= 10; height++) {
        expect(proposals!.get(height)).toBe(n - 1);
        expect(prevotes!.get(height)).toBe(n * (n - 1));
        expect(precommits!.get(height)).toBe(n * (n - 1));
      }
      // Each tx is forwarded to at most the two next proposers — O(1) per tx, not O(n).
      expect(h.countSent((r) => r.type === "REQUEST")).toBeLessThanOrEqual(2 * 10);
      expect(snapshot(h, 0).stats.roundsStarted).toBe(0);
    });
  }

  it("an idle network sends nothing and creates no empty blocks; a transaction at any node still decides", () => {
    const h = tmHarness(4);
    h.runUntil(1_000_000);
    expect(h.sent).toEqual([]);
    h.submit(3, makeTx(42), 1_000_000); // node 3 is not proposer(1, 0)
    h.runUntil(2_000_000);
    expect(h.commits.map((c) => c.map((x) => x.block.txIds))).toEqual([[[42]], [[42]], [[42]], [[42]]]);
    expect(h.commits[0]![0]!.atUs - 1_000_000).toBeLessThan(BASE_CONFIG.batch.maxWaitUs + 10 * ONE_WAY_US);
  });

  it("a transaction submitted to every node commits once (dedupe by tx id)", () => {
    const h = tmHarness(4);
    for (const node of h.nodes) h.submit(node, makeTx(7), 1_000);
    h.submit(2, makeTx(7), 200_000); // after it committed
    h.runUntil(400_000);
    expect(safetyViolations(h)).toEqual([]);
    for (const node of h.nodes) expect(committedTxIds(h, node)).toEqual([7]);
  });

  for (const [n, crashed] of [[4, [2]], [7, [0, 4]], [16, [1, 3, 6, 10, 15]]] as const) {
    it(`commits continue with f crashed (n=${n}, f=${crashed.length}) and the correct nodes agree`, () => {
      const h = tmHarness(n, { batch: { maxTxs: 20, maxWaitUs: 2_000 } });
      for (const node of crashed) h.crash(node);
      const live = h.nodes.filter((x) => !(crashed as readonly number[]).includes(x));
      for (let i = 0; i < 80; i++) h.submit(live[i % live.length] as number, makeTx(i), 1_000 + i * 1_500);
      h.runUntil(3_000_000);
      expectAllCommitted(h, live, 80);
      expect(Math.max(...live.map((x) => snapshot(h, x).stats.roundsStarted))).toBeGreaterThan(0); // crashed proposers' rounds failed
    });
  }

  it("after a proposer crash commits resume within timeoutPropose(0) + timeoutPrecommit(0) + 6 one-way delays", () => {
    // The bound: a height whose round-0 proposer is down waits timeoutPropose(0), prevotes and precommits nil
    // (2 delays), waits timeoutPrecommit(0), then round 1's proposer proposes at once: proposal, prevote,
    // precommit (3 delays). One delay of slack for the height's start.
    const boundUs = BASE_CONFIG.timeoutProposeUs + BASE_CONFIG.timeoutPrecommitUs + 6 * ONE_WAY_US;
    const h = tmHarness(4, { batch: { maxTxs: 50, maxWaitUs: 1_000 } });
    const crashUs = 100_000;
    h.at(crashUs, () => h.crash(1));
    for (let i = 0; i < 400; i++) h.submit([0, 2, 3][i % 3] as number, makeTx(i), 1_000 + i * 1_000);
    h.runUntil(1_000_000);
    expectAllCommitted(h, [0, 2, 3], 400);
    const times = h.commits[0]!.map((c) => c.atUs).filter((t) => t >= crashUs);
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    expect(times[0]! - crashUs).toBeLessThanOrEqual(boundUs);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(boundUs);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(BASE_CONFIG.timeoutProposeUs); // the failed round happened
    const proposers = h.commits[0]!.filter((c) => c.atUs > crashUs).map((c) => c.block.proposer);
    expect(proposers).not.toContain(1);
    expect(h.protocol(0).leader?.()).not.toBeUndefined();
  });

  it("Alg. 1 l.57–65: round timeouts grow with the round — each failed round lasts 2Δ longer than the one before", () => {
    const h = tmHarness(4);
    h.addFilter((_from, _to, msg) => !(msg.type === "PROPOSAL" && msg.round < 3)); // rounds 0–2 fail
    for (const node of h.nodes) h.submit(node, makeTx(1), 1_000);
    h.runUntil(2_000_000);
    // Node 3 proposes in none of rounds 0–3; it prevotes nil when timeoutPropose(r) expires in each failed round.
    const nilPrevotes = h.sent.filter((r) => r.from === 3 && r.to === 0 && r.type === "PREVOTE").map((r) => r.atUs);
    const { timeoutProposeUs: p, timeoutPrecommitUs: c, timeoutDeltaUs: d } = BASE_CONFIG;
    // Between two of them: nil prevotes and precommits gather (2 delays), timeoutPrecommit(r), timeoutPropose(r+1).
    const expected = [0, 1].map((r) => 2 * ONE_WAY_US + (c + r * d) + (p + (r + 1) * d));
    expect(nilPrevotes.slice(1, 3).map((t, i) => t - (nilPrevotes[i] as number))).toEqual(expected);
    expect(nilPrevotes[0]).toBe(1_000 + p);
    expect(h.commits.map((list) => list.map((x) => x.block.txIds))).toEqual([[[1]], [[1]], [[1]], [[1]]]);
    expect(snapshot(h, 3).stats.roundsStarted).toBe(3);
  });

  it("weighted proposer rotation over real heights: the node with 2× the power builds 2× the blocks", () => {
    const h = tmHarness(4, { votingPower: [2, 1, 1, 1], batch: { maxTxs: 1, maxWaitUs: 1_000 } });
    for (let i = 0; i < 40; i++) h.submit(i % 4, makeTx(i), 1_000 + i * 20_000);
    h.runUntil(1_000_000);
    expectAllCommitted(h, h.nodes, 40);
    const built = [0, 0, 0, 0];
    for (const c of h.commits[0]!) built[c.block.proposer]! += 1;
    expect(built).toEqual([16, 8, 8, 8]);
  });

  it("a recovered node catches up the heights it missed, without regression or gaps", () => {
    const h = tmHarness(4, { batch: { maxTxs: 5, maxWaitUs: 1_000 } });
    h.at(50_000, () => h.crash(3));
    h.at(400_000, () => h.recover(3));
    for (let i = 0; i < 300; i++) h.submit([0, 1, 2][i % 3] as number, makeTx(i), 1_000 + i * 2_000);
    h.runUntil(1_500_000);
    expectAllCommitted(h, h.nodes, 300); // node 3 included: its commit list spans the crash
    expect(h.height(3)).toBe(h.height(0));
    expect(snapshot(h, 3).stats.blocksCaughtUp).toBeGreaterThan(0);
    const heights = h.commits[3]!.map((c) => c.block.height);
    expect(heights).toEqual(heights.map((_, i) => i + 1));
  });

  it("a node that missed a height's proposal and precommits, in an otherwise quiet network, is sent the decided block", () => {
    const h = tmHarness(4);
    const undo = h.addFilter((_from, to, msg) => !(to === 3 && (msg.type === "PROPOSAL" || msg.type === "PRECOMMIT")));
    h.submit(0, makeTx(1), 1_000);
    h.runUntil(20_000);
    expect(h.height(0)).toBe(1);
    expect(h.height(3)).toBe(0);
    // Node 3 still holds tx 1, times out and prevotes nil at height 1, long after the others decided it:
    // they answer with the block and its 2f+1 precommits.
    h.runUntil(1_000 + BASE_CONFIG.timeoutProposeUs + 5 * ONE_WAY_US);
    expect(h.height(3)).toBe(1);
    expect(h.countSent((r) => r.type === "COMMIT")).toBeGreaterThan(0);
    undo();
    h.submit(1, makeTx(2), 200_000);
    h.runUntil(1_000_000);
    expect(safetyViolations(h)).toEqual([]);
    for (const node of h.nodes) expect(committedTxIds(h, node)).toEqual([1, 2]);
    expect(snapshot(h, 3).stats.blocksCaughtUp).toBeGreaterThan(0);
  });
});
