/**
 * Log replication and commitment (Ongaro & Ousterhout 2014, §5.3, §5.4.2, §8), each test named after the
 * paper's sentence: the AppendEntries consistency check and the leader's back-off with the conflict hint,
 * conflicting entries replaced, batching and the per-message entry limit, the Figure 8 scenario, and the no-op a
 * new leader commits.
 */
import { describe, expect, it } from "vitest";
import { toHex } from "../../../src/protocols/codec.js";
import { backOffNextIndex, entryDigestInput, leaderCommitIndex, type AppendEntriesMsg, type AppendResponseMsg } from "../../../src/protocols/raft/index.js";
import { corruptTx, makeTx, safetyViolations, testHash } from "../../support/harness.js";
import { BASE_CONFIG, campaignAt, entry, installStates, logTerms, raftHarness, snapshot, type RaftHarness } from "./helpers.js";

function appendsTo(h: RaftHarness, to: number): AppendEntriesMsg[] {
  return h.sent.filter((r) => r.to === to && r.type === "APPEND-ENTRIES" && !r.dropped).map((r) => r.msg as AppendEntriesMsg);
}

function responsesFrom(h: RaftHarness, from: number): AppendResponseMsg[] {
  return h.sent.filter((r) => r.from === from && r.type === "APPEND-RESPONSE").map((r) => r.msg as AppendResponseMsg);
}

