/**
 * Leader election (Ongaro & Ousterhout 2014, §5.1, §5.2, §5.4.1), each test named after the paper's sentence:
 * majority wins, one vote per term (durable), the up-to-date restriction, terms as logical clocks, and
 * randomised timeouts in [T, 2T].
 */
import { describe, expect, it } from "vitest";
import { createRng } from "../../../src/engine/rng.js";
import {
  candidateLogUpToDate,
  randomElectionTimeoutUs,
  signRaftMessage,
  type AppendEntriesMsg,
  type RequestVoteMsg,
  type VoteMsg,
} from "../../../src/protocols/raft/index.js";
import { BASE_CONFIG, campaignAt, entry, installStates, raftHarness, snapshot, type RaftHarness } from "./helpers.js";

const T = BASE_CONFIG.electionTimeoutUs;

function requestVote(h: RaftHarness, from: number, term: number, lastLogIndex = 0, lastLogTerm = 0): RequestVoteMsg {
  return signRaftMessage<RequestVoteMsg>(h.ctx(from), { type: "REQUEST-VOTE", sender: from, term, lastLogIndex, lastLogTerm });
}

/** VOTE messages `voter` sent to `candidate`, in order. */
function votesFrom(h: RaftHarness, voter: number, candidate: number): VoteMsg[] {
  return h.sent.filter((r) => r.from === voter && r.to === candidate && r.type === "VOTE").map((r) => r.msg as VoteMsg);
}

describe("§5.2 leader election", () => {
  it("§5.2: a candidate that receives votes from a majority becomes leader", () => {
    const h = raftHarness(5);
    campaignAt(h, 2, 1_000);
    h.runUntil(10_000);
    expect(snapshot(h, 2).role).toBe("leader");
    expect(snapshot(h, 2).term).toBe(1);
    for (const node of [0, 1, 3, 4]) {
      expect(snapshot(h, node).role).toBe("follower");
      expect(snapshot(h, node).leader).toBe(2);
      expect(snapshot(h, node).votedFor).toBe(2);
    }
    expect(h.protocol(0).leader?.()).toBe(2);
  });

  it("§5.2: a candidate without votes from a majority does not become leader, and times out into a new term", () => {
    const h = raftHarness(5);
    for (const node of [1, 3, 4]) h.crash(node);
    campaignAt(h, 0, 1_000);
    h.runUntil(50_000);
    expect(snapshot(h, 0).role).toBe("candidate"); // itself and node 2: two of five
    expect(snapshot(h, 0).term).toBe(1);
    h.runUntil(1_000 + 2 * T + 1);
    expect(snapshot(h, 0).term).toBeGreaterThanOrEqual(2); // "each candidate … starts a new election by incrementing its term"
    expect(snapshot(h, 0).role).not.toBe("leader");
  });

  it("§5.2: each server votes for at most one candidate in a given term (and remembers it across a crash)", () => {
    const h = raftHarness(3);
    h.inject(1, 0, requestVote(h, 1, 1), 1_000);
    h.inject(2, 0, requestVote(h, 2, 1), 1_500);
    h.runUntil(3_000);
    expect(votesFrom(h, 0, 1).map((v) => v.granted)).toEqual([true]);
    expect(votesFrom(h, 0, 2).map((v) => v.granted)).toEqual([false]);
    h.crash(0);
    h.recover(0);
    expect(snapshot(h, 0).votedFor).toBe(1);
    h.inject(2, 0, requestVote(h, 2, 1), 4_000);
    h.runUntil(5_000);
    expect(votesFrom(h, 0, 2).map((v) => v.granted)).toEqual([false, false]);
    // The candidate it voted for may ask again (a retransmission) and gets the same answer.
    h.inject(1, 0, requestVote(h, 1, 1), 6_000);
    h.runUntil(7_000);
    expect(votesFrom(h, 0, 1).map((v) => v.granted)).toEqual([true, true]);
  });

  it("§5.4.1: a voter denies its vote if its own log is more up-to-date", () => {
    // Pure rule: later last term wins; with equal last terms, the longer log wins.
    expect(candidateLogUpToDate({ lastLogTerm: 3, lastLogIndex: 1 }, { lastLogTerm: 2, lastLogIndex: 9 })).toBe(true);
    expect(candidateLogUpToDate({ lastLogTerm: 2, lastLogIndex: 9 }, { lastLogTerm: 3, lastLogIndex: 1 })).toBe(false);
    expect(candidateLogUpToDate({ lastLogTerm: 2, lastLogIndex: 4 }, { lastLogTerm: 2, lastLogIndex: 5 })).toBe(false);
    expect(candidateLogUpToDate({ lastLogTerm: 2, lastLogIndex: 5 }, { lastLogTerm: 2, lastLogIndex: 5 })).toBe(true);
    // In a server: node 0 holds [1:1, 2:2]. A longer log ending in term 1 and a shorter one ending in term 2 lose.
    const h = raftHarness(3);
    installStates(h, { 0: { term: 2, log: [entry(1, 1, [1]), entry(2, 2, [2])] } });
    h.inject(1, 0, requestVote(h, 1, 3, 3, 1), 1_000);
    h.inject(2, 0, requestVote(h, 2, 4, 1, 2), 2_000);
    h.inject(1, 0, requestVote(h, 1, 5, 2, 2), 3_000);
    h.runUntil(4_000);
    expect(votesFrom(h, 0, 1).map((v) => [v.term, v.granted])).toEqual([[3, false], [5, true]]);
    expect(votesFrom(h, 0, 2).map((v) => [v.term, v.granted])).toEqual([[4, false]]);
  });

  it("§5.4.1: a server whose log lacks committed entries cannot become leader", () => {
    const h = raftHarness(3);
    const committed = [entry(1, 0, [1]), entry(1, 0, [2])];
    installStates(h, { 0: { term: 1, log: committed }, 1: { term: 1, log: committed }, 2: { term: 1, log: committed.slice(0, 1) } });
    campaignAt(h, 2, 1_000);
    h.runUntil(5_000);
    expect(snapshot(h, 2).role).toBe("candidate");
    expect(snapshot(h, 0).votedFor).toBeUndefined();
    expect(snapshot(h, 0).term).toBe(2); // the higher term was still adopted (§5.1)
  });
});

