/**
 * When a replica votes (Yin et al., PODC 2019, Algorithm 3 and Algorithm 1's safeNode): only for a proposal
 * that passes safeNode, at most once per view, only with a valid justify QC of n−f distinct signatures, and
 * only for a batch of valid, new transactions. Inputs here are hand-made and signed with the harness's test
 * keys, as a Byzantine leader would send them.
 */
import { describe, expect, it } from "vitest";
import { corruptTx, makeTx, safetyViolations } from "../../support/harness.js";
import { type Block, type HotStuffMessage, type ProposalMsg, type VoteMsg } from "../../../src/protocols/hotstuff/index.js";
import { toHex } from "../../../src/protocols/codec.js";
import { GENESIS_HASH, GENESIS_QC, hashOf, hotstuffHarness, load, proposalOf, qcOf, snapshot, type HotStuffHarness } from "./helpers.js";

function votesBy(h: HotStuffHarness, node: number): VoteMsg[] {
  return h.sent.filter((r) => r.from === node && r.type === "VOTE").map((r) => r.msg as VoteMsg);
}

function votedFor(h: HotStuffHarness, node: number, block: Block): boolean {
  const hex = toHex(hashOf(block));
  return votesBy(h, node).some((v) => toHex(v.blockHash) === hex);
}

/** A block for view `view` on `parent` (justified by `justify`), proposed by that view's leader. */
function blockAt(n: number, view: number, parentHash: Uint8Array, height: number, justify = GENESIS_QC, txs: Block["txs"] = [makeTx(1000 + view)]): Block {
  return { view, height, parent: parentHash, proposer: view % n, justify, txs };
}