describe("§5.3 log replication", () => {
  it("§5.3: a follower rejects AppendEntries whose prevLogTerm does not match, and the leader backs off", () => {
    // Figure 7-like: the leader (term 8) holds terms [1,1,1,4,4,5,5,6,6,6]; the follower holds [1,1,1,2,2,2,3,3,3,3,3].
    const common = [1, 1, 1].map((t, i) => entry(t, 0, [i]));
    const leaderLog = [...common, ...[4, 4, 5, 5, 6, 6, 6].map((t, i) => entry(t, 0, [100 + i]))];
    const followerLog = [...common, ...[2, 2, 2, 3, 3, 3, 3, 3].map((t, i) => entry(t, 2, [200 + i]))];
    const h = raftHarness(3);
    installStates(h, { 0: { term: 7, log: leaderLog }, 1: { term: 7, log: leaderLog }, 2: { term: 7, log: followerLog } });
    campaignAt(h, 0, 1_000);
    h.runUntil(60_000);
    // First probe at prevLogIndex 10 (term 6): the follower holds term 3 there, first stored at index 7.
    const rejections = responsesFrom(h, 2).filter((r) => !r.success);
    expect(rejections[0]).toMatchObject({ rejectIndex: 10, hintTerm: 3, hintIndex: 7 });
    // The leader has no term-3 entry, so it skips that whole term: the next probe is at prevLogIndex 6, which
    // the follower holds with term 2, first at index 4; then the leader resumes at index 4 (after term 1).
    expect(rejections[1]).toMatchObject({ rejectIndex: 6, hintTerm: 2, hintIndex: 4 });
    expect(rejections.length).toBe(2); // one round trip per conflicting term, not per entry
    expect(logTerms(h, 2)).toEqual([1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 8]);
    expect(safetyViolations(h)).toEqual([]);
  });

  it("§5.3: the back-off skips every conflicting entry of a term, never past what is known to match", () => {
    const lastOfTerm = (terms: number[]) => (term: number) => terms.lastIndexOf(term) + 1;
    // Leader has the follower's conflicting term: resume just after its own last entry of that term.
    expect(backOffNextIndex({ rejectIndex: 9, hintIndex: 5, hintTerm: 4 }, lastOfTerm([1, 4, 4, 5, 5]), 0)).toBe(4);
    // Leader lacks it: go back to the first index the follower holds for it.
    expect(backOffNextIndex({ rejectIndex: 9, hintIndex: 5, hintTerm: 3 }, lastOfTerm([1, 4, 4, 5, 5]), 0)).toBe(5);
    // Follower's log too short: resume right after its last entry.
    expect(backOffNextIndex({ rejectIndex: 9, hintIndex: 3, hintTerm: 0 }, lastOfTerm([1, 1, 1]), 0)).toBe(3);
    // Clamped to (matchIndex, rejected prevLogIndex].
    expect(backOffNextIndex({ rejectIndex: 9, hintIndex: 1, hintTerm: 0 }, lastOfTerm([]), 4)).toBe(5);
    expect(backOffNextIndex({ rejectIndex: 6, hintIndex: 20, hintTerm: 0 }, lastOfTerm([]), 0)).toBe(6);
  });

  it("§5.3: conflicting entries are deleted and replaced", () => {
    // Node 2 led term 2 and appended two entries no one else received; node 0 wins term 3 without it and
    // appends its own entries; when node 2 comes back, its two entries are replaced.
    const common = [entry(1, 0, [1])];
    const h = raftHarness(3);
    installStates(h, {
      0: { term: 2, log: common },
      1: { term: 2, log: common },
      2: { term: 2, votedFor: 2, log: [...common, entry(2, 2, [7]), entry(2, 2, [8])], down: true },
    });
    campaignAt(h, 0, 1_000);
    h.submit(0, makeTx(5), 3_000);
    h.runUntil(10_000);
    h.recover(2);
    h.runUntil(80_000);
    expect(logTerms(h, 2)).toEqual([1, 3, 3]);
    expect(snapshot(h, 2).log.map((e) => e.txs.map((tx) => tx.id))).toEqual([[1], [], [5]]);
    expect(snapshot(h, 2).stats.entriesTruncated).toBe(2);
    expect(h.commits[2]?.map((c) => c.block.txIds)).toEqual([[1], [], [5]]);
    expect(safetyViolations(h)).toEqual([]);
  });

  it("§5.3: the leader appends client transactions as one entry per batch (maxTxs, or after maxWait)", () => {
    const h = raftHarness(3, { batch: { maxTxs: 5, maxWaitUs: 3_000 } });
    campaignAt(h, 0, 1_000);
    h.runUntil(10_000);
    for (let i = 0; i < 12; i++) h.submit(0, makeTx(i), 20_000); // 12 at once: 5 + 5 now, 2 after maxWait
    h.submit(1, makeTx(50), 40_000); // via a follower: forwarded to the leader, cut alone after maxWait
    h.runUntil(100_000);
    const blocks = (h.commits[2] ?? []).map((c) => c.block);
    expect(blocks.map((b) => b.txIds.length)).toEqual([0, 5, 5, 2, 1]); // the no-op, then the batches
    expect(blocks.map((b) => b.height)).toEqual([1, 2, 3, 4, 5]);
    expect(blocks.every((b) => b.proposer === 0)).toBe(true);
    const cutAt = (h.commits[0] ?? []).map((c) => c.atUs);
    expect(cutAt[3]).toBeGreaterThanOrEqual(23_000); // the third batch waited maxWait
    expect(snapshot(h, 1).stats.requestsForwarded).toBe(1);
  });

  it("§5.3: an AppendEntries carries at most maxEntriesPerAppend entries, and a lagging follower gets many in flight", () => {
    const h = raftHarness(3, { maxEntriesPerAppend: 3, batch: { maxTxs: 1, maxWaitUs: 1_000 } });
    campaignAt(h, 0, 1_000);
    h.runUntil(10_000);
    h.crash(2);
    for (let i = 0; i < 40; i++) h.submit(0, makeTx(i), 20_000 + i * 100);
    h.runUntil(60_000);
    h.recover(2);
    h.runUntil(200_000);
    const sizes = appendsTo(h, 2).map((m) => m.entries.length);
    expect(Math.max(...sizes)).toBe(3);
    expect(h.height(2)).toBe(41);
    expect(safetyViolations(h)).toEqual([]);
  });

  it("§5.1: the leader verifies each client transaction and drops one whose signature does not check", () => {
    const h = raftHarness(3);
    campaignAt(h, 0, 1_000);
    h.runUntil(10_000);
    h.submit(1, corruptTx(makeTx(1)), 11_000);
    h.submit(0, corruptTx(makeTx(2)), 11_000);
    h.submit(2, makeTx(3), 11_000);
    h.runUntil(50_000);
    expect(h.commits[1]?.flatMap((c) => c.block.txIds)).toEqual([3]);
    expect(snapshot(h, 0).stats.rejectedTransactions).toBe(2);
  });

  it("a message whose signature does not verify is dropped", () => {
    const h = raftHarness(3);
    campaignAt(h, 0, 1_000);
    h.runUntil(10_000);
    const forged: AppendEntriesMsg = {
      type: "APPEND-ENTRIES", sender: 0, term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [entry(1, 0, [9])], leaderCommit: 2, sig: new Uint8Array(32),
    };
    h.inject(0, 1, forged, 11_000);
    h.runUntil(12_000);
    expect(snapshot(h, 1).stats.droppedInvalidSignature).toBe(1);
    expect(snapshot(h, 1).log.length).toBe(1);
  });
});