describe("§5.1 terms", () => {
  it("§5.1: a server that sees a higher term reverts to follower", () => {
    const h = raftHarness(3);
    campaignAt(h, 0, 1_000);
    h.runUntil(10_000);
    expect(snapshot(h, 0).role).toBe("leader");
    const vote = signRaftMessage<VoteMsg>(h.ctx(1), { type: "VOTE", sender: 1, term: 7, granted: false });
    h.inject(1, 0, vote, 11_000);
    h.runUntil(11_000);
    expect(snapshot(h, 0).role).toBe("follower");
    expect(snapshot(h, 0).term).toBe(7);
    expect(snapshot(h, 0).votedFor).toBeUndefined();
    expect(h.protocol(0).leader?.()).toBeUndefined();
  });

  it("§5.1: if a server receives a request with a stale term number, it rejects the request", () => {
    const h = raftHarness(3);
    campaignAt(h, 0, 1_000);
    campaignAt(h, 1, 20_000); // node 1 leads term 2
    h.runUntil(30_000);
    expect(snapshot(h, 1).term).toBe(2);
    const stale = signRaftMessage<AppendEntriesMsg>(h.ctx(2), {
      type: "APPEND-ENTRIES", sender: 2, term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [entry(1, 2, [99])], leaderCommit: 1,
    });
    h.inject(2, 1, stale, 31_000);
    h.inject(2, 1, requestVote(h, 2, 1, 10, 10), 31_000);
    h.runUntil(32_000);
    const answers = h.sent.filter((r) => r.from === 1 && r.to === 2 && r.atUs === 31_000);
    expect(answers.map((r) => [r.type, (r.msg as { term: number }).term])).toEqual([["APPEND-RESPONSE", 2], ["VOTE", 2]]);
    expect(answers.every((r) => (r.msg as { success?: boolean; granted?: boolean }).success !== true && (r.msg as { granted?: boolean }).granted !== true)).toBe(true);
    expect(snapshot(h, 1).log.flatMap((e) => e.txs.map((tx) => tx.id))).not.toContain(99);
  });

  it("§5.2: a candidate that receives AppendEntries from a leader of its term returns to follower", () => {
    const h = raftHarness(5);
    h.addFilter((from, to) => !(from === 4 || to === 4) || h.now >= 5_000); // node 4 hears nothing at first
    campaignAt(h, 0, 1_000); // node 0 wins term 1 without node 4
    campaignAt(h, 4, 2_000); // node 4, still in term 0, becomes a candidate for term 1 too
    h.runUntil(3_000);
    expect(snapshot(h, 4).role).toBe("candidate");
    expect(snapshot(h, 4).term).toBe(1);
    h.runUntil(5_000 + BASE_CONFIG.heartbeatIntervalUs + 2_000);
    expect(snapshot(h, 4).role).toBe("follower");
    expect(snapshot(h, 4).leader).toBe(0);
    expect(snapshot(h, 0).role).toBe("leader");
  });
});

describe("§5.2 randomised election timeouts", () => {
  it("§5.2: election timeouts are randomised in [T, 2T]", () => {
    const rng = createRng(3, "test/raft/timeouts");
    const draws = Array.from({ length: 5_000 }, () => randomElectionTimeoutUs(rng, T));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(T);
    expect(Math.max(...draws)).toBeLessThanOrEqual(2 * T);
    expect(Math.min(...draws)).toBeLessThan(T + T / 50);
    expect(Math.max(...draws)).toBeGreaterThan(2 * T - T / 50);
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(Math.abs(mean - 1.5 * T)).toBeLessThan(T / 50);
    // In the servers: cut everyone off, so each keeps timing out; successive elections are T..2T apart, and
    // servers (each with its own seeded stream) do not time out in lockstep.
    const h = raftHarness(5);
    h.addFilter(() => false);
    h.runUntil(20 * T);
    const gaps: number[] = [];
    const firsts: number[] = [];
    for (const node of h.nodes) {
      const at = h.sent.filter((r) => r.from === node && r.type === "REQUEST-VOTE" && r.to === (node === 0 ? 1 : 0)).map((r) => r.atUs);
      firsts.push(at[0] as number);
      for (let i = 1; i < at.length; i++) gaps.push((at[i] as number) - (at[i - 1] as number));
    }
    expect(gaps.length).toBeGreaterThan(40);
    expect(Math.min(...gaps, ...firsts)).toBeGreaterThanOrEqual(T);
    expect(Math.max(...gaps, ...firsts)).toBeLessThanOrEqual(2 * T);
    expect(new Set(firsts).size).toBe(5);
  });
});