describe("HotStuff voting (Alg. 3)", () => {
  it("HotStuff Alg. 3: a replica votes only for a proposal satisfying safeNode (safety rule, then liveness rule)", () => {
    const h = hotstuffHarness(4);
    load(h, { count: 12, startUs: 1_000, everyUs: 1_000 });
    h.runUntil(200_000); // committed and idle
    const before = snapshot(h, 1);
    expect(before.committedHeight).toBeGreaterThan(0);
    expect(before.lockedQCView).toBeGreaterThan(0);
    // The committed block at the replica's height, and the view it was proposed in.
    const committed = h.commits[1]!.at(-1)!.block;
    const committedMsg = h.sent.find((r) => r.type === "PROPOSAL" && toHex(hashOf((r.msg as ProposalMsg).block)) === committed.hash)!.msg as ProposalMsg;
    // F1 forks off the committed block beside the locked block, justified by a QC no newer than the lock: unsafe.
    const view = before.view;
    const f1 = blockAt(4, view, hashOf(committedMsg.block), committed.height + 1, qcOf(committedMsg.block.view, hashOf(committedMsg.block), [0, 2, 3]));
    expect(f1.justify.view).toBeLessThanOrEqual(before.lockedQCView);
    h.inject(f1.proposer, 1, proposalOf(f1));
    h.runUntil(h.now + 10_000);
    expect(votedFor(h, 1, f1)).toBe(false);
    expect(snapshot(h, 1).stats.unsafeProposals).toBe(1);
    // F2 extends F1 with a QC for F1 from a view above the lock: the liveness rule lets the replica vote.
    const f2 = blockAt(4, view + 1, hashOf(f1), f1.height + 1, qcOf(view, hashOf(f1), [0, 2, 3]), []);
    h.inject(f2.proposer, 1, proposalOf(f2));
    h.runUntil(h.now + 10_000);
    expect(votedFor(h, 1, f2)).toBe(true);
  });

  it("HotStuff Alg. 3: a replica never votes twice in one view (an equivocating leader)", () => {
    const h = hotstuffHarness(4);
    let twins = 0;
    // Leader 1 is Byzantine: replicas 2 and 3 get a twin of each of its proposals (same view, other batch),
    // and replica 3 gets both.
    h.addFilter((from, to, msg) => {
      if (from !== 1 || msg.type !== "PROPOSAL" || (to !== 2 && to !== 3)) return true;
      const twin: Block = { ...msg.block, txs: [makeTx(90_000 + msg.block.view)] };
      h.inject(1, to, proposalOf(twin), h.now + 1_000);
      twins++;
      return to === 3;
    });
    load(h, { count: 40, startUs: 1_000, everyUs: 2_000 });
    h.runUntil(1_500_000);
    expect(twins).toBeGreaterThan(4);
    for (const node of h.nodes) {
      const views = votesBy(h, node).map((v) => v.view);
      expect(new Set(views).size).toBe(views.length);
    }
    expect(snapshot(h, 3).stats.votesSent).toBeLessThanOrEqual(snapshot(h, 3).lastVotedView);
    expect(safetyViolations(h)).toEqual([]);
  });

  it("HotStuff §3: a QC needs n−f distinct valid signatures (a forged one is rejected)", () => {
    const n = 4;
    const cases: [string, Block["justify"], boolean][] = [
      ["valid QC of n−f", qcOf(1, GENESIS_HASH, [0, 1, 3]), true],
      ["forged signature", { ...qcOf(1, GENESIS_HASH, [0, 1, 3]), votes: [...qcOf(1, GENESIS_HASH, [0, 1]).votes, { voter: 3, sig: new Uint8Array(32) }] }, false],
      ["signature by the wrong replica", { ...qcOf(1, GENESIS_HASH, [0, 1]), votes: [...qcOf(1, GENESIS_HASH, [0, 1]).votes, { voter: 3, sig: qcOf(1, GENESIS_HASH, [2]).votes[0]!.sig }] }, false],
      ["a voter counted twice", qcOf(1, GENESIS_HASH, [0, 1, 1]), false],
      ["only n−f−1 votes", qcOf(1, GENESIS_HASH, [0, 1]), false],
      ["signatures for another view", { ...qcOf(2, GENESIS_HASH, [0, 1, 3]), view: 1 }, false],
    ];
    for (const [name, justify, accepted] of cases) {
      const h = hotstuffHarness(n);
      const b = blockAt(n, 2, GENESIS_HASH, 1, justify);
      h.inject(b.proposer, 0, proposalOf(b));
      h.runUntil(5_000);
      expect({ name, voted: votedFor(h, 0, b), dropped: snapshot(h, 0).stats.droppedInvalid }).toEqual({ name, voted: accepted, dropped: accepted ? 0 : 1 });
    }
  });

  it("a replica verifies every transaction of a proposal and refuses duplicates of the branch or of committed ones", () => {
    const n = 4;
    const bad: [string, Block["txs"]][] = [
      ["bad client signature", [makeTx(1), corruptTx(makeTx(2))]],
      ["a transaction twice in the batch", [makeTx(3), makeTx(3)]],
    ];
    for (const [name, txs] of bad) {
      const h = hotstuffHarness(n);
      const b = blockAt(n, 1, GENESIS_HASH, 1, GENESIS_QC, txs);
      h.inject(b.proposer, 2, proposalOf(b));
      h.runUntil(5_000);
      expect({ name, voted: votedFor(h, 2, b) }).toEqual({ name, voted: false });
      expect(snapshot(h, 2).stats.rejectedProposals).toBe(1);
    }
    // A child repeating a transaction of its (uncommitted) parent is refused too.
    const h = hotstuffHarness(n);
    const parent = blockAt(n, 1, GENESIS_HASH, 1, GENESIS_QC, [makeTx(5)]);
    const child = blockAt(n, 2, hashOf(parent), 2, qcOf(1, hashOf(parent), [0, 1, 2]), [makeTx(5)]);
    h.inject(1, 3, proposalOf(parent));
    h.inject(2, 3, proposalOf(child), 2_000);
    h.runUntil(5_000);
    expect(votedFor(h, 3, parent)).toBe(true);
    expect(votedFor(h, 3, child)).toBe(false);
  });

  it("messages are only accepted with their sender's signature", () => {
    const h = hotstuffHarness(4);
    const b = blockAt(4, 1, GENESIS_HASH, 1);
    const forged: HotStuffMessage = { ...proposalOf(b), sig: proposalOf({ ...b, proposer: 2 }).sig };
    h.inject(1, 0, forged);
    const vote: VoteMsg = { type: "VOTE", view: 1, blockHash: hashOf(b), voter: 3, sig: new Uint8Array(32) };
    h.inject(3, 2, vote);
    h.runUntil(5_000);
    expect(snapshot(h, 0).stats.droppedInvalid).toBe(1);
    expect(snapshot(h, 2).stats.droppedInvalid).toBe(1);
    expect(h.countSent((r) => r.type === "VOTE")).toBe(0);
  });
});