describe("§5.4.2 committing entries from previous terms", () => {
  /**
   * Figure 8 (c): S1 (node 0) leads term 4 with [1:1, 2:2]; S5 (node 4) led term 3 and holds [1:1, 2:3] but is
   * down. S1 replicates index 2 (term 2) to S2, S3 and S4, while its own term-4 entry does not reach S3 and S4.
   */
  function figure8(): { h: RaftHarness; release: () => void } {
    const h = raftHarness(5, { maxEntriesPerAppend: 1 });
    const e1 = entry(1, 0, [1]);
    installStates(h, {
      0: { term: 3, log: [e1, entry(2, 0, [2])] },
      1: { term: 2, votedFor: 0, log: [e1, entry(2, 0, [2])] },
      2: { term: 3, votedFor: 4, log: [e1] },
      3: { term: 3, votedFor: 4, log: [e1] },
      4: { term: 3, votedFor: 4, log: [e1, entry(3, 4, [3])], down: true },
    });
    // S3 and S4 receive S1's entries only up to index 2 (an AppendEntries that would extend them past it is lost).
    const release = h.addFilter((_from, to, msg) => {
      if (msg.type !== "APPEND-ENTRIES" || (to !== 2 && to !== 3)) return true;
      return msg.prevLogIndex + msg.entries.length <= 2 || snapshot(h, to).log.length < 2;
    });
    campaignAt(h, 0, 1_000);
    h.runUntil(30_000);
    return { h, release };
  }

  it("§5.4.2: a leader never commits an entry from a previous term by counting replicas (Figure 8)", () => {
    const { h, release } = figure8();
    expect(snapshot(h, 0)).toMatchObject({ role: "leader", term: 4 });
    for (const node of [0, 1, 2, 3]) expect(logTerms(h, node).slice(0, 2)).toEqual([1, 2]); // on four of five
    expect(leaderCommitIndex([3, 3, 2, 2, 0], 3, 0, 4, (i) => [0, 1, 2, 4][i])).toBe(0); // the rule alone
    expect(snapshot(h, 0).commitIndex).toBe(0);
    expect(h.commits[0]).toEqual([]);
    // Figure 8 (d): why. S1 crashes, S5 comes back and can be elected (its last term 3 beats S3's and S4's 2)…
    h.crash(0);
    release();
    h.recover(4);
    campaignAt(h, 4, h.now + 1_000); // denied in term 4: S2–S4 already voted for S1; S5 adopts term 4
    campaignAt(h, 4, h.now + 5_000); // term 5: S3 and S4 vote for it
    h.runUntil(h.now + 60_000);
    expect(snapshot(h, 4)).toMatchObject({ role: "leader", term: 5 });
    // …and overwrites index 2 on the servers that held the term-2 entry: it had never been committed.
    for (const node of [1, 2, 3, 4]) expect(logTerms(h, node).slice(0, 2)).toEqual([1, 3]);
    expect(h.commits[4]?.map((c) => c.block.txIds)).toEqual([[1], [3], []]);
    expect(safetyViolations(h)).toEqual([]);
  });

  it("§5.4.2: once an entry from the leader's current term is committed, earlier entries commit indirectly (Figure 8 (e))", () => {
    const { h, release } = figure8();
    release();
    // The lost appends are sent again once they have gone unacknowledged for an election timeout.
    h.runUntil(h.now + BASE_CONFIG.electionTimeoutUs + 2 * BASE_CONFIG.heartbeatIntervalUs);
    expect(snapshot(h, 0).commitIndex).toBe(3);
    expect(h.commits[0]?.map((c) => [c.block.height, c.block.txIds])).toEqual([[1, [1]], [2, [2]], [3, []]]);
    const hashOf2 = toHex(testHash(entryDigestInput(2, entry(2, 0, [2]))));
    expect(h.commits[0]?.[1]?.block.hash).toBe(hashOf2);
    // Now S5 cannot win: a majority holds an entry of term 4, which beats its last term 3 (§5.4.1).
    h.crash(0);
    h.recover(4);
    campaignAt(h, 4, h.now + 1_000);
    campaignAt(h, 4, h.now + 5_000);
    h.runUntil(h.now + 600_000);
    expect(snapshot(h, 4).role).toBe("follower");
    expect(h.commits[4]?.[1]?.block.hash).toBe(hashOf2);
    expect(safetyViolations(h)).toEqual([]);
  });

  it("§8: a new leader commits a blank no-op entry at the start of its term, reported as an empty block", () => {
    const h = raftHarness(3);
    campaignAt(h, 1, 1_000);
    h.runUntil(20_000);
    for (const node of h.nodes) {
      expect(h.commits[node]?.map((c) => c.block)).toMatchObject([{ height: 1, proposer: 1, txIds: [] }]);
    }
  });
});
