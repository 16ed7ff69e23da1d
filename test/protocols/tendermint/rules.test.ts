/**
 * Algorithm 1's upon-rules, one node at a time: the node under test is cut off from the network and fed
 * hand-made, correctly signed proposals and votes, so each test follows one sentence of the paper exactly.
 * Its own sends are still recorded (h.sent, flagged dropped), which is what the assertions read.
 */
import { describe, expect, it } from "vitest";
import { corruptTx, makeTx } from "../../support/harness.js";
import type { VoteMsg } from "../../../src/protocols/tendermint/index.js";
import { BASE_CONFIG, block, idOf, isolate, proposal, sentBy, snapshot, tmHarness, vote, voteValue, type TmHarness } from "./helpers.js";

const V = block([1, 2]);
const W = block([3], { proposer: 1 });

function votesOf(h: TmHarness, node: number, type: VoteMsg["type"], round: number): (string | null)[] {
  return sentBy(h, node, type).filter((m) => (m as VoteMsg).round === round).map(voteValue);
}

/** Drives `node` (n = 4) to lock V in round 0: the proposal from node 0 and prevotes for V from two others. */
function lockedOnV(node: number): TmHarness {
  const h = tmHarness(4);
  isolate(h, node);
  h.inject(0, node, proposal(h, 0, 0, V), 10);
  const others = [0, 1, 2, 3].filter((x) => x !== node).slice(0, 2);
  for (const from of others) h.inject(from, node, vote(h, "PREVOTE", from, 0, V), 20);
  h.runUntil(30);
  return h;
}

/** Ends round 0 at `node`: two nil precommits (with its own, 2f+1 precommits) and timeoutPrecommit(0). */
function toRoundOne(h: TmHarness, node: number): void {
  const others = [0, 1, 2, 3].filter((x) => x !== node).slice(0, 2);
  for (const from of others) h.inject(from, node, vote(h, "PRECOMMIT", from, 0, undefined), h.now + 10);
  h.runUntil(h.now + 10 + BASE_CONFIG.timeoutPrecommitUs);
  expect(snapshot(h, node).round).toBe(1);
}

