/**
 * The pacemaker (Yin et al., PODC 2019, §4.4 and Algorithm 3's nextView / onReceiveNewView): timeouts that
 * double and reset, a new leader that proposes on the highest QC of n−f NEW-VIEWs, progress with f crashed
 * replicas, and a bounded recovery after a leader crash.
 */
import { describe, expect, it } from "vitest";
import { makeTx, safetyViolations } from "../../support/harness.js";
import type { NewViewMsg, ProposalMsg } from "../../../src/protocols/hotstuff/index.js";
import { toHex } from "../../../src/protocols/codec.js";
import { BASE_CONFIG, committedSorted, GENESIS_HASH, GENESIS_QC, hashOf, hotstuffHarness, load, proposalOf, qcOf, range, signedBy, snapshot } from "./helpers.js";

const T = BASE_CONFIG.viewTimeoutUs;

describe("HotStuff pacemaker (§4.4)", () => {
  it("HotStuff §4.4: pacemaker timeouts double for consecutive timeouts and reset on progress", () => {
    const n = 7;
    const h = hotstuffHarness(n, {}, { trace: true }); // replicas 2 and 3 — leaders of consecutive views — crashed
    h.crash(2);
    h.crash(3);
    load(h, { count: 400, startUs: 1_000, everyUs: 1_000, nodes: [0, 1, 4, 5, 6] });
    h.runUntil(1_500_000);
    const timeouts = h.logs
      .filter((l) => l.node === 0 && l.event === "hotstuff.timeout")
      .map((l) => ({ view: l.detail!["view"] as number, atUs: l.atUs, nextTimeoutUs: l.detail!["timeoutUs"] as number }));
    // Every round of 7 views: view 7k+2 times out after T, then view 7k+3 after 2T (the second in a row)...
    const firsts = timeouts.filter((x) => x.view % n === 2);
    expect(firsts.length).toBeGreaterThanOrEqual(4);
    for (const first of firsts) {
      const second = timeouts.find((x) => x.view === first.view + 1);
      if (second === undefined) continue; // the run ended in between
      expect(second.atUs - first.atUs).toBe(2 * T);
      expect(second.nextTimeoutUs).toBe(4 * T);
      // ...and the commits in between reset the back-off: each round starts again at T (next would be 2T).
      expect(first.nextTimeoutUs).toBe(2 * T);
    }
    expect(timeouts.every((x) => x.view % n === 2 || x.view % n === 3)).toBe(true);
    expect(committedSorted(h, 0).length).toBeGreaterThan(300);
    expect(safetyViolations(h)).toEqual([]);
  });

  it("HotStuff §4.4: the back-off is capped at maxViewTimeoutUs", () => {
    const h = hotstuffHarness(4, { maxViewTimeoutUs: 3 * T }, { trace: true });
    h.crash(1);
    h.crash(2); // beyond f: no QC can form, every view times out
    h.submit(0, makeTx(1), 1_000);
    h.runUntil(2_000_000);
    const times = h.logs.filter((l) => l.node === 0 && l.event === "hotstuff.timeout").map((l) => l.atUs);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(times[0]).toBe(1_000 + T);
    expect(gaps.slice(0, 4)).toEqual([2 * T, 3 * T, 3 * T, 3 * T]);
    expect(snapshot(h, 0).viewTimeoutUs).toBe(3 * T);
  });

  it("HotStuff Alg. 3: the new leader proposes after n−f NEW-VIEWs, on the highest QC among them", () => {
    const n = 4;
    const h = hotstuffHarness(n);
    // Block X (view 1) is certified by QC_X; replica 3 has X but not its QC; replica 1 reports QC_X.
    const x = { view: 1, height: 1, parent: GENESIS_HASH, proposer: 1, justify: GENESIS_QC, txs: [makeTx(7)] };
    const qcX = qcOf(1, hashOf(x), [0, 1, 2]);
    h.inject(1, 3, proposalOf(x), 1_000);
    const newView = (sender: number, highQC: typeof qcX) => signedBy<NewViewMsg>(sender, { type: "NEW-VIEW", view: 3, highQC, lastVote: null, sender });
    h.inject(0, 3, newView(0, GENESIS_QC), 2_000);
    h.inject(1, 3, newView(1, qcX), 3_000);
    h.runUntil(3_500);
    expect(h.countSent((r) => r.from === 3 && r.type === "PROPOSAL")).toBe(0); // n−f−1 NEW-VIEWs: waits
    h.inject(2, 3, newView(2, GENESIS_QC), 4_000);
    h.runUntil(5_000);
    const mine = h.sent.filter((r) => r.from === 3 && r.type === "PROPOSAL").map((r) => (r.msg as ProposalMsg).block);
    expect(mine.length).toBe(3 * 1); // one proposal, to the n−1 others
    expect(mine[0]!.view).toBe(3);
    expect(mine[0]!.justify.view).toBe(1);
    expect(toHex(mine[0]!.parent)).toBe(toHex(hashOf(x)));
  });

  for (const [n, crashed] of [[4, [3]], [7, [2, 5]], [16, [1, 4, 7, 10, 13]]] as const) {
    it(`HotStuff §4.4: commits continue with f crashed replicas (n=${n}, crashed ${crashed.join(",")})`, () => {
      const h = hotstuffHarness(n);
      for (const c of crashed) h.crash(c);
      const live = h.nodes.filter((node) => !(crashed as readonly number[]).includes(node));
      load(h, { count: 150, startUs: 1_000, everyUs: 2_000, nodes: live });
      h.runUntil(1_500_000);
      for (const node of live) expect(committedSorted(h, node)).toEqual(range(0, 150));
      expect(safetyViolations(h)).toEqual([]);
    });
  }

  it("HotStuff §4.4: after a leader crash, blocks proposed after it commit within 2 × viewTimeout + 10 message delays", () => {
    // Bound: the crashed leader's view times out once (≤ T when every replica has pending work, ≤ 2T when the
    // work must first be relayed to them), then the next leader gathers n−f NEW-VIEWs (one delay), and three
    // views of two delays each complete a three-chain: 2T + 7 delays, rounded up to 10.
    const delayUs = 1_000;
    for (const n of [4, 7]) {
      const h = hotstuffHarness(n);
      load(h, { count: 300, startUs: 1_000, everyUs: 1_000 });
      h.runUntil(100_000);
      const crashUs = h.now;
      const leader = snapshot(h, 0).leader;
      h.crash(leader);
      h.runUntil(400_000);
      const proposedAtUs = new Map<string, number>();
      for (const r of h.sent) if (r.type === "PROPOSAL") proposedAtUs.set(toHex(hashOf((r.msg as ProposalMsg).block)), r.atUs);
      for (const node of h.nodes.filter((x) => x !== leader)) {
        const resumed = h.commits[node]!.find((c) => (proposedAtUs.get(c.block.hash) ?? 0) > crashUs && c.block.txIds.length > 0);
        expect(resumed).toBeDefined();
        expect(resumed!.atUs - crashUs).toBeLessThanOrEqual(2 * T + 10 * delayUs);
      }
      expect(h.countSent((r) => r.type === "NEW-VIEW")).toBeGreaterThan(0);
      expect(safetyViolations(h)).toEqual([]);
    }
  });
});