describe("Tendermint Algorithm 1, rule by rule", () => {
  it("Alg. 1 l.22–27: a valid proposal with validRound −1 is prevoted id(v) by an unlocked process", () => {
    const h = tmHarness(4);
    isolate(h, 3);
    h.inject(0, 3, proposal(h, 0, 0, V), 10);
    h.runUntil(20);
    expect(votesOf(h, 3, "PREVOTE", 0)).toEqual([idOf(h, V)]);
    expect(snapshot(h, 3).step).toBe("prevote");
  });

  it("Alg. 1 l.22–27: a proposal that is not valid(v) (a forged client signature) is prevoted nil", () => {
    const h = tmHarness(4);
    isolate(h, 3);
    const bad = { ...V, txs: [makeTx(1), corruptTx(makeTx(2))] };
    h.inject(0, 3, proposal(h, 0, 0, bad), 10);
    h.runUntil(20);
    expect(votesOf(h, 3, "PREVOTE", 0)).toEqual([null]);
    expect(snapshot(h, 3).stats.rejectedProposals).toBe(1);
  });

  it("Alg. 1 l.22: a proposal from a process that is not proposer(h, r) is ignored", () => {
    const h = tmHarness(4);
    isolate(h, 3);
    h.inject(2, 3, proposal(h, 2, 0, V), 10);
    h.runUntil(20);
    expect(sentBy(h, 3, "PREVOTE")).toEqual([]);
  });

  it("Alg. 1 l.36–43: 2f+1 prevotes for id(v) lock v, set validValue and validRound, and precommit id(v)", () => {
    const h = lockedOnV(3);
    const snap = snapshot(h, 3);
    expect(snap).toMatchObject({ step: "precommit", lockedRound: 0, lockedId: idOf(h, V), validRound: 0, validId: idOf(h, V) });
    expect(votesOf(h, 3, "PRECOMMIT", 0)).toEqual([idOf(h, V)]);
  });

  it("Alg. 1 l.22–27: a locked process prevotes nil for a different value", () => {
    const h = lockedOnV(3);
    toRoundOne(h, 3);
    h.inject(1, 3, proposal(h, 1, 1, W), h.now + 10);
    h.runUntil(h.now + 20);
    expect(votesOf(h, 3, "PREVOTE", 1)).toEqual([null]);
  });

  it("Alg. 1 l.22–27: a locked process prevotes id(v) when the new proposal is its locked value", () => {
    const h = lockedOnV(3);
    toRoundOne(h, 3);
    h.inject(1, 3, proposal(h, 1, 1, V), h.now + 10);
    h.runUntil(h.now + 20);
    expect(votesOf(h, 3, "PREVOTE", 1)).toEqual([idOf(h, V)]);
  });

  it("Alg. 1 l.15–16 (valid value): the next proposer re-proposes validValue with validRound", () => {
    const h = lockedOnV(1); // node 1 is proposer(1, 1)
    toRoundOne(h, 1);
    const proposals = sentBy(h, 1, "PROPOSAL");
    expect(proposals).toHaveLength(1);
    const p = proposals[0] as Extract<(typeof proposals)[number], { type: "PROPOSAL" }>;
    expect({ round: p.round, validRound: p.validRound, id: idOf(h, p.block) }).toEqual({ round: 1, validRound: 0, id: idOf(h, V) });
    // …and, locked on it, prevotes it (l.28–33 with vr = 0 = lockedRound).
    expect(votesOf(h, 1, "PREVOTE", 1)).toEqual([idOf(h, V)]);
  });

  it("Alg. 1 l.28–33: a locked process prevotes another value proposed with a polka from a round ≥ lockedRound", () => {
    const h = lockedOnV(3);
    // A polka for W in round 1 (3 prevotes: f+1 messages of a higher round also move node 3 there, l.55).
    for (const from of [0, 1, 2]) h.inject(from, 3, vote(h, "PREVOTE", from, 1, W), 100);
    // Round 2: proposer(1, 2) = node 2 proposes W with validRound 1; node 0 prevotes W too.
    h.inject(2, 3, proposal(h, 2, 2, W, 1), 200);
    h.inject(0, 3, vote(h, "PREVOTE", 0, 2, W), 200);
    h.runUntil(300);
    expect(snapshot(h, 3).round).toBe(2);
    expect(votesOf(h, 3, "PREVOTE", 2)).toEqual([idOf(h, W)]);
  });

  it("Alg. 1 l.28–33: without 2f+1 prevotes in round vr the proposal is not acted on; timeoutPropose then prevotes nil", () => {
    const h = lockedOnV(3);
    for (const from of [0, 1]) h.inject(from, 3, vote(h, "PREVOTE", from, 2, W), 100); // f+1 of round 2: skip to it
    h.inject(2, 3, proposal(h, 2, 2, W, 1), 200);
    h.runUntil(300);
    expect(snapshot(h, 3)).toMatchObject({ round: 2, step: "propose" });
    expect(votesOf(h, 3, "PREVOTE", 2)).toEqual([]);
    h.runUntil(100 + BASE_CONFIG.timeoutProposeUs + 2 * BASE_CONFIG.timeoutDeltaUs);
    expect(votesOf(h, 3, "PREVOTE", 2)).toEqual([null]);
  });

  it("Alg. 1 l.36–43: a polka seen after precommitting nil updates validValue but not the lock", () => {
    const h = tmHarness(7);
    isolate(h, 6);
    h.inject(0, 6, proposal(h, 0, 0, V), 10);
    for (const from of [0, 1]) h.inject(from, 6, vote(h, "PREVOTE", from, 0, undefined), 20);
    for (const from of [2, 3]) h.inject(from, 6, vote(h, "PREVOTE", from, 0, V), 20);
    h.runUntil(20 + BASE_CONFIG.timeoutPrevoteUs); // 2f+1 prevotes, no polka: l.34 then l.61–64
    expect(votesOf(h, 6, "PRECOMMIT", 0)).toEqual([null]);
    for (const from of [4, 5]) h.inject(from, 6, vote(h, "PREVOTE", from, 0, V), h.now + 10);
    h.runUntil(h.now + 20);
    expect(snapshot(h, 6)).toMatchObject({ step: "precommit", lockedRound: -1, lockedId: null, validRound: 0, validId: idOf(h, V) });
    expect(votesOf(h, 6, "PRECOMMIT", 0)).toEqual([null]);
  });

  it("Alg. 1 l.36: a polka needs more than 2/3 of the voting power, not 2f+1 nodes", () => {
    const h = tmHarness(4, { votingPower: [1, 1, 1, 3] }); // proposer(1, 0) is node 3
    isolate(h, 0);
    h.inject(3, 0, proposal(h, 3, 0, V), 10);
    for (const from of [1, 2]) h.inject(from, 0, vote(h, "PREVOTE", from, 0, V), 20);
    h.runUntil(30);
    expect(snapshot(h, 0)).toMatchObject({ step: "prevote", lockedRound: -1 }); // 3 of 4 nodes, power 3 of 6
    h.inject(3, 0, vote(h, "PREVOTE", 3, 0, V), 40);
    h.runUntil(50);
    expect(snapshot(h, 0)).toMatchObject({ step: "precommit", lockedRound: 0 }); // power 6 of 6
  });

  it("Alg. 1 l.44–46: 2f+1 nil prevotes make a process in step prevote precommit nil at once", () => {
    const h = tmHarness(4);
    isolate(h, 3);
    for (const from of [0, 1, 2]) h.inject(from, 3, vote(h, "PREVOTE", from, 0, undefined), 10);
    h.runUntil(10 + BASE_CONFIG.timeoutProposeUs); // l.57–60: prevote nil at timeoutPropose(0)
    const precommits = h.sent.filter((r) => r.from === 3 && r.type === "PRECOMMIT");
    expect(precommits.map((r) => [r.atUs, voteValue(r.msg)])[0]).toEqual([10 + BASE_CONFIG.timeoutProposeUs, null]);
  });

  it("Alg. 1 l.49–54: a proposal and 2f+1 precommits for id(v) of any round decide v, even from a later round", () => {
    const h = tmHarness(4);
    isolate(h, 3);
    for (const from of [0, 1]) h.inject(from, 3, vote(h, "PREVOTE", from, 2, undefined), 10); // skip to round 2
    h.runUntil(20);
    expect(snapshot(h, 3).round).toBe(2);
    h.inject(0, 3, proposal(h, 0, 0, V), 30);
    for (const from of [0, 1, 2]) h.inject(from, 3, vote(h, "PRECOMMIT", from, 0, V), 40);
    h.runUntil(50);
    expect(h.commits[3]!.map((c) => [c.block.height, c.block.hash, c.block.txIds])).toEqual([[1, idOf(h, V), [1, 2]]]);
    expect(snapshot(h, 3)).toMatchObject({ height: 2, round: 0, lockedRound: -1, validRound: -1 });
  });

  it("Alg. 1 l.55–56: f+1 messages of a higher round make a process skip to it; f do not", () => {
    const h = tmHarness(4);
    isolate(h, 3);
    h.inject(0, 3, vote(h, "PREVOTE", 0, 5, undefined), 10);
    h.runUntil(20);
    expect(snapshot(h, 3).round).toBe(0);
    h.inject(1, 3, vote(h, "PRECOMMIT", 1, 5, undefined), 30);
    h.runUntil(40);
    expect(snapshot(h, 3).round).toBe(5);
    expect(snapshot(h, 3).stats.roundsStarted).toBe(1);
  });

  it("a vote with a forged signature is dropped and never counted towards a quorum", () => {
    const h = tmHarness(4);
    isolate(h, 3);
    h.inject(0, 3, proposal(h, 0, 0, V), 10);
    const real = vote(h, "PREVOTE", 1, 0, V);
    const forged: VoteMsg = { ...real, sender: 2 }; // claims node 2, signed by node 1
    const flipped: VoteMsg = { ...real, sig: real.sig.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    h.inject(2, 3, forged, 20);
    h.inject(1, 3, flipped, 20);
    h.runUntil(30);
    expect(snapshot(h, 3).stats.droppedInvalidSignature).toBe(2);
    expect(snapshot(h, 3)).toMatchObject({ step: "prevote", lockedRound: -1 });
    h.inject(1, 3, real, 40);
    h.inject(2, 3, vote(h, "PREVOTE", 2, 0, V), 40);
    h.runUntil(50);
    expect(snapshot(h, 3).lockedRound).toBe(0);
  });

  it("after a restart a process never signs a second, different vote for the same round", () => {
    const h = tmHarness(4);
    isolate(h, 3);
    h.inject(0, 3, proposal(h, 0, 0, V), 10);
    h.runUntil(20);
    h.crash(3);
    h.recover(3);
    h.inject(0, 3, proposal(h, 0, 0, W), 30); // an equivocating proposer's second proposal
    h.runUntil(30 + 3 * BASE_CONFIG.timeoutProposeUs);
    expect(new Set(votesOf(h, 3, "PREVOTE", 0))).toEqual(new Set([idOf(h, V)]));
    expect(snapshot(h, 3)).toMatchObject({ height: 1, round: 0, step: "prevote" });
  });
});
